// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/captureimport.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

/// The connections of an imported capture, one row each, unusual endings
/// first: both endpoints, start, duration, bytes each way, how it ended.
/// Sorting and filtering go through a QSortFilterProxyModel (SortRole
/// gives numbers for the numeric columns). Display strings are made when
/// asked for, never stored: a capture can hold 100,000 connections.
class ConnectionListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, EndpointA, EndpointB, Start, Duration, BytesAToB, BytesBToA, Ending, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1,    ///< numbers for numeric columns, the ending's rank for Ending
        IndexRole,                      ///< the connection's index in the capture (for buildLadder)
        UnusualRole,                    ///< true for any ending but an orderly close
    };

    explicit ConnectionListModel(QObject* parent = nullptr);

    void setCapture(std::shared_ptr<const finscope::CaptureImport> capture);
    const finscope::CaptureImport* capture() const { return m_capture.get(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const finscope::CaptureImport> m_capture;
    std::vector<std::size_t> m_order;   ///< rows -> connection indexes, unusual first
    std::int64_t m_t0 = 0;              ///< first packet of the capture
};
