// SPDX-License-Identifier: MIT
// The ladder at 100,000 events: appending them to the model (and the
// ladder's layout, which follows the model), parsing them from JSON lines
// as they stream from the runner, and painting one visible window.
#include "core/tracejson.h"
#include "ui/ladderview.h"
#include "ui/tracemodel.h"
#include "ui/tracereader.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QScrollBar>

#include <benchmark/benchmark.h>

using namespace finscope;

namespace {

constexpr int kEvents = 100'000;

TraceEvent makeEvent(int i)
{
    TraceEvent e;
    e.id = i;
    e.tNs = 1'000'000'000LL + std::int64_t(i) * 20'000;
    const std::string ep = (i / 7) % 2 ? "server" : "client";
    switch (i % 7) {
    case 0: {
        RunEvent r;
        r.endpoints = {"client", "server"};
        r.capture = "namespace";
        if (i == 0) {
            e.body = r;
            break;
        }
        StepEvent s{i / 7, 10 + (i / 7) % 30, ep, "write(\"456\")"};
        e.body = s;
        break;
    }
    case 1: case 5: {
        SyscallEvent s;
        s.callId = i;
        s.endpoint = ep;
        s.call = "write";
        s.args = "5, \"456\", 3";
        s.ret = i % 5 ? 3 : -1;
        if (!(i % 5))
            s.errnoName = "EPIPE";
        s.tEnterNs = e.tNs;
        s.tExitNs = e.tNs + 1000;
        e.body = s;
        break;
    }
    case 2: case 3: {
        PacketEvent p;
        p.src = "127.0.0.1:5000";
        p.dst = "127.0.0.1:40000";
        p.from = ep;
        p.to = ep == "client" ? "server" : "client";
        p.flags = i % 3 ? "P." : (i % 2 ? "F." : "R");
        p.seq = static_cast<std::uint32_t>(i);
        p.ack = 1;
        p.len = 3;
        p.payloadHex = "343536";
        p.conn = "c1";
        e.body = p;
        break;
    }
    default: {
        StateEvent s;
        s.endpoint = ep;
        s.socket = "connfd";
        s.state = i % 2 ? "ESTABLISHED" : "CLOSE_WAIT";
        s.source = i % 3 ? "sampled" : "derived";
        s.recvQ = static_cast<std::uint32_t>(i % 4);
        s.local = ep == "client" ? "127.0.0.1:40000" : "127.0.0.1:5000";
        s.remote = ep == "client" ? "127.0.0.1:5000" : "127.0.0.1:40000";
        s.conn = "c1";
        e.body = s;
        break;
    }
    }
    return e;
}

const std::vector<TraceEvent>& events()
{
    static const std::vector<TraceEvent> all = [] {
        std::vector<TraceEvent> v;
        v.reserve(kEvents);
        for (int i = 0; i < kEvents; ++i)
            v.push_back(makeEvent(i));
        return v;
    }();
    return all;
}

/// Appends like a live run: chunks of 64 events (a readyRead's worth), the
/// model announcing them in batches and the ladder laying them out.
void appendLive(TraceModel& model, const std::vector<TraceEvent>& all)
{
    for (std::size_t off = 0; off < all.size(); off += 64) {
        const auto end = all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), off + 64));
        model.append({all.begin() + static_cast<std::ptrdiff_t>(off), end});
        if ((off / 64) % 16 == 0)
            model.flush();   // the zero-timer fires every few chunks in a real event loop
    }
    model.flush();
}

void BM_ModelAppend100k(benchmark::State& state)
{
    const auto& all = events();
    for (auto _ : state) {
        TraceModel model;
        LadderView view;
        view.resize(1400, 900);
        view.setModel(&model);
        appendLive(model, all);
        benchmark::DoNotOptimize(view.layout().rowCount());
    }
    state.SetItemsProcessed(state.iterations() * kEvents);
}
BENCHMARK(BM_ModelAppend100k)->Unit(benchmark::kMillisecond);

void BM_ParseAndAppend100k(benchmark::State& state)
{
    QByteArray stream;
    for (const auto& e : events())
        stream += QByteArray::fromStdString(toJsonLine(e)) + '\n';
    for (auto _ : state) {
        TraceModel model;
        LadderView view;
        view.setModel(&model);
        TraceReader reader;
        for (qsizetype off = 0; off < stream.size(); off += 16384)   // pipe-sized reads
            model.append(reader.feed(QByteArrayView(stream).sliced(off, std::min<qsizetype>(16384, stream.size() - off))));
        model.flush();
        benchmark::DoNotOptimize(model.rowCount());
    }
    state.SetItemsProcessed(state.iterations() * kEvents);
    state.SetBytesProcessed(state.iterations() * stream.size());
}
BENCHMARK(BM_ParseAndAppend100k)->Unit(benchmark::kMillisecond);

void BM_PaintVisibleWindow(benchmark::State& state)
{
    TraceModel model;
    LadderView view;
    view.resize(1400, 900);
    view.setModel(&model);
    appendLive(model, events());
    QImage image(1400, 900, QImage::Format_ARGB32_Premultiplied);
    // Where in the trace the window is: top, middle, bottom.
    const double y = view.layout().totalHeight() * static_cast<double>(state.range(0)) / 100.0;
    for (auto _ : state) {
        QPainter p(&image);
        view.render(p, image.size(), y);
    }
    state.SetLabel("1400x900 at " + std::to_string(state.range(0)) + "% of " + std::to_string(kEvents) + " events");
}
BENCHMARK(BM_PaintVisibleWindow)->Arg(0)->Arg(50)->Arg(100)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
