// SPDX-License-Identifier: MIT
#include "core/catalogue.h"
#include "core/tracefile.h"
#include "ui/compare/comparebar.h"
#include "ui/compare/comparemodel.h"
#include "ui/compare/comparewindow.h"
#include "ui/ladderview.h"
#include "ui/tracemodel.h"

#include <QAbstractItemModelTester>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;

/// Compare two runs: alignment of a trace with itself, the Compare buttons
/// of natural pairs, and real runs side by side (close against linger 0
/// differ in FIN against RST; a scenario against itself does not differ).
class TestCompare : public QObject
{
    Q_OBJECT

    static bool haveRunner()
    {
        const QString runner = QStringLiteral(FINSCOPE_RUNNER_PATH);
        if (!QFileInfo(runner).isExecutable())
            return false;
        qputenv("FINSCOPE_RUNNER", runner.toLocal8Bit());
        return true;
    }

    static CompareWindow* compared(const QString& a, const QString& b)
    {
        auto* window = new CompareWindow;
        QSignalSpy ready(window, &CompareWindow::ready);
        window->compare(a, b);
        window->show();
        if (!ready.wait(90000) && !window->isReady())
            qWarning("compare did not get ready");
        return window;
    }

private Q_SLOTS:
    void traceAgainstItselfAlignsEveryStep()
    {
        const auto file = finscope::readTraceFile(UI_TEST_DATA "/write-after-peer-close.jsonl");
        QVERIFY(file.ok());
        CompareModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTraces(file.events, file.events);
        int steps = 0;
        for (const auto& e : file.events)
            steps += e.as<finscope::StepEvent>() != nullptr;
        QVERIFY(model.rowCount() >= steps);
        QCOMPARE(model.differingRows(), 0);
        for (int row = 0; row < model.rowCount(); ++row) {
            const auto& pair = model.diff().steps[static_cast<std::size_t>(row)];
            QVERIFY(pair.a && pair.b);
            QCOMPARE(model.traceRow(row, 0), model.traceRow(row, 1));
            if (pair.a->index < 0)
                continue;
            const auto* step = file.events[static_cast<std::size_t>(model.traceRow(row, 0))].as<finscope::StepEvent>();
            QVERIFY(step);
            QCOMPARE(step->text, pair.a->text);
            QCOMPARE(model.rowForTraceRow(0, model.traceRow(row, 0) + 1), row);
            QCOMPARE(model.data(model.index(row, CompareModel::DifferencesColumn)).toString(), u"same"_s);
        }
    }

    void pairsGetCompareButtons()
    {
        const auto catalogue = finscope::Catalogue::load();
        const auto graceful = catalogue.find("graceful-close");
        QVERIFY(graceful);
        const auto partners = CompareBar::partnersOf(catalogue, QString::fromStdString(graceful->path));
        QVERIFY(partners.size() >= 2);
        const auto linger = catalogue.find("linger-abortive-close");
        QCOMPARE(partners[0].path, QString::fromStdString(linger->path));
        QVERIFY(partners[0].what.contains(u"RST"_s));
        CompareBar bar;
        bar.setCatalogue(catalogue);
        bar.setScenario(QString::fromStdString(graceful->path));
        QCOMPARE(bar.partnerCount(), static_cast<int>(partners.size()));
        QVERIFY(!bar.isHidden());
        bar.setScenario(QString::fromStdString(catalogue.find("fork-shared-socket")->path));   // in no pair
        QVERIFY(bar.isHidden());
    }

    void closeAgainstLingerZeroDiffersInFinAndRst()
    {
        if (!haveRunner())
            QSKIP("the runner is not built; build the `finscope` target");
        std::unique_ptr<CompareWindow> window(compared(u"graceful-close"_s, u"linger-abortive-close"_s));
        QVERIFY(window->isReady());
        const CompareModel& model = *window->compareModel();
        QVERIFY(model.differingRows() > 0);
        if (window->traceModel(0)->run() && window->traceModel(0)->run()->capture == "none")
            QSKIP("no packet capture here: FIN against RST cannot be seen");
        bool finAgainstRst = false;
        for (const auto& step : model.diff().steps)
            for (const auto& f : step.facts)
                if (f.kind == finscope::StepFact::Kind::Packet && f.a && f.a->starts_with("F") && f.b &&
                    f.b->starts_with("R"))
                    finAgainstRst = true;
        QVERIFY2(finAgainstRst, "close() sends FIN where linger 0 sends RST");
        // The window starts at the first difference, shown in both ladders.
        const int row = window->stepTable()->currentIndex().row();
        QVERIFY(row >= 0);
        QVERIFY(model.data(model.index(row, 0), CompareModel::DiffersRole).toBool());
        for (int side = 0; side < 2; ++side)
            if (model.traceRow(row, side) >= 0)
                QCOMPARE(window->ladder(side)->currentEvent(), model.traceRow(row, side));
    }

    void scenarioAgainstItselfDoesNotDiffer()
    {
        if (!haveRunner())
            QSKIP("the runner is not built; build the `finscope` target");
        std::unique_ptr<CompareWindow> window(compared(u"write-after-peer-close"_s, u"write-after-peer-close"_s));
        QVERIFY(window->isReady());
        QVERIFY(window->traceModel(0)->rowCount() > 0);
        QCOMPARE(window->compareModel()->differingRows(), 0);
    }
};

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
