#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the wire-run trace fixtures (wire-held.jsonl, wire-delayed.jsonl,
wire-dropped.jsonl) for the GUI tests.

They follow the wire contract of docs/trace-format.md ("Wire runs") field by
field and are modelled on real loopback traces of the runner; they stand in
for recorded wire runs until the engine records them. Times are those a
20 ms one-way delay gives: a frame's delivered_ns is t_ns + 20 ms.
"""
import json
import pathlib

T0 = 1795400000000000000
MS = 1000000
CLIENT, SERVER = "127.1.0.1", "127.1.0.2"


class Trace:
    def __init__(self, scenario, title, step_mode=False):
        self.events = []
        self.step_mode = step_mode
        self.frame = 0
        self.isn = {"client": 1000, "server": 5000}
        self.call = 0
        self.add(0, "run", scenario=scenario, title=title, path=f"/usr/share/finscope/scenarios/{scenario}.fsc",
                 endpoints=["server", "client"], capture="namespace", capture_note="", kernel="6.1.0-wire-fixture",
                 version="0.1.0",
                 wire={"hosts": {"client": CLIENT, "server": SERVER}, "delay_ns": 20 * MS, "loss": 0.0, "seed": 1})
        self.index = 0

    def add(self, ms, kind, **fields):
        e = {"kind": kind, "id": len(self.events), "t_ns": T0 + round(ms * MS)}
        e.update(fields)
        self.events.append(e)
        return e

    def step(self, ms, line, endpoint, text, held=()):
        if self.step_mode:
            self.add(ms - 0.5, "pause", index=self.index, line=line, held=list(held))
        self.add(ms, "step", index=self.index, line=line, endpoint=endpoint, text=text)
        self.index += 1

    def syscall(self, ms, endpoint, call, args, ret, line, socket="", note="", took=0.05, result=""):
        self.call += 1
        pid = 4000 if endpoint == "server" else 4001
        self.add(ms, "syscall", call_id=self.call, endpoint=endpoint, pid=pid, call=call, args=args, socket=socket,
                 ret=ret, errno=None, errno_text=None, man=call + "(2)", errno_stale=False, stale_errno=None,
                 t_enter_ns=T0 + round(ms * MS), t_exit_ns=T0 + round((ms + took) * MS), line=line, phase="done",
                 blocked=False, result=result, note=note)
        return self.call

    def expect(self, ms, endpoint, line, call_id, value):
        self.add(ms, "expect", line=line, endpoint=endpoint, ok=True, expected=value, actual=value, call_id=call_id)

    def packet(self, ms, sender, flags, seq, ack, fate="delivered", length=0, payload="", reason=None, why=None):
        self.frame += 1
        receiver = "server" if sender == "client" else "client"
        ports = {"client": f"{CLIENT}:41000", "server": f"{SERVER}:5000"}
        e = self.add(ms, "packet", src=ports[sender], dst=ports[receiver], **{"from": sender, "to": receiver},
                     flags=flags, seq=seq, ack=ack if "." in flags else 0, seq_abs=self.isn[sender] + seq,
                     ack_abs=self.isn[receiver] + ack if "." in flags else 0, len=length, win=502,
                     payload_hex=payload, conn="c1", frame=self.frame, fate=fate,
                     delivered_ns=T0 + round((ms + 20) * MS) if fate == "delivered" else None)
        if reason:
            e["drop_reason"] = reason
        if why:
            e["why"] = why
        return self.frame

    def state(self, ms, endpoint, socket, state, source="sampled", orphan=False, timer="", recv_q=0,
              listener=False):
        local = {"client": f"{CLIENT}:41000", "server": f"{SERVER}:5000"}[endpoint]
        remote = "0.0.0.0:0" if listener else {"client": f"{SERVER}:5000", "server": f"{CLIENT}:41000"}[endpoint]
        self.add(ms, "state", endpoint=endpoint, socket=socket, state=state, source=source, recv_q=recv_q,
                 send_q=16 if listener else 0, local=local, remote=remote, orphan=orphan, timer=timer,
                 conn="" if listener else "c1")

    def handshake(self):
        """listen(), connect() across the delayed wire, accept(): steps 0-2, up to 70 ms."""
        self.step(1, 10, "server", "listen()")
        self.syscall(1.1, "server", "socket", "AF_INET, SOCK_STREAM, 0", 4, 10, note="part of listen()")
        self.syscall(1.2, "server", "bind", f"4, {SERVER}:5000", 0, 10, socket="listenfd", note="part of listen()")
        self.syscall(1.3, "server", "listen", "4, 16", 0, 10, socket="listenfd")
        self.state(2, "server", "listenfd", "LISTEN", listener=True)
        self.step(3, 11, "client", "connect()")
        self.syscall(3.1, "client", "socket", "AF_INET, SOCK_STREAM, 0", 4, 11, note="part of connect()")
        call = self.syscall(3.2, "client", "connect", f"4, {SERVER}:5000", 0, 11, socket="sockfd", took=40.2)
        self.packet(3.25, "client", "S", 0, 0)
        self.state(3.3, "client", "sockfd", "SYN_SENT")
        self.packet(23.3, "server", "S.", 0, 1)
        self.packet(43.35, "client", ".", 1, 1)
        self.expect(43.41, "client", 11, call, "0")
        self.state(64, "client", "sockfd", "ESTABLISHED")
        self.state(64, "server", "(accept queue of listenfd)", "ESTABLISHED")
        self.step(65, 12, "server", "accept()")
        self.syscall(65.1, "server", "accept", "4, &addr, &addrlen", 5, 12, socket="listenfd",
                     result=f"fd=5 (connfd) from {CLIENT}:41000")
        self.state(66, "server", "connfd", "ESTABLISHED")

    def write(self, path):
        with open(path, "w") as f:
            for e in self.events:
                f.write(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n")


def held(path):
    """Step mode, paused with the client's FIN held on the wire: FIN_WAIT1 and ESTABLISHED, both sampled."""
    t = Trace("wire-fin-in-flight", "FIN_WAIT1 while the FIN is in flight", step_mode=True)
    t.handshake()
    t.step(70, 13, "wire", "hold()")
    t.step(72, 14, "client", "close()")
    call = t.syscall(72.1, "client", "close", "4", 0, 14, socket="sockfd")
    fin = t.packet(72.12, "client", "F.", 1, 1, fate="held")
    t.expect(72.16, "client", 14, call, "0")
    t.state(73, "client", "sockfd", "FIN_WAIT1", orphan=True, timer="on 0.2s")
    t.state(73, "server", "connfd", "ESTABLISHED")
    t.add(73.5, "pause", index=t.index, line=15, held=[fin])
    t.write(path)


def delayed(path):
    """A whole graceful close over a 20 ms wire; the client's FIN is held, then released by a step."""
    t = Trace("wire-graceful-close", "Graceful close over a slow wire")
    t.handshake()
    t.step(67, 13, "client", 'write("hello")')
    call = t.syscall(67.1, "client", "write", '4, "hello", 5', 5, 13, socket="sockfd")
    t.packet(67.15, "client", "P.", 1, 1, length=5, payload="68656c6c6f")
    t.expect(67.16, "client", 13, call, "5")
    t.packet(87.2, "server", ".", 1, 6)
    t.state(108, "server", "connfd", "ESTABLISHED", recv_q=5)
    t.step(110, 14, "wire", "hold()")
    t.step(111, 15, "client", "close()")
    call = t.syscall(111.1, "client", "close", "4", 0, 15, socket="sockfd")
    fin = t.packet(111.12, "client", "F.", 6, 1, fate="held")
    t.expect(111.16, "client", 15, call, "0")
    t.state(112, "client", "sockfd", "FIN_WAIT1", orphan=True, timer="on 0.2s")
    t.state(112, "server", "connfd", "ESTABLISHED", recv_q=5)
    t.step(115, 16, "wire", "release()")
    t.add(115.05, "wire", frame=fin, fate="delivered", conn="c1")
    t.packet(115.1, "server", ".", 1, 7)
    t.state(136, "server", "connfd", "CLOSE_WAIT", recv_q=6)
    t.state(136, "client", "sockfd", "FIN_WAIT2", orphan=True, timer="timewait 60.0s")
    t.step(137, 17, "server", "close()")
    call = t.syscall(137.1, "server", "close", "5", 0, 17, socket="connfd")
    t.packet(137.12, "server", "F.", 1, 7)
    t.expect(137.16, "server", 17, call, "0")
    t.state(138, "server", "connfd", "LAST_ACK", orphan=True, timer="on 0.2s")
    t.packet(157.2, "client", ".", 7, 2)
    t.state(177.2, "server", "connfd", "CLOSE", source="derived", orphan=True)
    t.state(178, "client", "sockfd", "TIME_WAIT", orphan=True, timer="timewait 60.0s")
    t.add(180, "summary", ok=True, expectations=6, failed=0, capture="namespace", packets=t.frame,
          events=len(t.events) + 1, duration_ns=180 * MS, error="", stopped=False)
    t.write(path)


def dropped(path):
    """The lost last ACK: the server's FIN is answered, the ACK is dropped, the FIN comes again, TIME_WAIT re-ACKs it."""
    t = Trace("wire-lost-last-ack", "The lost last ACK")
    t.handshake()
    t.step(70, 13, "client", "close()")
    call = t.syscall(70.05, "client", "close", "4", 0, 13, socket="sockfd")
    t.packet(70.1, "client", "F.", 1, 1)
    t.expect(70.12, "client", 13, call, "0")
    t.state(71, "client", "sockfd", "FIN_WAIT1", orphan=True, timer="on 0.2s")
    t.state(71, "server", "connfd", "ESTABLISHED")
    t.packet(90.15, "server", ".", 1, 2)
    t.state(111, "server", "connfd", "CLOSE_WAIT", recv_q=1)
    t.state(111, "client", "sockfd", "FIN_WAIT2", orphan=True, timer="timewait 60.0s")
    rule = "drop(next, from=client, flags=.)"
    t.step(112, 14, "wire", rule)
    t.step(113, 15, "server", "close()")
    call = t.syscall(113.1, "server", "close", "5", 0, 15, socket="connfd")
    t.packet(113.12, "server", "F.", 1, 2)
    t.expect(113.16, "server", 15, call, "0")
    t.state(114, "server", "connfd", "LAST_ACK", orphan=True, timer="on 0.2s")
    t.packet(133.2, "client", ".", 2, 2, fate="dropped", reason=rule)
    t.state(134, "client", "sockfd", "TIME_WAIT", orphan=True, timer="timewait 60.0s")
    t.packet(353.2, "server", "F.", 1, 2,
             why="the ACK of the first FIN never arrived: the retransmission timer sent the FIN again")
    t.packet(373.3, "client", ".", 2, 2, why="a socket in TIME_WAIT answers a retransmitted FIN with its ACK again")
    t.state(393.3, "server", "connfd", "CLOSE", source="derived", orphan=True)
    t.state(394, "client", "sockfd", "TIME_WAIT", orphan=True, timer="timewait 59.6s")
    t.add(395, "summary", ok=True, expectations=5, failed=0, capture="namespace", packets=t.frame,
          events=len(t.events) + 1, duration_ns=395 * MS, error="", stopped=False)
    t.write(path)


if __name__ == "__main__":
    here = pathlib.Path(__file__).resolve().parent
    held(here / "wire-held.jsonl")
    delayed(here / "wire-delayed.jsonl")
    dropped(here / "wire-dropped.jsonl")
