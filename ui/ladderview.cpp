// SPDX-License-Identifier: MIT
#include "ui/ladderview.h"

#include "ui/eventtext.h"
#include "ui/ladderpainter.h"
#include "ui/ladderwhy.h"
#include "ui/whytext.h"
#include "ui/tracemodel.h"

#include <QHelpEvent>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <cmath>

using namespace Qt::StringLiterals;

LadderView::LadderView(QWidget* parent)
    : QAbstractScrollArea(parent), m_palette(palette())
{
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    verticalScrollBar()->setSingleStep(20);
    m_showTimer.setSingleShot(true);
    m_showTimer.setInterval(kShowIntervalMs);
    connect(&m_showTimer, &QTimer::timeout, this, &LadderView::showNewRows);
    updateMetrics();
}

LadderView::~LadderView() = default;

void LadderView::setModel(TraceModel* model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_painter = std::make_unique<LadderPainter>(m_layout, *m_model, m_palette, font(), &m_links);
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex&, int first, int last) { onRowsInserted(first, last); });
    connect(model, &QAbstractItemModel::modelReset, this, &LadderView::onReset);
    onReset();
}

TraceModel* LadderView::model() const
{
    return m_model;
}

void LadderView::setSelectionModel(QItemSelectionModel* selection)
{
    m_selection = selection;
    connect(selection, &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        if (current.isValid())
            scrollToEvent(current.row());
        viewport()->update();
    });
}

void LadderView::onReset()
{
    m_layout.clear();
    m_links.clear();
    m_follow = true;
    if (m_model)
        onRowsInserted(0, m_model->rowCount() - 1);
    updateScrollBars();
    viewport()->update();
}

void LadderView::onRowsInserted(int first, int last)
{
    const int firstNewRow = m_layout.rowCount();
    for (int row = first; row <= last; ++row) {
        m_layout.append(m_model->event(row), row);
        m_links.append(m_model->event(row), row);
    }
    updateLines(firstNewRow);
    if (m_model->pendingRows() > 0) {
        if (!m_showTimer.isActive())
            m_showTimer.start();
        return;
    }
    m_showTimer.stop();
    showNewRows();
}

void LadderView::showNewRows()
{
    // Follow the stream only while the user is at the bottom; once they scroll up, leave them there.
    QScrollBar* bar = verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    updateScrollBars();
    if (m_follow && atBottom)
        bar->setValue(bar->maximum());
    viewport()->update();
}

void LadderView::updateMetrics()
{
    m_layout.setBaseRowHeight(std::ceil(fontMetrics().lineSpacing() * 1.35 + 8));
    if (m_model) {
        m_painter = std::make_unique<LadderPainter>(m_layout, *m_model, m_palette, font(), &m_links);
        updateLines(0);
    }
}

void LadderView::updateLines(int fromRow)
{
    // A call too long for its lane wraps to a second line: its row grows.
    if (m_painter)
        m_painter->updateLines(m_layout, contentWidth(), fromRow);
}

void LadderView::refeed()
{
    // The compact and the detailed figure have different rows: build them again.
    m_layout.clear();
    if (m_model)
        for (int row = 0; row < m_model->rowCount(); ++row)
            m_layout.append(m_model->event(row), row);
    if (m_model)
        m_painter = std::make_unique<LadderPainter>(m_layout, *m_model, m_palette, font(), &m_links);
    updateLines(0);
}

int LadderView::headerHeight() const
{
    return fontMetrics().lineSpacing() * 2 + 10;
}

double LadderView::contentWidth() const
{
    const double minimum = m_painter ? m_painter->minimumWidth() : 0.0;
    return std::max<double>(viewport()->width() * m_widthZoom, minimum);
}

void LadderView::updateScrollBars()
{
    const int visible = viewport()->height() - headerHeight();
    verticalScrollBar()->setPageStep(std::max(1, visible));
    verticalScrollBar()->setRange(0, std::max(0, static_cast<int>(std::ceil(m_layout.totalHeight())) - visible + 40));
    horizontalScrollBar()->setPageStep(viewport()->width());
    horizontalScrollBar()->setRange(0, std::max(0, static_cast<int>(contentWidth()) - viewport()->width()));
}

QSize LadderView::figureSize() const
{
    const int width = static_cast<int>(std::ceil(contentWidth()));
    return QSize(width, headerHeight() + static_cast<int>(std::ceil(m_layout.totalHeight()))
                            + LadderWhy(font(), currentWhy()).height(width));
}

void LadderView::renderFigure(QPainter& p) const
{
    const QSize size = figureSize();
    const LadderWhy why(font(), currentWhy());
    const int whyHeight = why.height(size.width());
    render(p, QSize(size.width(), size.height() - whyHeight), 0);
    // The selected event's why goes below the figure, where it hides nothing.
    why.paint(p, QRect(0, size.height() - whyHeight, size.width(), whyHeight).adjusted(1, 0, -1, -1), m_palette);
}

void LadderView::render(QPainter& p, const QSize& size, double contentY) const
{
    if (!m_painter)
        return;
    m_painter->setSelectedEvent(currentEvent());
    const double width = std::max<double>(size.width(), m_painter->minimumWidth());
    const int header = headerHeight();
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setClipRect(QRect(0, header, size.width(), size.height() - header));
    p.translate(0, header - contentY);
    m_painter->paintContent(p, width, contentY, contentY + size.height() - header);
    p.restore();
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    m_painter->paintHeader(p, width, header);
    p.restore();
}

void LadderView::paintEvent(QPaintEvent*)
{
    QPainter p(viewport());
    p.translate(-horizontalScrollBar()->value(), 0);
    render(p, QSize(static_cast<int>(contentWidth()), viewport()->height()), verticalScrollBar()->value());
    if (!m_paused.isEmpty()) {
        p.resetTransform();
        // A wire run adds a second line: the frames held and the keys that move them.
        const int h = fontMetrics().lineSpacing() * static_cast<int>(m_paused.count(u'\n') + 1) + 10;
        const QRect banner(0, viewport()->height() - h, viewport()->width(), h);
        QColor fill = m_palette.highlight();
        fill.setAlpha(220);
        p.fillRect(banner, fill);
        p.setPen(palette().color(QPalette::HighlightedText));
        p.drawText(banner.adjusted(10, 0, -10, 0), Qt::AlignVCenter | Qt::AlignLeft, m_paused);
    }
    if (const LadderWhy why(font(), currentWhy()); !why.isEmpty() && m_paused.isEmpty()) {
        p.resetTransform();
        const QRect area = viewport()->rect().adjusted(8, 0, -8, -6);
        const int h = why.height(area.width());
        why.paint(p, QRect(area.left(), area.bottom() - h, area.width(), h), m_palette);
    }
    if (m_layout.rowCount() == 0 && !m_placeholder.isEmpty()) {
        p.resetTransform();
        p.setPen(m_palette.mutedText());
        p.drawText(viewport()->rect().adjusted(20, headerHeight() + 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap,
                   m_placeholder);
    }
}

void LadderView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateLines(0);
    updateScrollBars();
}

int LadderView::eventAt(const QPoint& pos) const
{
    if (pos.y() < headerHeight())
        return -1;
    const double y = pos.y() - headerHeight() + verticalScrollBar()->value();
    const double x = pos.x() + horizontalScrollBar()->value();
    const auto spans = laneSpans();
    // Rows of a compact tier sit side by side: the lane under the pointer decides.
    int lane = -1;
    for (std::size_t i = 0; i < spans.size(); ++i)
        if (x >= spans[i].first && x < spans[i].second)
            lane = static_cast<int>(i);
    int fallback = -1;
    for (int row = m_layout.firstRowAt(y); row < m_layout.rowCount() && row <= m_layout.lastRowAt(y); ++row) {
        const auto& r = m_layout.row(row);
        if (y < r.y || y >= r.y + r.height)
            continue;
        if (r.lane == lane || r.lane < 0)
            return r.event;
        if (fallback < 0 && !m_layout.compact())
            fallback = r.event;
    }
    return fallback;
}

std::vector<std::pair<double, double>> LadderView::laneSpans() const
{
    return m_painter ? m_painter->laneSpans(contentWidth()) : std::vector<std::pair<double, double>>{};
}

int LadderView::currentEvent() const
{
    return m_selection && m_selection->currentIndex().isValid() ? m_selection->currentIndex().row() : -1;
}

void LadderView::selectEvent(int eventIndex)
{
    if (!m_selection || !m_model || eventIndex < 0)
        return;
    m_selection->setCurrentIndex(m_model->index(eventIndex, 0),
                                 QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void LadderView::scrollToEvent(int eventIndex)
{
    const int row = m_layout.rowOfEvent(eventIndex);
    if (row < 0)
        return;
    const int visible = viewport()->height() - headerHeight();
    const double top = m_layout.rowTop(row);
    const double bottom = top + m_layout.rowHeight(row);
    QScrollBar* bar = verticalScrollBar();
    if (top < bar->value())
        bar->setValue(static_cast<int>(top) - 10);
    else if (bottom > bar->value() + visible)
        bar->setValue(static_cast<int>(bottom) - visible + 10);
}

void LadderView::mousePressEvent(QMouseEvent* event)
{
    selectEvent(eventAt(event->position().toPoint()));
    QAbstractScrollArea::mousePressEvent(event);
}

void LadderView::wheelEvent(QWheelEvent* event)
{
    if ((event->modifiers() & Qt::ControlModifier) && (event->modifiers() & Qt::ShiftModifier)) {
        zoomWidthBy(event->angleDelta().y() > 0 ? 1.25 : 0.8);
        event->accept();
        return;
    }
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(event->angleDelta().y() > 0 ? 1.25 : 0.8);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
    m_follow = verticalScrollBar()->value() >= verticalScrollBar()->maximum() - 4;
}

void LadderView::keyPressEvent(QKeyEvent* event)
{
    if (event->key() != Qt::Key_Up && event->key() != Qt::Key_Down)
        return QAbstractScrollArea::keyPressEvent(event);
    // Step through drawn events only: run, expect and summary have no row.
    int row = m_layout.rowOfEvent(currentEvent());
    row = row < 0 ? 0 : row + (event->key() == Qt::Key_Down ? 1 : -1);
    if (row >= 0 && row < m_layout.rowCount())
        selectEvent(m_layout.row(row).event);
}

bool LadderView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip && m_model) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int index = eventAt(help->pos());
        if (index >= 0) {
            QString tip = EventText::summary(m_model->event(index));
            // A wire run's frame whose fate changed later (held, then delivered or dropped): say what became of it.
            if (auto* p = m_model->event(index).as<finscope::PacketEvent>(); p && p->frameId)
                if (const int w = m_model->fateChangeOfFrame(*p->frameId); w >= 0 && w < m_model->rowCount())
                    tip += u"\n→ "_s + EventText::summary(m_model->event(w));
            QToolTip::showText(help->globalPos(), tip, viewport());
        }
        else
            QToolTip::hideText();
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void LadderView::changeEvent(QEvent* event)
{
    // Follow the desktop when it switches between light and dark, or the font changes.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        m_palette = LadderPalette(palette());
        updateMetrics();
        updateScrollBars();
        viewport()->update();
    }
    QAbstractScrollArea::changeEvent(event);
}

void LadderView::setSpacing(LadderLayout::Spacing spacing)
{
    const int current = currentEvent();
    if (m_layout.setSpacing(spacing))
        refeed();
    updateScrollBars();
    scrollToEvent(current);
    viewport()->update();
}

void LadderView::setEndpoints(const QStringList& endpoints)
{
    m_layout.setPresetEndpoints(endpoints);
    updateScrollBars();
    viewport()->update();
}

void LadderView::setPlaceholderText(const QString& text)
{
    m_placeholder = text;
    viewport()->update();
}

void LadderView::setPausedText(const QString& text)
{
    m_paused = text;
    viewport()->update();
}

void LadderView::zoomBy(double factor)
{
    m_layout.setZoom(m_layout.zoom() * factor);
    updateScrollBars();
    scrollToEvent(currentEvent());
    viewport()->update();
    Q_EMIT zoomChanged(m_layout.zoom());
}

void LadderView::resetZoom()
{
    zoomBy(1.0 / m_layout.zoom());
}

void LadderView::zoomWidthBy(double factor)
{
    m_widthZoom = std::clamp(m_widthZoom * factor, 1.0, 8.0);
    updateLines(0);
    updateScrollBars();
    viewport()->update();
}

void LadderView::fitWidth()
{
    zoomWidthBy(1.0 / m_widthZoom);
}

QString LadderView::currentWhy() const
{
    const int current = currentEvent();
    if (!m_model || current < 0 || current >= m_model->rowCount())
        return {};
    if (!m_model->event(current).why.empty())
        return WhyText::shown(m_model->event(current).why);
    // An effect without a sentence of its own (an errno) is explained by its cause (the RST).
    for (int cause : m_links.causesOf(current))
        if (!m_model->event(cause).why.empty())
            return WhyText::shown(m_model->event(cause).why);
    return {};
}
