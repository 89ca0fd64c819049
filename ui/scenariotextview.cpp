// SPDX-License-Identifier: MIT
#include "ui/scenariotextview.h"

#include "ui/scenariohighlighter.h"
#include "ui/scenariovocabulary.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStringListModel>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>

namespace {
/// The line-number strip; it only forwards painting to the view.
class Gutter : public QWidget
{
public:
    explicit Gutter(ScenarioTextView* view) : QWidget(view), m_view(view) {}
    QSize sizeHint() const override { return {m_view->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* event) override { m_view->paintGutter(event); }

private:
    ScenarioTextView* m_view;
};
}

ScenarioTextView::ScenarioTextView(QWidget* parent)
    : QPlainTextEdit(parent), m_gutter(new Gutter(this)),
      m_completer(new QCompleter(ScenarioVocabulary::completions(), this)),
      m_highlighter(new ScenarioHighlighter(document()))
{
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTabChangesFocus(false);
    m_completer->setWidget(this);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setModelSorting(QCompleter::CaseInsensitivelySortedModel);
    connect(m_completer, qOverload<const QString&>(&QCompleter::activated), this, &ScenarioTextView::insertCompletion);
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(gutterWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect& rect, int dy) {
        if (dy)
            m_gutter->scroll(0, dy);
        else
            m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    });
    setViewportMargins(gutterWidth(), 0, 0, 0);
}

int ScenarioTextView::gutterWidth() const
{
    const int digits = static_cast<int>(QString::number(std::max(1, blockCount())).size());
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(2, digits);
}

void ScenarioTextView::paintGutter(QPaintEvent* event)
{
    QPainter p(m_gutter);
    p.fillRect(event->rect(), palette().color(QPalette::AlternateBase));
    QTextBlock block = firstVisibleBlock();
    double top = blockBoundingGeometry(block).translated(contentOffset()).top();
    while (block.isValid() && top <= event->rect().bottom()) {
        const double height = blockBoundingRect(block).height();
        const int line = block.blockNumber() + 1;
        p.setPen(line == m_stepLine ? palette().color(QPalette::Highlight) : palette().color(QPalette::PlaceholderText));
        p.drawText(QRectF(0, top, m_gutter->width() - 6, height), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(line));
        block = block.next();
        top += height;
    }
}

void ScenarioTextView::resizeEvent(QResizeEvent* event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_gutter->setGeometry(QRect(cr.left(), cr.top(), gutterWidth(), cr.height()));
}

void ScenarioTextView::changeEvent(QEvent* event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateHighlights();
}

void ScenarioTextView::setEditable(bool editable)
{
    setReadOnly(!editable);
}

QString ScenarioTextView::wordBeforeCursor() const
{
    const QTextCursor cursor = textCursor();
    const QString line = cursor.block().text();
    int start = cursor.positionInBlock();
    while (start > 0 && (line[start - 1].isLetterOrNumber() || line[start - 1] == u'_'))
        --start;
    return line.mid(start, cursor.positionInBlock() - start);
}

bool ScenarioTextView::showCompletions()
{
    const QString prefix = wordBeforeCursor();
    if (prefix != m_completer->completionPrefix()) {
        m_completer->setCompletionPrefix(prefix);
        m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    }
    if (m_completer->completionCount() == 0
        || (m_completer->completionCount() == 1 && m_completer->currentCompletion() == prefix)) {
        m_completer->popup()->hide();
        return false;
    }
    QRect rect = cursorRect();
    rect.translate(gutterWidth(), 0);
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0) + m_completer->popup()->verticalScrollBar()->sizeHint().width());
    m_completer->complete(rect);
    return true;
}

void ScenarioTextView::insertCompletion(const QString& completion)
{
    QTextCursor cursor = textCursor();
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor, static_cast<int>(wordBeforeCursor().size()));
    cursor.insertText(completion);
    setTextCursor(cursor);
}

void ScenarioTextView::keyPressEvent(QKeyEvent* event)
{
    // While the list is open these keys belong to it (the QCompleter example's way).
    if (m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Escape:
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
            event->ignore();
            return;
        default:
            break;
        }
    }
    const bool forced = event->key() == Qt::Key_Space && (event->modifiers() & Qt::ControlModifier);
    if (!forced)
        QPlainTextEdit::keyPressEvent(event);
    if (isReadOnly())
        return;
    const bool typedWordChar = !event->text().isEmpty() && (event->text().back().isLetterOrNumber() || event->text().back() == u'_');
    if (forced || (typedWordChar && wordBeforeCursor().size() >= 3))
        showCompletions();
    else
        m_completer->popup()->hide();
}

void ScenarioTextView::setSource(const QString& text)
{
    setPlainText(text);
    document()->setModified(false);
    m_stepLine = 0;
    m_selectedLine = 0;
    m_diagnostics.clear();
    updateHighlights();
}

void ScenarioTextView::setDiagnostics(const QList<Diagnostic>& diagnostics)
{
    m_diagnostics = diagnostics;
    updateHighlights();
}

QString ScenarioTextView::diagnosticTextAt(int line) const
{
    QStringList messages;
    for (const Diagnostic& d : m_diagnostics)
        if (d.line == line)
            messages.append(tr("%1:%2: %3").arg(d.line).arg(d.column).arg(d.message));
    return messages.join(u'\n');
}

QTextCursor ScenarioTextView::diagnosticRange(const Diagnostic& d) const
{
    const QTextBlock block = document()->findBlockByNumber(d.line - 1);
    if (!block.isValid())
        return QTextCursor();
    const QString text = block.text();
    // A column past the end (something missing at the end of the line)
    // marks the last character; an empty line marks its line break.
    int start = std::clamp(d.column - 1, 0, std::max(0, static_cast<int>(text.size()) - 1));
    int end = start;
    const auto inWord = [&text](int i) {
        return i < text.size() && (text[i].isLetterOrNumber() || text[i] == u'_' || text[i] == u'-' || text[i] == u'.');
    };
    while (inWord(end))
        ++end;
    if (end == start)
        end = std::min(start + 1, static_cast<int>(text.size()) + 1);
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + start);
    cursor.setPosition(std::min(block.position() + end, block.position() + block.length()), QTextCursor::KeepAnchor);
    return cursor;
}

bool ScenarioTextView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = diagnosticTextAt(cursorForPosition(help->pos()).blockNumber() + 1);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QPlainTextEdit::viewportEvent(event);
}

void ScenarioTextView::setStepLine(int line)
{
    m_stepLine = line;
    updateHighlights();
    if (line > 0)
        jumpTo(line, 1);
}

void ScenarioTextView::setSelectedLine(int line)
{
    m_selectedLine = line;
    updateHighlights();
    if (line > 0) {
        QTextCursor cursor(document()->findBlockByNumber(line - 1));
        setTextCursor(cursor);
        ensureCursorVisible();
    }
}

void ScenarioTextView::jumpTo(int line, int column)
{
    const QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
    QTextCursor cursor(block);
    cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::clamp(column - 1, 0, block.length() - 1));
    setTextCursor(cursor);
    centerCursor();
}

QTextEdit::ExtraSelection ScenarioTextView::lineSelection(int line, const QColor& colour) const
{
    QTextEdit::ExtraSelection selection;
    selection.format.setBackground(colour);
    selection.format.setProperty(QTextFormat::FullWidthSelection, true);
    selection.cursor = QTextCursor(document()->findBlockByNumber(line - 1));
    return selection;
}

void ScenarioTextView::updateHighlights()
{
    QList<QTextEdit::ExtraSelection> selections;
    QColor step = palette().color(QPalette::Highlight);
    step.setAlpha(60);
    QColor selected = palette().color(QPalette::Highlight);
    selected.setAlpha(130);
    if (m_stepLine > 0)
        selections.append(lineSelection(m_stepLine, step));
    if (m_selectedLine > 0)
        selections.append(lineSelection(m_selectedLine, selected));
    for (const Diagnostic& d : m_diagnostics) {
        QTextEdit::ExtraSelection error;
        error.cursor = diagnosticRange(d);
        if (error.cursor.isNull())
            continue;
        error.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        error.format.setUnderlineColor(QColor(0xd0, 0x20, 0x20));
        error.format.setToolTip(d.message);
        selections.append(error);
    }
    setExtraSelections(selections);
    m_gutter->update();
}
