// SPDX-License-Identifier: MIT
// The Chinese interface: every tr() string translated (the committed .ts,
// and the sources as lupdate reads them now), the translator installed
// from the language chosen in the settings, the localized catalogue and
// errno texts, and CJK text drawn with real glyphs, not empty boxes.
#include "ui/catalogueview.h"
#include "ui/eventdetails.h"
#include "ui/explanationpanel.h"
#include "ui/mainwindow.h"
#include "ui/tracemodel.h"
#include "ui/uilanguage.h"

#include <QApplication>
#include <QDomDocument>
#include <QFile>
#include <QGlyphRun>
#include <QImage>
#include <QLineEdit>
#include <QTimer>
#include <QMenuBar>
#include <QPainter>
#include <QProcess>
#include <QRawFont>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTextLayout>

using namespace Qt::StringLiterals;

namespace {

/// Source texts whose translation is missing or unfinished in a .ts file.
QStringList untranslated(const QString& tsPath, int* total)
{
    QFile file(tsPath);
    if (!file.open(QIODevice::ReadOnly))
        return {u"cannot read "_s + tsPath};
    QDomDocument doc;
    if (!doc.setContent(&file))
        return {u"not XML: "_s + tsPath};
    QStringList missing;
    const QDomNodeList messages = doc.elementsByTagName(u"message"_s);
    *total = messages.count();
    for (int i = 0; i < messages.count(); ++i) {
        const QDomElement m = messages.at(i).toElement();
        const QDomElement tr = m.firstChildElement(u"translation"_s);
        const bool unfinished = tr.attribute(u"type"_s) == u"unfinished"_s;
        if (unfinished || tr.text().trimmed().isEmpty())
            missing.append(m.firstChildElement(u"source"_s).text());
    }
    return missing;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"FinScopeTests"_s);
        QCoreApplication::setApplicationName(u"FinScopeTranslationTest"_s);
    }

    void everyCommittedStringIsTranslated()
    {
        int total = 0;
        const QStringList missing = untranslated(QStringLiteral(FINSCOPE_TS_FILE), &total);
        QVERIFY(total > 150);
        QVERIFY2(missing.isEmpty(), qPrintable(u"untranslated: "_s + missing.join(u" | "_s)));
    }

    void everyStringInTheSourcesIsInTheTsFile()
    {
        // lupdate over today's sources: a new tr() string shows up as unfinished.
        QTemporaryDir dir;
        const QString ts = dir.filePath(u"check_zh_CN.ts"_s);
        QVERIFY(QFile::copy(QStringLiteral(FINSCOPE_TS_FILE), ts));
        QProcess lupdate;
        lupdate.start(QStringLiteral(LUPDATE_PATH), {u"-silent"_s, u"-no-obsolete"_s, u"-locations"_s, u"none"_s,
                                                    QStringLiteral(FINSCOPE_UI_DIR), u"-ts"_s, ts});
        QVERIFY(lupdate.waitForFinished(60000));
        QCOMPARE(lupdate.exitCode(), 0);
        int total = 0;
        const QStringList missing = untranslated(ts, &total);
        QVERIFY2(missing.isEmpty(), qPrintable(u"tr() strings without a translation (run the update_translations "
                                                "target and translate them): "_s + missing.join(u" | "_s)));
    }

    void theChosenLanguageIsInstalled()
    {
        UiLanguage::setChoice(u"zh_CN"_s);
        QCOMPARE(UiLanguage::effective(), u"zh_CN"_s);
        QCOMPARE(UiLanguage::install(*QCoreApplication::instance()), u"zh_CN"_s);
        QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), u"文件(&F)"_s);
        // Qt's own strings too (from qt6-translations-l10n).
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), u"取消"_s);
        {
            MainWindow window;
            QCOMPARE(window.menuBar()->actions().front()->text(), u"文件(&F)"_s);
            // The catalogue and the explanation in Chinese (resources/scenarios/zh_CN).
            QVERIFY(window.catalogue()->select(u"write-after-peer-close"_s));
            const QString explanation = window.explanation()->toPlainText();
            QVERIFY2(explanation.contains(u"SIGPIPE"_s) && explanation.contains(u"对端"_s), qPrintable(explanation));
            QVERIFY(window.catalogue()->filterEdit()->placeholderText().startsWith(u"筛选"_s));
        }
        UiLanguage::setChoice(u"en"_s);
        QCOMPARE(UiLanguage::effective(), QString());
        UiLanguage::setChoice(QString());
    }

    void detailsShowTheWhyInTheInterfaceLanguage()
    {
        // The trace keeps the engine's English; the Details panel translates it.
        TraceModel model;
        finscope::TraceEvent fin;
        fin.id = 0;
        fin.body = finscope::PacketEvent{};
        fin.why = "FIN: client close() at line 12";
        finscope::TraceEvent other = fin;
        other.id = 1;
        other.why = "a sentence no template knows";
        model.append({fin, other});
        model.flush();
        UiLanguage::setCurrentForTesting(u"zh_CN"_s);
        const QString zh = EventDetails::html(model, 0);
        QVERIFY2(zh.contains(u"FIN：由 client 第 12 行的 close() 发出"_s), qPrintable(zh));
        QVERIFY(!zh.contains(u"at line 12"_s));
        QVERIFY(EventDetails::html(model, 1).contains(u"a sentence no template knows"_s));  // never lost
        UiLanguage::setCurrentForTesting(QString());
        QVERIFY(EventDetails::html(model, 0).contains(u"FIN: client close() at line 12"_s));
        QCOMPARE(model.event(0).why, std::string("FIN: client close() at line 12"));
    }

    void theLanguageMenuStoresTheChoice()
    {
        UiLanguage::setCurrentForTesting(QString());
        MainWindow window;
        QAction* chinese = nullptr;
        for (QAction* a : window.findChildren<QAction*>())
            if (a->data().toString() == u"zh_CN"_s)
                chinese = a;
        QVERIFY(chinese);
        QVERIFY(chinese->isCheckable());
        QTimer::singleShot(0, &window, [] {   // the "from the next start" notice
            if (QWidget* box = QApplication::activeModalWidget())
                box->close();
        });
        chinese->trigger();
        QCOMPARE(QSettings().value(u"ui/language"_s).toString(), u"zh_CN"_s);
        UiLanguage::setChoice(QString());
    }

    void chineseTextIsDrawnWithRealGlyphs()
    {
        // The ladder and the exports draw with the application font; CJK
        // comes from font fallback (fonts-noto-cjk). No glyph may be the
        // empty box of a missing character.
        const QString text = u"写入关闭的套接字 断开的管道"_s;
        QFont font = QApplication::font();
        font.setPixelSize(20);
        QTextLayout layout(text, font);
        layout.beginLayout();
        layout.createLine();
        layout.endLayout();
        int glyphs = 0;
        for (const QGlyphRun& run : layout.glyphRuns()) {
            const QRawFont raw = run.rawFont();
            for (quint32 index : run.glyphIndexes()) {
                QVERIFY2(index != 0, qPrintable(u"missing glyph in "_s + raw.familyName()));
                ++glyphs;
            }
            for (QChar c : text)
                if (c.script() == QChar::Script_Han && raw.supportsCharacter(c))
                    QVERIFY(!raw.familyName().isEmpty());
        }
        QVERIFY(glyphs >= 14);
        QImage image(400, 40, QImage::Format_ARGB32);
        image.fill(Qt::white);
        {
            QPainter p(&image);
            p.setFont(font);
            p.setPen(Qt::black);
            p.drawText(QRect(0, 0, 400, 40), Qt::AlignLeft | Qt::AlignVCenter, text);
        }
        int ink = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                ink += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
        QVERIFY2(ink > 400, qPrintable(QString::number(ink)));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
