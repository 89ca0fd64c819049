// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"
#include "ui/tracereader.h"

#include <QObject>
#include <QProcess>
#include <QTimer>

#include <vector>

/// Runs a scenario in the runner process (`finscope run --json [--step]`)
/// and streams its trace. The GUI never touches sockets: everything that can
/// crash, hang or be killed by SIGPIPE happens in that child, and whatever
/// it does ends here as a signal with words for the user.
class RunnerProcess : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Running, Paused, Stopping };
    Q_ENUM(State)

    explicit RunnerProcess(QObject* parent = nullptr);
    ~RunnerProcess() override;

    /// The runner executable: $FINSCOPE_RUNNER, else `finscope` next to this
    /// program, else on PATH. Empty if none is found.
    static QString locateRunner();

    /// Starts `finscope run --json [--step] scenario` (a built-in id or a path).
    /// Returns false, with problem() emitted, if no runner could be started.
    bool start(const QString& scenario, bool stepMode);
    /// Step mode: runs the next step (only while paused).
    void next();
    /// Step mode: runs all remaining steps without pausing.
    void runRest();
    /// Step mode on a wire run, while paused: delivers held frame `frame`
    /// now (`deliver N`), drops it (`drop N`), or delivers every held frame
    /// (`release`). The runner settles, sends what followed and pauses again
    /// before the same step (docs/trace-format.md, "Wire runs").
    void deliverFrame(std::int64_t frame);
    void dropFrame(std::int64_t frame);
    void releaseFrames();
    /// Frames held on the wire at the current pause, oldest first (none on loopback).
    const std::vector<std::int64_t>& heldFrames() const { return m_held; }
    /// Asks the run to end: SIGINT to the runner (it kills its endpoints,
    /// interrupting a blocked call, and ends with a summary saying
    /// "stopped"), plus `stop` on stdin when paused; SIGKILL if it has not
    /// ended after the stop grace time.
    void stop();

    State state() const { return m_state; }
    bool isActive() const { return m_state != State::Idle; }
    bool stepMode() const { return m_stepMode; }
    /// The current or last run was ended by stop() (by the user or after a hang).
    bool stopRequested() const { return m_stopRequested; }
    /// The current or last run was stopped because it stopped answering.
    bool hung() const { return m_hung; }
    QString stderrText() const { return QString::fromLocal8Bit(m_stderr); }
    QString program() const { return m_program; }

    /// Where the next runs also write their packets as pcapng (`--pcapng
    /// FILE`: the full frames, each with why it was sent); empty: not written.
    void setPacketFile(const QString& path) { m_packetFile = path; }
    QString packetFile() const { return m_packetFile; }

    /// Silence after which a running runner counts as hung and is stopped (ms).
    void setHangTimeout(int ms) { m_hangTimer.setInterval(ms); }
    /// Grace time between stop's SIGINT and SIGKILL (ms).
    void setStopGrace(int ms) { m_stopGraceMs = ms; }

Q_SIGNALS:
    void eventsRead(const std::vector<finscope::TraceEvent>& events);
    /// The runner waits before step `index` (scenario line `line`).
    void paused(int index, int line);
    void stateChanged(RunnerProcess::State state);
    /// Something the user must be told: no runner, a crash, a hang, unreadable output.
    void problem(const QString& message);
    /// The run is over. exitCode is -1 if the runner crashed or was killed.
    void finished(int exitCode, const QString& stderrText);

private:
    void setState(State state);
    void onReadyRead();
    void onStderr();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
    void onHang();
    void send(const QByteArray& command);
    void sendWhilePaused(const QByteArray& command);
    void deliver(std::vector<finscope::TraceEvent> events);

    QProcess* m_process = nullptr;
    TraceReader m_reader;
    QByteArray m_stderr;
    QString m_program;
    QString m_packetFile;
    QTimer m_hangTimer;
    State m_state = State::Idle;
    bool m_stepMode = false;
    bool m_hung = false;
    bool m_stopRequested = false;
    int m_stopGraceMs = 2000;
    int m_reportedErrors = 0;
    std::vector<std::int64_t> m_held;
};
