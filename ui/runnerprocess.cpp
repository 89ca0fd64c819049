// SPDX-License-Identifier: MIT
#include "ui/runnerprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QStandardPaths>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {
// A runner settles after each step in well under a second; this long a
// silence (outside a pause) means it is stuck.
constexpr int kDefaultHangMs = 30000;
// Keep the last part of stderr only: a runaway runner must not eat memory.
constexpr qsizetype kMaxStderr = 64 * 1024;
}

RunnerProcess::RunnerProcess(QObject* parent)
    : QObject(parent)
{
    m_hangTimer.setSingleShot(true);
    m_hangTimer.setInterval(qEnvironmentVariableIntValue("FINSCOPE_HANG_TIMEOUT_MS") > 0
                                ? qEnvironmentVariableIntValue("FINSCOPE_HANG_TIMEOUT_MS")
                                : kDefaultHangMs);
    connect(&m_hangTimer, &QTimer::timeout, this, &RunnerProcess::onHang);
}

RunnerProcess::~RunnerProcess()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

QString RunnerProcess::locateRunner()
{
    const QString fromEnv = qEnvironmentVariable("FINSCOPE_RUNNER");
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QString besideMe = QDir(QCoreApplication::applicationDirPath()).filePath(u"finscope"_s);
    if (QFileInfo(besideMe).isExecutable())
        return besideMe;
    return QStandardPaths::findExecutable(u"finscope"_s);
}

bool RunnerProcess::start(const QString& scenario, bool stepMode)
{
    if (isActive())
        return false;
    m_program = locateRunner();
    if (m_program.isEmpty()) {
        Q_EMIT problem(tr("The runner program `finscope` was not found next to finscope-gui nor on PATH; "
                          "set FINSCOPE_RUNNER to its path."));
        return false;
    }
    m_reader.reset();
    m_stderr.clear();
    m_hung = false;
    m_stopRequested = false;
    m_reportedErrors = 0;
    m_stepMode = stepMode;
    m_held.clear();

    delete m_process;
    m_process = new QProcess(this);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &RunnerProcess::onReadyRead);
    connect(m_process, &QProcess::readyReadStandardError, this, &RunnerProcess::onStderr);
    connect(m_process, &QProcess::finished, this, &RunnerProcess::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &RunnerProcess::onErrorOccurred);

    QStringList args{u"run"_s, u"--json"_s};
    if (stepMode)
        args << u"--step"_s;
    if (!m_packetFile.isEmpty())
        args << u"--pcapng"_s << m_packetFile;
    args << scenario;
    setState(State::Running);
    m_hangTimer.start();
    m_process->start(m_program, args);
    return true;
}

void RunnerProcess::send(const QByteArray& command)
{
    if (!m_process || m_process->state() != QProcess::Running)
        return;
    // The runner may have died between the pause and now; a write to a
    // closed pipe is a failed write here, never a SIGPIPE (Qt ignores it).
    m_process->write(command + '\n');
}

void RunnerProcess::next()
{
    if (m_state != State::Paused)
        return;
    send("next");
    setState(State::Running);
    m_hangTimer.start();
}

void RunnerProcess::sendWhilePaused(const QByteArray& command)
{
    if (m_state != State::Paused)
        return;
    send(command);
    // Running until the runner's fresh pause (same step) comes back: the hang watch applies meanwhile.
    m_held.clear();
    setState(State::Running);
    m_hangTimer.start();
}

void RunnerProcess::deliverFrame(std::int64_t frame)
{
    sendWhilePaused("deliver " + QByteArray::number(static_cast<qlonglong>(frame)));
}

void RunnerProcess::dropFrame(std::int64_t frame)
{
    sendWhilePaused("drop " + QByteArray::number(static_cast<qlonglong>(frame)));
}

void RunnerProcess::releaseFrames()
{
    sendWhilePaused("release");
}

void RunnerProcess::runRest()
{
    if (m_state != State::Paused && m_state != State::Running)
        return;
    // While running, the next pause will be answered with `run` (see deliver()).
    if (m_state == State::Paused)
        send("run");
    m_stepMode = false;
    setState(State::Running);
    m_hangTimer.start();
}

void RunnerProcess::stop()
{
    if (!m_process || m_state == State::Idle || m_state == State::Stopping)
        return;
    const bool wasPaused = m_state == State::Paused;
    m_stopRequested = true;
    setState(State::Stopping);
    m_hangTimer.stop();
    // SIGINT, not SIGTERM first: the runner treats it as "stop" at any
    // moment, also in the middle of a step whose call blocks, and still
    // writes its summary. A paused runner reads stdin, so it hears `stop` too.
    if (wasPaused)
        send("stop");
    if (const qint64 pid = m_process->processId(); pid > 0)
        ::kill(static_cast<pid_t>(pid), SIGINT);
    // A runner that ignores the request (hung, or too old to know it) is killed.
    QPointer<QProcess> process = m_process;
    QTimer::singleShot(m_stopGraceMs, this, [process] {
        if (process && process->state() != QProcess::NotRunning)
            process->kill();
    });
}

void RunnerProcess::onReadyRead()
{
    if (m_state == State::Running)
        m_hangTimer.start();
    deliver(m_reader.feed(m_process->readAllStandardOutput()));
}

void RunnerProcess::deliver(std::vector<finscope::TraceEvent> events)
{
    while (m_reportedErrors < m_reader.errors().size())
        Q_EMIT problem(tr("Unreadable line from the runner: %1").arg(m_reader.errors().at(m_reportedErrors++)));
    if (events.empty())
        return;
    const finscope::PauseEvent* pause = nullptr;
    for (const auto& e : events)
        if (auto* p = e.as<finscope::PauseEvent>())
            pause = p;
    int index = 0, line = 0;
    if (pause) {
        index = pause->index;
        line = pause->line;
        m_held = pause->held.value_or(std::vector<std::int64_t>{});
    }
    // Hand the events over before announcing the pause, so the view shows everything up to it.
    const bool paused = pause != nullptr && m_state == State::Running;
    Q_EMIT eventsRead(events);
    if (!paused)
        return;
    if (!m_stepMode) {
        // The user pressed Run while this pause was on its way: keep going.
        send("run");
        return;
    }
    m_hangTimer.stop();
    setState(State::Paused);
    Q_EMIT this->paused(index, line);
}

void RunnerProcess::onStderr()
{
    m_stderr += m_process->readAllStandardError();
    if (m_stderr.size() > kMaxStderr)
        m_stderr = m_stderr.right(kMaxStderr);
}

void RunnerProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    m_hangTimer.stop();
    deliver(m_reader.feed(m_process->readAllStandardOutput()));
    deliver(m_reader.finish());
    onStderr();
    const bool crashed = status == QProcess::CrashExit;
    if (m_hung)
        Q_EMIT problem(tr("The runner stopped answering for %1 s and was stopped.").arg(m_hangTimer.interval() / 1000.0));
    else if (crashed && !m_stopRequested)
        Q_EMIT problem(tr("The runner crashed (%1).").arg(m_process->errorString()));
    setState(State::Idle);
    Q_EMIT finished(crashed ? -1 : exitCode, stderrText());
}

void RunnerProcess::onErrorOccurred(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return;
    m_hangTimer.stop();
    Q_EMIT problem(tr("Could not start the runner %1: %2").arg(m_program, m_process->errorString()));
    setState(State::Idle);
    Q_EMIT finished(-1, stderrText());
}

void RunnerProcess::onHang()
{
    if (m_state != State::Running)
        return;
    m_hung = true;
    stop();
}

void RunnerProcess::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}
