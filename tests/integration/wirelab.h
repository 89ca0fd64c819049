// SPDX-License-Identifier: MIT
#pragma once
// A two-host wire for tests: topology + relay + one sock_diag sampler per
// host, and the socket chores (listen, connect, wait) done the way the
// runner will do them: sockets opened inside a host's namespace, everything
// driven by the relay's poll loop, no sleeps.

#include "core/sandbox.h"
#include "core/sockdiagsampler.h"
#include "core/wire/netnsscope.h"
#include "core/wire/wirerelay.h"
#include "core/wire/wiretopology.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace finscope::testing {

/// Enters a private user + network namespace once per test process (as the
/// runner does); "" when in one, else why not.
inline const std::string& wireSandboxNote()
{
    static const std::string note = [] {
        const SandboxResult r = enterSandbox();
        return r.mode == "namespace" ? std::string() : (r.note.empty() ? std::string("no namespace") : r.note);
    }();
    return note;
}

constexpr std::int64_t kWaitMs = 10'000;   ///< generous bound on any wait; reaching it is a failure

class WireLab {
public:
    /// "" on success.
    std::string build(int hosts = 2)
    {
        if (std::string e = topology.build(hosts); !e.empty())
            return e;
        if (std::string e = relay.open(topology); !e.empty())
            return e;
        for (int i = 0; i < hosts; ++i) {
            NetnsScope in(topology.host(i).netns);
            if (!in.error().empty())
                return in.error();
            samplers.push_back(std::make_unique<SockDiagSampler>());
            if (!samplers.back()->ok())
                return samplers.back()->error();
        }
        return {};
    }

    /// A non-blocking socket made in host's namespace.
    int socketIn(int host, int type) const
    {
        NetnsScope in(topology.host(host).netns);
        return in.error().empty() ? ::socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0) : -1;
    }

    sockaddr_in addressOf(int host, std::uint16_t port) const
    {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = topology.host(host).addressBe;
        return a;
    }

    /// Runs the wire until fd is readable (true) or the bound passes (false).
    bool waitReadable(int fd, std::int64_t timeoutMs = kWaitMs)
    {
        return relay.runUntil([fd] {
            pollfd p{fd, POLLIN, 0};
            return ::poll(&p, 1, 0) > 0;
        }, timeoutMs);
    }

    struct Connection {
        int client = -1;             ///< in host 0
        int server = -1;             ///< accepted, in host 1
        std::uint16_t clientPort = 0;
        std::uint16_t serverPort = 0;
        void close()
        {
            if (client >= 0) ::close(client);
            if (server >= 0) ::close(server);
            client = server = -1;
        }
    };

    /// A TCP connection from host 0 to host 1 across the wire. Ports are
    /// fresh each time, so connections of one test never mix.
    std::optional<Connection> connect()
    {
        Connection c;
        c.serverPort = nextPort_++;
        const int listener = socketIn(1, SOCK_STREAM);
        const sockaddr_in server = addressOf(1, c.serverPort);
        if (listener < 0 || ::bind(listener, reinterpret_cast<const sockaddr*>(&server), sizeof server) != 0 ||
            ::listen(listener, 4) != 0)
            return std::nullopt;
        c.client = socketIn(0, SOCK_STREAM);
        if (::connect(c.client, reinterpret_cast<const sockaddr*>(&server), sizeof server) == 0 || errno != EINPROGRESS)
            return std::nullopt;
        // The listener is readable once the server got the final ACK, which
        // the client sent after it had taken the SYN-ACK: both are connected.
        if (!waitReadable(listener))
            return std::nullopt;
        c.server = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        ::close(listener);
        sockaddr_in local{};
        socklen_t len = sizeof local;
        ::getsockname(c.client, reinterpret_cast<sockaddr*>(&local), &len);
        c.clientPort = ntohs(local.sin_port);
        int err = 0;
        len = sizeof err;
        ::getsockopt(c.client, SOL_SOCKET, SO_ERROR, &err, &len);
        if (c.server < 0 || err != 0)
            return std::nullopt;
        return c;
    }

    /// The kernel's state of the socket in host with these ports, sampled
    /// with sock_diag in that host's namespace; -1 when there is none.
    int sampledState(int host, std::uint16_t localPort, std::uint16_t remotePort)
    {
        const std::string local = topology.host(host).address + ":" + std::to_string(localPort);
        const std::string remote = topology.host(1 - host).address + ":" + std::to_string(remotePort);
        for (const SocketSample& s : samplers.at(static_cast<std::size_t>(host))->sample())
            if (s.local == local && s.remote == remote)
                return s.state;
        return -1;
    }
    int clientState(const Connection& c) { return sampledState(0, c.clientPort, c.serverPort); }
    int serverState(const Connection& c) { return sampledState(1, c.serverPort, c.clientPort); }

    /// Runs the wire until both sampled states are as asked.
    bool waitStates(const Connection& c, int client, int server)
    {
        return relay.runUntil([&] { return clientState(c) == client && serverState(c) == server; }, kWaitMs);
    }

    /// A UDP sender in host 0 connected to a receiver in host 1.
    struct Datagrams {
        int tx = -1;
        int rx = -1;
        ~Datagrams()
        {
            if (tx >= 0) ::close(tx);
            if (rx >= 0) ::close(rx);
        }
    };
    std::unique_ptr<Datagrams> datagrams(std::uint16_t port)
    {
        auto d = std::make_unique<Datagrams>();
        d->rx = socketIn(1, SOCK_DGRAM);
        d->tx = socketIn(0, SOCK_DGRAM);
        const sockaddr_in to = addressOf(1, port);
        if (d->rx < 0 || d->tx < 0 || ::bind(d->rx, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0 ||
            ::connect(d->tx, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0)
            return nullptr;
        return d;
    }
    /// Reads datagrams until `last` (a first byte) arrives; their first bytes in order.
    std::vector<int> receiveUntil(int rx, int last)
    {
        std::vector<int> got;
        while (got.empty() || got.back() != last) {
            if (!waitReadable(rx))
                break;
            unsigned char buf[2048];
            while (::recv(rx, buf, sizeof buf, 0) > 0)
                got.push_back(buf[0]);
        }
        return got;
    }

    /// Held frames that are TCP segments with all of `flags`, from host.
    int heldWith(int from, std::uint8_t flags) const
    {
        int n = 0;
        for (const WireFrame& f : relay.frames()) {
            const auto seg = f.tcp();
            if (f.fate == WireFate::Held && f.from == from && seg && (seg->flags & flags) == flags)
                ++n;
        }
        return n;
    }

    WireTopology topology;
    WireRelay relay;
    std::vector<std::unique_ptr<SockDiagSampler>> samplers;

private:
    std::uint16_t nextPort_ = 5000;
};

} // namespace finscope::testing
