// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/captureimport.h"

#include <QWidget>

#include <memory>

class CaptureLoader;
class ConnectionListModel;
class LadderView;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class TraceModel;

/// A user's capture: the connection list (filter, sort, unusual endings
/// first) above the chosen connection's ladder and diagnosis. Loading runs
/// on a worker thread with a progress bar and Cancel; the window stays
/// responsive. Meant to sit in the main window as a page or a dock.
class CaptureView : public QWidget {
    Q_OBJECT
public:
    explicit CaptureView(QWidget* parent = nullptr);
    ~CaptureView() override;

    /// Starts loading `path` (pcap or pcapng); the list fills when done.
    void open(const QString& path);
    /// Shows connection `row` of the (sorted, filtered) list as a ladder.
    void showRow(int row);

    const ConnectionListModel* connections() const { return m_connections; }
    const TraceModel* ladderModel() const { return m_trace; }

Q_SIGNALS:
    /// The capture was read (completely or not: see its `complete`/`error`).
    void loaded(std::shared_ptr<const finscope::CaptureImport> capture);

private:
    void onLoaded(std::shared_ptr<const finscope::CaptureImport> capture);

    CaptureLoader* m_loader;
    ConnectionListModel* m_connections;
    QSortFilterProxyModel* m_proxy;
    TraceModel* m_trace;
    QLabel* m_summary;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QLineEdit* m_filter;
    QTableView* m_table;
    QLabel* m_diagnosis;
    LadderView* m_ladder;
};
