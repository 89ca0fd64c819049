#!/bin/sh
# SPDX-License-Identifier: MIT
# A stand-in for `finscope run --json [--step] SCENARIO`, for the GUI tests.
# FAKE_RUNNER_MODE says how it misbehaves; FAKE_RUNNER_TRACE is the canned trace.
mode=${FAKE_RUNNER_MODE:-trace}
# `--pcapng FILE`: the runner writes its packets there; the fake copies FAKE_RUNNER_PCAPNG, if set.
pcapng=
prev=
for arg in "$@"; do
    if [ "$prev" = "--pcapng" ]; then pcapng=$arg; fi
    prev=$arg
done
trace=${FAKE_RUNNER_TRACE:-}
run='{"kind":"run","id":0,"t_ns":1000,"scenario":"fake","title":"Fake","path":"fake.fsc","endpoints":["client","server"],"capture":"namespace","capture_note":"","kernel":"test","version":"0"}'
summary='{"kind":"summary","id":99,"t_ns":9000,"ok":true,"expectations":0,"failed":0,"capture":"namespace","packets":0,"events":3,"duration_ns":8000,"error":""}'
# What the runner does on SIGINT or `stop`: a note, a stopped summary, exit status 2.
stopped() {
    if [ -n "${sleeper:-}" ]; then kill "$sleeper" 2>/dev/null; fi
    echo '{"kind":"note","id":97,"t_ns":8000,"level":"info","text":"stopped by the user"}'
    echo '{"kind":"summary","id":98,"t_ns":8500,"ok":false,"stopped":true,"expectations":0,"failed":0,"capture":"namespace","packets":0,"events":4,"duration_ns":7500,"error":"stopped by the user"}'
    exit 2
}
case "$mode" in
trace)
    # A complete, real trace recorded from the runner.
    if [ -n "$trace" ]; then cat "$trace"; fi
    if [ -n "$pcapng" ] && [ -n "${FAKE_RUNNER_PCAPNG:-}" ]; then cp "$FAKE_RUNNER_PCAPNG" "$pcapng"; fi
    exit "${FAKE_RUNNER_EXIT:-0}" ;;
crash)
    echo "$run"
    printf '%s' '{"kind":"note","id":1,"t_ns":2000,"level":"info","text":"half a li'
    echo "fake runner: about to crash" >&2
    kill -SEGV $$ ;;
hang)
    echo "$run"
    exec sleep 600 ;;
deaf)
    # Ignores the stop request (an ignored signal stays ignored across exec).
    trap '' INT
    echo "$run"
    exec sleep 600 ;;
stoppable)
    # A step whose call blocks until the user stops the run.
    trap stopped INT
    echo "$run"
    echo '{"kind":"step","id":1,"t_ns":2000,"index":0,"line":10,"endpoint":"client","text":"recv()"}'
    echo '{"kind":"syscall","id":2,"t_ns":2100,"call_id":1,"endpoint":"client","pid":1,"call":"recv","args":"3, buf, 10, 0","socket":"sockfd","ret":null,"errno":null,"t_enter_ns":2100,"line":10,"phase":"blocked","blocked":true}'
    sleep 600 >/dev/null &
    sleeper=$!
    # `wait` returns when the trapped signal arrives; plain `sleep` would hold it back.
    wait "$sleeper"
    exit 0 ;;
nosummary)
    echo "$run"
    echo '{"kind":"step","id":1,"t_ns":2000,"index":0,"line":10,"endpoint":"client","text":"close()"}'
    exit 0 ;;
error)
    echo "fake.fsc:3:8: unknown call 'wrte' (did you mean write?)" >&2
    echo "fake.fsc:5:1: missing 'title:' header" >&2
    exit 2 ;;
garbage)
    echo "$run"
    echo "this is not json"
    echo "$summary"
    exit 0 ;;
step)
    trap stopped INT
    echo "$run"
    i=0
    while [ $i -lt 3 ]; do
        echo "{\"kind\":\"pause\",\"id\":$((10 + i)),\"t_ns\":$((2000 + i)),\"index\":$i,\"line\":$((10 + i))}"
        read -r cmd || cmd=stop
        case "$cmd" in
        next|run) echo "{\"kind\":\"step\",\"id\":$((20 + i)),\"t_ns\":$((3000 + i)),\"index\":$i,\"line\":$((10 + i)),\"endpoint\":\"client\",\"text\":\"close()\"}" ;;
        *) stopped ;;
        esac
        if [ "$cmd" = run ]; then break; fi
        i=$((i + 1))
    done
    echo "$summary"
    exit 0 ;;
wirestep)
    # A wire run paused with frames 4 and 5 held, answering `deliver N`, `drop N`
    # and `release` as docs/trace-format.md ("Wire runs") says: a `wire` event per
    # frame whose fate changed (a warning note for an unknown frame), then a fresh
    # pause before the same step. Each command is also appended to FAKE_RUNNER_LOG.
    trap stopped INT
    log=${FAKE_RUNNER_LOG:-/dev/null}
    echo '{"kind":"run","id":0,"t_ns":1000,"scenario":"fake-wire","title":"Fake wire","path":"fake.fsc","endpoints":["client","server"],"capture":"namespace","capture_note":"","kernel":"test","version":"0","wire":{"hosts":{"client":"127.1.0.1","server":"127.1.0.2"},"delay_ns":20000000,"loss":0.0,"seed":1}}'
    echo '{"kind":"step","id":1,"t_ns":2000,"index":0,"line":10,"endpoint":"client","text":"close()"}'
    echo '{"kind":"packet","id":2,"t_ns":2100,"src":"127.1.0.1:41000","dst":"127.1.0.2:5000","from":"client","to":"server","flags":"F.","seq":1,"ack":1,"len":0,"conn":"c1","frame":4,"fate":"held","delivered_ns":null}'
    echo '{"kind":"packet","id":3,"t_ns":2200,"src":"127.1.0.2:5000","dst":"127.1.0.1:41000","from":"server","to":"client","flags":"F.","seq":1,"ack":1,"len":0,"conn":"c1","frame":5,"fate":"held","delivered_ns":null}'
    held="4 5"
    id=10
    t=3000
    pause() {
        echo "{\"kind\":\"pause\",\"id\":$id,\"t_ns\":$t,\"index\":1,\"line\":11,\"held\":[$(echo $held | sed 's/ /,/g')]}"
        id=$((id + 1))
        t=$((t + 100))
    }
    settle() {  # frame fate [reason]
        echo "{\"kind\":\"wire\",\"id\":$id,\"t_ns\":$t,\"frame\":$1,\"fate\":\"$2\",\"conn\":\"c1\"${3:+,\"drop_reason\":\"$3\"}}"
        held=$(echo " $held " | sed "s/ $1 / /; s/^ *//; s/ *$//")
        id=$((id + 1))
        t=$((t + 100))
    }
    pause
    while read -r cmd; do
        echo "$cmd" >>"$log"
        case "$cmd" in
        "deliver "*|"drop "*)
            n=${cmd#* }
            case " $held " in
            *" $n "*) if [ "${cmd%% *}" = deliver ]; then settle "$n" delivered; else settle "$n" dropped "dropped by the user"; fi ;;
            *) echo "{\"kind\":\"note\",\"id\":$id,\"t_ns\":$t,\"level\":\"warning\",\"text\":\"no frame $n is held\"}"
               id=$((id + 1))
               t=$((t + 100)) ;;
            esac ;;
        release) for n in $held; do settle "$n" delivered; done ;;
        next|run) echo "$summary"; exit 0 ;;
        *) stopped ;;
        esac
        pause
    done
    stopped ;;
esac
