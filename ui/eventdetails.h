// SPDX-License-Identifier: MIT
#pragma once

#include <QTextBrowser>

class TraceModel;

/// Everything known about the selected event: a syscall's arguments,
/// return value, errno with its meaning and manual page; a packet's every
/// header field, absolute and relative, and its payload; a state's queues,
/// timer and where it came from.
class EventDetails : public QTextBrowser
{
    Q_OBJECT
public:
    explicit EventDetails(QWidget* parent = nullptr);

    void showEvent(const TraceModel& model, int row);
    void clearEvent();
    /// The HTML for one event, public for tests.
    static QString html(const TraceModel& model, int row);
};
