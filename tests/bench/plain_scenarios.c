// SPDX-License-Identifier: MIT
// The baseline for bench_runner.sh: plain C programs making the same system
// calls as four catalogue scenarios, with the same process structure (one
// process per endpoint, steps in order), and nothing else: no capture, no
// sock_diag, no settling. `plain_scenarios NAME` runs one.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int to_client[2], to_server[2];  // step tokens: each side waits for its turn

static void give(int* pipe_) { (void)!write(pipe_[1], "x", 1); }
static void take(int* pipe_) { char c; (void)!read(pipe_[0], &c, 1); }

static struct sockaddr_in server_address(int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static int listener(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);  // repeated runs on the host loopback
    struct sockaddr_in a = server_address(5055);
    bind(fd, (struct sockaddr*)&a, sizeof a);
    listen(fd, 16);
    return fd;
}

static int connector(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = server_address(port);
    connect(fd, (struct sockaddr*)&a, sizeof a);
    return fd;
}

// The client: runs `body` when the server hands it the turn.
static pid_t client(void (*body)(void)) {
    pid_t pid = fork();
    if (pid == 0) {
        body();
        _exit(0);
    }
    return pid;
}

static void write_after_close_client(void) {
    take(to_client);
    int fd = connector(5055);
    give(to_server);
    take(to_client);
    close(fd);
    give(to_server);
}

static void write_after_close(void) {
    int l = listener();
    pid_t c = client(write_after_close_client);
    give(to_client);
    take(to_server);
    int fd = accept(l, NULL, NULL);
    give(to_client);
    take(to_server);
    pid_t server = fork();  // the writer dies of SIGPIPE, as in the scenario
    if (server == 0) {
        (void)!write(fd, "123", 3);
        usleep(0);
        (void)!write(fd, "456", 3);
        _exit(0);
    }
    waitpid(server, NULL, 0);
    waitpid(c, NULL, 0);
}

static void graceful_client(void) {
    take(to_client);
    int fd = connector(5055);
    give(to_server);
    take(to_client);
    (void)!write(fd, "hello", 5);
    close(fd);
    give(to_server);
}

static void graceful_close(void) {
    int l = listener();
    pid_t c = client(graceful_client);
    give(to_client);
    take(to_server);
    int fd = accept(l, NULL, NULL);
    give(to_client);
    take(to_server);
    char buf[100];
    while (read(fd, buf, sizeof buf) > 0) {
    }
    close(fd);
    waitpid(c, NULL, 0);
}

static void refused_client(void) {
    int fd = connector(5056);
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
}

static void connection_refused(void) { waitpid(client(refused_client), NULL, 0); }

static void linger_client(void) {
    take(to_client);
    int fd = connector(5055);
    give(to_server);
    take(to_client);
    struct linger l = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd);
    give(to_server);
}

static void linger_abortive(void) {
    int l = listener();
    pid_t c = client(linger_client);
    give(to_client);
    take(to_server);
    int fd = accept(l, NULL, NULL);
    give(to_client);
    take(to_server);
    char buf[100];
    (void)!recv(fd, buf, sizeof buf, 0);
    (void)!recv(fd, buf, sizeof buf, 0);
    waitpid(c, NULL, 0);
}

int main(int argc, char** argv) {
    if (argc != 2 || pipe(to_client) || pipe(to_server)) return 2;
    if (!strcmp(argv[1], "write-after-peer-close")) write_after_close();
    else if (!strcmp(argv[1], "graceful-close")) graceful_close();
    else if (!strcmp(argv[1], "connection-refused")) connection_refused();
    else if (!strcmp(argv[1], "linger-abortive-close")) linger_abortive();
    else return 2;
    return 0;
}
