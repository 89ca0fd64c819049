// SPDX-License-Identifier: MIT
#pragma once

#include "ui/ladderlayout.h"
#include "ui/ladderlinks.h"
#include "ui/ladderpalette.h"

#include <QAbstractScrollArea>
#include <QPointer>
#include <QTimer>

class QItemSelectionModel;
class TraceModel;
class LadderPainter;

/// The ladder diagram: time flows downward, one lane per endpoint's
/// syscalls and TCP state, the wire in the middle; compact (a tier per
/// step) by default, or one row per event. Follows the model as
/// events arrive and shares the current event with the other views through
/// a QItemSelectionModel.
class LadderView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit LadderView(QWidget* parent = nullptr);
    ~LadderView() override;

    void setModel(TraceModel* model);
    TraceModel* model() const;
    /// The selection shared with the event list; the ladder's current event is its current row.
    void setSelectionModel(QItemSelectionModel* selection);

    const LadderLayout& layout() const { return m_layout; }
    const LadderPalette& ladderPalette() const { return m_palette; }
    void setSpacing(LadderLayout::Spacing spacing);
    /// The scenario's endpoints, for the lanes of the empty ladder before a run.
    void setEndpoints(const QStringList& endpoints);
    /// Text shown in the empty ladder ("press F5"...).
    void setPlaceholderText(const QString& text);
    /// A banner along the bottom while a step-mode run waits ("paused before step 5..."); empty hides it.
    void setPausedText(const QString& text);
    void zoomBy(double factor);
    void resetZoom();
    /// Horizontal zoom: the figure is this many times the window's width (at
    /// least as wide as its content needs). 1.0 = fit width.
    void zoomWidthBy(double factor);
    void fitWidth();
    double widthZoom() const { return m_widthZoom; }
    /// The `why` sentence of the current event (or of the first event of its
    /// chain that has one), shown along the bottom of the ladder.
    QString currentWhy() const;
    const LadderLinks& links() const { return m_links; }

    /// Paints the rows from contentY (content coordinates) onto a device
    /// `size` big, header included: the same drawing as on screen, for
    /// tests, benchmarks and --screenshot.
    void render(QPainter& painter, const QSize& size, double contentY) const;
    /// The whole figure (header, every row, and the selected event's why
    /// if it has one) at the current zoom: what renderFigure() draws.
    QSize figureSize() const;
    /// The whole figure from the top, for an export: render() and the why below it.
    void renderFigure(QPainter& painter) const;
    /// Trace row of the event at a viewport position, or -1.
    int eventAt(const QPoint& viewportPos) const;
    /// Trace row of the current (selected) event, or -1.
    int currentEvent() const;
    int headerHeight() const;
    /// x of the lanes, in viewport coordinates, for tests.
    std::vector<std::pair<double, double>> laneSpans() const;

Q_SIGNALS:
    void zoomChanged(double zoom);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void onRowsInserted(int first, int last);
    /// Scroll range, following the newest row, and a repaint, for the rows laid out so far.
    void showNewRows();
    void onReset();
    void updateScrollBars();
    void scrollToEvent(int eventIndex);
    void selectEvent(int eventIndex);
    double contentWidth() const;
    void updateMetrics();
    void refeed();
    void updateLines(int fromRow);

    QPointer<TraceModel> m_model;
    QPointer<QItemSelectionModel> m_selection;
    LadderLayout m_layout;
    LadderLinks m_links;
    LadderPalette m_palette;
    std::unique_ptr<LadderPainter> m_painter;
    QString m_placeholder;
    QString m_paused;
    bool m_follow = true;   // keep the newest event in view while it streams in
    // While a big trace is shown a slice at a time, the figure is drawn at
    // most every kShowIntervalMs (a slice comes every ~15 ms; drawing each
    // was a fifth of the window's time); the last slice draws at once.
    static constexpr int kShowIntervalMs = 40;
    QTimer m_showTimer;
    double m_widthZoom = 1.0;
};
