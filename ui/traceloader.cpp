// SPDX-License-Identifier: MIT
#include "ui/traceloader.h"

#include "core/tracejson.h"

#include <QFile>
#include <QMetaObject>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

using namespace finscope;

namespace {
constexpr std::size_t kChunkBytes = 1024 * 1024;
// Batches on their way to the window at most: the worker waits for the
// window rather than filling memory with parsed events it has not taken.
constexpr int kMaxInFlight = 4;
// A file of garbage has a bad line on every line; the window needs only the first few.
constexpr qsizetype kMaxErrors = 20;

void clip(std::string& s)
{
    if (s.size() <= TraceLoader::kMaxStringBytes)
        return;
    std::size_t cut = TraceLoader::kMaxStringBytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80)
        --cut;   // not inside a UTF-8 sequence
    const std::size_t dropped = s.size() - cut;
    s.resize(cut);
    s += " … [" + std::to_string(dropped) + " more bytes not shown]";
    s.shrink_to_fit();
}

void clip(std::optional<std::string>& s)
{
    if (s)
        clip(*s);
}
} // namespace

TraceLoader::TraceLoader(QObject* parent)
    : QObject(parent)
{
}

TraceLoader::~TraceLoader()
{
    cancel();
    if (m_worker.joinable())
        m_worker.join();
}

void TraceLoader::cancel()
{
    m_cancel = true;
    std::lock_guard lock(m_mutex);
    m_drained.notify_all();
}

void TraceLoader::setHeld(bool held)
{
    std::lock_guard lock(m_mutex);
    m_held = held;
    m_drained.notify_all();
}

QString TraceLoader::start(const QString& path)
{
    if (m_running)
        return tr("another trace is still being read");
    if (m_worker.joinable())
        m_worker.join();
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below anyway.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return QString::fromLocal8Bit(std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return tr("not a regular file (a trace is a file that `finscope run --json` wrote)");
    }
    m_running = true;
    m_cancel = false;
    m_inFlight = 0;
    m_held = false;
    // Results cross back through queued calls; the destructor joins the
    // worker first, so `this` outlives every call made.
    m_worker = std::thread([this, fd, size = static_cast<qint64>(st.st_size)] { work(fd, size); });
    return QString();
}

void TraceLoader::work(int fd, qint64 size)
{
    QStringList errors;
    std::vector<char> buffer;    // the unfinished line, then the next chunk
    std::vector<TraceEvent> batch;
    batch.reserve(kBatchEvents);
    qint64 done = 0;
    qsizetype lineNumber = 0;
    bool skipping = false;       // inside a line too long to keep
    int lastPercent = -1;
    const auto fail = [&](const QString& why) {
        if (errors.size() < kMaxErrors)
            errors.append(tr("line %1: %2").arg(lineNumber).arg(why));
    };
    const auto parse = [&](std::string_view line) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos)
            return;
        auto result = parseTraceLine(line);
        if (!result.ok)
            return fail(QString::fromStdString(result.error));
        bound(result.event);
        batch.push_back(std::move(result.event));
        if (batch.size() >= kBatchEvents) {
            post(std::move(batch));
            batch = {};
            batch.reserve(kBatchEvents);
        }
    };
    bool readError = false;
    while (!m_cancel) {
        const std::size_t kept = buffer.size();
        buffer.resize(kept + kChunkBytes);
        const ssize_t n = ::read(fd, buffer.data() + kept, kChunkBytes);
        if (n < 0 && errno == EINTR) {
            buffer.resize(kept);
            continue;
        }
        if (n <= 0) {
            buffer.resize(kept);
            if (n < 0) {
                errors.append(tr("reading stopped after %1 bytes: %2").arg(done).arg(QString::fromLocal8Bit(std::strerror(errno))));
                readError = true;
            }
            break;
        }
        buffer.resize(kept + static_cast<std::size_t>(n));
        done += n;
        std::size_t start = 0;
        // Newlines can only be in the new bytes.
        for (std::size_t nl = kept; nl < buffer.size(); ++nl) {
            if (buffer[nl] != '\n')
                continue;
            if (skipping) {
                skipping = false;
                ++lineNumber;
            } else {
                parse(std::string_view(buffer.data() + start, nl - start));
            }
            start = nl + 1;
        }
        buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(start));
        if (!skipping && static_cast<qsizetype>(buffer.size()) > kMaxLineBytes) {
            skipping = true;   // the line is counted when its newline comes
            if (errors.size() < kMaxErrors)
                errors.append(tr("line %1: longer than %2 MiB, skipped").arg(lineNumber + 1).arg(kMaxLineBytes / (1024 * 1024)));
        }
        if (skipping)
            buffer.clear();
        const int percent = size > 0 ? static_cast<int>(std::min<qint64>(100, done * 100 / size)) : 0;
        if (percent != lastPercent) {
            lastPercent = percent;
            QMetaObject::invokeMethod(this, [this, percent] { Q_EMIT progress(percent); }, Qt::QueuedConnection);
        }
    }
    ::close(fd);
    const bool cancelled = m_cancel;
    if (!cancelled && !readError && !skipping && !buffer.empty())
        parse(std::string_view(buffer.data(), buffer.size()));   // a last line without a newline
    if (!batch.empty())
        post(std::move(batch));
    QMetaObject::invokeMethod(this, [this, cancelled, errors] {
        m_running = false;
        Q_EMIT finished(cancelled, errors);
    }, Qt::QueuedConnection);
}

void TraceLoader::post(std::vector<TraceEvent> batch)
{
    {
        std::unique_lock lock(m_mutex);
        m_drained.wait(lock, [this] { return (m_inFlight < kMaxInFlight && !m_held) || m_cancel; });
        if (m_cancel)
            return;
        ++m_inFlight;
    }
    QMetaObject::invokeMethod(this, [this, events = std::move(batch)] {
        if (!m_cancel)
            Q_EMIT eventsRead(events);
        delivered();
    }, Qt::QueuedConnection);
}

void TraceLoader::delivered()
{
    std::lock_guard lock(m_mutex);
    --m_inFlight;
    m_drained.notify_all();
}

void TraceLoader::bound(TraceEvent& event)
{
    clip(event.why);
    std::visit([](auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, RunEvent>) {
            clip(b.scenario), clip(b.title), clip(b.path), clip(b.capture), clip(b.captureNote), clip(b.kernel);
            clip(b.version);
            for (auto& ep : b.endpoints)
                clip(ep);
        } else if constexpr (std::is_same_v<T, StepEvent>) {
            clip(b.endpoint), clip(b.text);
        } else if constexpr (std::is_same_v<T, SyscallEvent>) {
            clip(b.endpoint), clip(b.call), clip(b.args), clip(b.socket), clip(b.errnoName), clip(b.errnoText);
            clip(b.man), clip(b.staleErrno), clip(b.phase), clip(b.result), clip(b.note);
        } else if constexpr (std::is_same_v<T, PacketEvent>) {
            clip(b.src), clip(b.dst), clip(b.from), clip(b.to), clip(b.flags), clip(b.payloadHex), clip(b.conn);
        } else if constexpr (std::is_same_v<T, StateEvent>) {
            clip(b.endpoint), clip(b.socket), clip(b.state), clip(b.source), clip(b.local), clip(b.remote);
            clip(b.timer), clip(b.conn);
        } else if constexpr (std::is_same_v<T, SignalEvent>) {
            clip(b.endpoint), clip(b.signal), clip(b.disposition), clip(b.action);
        } else if constexpr (std::is_same_v<T, ExitEvent>) {
            clip(b.endpoint), clip(b.signal);
        } else if constexpr (std::is_same_v<T, ExpectEvent>) {
            clip(b.endpoint), clip(b.expected), clip(b.actual);
        } else if constexpr (std::is_same_v<T, NoteEvent>) {
            clip(b.level), clip(b.text);
        } else if constexpr (std::is_same_v<T, SummaryEvent>) {
            clip(b.capture), clip(b.error);
        }
    }, event.body);
}
