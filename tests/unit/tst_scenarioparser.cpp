// SPDX-License-Identifier: MIT
#include "core/scenarioparser.h"

#include "parsehelpers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace finscope;

namespace {

const std::string kHead = "title: T\n";

const std::string kPath = "dir/01-my-test.fsc";

ParseResult parse(const std::string& text, const std::string& path = kPath) {
    return parseScenario(text, path);
}
Scenario parseOk(const std::string& text) { return finscope::testing::parseOk(text, kPath); }
std::vector<std::string> errors(const std::string& text) { return finscope::testing::parseErrors(text, kPath); }
std::string oneError(const std::string& text) { return finscope::testing::oneError(text, kPath); }

const std::string kConnected = kHead + "server: listen()\nclient: connect()\nserver: accept()\n";

} // namespace

// ---------------------------------------------------------------- headers

TEST(ScenarioParser, HeadersAndAboutBlock) {
    const Scenario s = parseOk("# comment\n"
                               "title: Writing to a peer that has closed\n"
                               "group: Writing after close\n"
                               "about: |\n"
                               "  The first write succeeds: the data is queued. Then more.\n"
                               "    indented more\n"
                               "\n"
                               "  Second paragraph.\n"
                               "\n"
                               "server: listen()\n");
    EXPECT_EQ(s.title, "Writing to a peer that has closed");
    EXPECT_EQ(s.group, "Writing after close");
    EXPECT_EQ(s.about, "The first write succeeds: the data is queued. Then more.\n  indented more\n\nSecond paragraph.");
    EXPECT_EQ(s.summary, "The first write succeeds: the data is queued.");
    EXPECT_EQ(s.id, "my-test");
    EXPECT_EQ(s.path, "dir/01-my-test.fsc");
    ASSERT_EQ(s.steps.size(), 1u);
    EXPECT_EQ(s.steps[0].pos, (SourcePos{10, 1}));
}

TEST(ScenarioParser, Defaults) {
    const Scenario s = parseOk(kHead + "client: connect()\n");
    EXPECT_EQ(s.group, "My scenarios");
    EXPECT_EQ(s.summary, "");
    EXPECT_EQ(s.about, "");
    EXPECT_EQ(s.source, kHead + "client: connect()\n");
}

TEST(ScenarioParser, ExplicitSummaryAndInlineAbout) {
    const Scenario s = parseOk("title: T\nsummary: Short.\nabout: One line. Two.\nclient: connect()\n");
    EXPECT_EQ(s.summary, "Short.");
    EXPECT_EQ(s.about, "One line. Two.");
    const Scenario s2 = parseOk("title: T\nabout: No period here\nclient: connect()\n");
    EXPECT_EQ(s2.summary, "No period here");
}

TEST(ScenarioParser, HeaderValuesKeepHashAndCrLf) {
    const Scenario s = parseOk("title: Bug #42\r\nclient: connect() # a comment\r\n");
    EXPECT_EQ(s.title, "Bug #42");
    EXPECT_EQ(s.steps.at(0).text, "connect()");
}

TEST(ScenarioParser, IdStripsOrderPrefix) {
    EXPECT_EQ(scenarioIdFromPath("a/b/03-write-after-close.fsc"), "write-after-close");
    EXPECT_EQ(scenarioIdFromPath("write-after-close.fsc"), "write-after-close");
    EXPECT_EQ(scenarioIdFromPath("2024.fsc"), "2024");
    EXPECT_EQ(scenarioIdFromPath("x/12-.fsc"), "12-");
}

// ---------------------------------------------------------------- steps

TEST(ScenarioParser, DocumentExample) {
    const Scenario s = parseOk("title: Writing to a peer that has closed\n"
                               "server: listen()\n"
                               "client: connect()\n"
                               "server: accept()\n"
                               "client: close()\n"
                               "server: write(\"123\")        => 3\n"
                               "server: write(\"456\")        => -1 EPIPE, SIGPIPE\n");
    EXPECT_EQ(s.endpoints, (std::vector<std::string>{"server", "client"}));
    ASSERT_EQ(s.steps.size(), 6u);
    EXPECT_EQ(s.steps[0].results, (std::vector<std::string>{"listenfd"}));
    EXPECT_EQ(s.steps[0].fd, "");
    EXPECT_EQ(s.steps[1].results, (std::vector<std::string>{"sockfd"}));
    EXPECT_EQ(s.steps[2].fd, "listenfd");
    EXPECT_EQ(s.steps[2].results, (std::vector<std::string>{"connfd"}));
    EXPECT_EQ(s.steps[3].fd, "sockfd");
    const Step& w = s.steps[5];
    EXPECT_EQ(w.fd, "connfd");
    EXPECT_EQ(w.call, "write");
    EXPECT_EQ(w.text, "write(\"456\")");
    EXPECT_EQ(w.callPos, (SourcePos{7, 9}));
    ASSERT_EQ(w.args.size(), 1u);
    EXPECT_EQ(w.args[0].kind, Value::Kind::String);
    EXPECT_EQ(w.args[0].text, "456");
    ASSERT_TRUE(w.expect);
    EXPECT_EQ(w.expect->ret, -1);
    EXPECT_EQ(w.expect->errnoName, "EPIPE");
    EXPECT_EQ(w.expect->signal, "SIGPIPE");
    EXPECT_EQ(w.expect->text, "-1 EPIPE, SIGPIPE");
    EXPECT_EQ(w.expect->pos, (SourcePos{7, 32}));
    EXPECT_FALSE(s.steps[4].expect->errnoName);
}

TEST(ScenarioParser, EveryCallForm) {
    const Scenario s = parseOk(kHead +
                               "server: signal(SIGPIPE, SIG_IGN)\n"
                               "server: fd = socket(AF_INET6)\n"
                               "server: setsockopt(SO_REUSEADDR, 1)\n"
                               "server: bind(fd, \"[::1]:6000\")\n"
                               "server: listen(fd, 8)\n"
                               "server: l2 = listen(port=5001, backlog=4)\n"
                               "client: s = socket()\n"
                               "client: connect(s, 5001)\n"
                               "client: connect(\"127.0.0.1:5001\")\n"
                               "server: accept()\n"
                               "server: c2 = accept(fd)\n"
                               "client: send(s, 100, MSG_NOSIGNAL|MSG_DONTWAIT)\n"
                               "client: send(\"x\", 0)\n"
                               "server: read(connfd)\n"
                               "server: recv(connfd, 10, MSG_PEEK)\n"
                               "server: setsockopt(SO_LINGER, on=1, linger=0)\n"
                               "server: getsockopt(SO_ERROR) => 0, value=0\n"
                               "server: fcntl(O_NONBLOCK)\n"
                               "server: fcntl(BLOCKING)\n"
                               "server: poll(POLLIN|POLLRDHUP, -1) => 1, revents=POLLRDHUP|POLLIN\n"
                               "server: epoll_wait(EPOLLIN|EPOLLET) => 0, revents=0\n"
                               "server: shutdown(SHUT_WR)\n"
                               "server: sleep(10)\n"
                               "server: socketpair(AF_UNIX)\n"
                               "server: pipe()\n"
                               "server: child = fork()\n"
                               "child: write(wfd, \"\\x41\\n\\0\")\n"
                               "child: exit(3)\n"
                               "client: kill(SIGTERM)\n");
    ASSERT_EQ(s.steps.size(), 29u);
    EXPECT_EQ(s.endpoints, (std::vector<std::string>{"server", "client", "child"}));
    auto step = [&](std::size_t i) -> const Step& { return s.steps.at(i); };
    EXPECT_EQ(step(0).fd, "");
    EXPECT_EQ(step(1).results, (std::vector<std::string>{"fd"}));
    EXPECT_EQ(step(2).fd, "fd");
    EXPECT_EQ(step(3).fd, "fd");
    EXPECT_EQ(step(4).fd, "fd");
    EXPECT_TRUE(step(4).results.empty()); // listen(fd) defines nothing
    EXPECT_EQ(step(5).results, (std::vector<std::string>{"l2"}));
    EXPECT_EQ(step(7).fd, "s");
    EXPECT_TRUE(step(7).results.empty());
    EXPECT_EQ(step(8).results, (std::vector<std::string>{"sockfd"}));
    EXPECT_EQ(step(9).fd, "l2"); // the most recent listening socket
    EXPECT_EQ(step(10).fd, "fd");
    EXPECT_EQ(step(10).results, (std::vector<std::string>{"c2"}));
    EXPECT_EQ(step(11).fd, "s");
    EXPECT_EQ(step(13).fd, "connfd"); // written
    EXPECT_EQ(step(14).fd, "connfd");
    EXPECT_EQ(step(11).args.at(1).names, (std::vector<std::string>{"MSG_NOSIGNAL", "MSG_DONTWAIT"}));
    EXPECT_EQ(step(12).fd, "sockfd");
    EXPECT_EQ(step(15).fd, "c2"); // the most recently defined
    EXPECT_EQ(step(16).expect->optval, "0");
    EXPECT_EQ(step(19).expect->revents, "POLLIN|POLLRDHUP");
    EXPECT_EQ(step(19).args.at(1).integer, -1);
    EXPECT_EQ(step(20).expect->revents, "0");
    EXPECT_EQ(step(23).results, (std::vector<std::string>{"sv0", "sv1"}));
    EXPECT_EQ(step(24).results, (std::vector<std::string>{"rfd", "wfd"}));
    EXPECT_EQ(step(25).results, (std::vector<std::string>{"child"}));
    EXPECT_EQ(step(26).fd, "wfd");
    EXPECT_EQ(step(26).args.at(0).text, std::string("A\n\0", 3));
    EXPECT_EQ(step(27).args.at(0).integer, 3);
}

TEST(ScenarioParser, FindArgByParameterName) {
    const Scenario s = parseOk(kConnected + "server: setsockopt(SO_LINGER, 1, linger=5)\n"
                                            "server: send(connfd, \"x\", MSG_MORE)\n"
                                            "client: l = listen(6000)\n"
                                            "client: listen(l, 3)\n");
    const Step& so = s.steps.at(3);
    ASSERT_TRUE(findArg(so, "option"));
    EXPECT_TRUE(findArg(so, "option")->isName("SO_LINGER"));
    EXPECT_EQ(findArg(so, "on")->integer, 1);
    EXPECT_EQ(findArg(so, "linger")->integer, 5);
    EXPECT_EQ(findArg(s.steps.at(4), "data")->text, "x");
    EXPECT_TRUE(findArg(s.steps.at(4), "flags")->isName("MSG_MORE"));
    EXPECT_EQ(findArg(s.steps.at(5), "port")->integer, 6000);
    EXPECT_EQ(findArg(s.steps.at(5), "backlog"), nullptr);
    EXPECT_EQ(findArg(s.steps.at(6), "backlog")->integer, 3);
    EXPECT_EQ(findArg(s.steps.at(6), "port"), nullptr);
}

TEST(ScenarioParser, FamilyComesFirstForListenAndConnect) {
    const Scenario s = parseOk(kHead + "server: listen(AF_INET6, 6000, 4)\nclient: connect(AF_INET6, port=6000)\n");
    EXPECT_TRUE(findArg(s.steps.at(0), "family")->isName("AF_INET6"));
    EXPECT_EQ(findArg(s.steps.at(0), "port")->integer, 6000);
    EXPECT_EQ(findArg(s.steps.at(0), "backlog")->integer, 4);
    EXPECT_TRUE(findArg(s.steps.at(1), "family")->isName("AF_INET6"));
    EXPECT_EQ(findArg(s.steps.at(1), "port")->integer, 6000);
    EXPECT_EQ(oneError(kHead + "server: listen(6000, AF_INET6)\n"), "2:22: 'backlog' of listen() must be a number");
    EXPECT_EQ(oneError(kHead + "server: listen(AF_UNIX)\n"), "2:16: AF_UNIX is not valid for listen() (use AF_INET or AF_INET6)");
}

TEST(ScenarioParser, ForkInheritsNamesAtTheForkStep) {
    const Scenario s = parseOk(kConnected + "server: worker = fork()\n"
                                            "worker: close(listenfd)\n"
                                            "server: x = socket()\n"
                                            "worker: write(\"hi\")\n");
    EXPECT_EQ(s.steps.at(4).fd, "listenfd");
    EXPECT_EQ(s.steps.at(6).fd, "connfd"); // not x: defined after the fork
    EXPECT_EQ(oneError(kConnected + "server: w = fork()\nserver: y = socket()\nw: close(y)\n"),
                 "7:10: 'y' is not defined for endpoint 'w' (defined: listenfd, connfd)");
}

TEST(ScenarioParser, CloseUndefinesAndAllowsReuse) {
    const Scenario s = parseOk(kHead + "client: connect()\nclient: close(sockfd)\nclient: connect()\nclient: close()\n");
    EXPECT_EQ(s.steps.at(3).fd, "sockfd");
    EXPECT_EQ(oneError(kHead + "client: connect()\nclient: close()\nclient: write(\"x\")\n"),
              "4:9: write() needs a descriptor, and endpoint 'client' has none open");
}

TEST(ScenarioParser, CurrentDescriptorIsMostRecentlyDefined) {
    const Scenario s = parseOk(kConnected + "server: extra = socket()\nserver: close()\nserver: write(\"x\")\n");
    EXPECT_EQ(s.steps.at(4).fd, "extra");
    EXPECT_EQ(s.steps.at(5).fd, "connfd");
}

TEST(ScenarioParser, StringEscapesAndComments) {
    const Scenario s = parseOk(kConnected + "server: write(\"a#b\\t\\\"c\\\\\\r\") # trailing\n");
    EXPECT_EQ(s.steps.at(3).args.at(0).text, "a#b\t\"c\\\r");
}

TEST(ScenarioParser, ExpectationForms) {
    const Scenario s = parseOk(kConnected + "server: recv() => 0, blocked\n"
                                            "server: read() => 3, data=\"abc\"\n"
                                            "server: write(5) => -1\n");
    EXPECT_TRUE(s.steps.at(3).expect->blocked);
    EXPECT_EQ(s.steps.at(4).expect->data, "abc");
    EXPECT_EQ(s.steps.at(5).expect->ret, -1);
    EXPECT_FALSE(s.steps.at(5).expect->errnoName);
}

TEST(ScenarioParser, TabsAndUnicodeCountOneColumn) {
    EXPECT_EQ(oneError("title: T\nclient:\tconect()\n"), "2:9: unknown call 'conect' (did you mean connect?)");
    EXPECT_EQ(errors("title: T\nclient: connect()\nclient: write(\"éé\", x)\n").at(0),
              "3:21: too many arguments for write() (it takes: fd, data)");
}

// ---------------------------------------------------------------- errors

TEST(ScenarioParserErrors, UnknownCallWithSuggestion) {
    EXPECT_EQ(oneError(kConnected + "server: wirte(\"x\")\n"), "5:9: unknown call 'wirte' (did you mean write?)");
    EXPECT_EQ(oneError(kConnected + "server: frobnicate()\n"), "5:9: unknown call 'frobnicate'");
}

TEST(ScenarioParserErrors, MisspeltFlagWithSuggestion) {
    EXPECT_EQ(oneError(kConnected + "server: send(\"x\", MSG_NOSIGNALL)\n"),
              "5:19: unknown flag 'MSG_NOSIGNALL' (did you mean MSG_NOSIGNAL?)");
    EXPECT_EQ(oneError(kConnected + "server: send(\"x\", MSG_DONTWAIT|MSG_NOSIGNALL)\n"),
              "5:32: unknown flag 'MSG_NOSIGNALL' (did you mean MSG_NOSIGNAL?)");
    EXPECT_EQ(oneError(kConnected + "server: send(\"x\", MSG_PEEK)\n"),
              "5:19: MSG_PEEK is not valid for send() (use MSG_NOSIGNAL, MSG_DONTWAIT, MSG_OOB or MSG_MORE)");
    EXPECT_EQ(oneError(kConnected + "server: shutdown(SHUT_WRR)\n"),
              "5:18: unknown shutdown mode 'SHUT_WRR' (did you mean SHUT_WR?)");
    EXPECT_EQ(oneError(kConnected + "server: shutdown(connfd, SHUT_RD|SHUT_WR)\n"),
              "5:34: only one shutdown mode can be given: SHUT_RD, SHUT_WR or SHUT_RDWR");
    EXPECT_EQ(oneError(kConnected + "server: setsockopt(SO_LINGERR, 1)\n"),
              "5:20: unknown socket option 'SO_LINGERR' (did you mean SO_LINGER?)");
    EXPECT_EQ(oneError(kConnected + "server: signal(SIGPIPEE, SIG_IGN)\n"),
              "5:16: unknown signal 'SIGPIPEE' (did you mean SIGPIPE?)");
    EXPECT_EQ(oneError(kConnected + "server: poll(POLLINN)\n"), "5:14: unknown poll event 'POLLINN' (did you mean POLLIN?)");
    EXPECT_EQ(oneError(kConnected + "server: fcntl(~O_NONBLOCK)\n"), "5:15: '~O_NONBLOCK' is written BLOCKING");
}

TEST(ScenarioParserErrors, UndefinedDescriptor) {
    EXPECT_EQ(oneError(kHead + "server: listen()\nserver: write(connfd, \"x\")\n"),
              "3:15: 'connfd' is not defined for endpoint 'server' (defined: listenfd)");
    EXPECT_EQ(oneError(kHead + "server: close(nothing)\n"),
              "2:15: 'nothing' is not defined for endpoint 'server' (it has no open descriptor)");
    EXPECT_EQ(oneError(kHead + "client: connect()\nserver: close(sockfd)\n"),
              "3:15: 'sockfd' is not defined for endpoint 'server' (it has no open descriptor)");
    EXPECT_EQ(oneError(kHead + "server: listen()\nclient: accept()\n"),
              "3:9: accept() needs a listening socket, and endpoint 'client' has none (call listen() first)");
}

TEST(ScenarioParserErrors, UnterminatedStringAndBadEscape) {
    EXPECT_EQ(oneError(kConnected + "server: write(\"abc)\n"), "5:15: unterminated string (missing closing '\"')");
    EXPECT_EQ(oneError(kConnected + "server: write(\"a\\q\")\n"),
              "5:17: unknown escape '\\q' (use \\n \\r \\t \\\\ \\\" \\0 or \\xHH)");
    EXPECT_EQ(oneError(kConnected + "server: write(\"\\x4\")\n"), "5:16: '\\x' needs two hex digits, as in \\x0a");
}

TEST(ScenarioParserErrors, MissingParenthesis) {
    EXPECT_EQ(oneError(kConnected + "server: write(\"abc\"   # oops\n"), "5:20: missing ')' to close 'write('");
    EXPECT_EQ(oneError(kConnected + "server: close\n"), "5:14: expected '(' after 'close' but found the end of the line");
    EXPECT_EQ(oneError(kConnected + "server: write(\"a\" \"b\")\n"), "5:19: expected ',' or ')' but found a string");
    EXPECT_EQ(oneError(kConnected + "server: write(\"a\",)\n"), "5:19: expected a value but found ')'");
    EXPECT_EQ(oneError(kConnected + "server: write(\"a\") extra\n"), "5:20: unexpected 'extra' after the call");
}

TEST(ScenarioParserErrors, BadExpectation) {
    EXPECT_EQ(oneError(kConnected + "server: write(\"x\") => EPIPE\n"),
              "5:23: expected the return value after '=>' (as in '=> 0' or '=> -1 EPIPE') but found 'EPIPE'");
    EXPECT_EQ(oneError(kConnected + "server: write(\"x\") =>\n"),
              "5:22: expected the return value after '=>' (as in '=> 0' or '=> -1 EPIPE') but found the end of the line");
    EXPECT_EQ(oneError(kConnected + "server: write(\"x\") => -1 EPIPEE\n"),
              "5:26: unknown errno name 'EPIPEE' (did you mean EPIPE?)");
    EXPECT_EQ(oneError(kConnected + "server: write(\"x\") => 3 EPIPE\n"),
              "5:25: an errno name follows only -1, as in '=> -1 EPIPE'");
    EXPECT_EQ(oneError(kConnected + "server: write(\"x\") => -1, EPIPE\n"),
              "5:27: the errno name goes right after -1, as in '=> -1 EPIPE'");
    EXPECT_EQ(oneError(kConnected + "server: write(\"x\") => -1 EPIPE, SIGPIPEE\n"),
              "5:33: unknown expectation 'SIGPIPEE' (did you mean SIGPIPE?)");
    EXPECT_EQ(oneError(kConnected + "server: write(\"x\") => 1, revents=POLLIN\n"),
              "5:26: revents= applies only to poll() and epoll_wait()");
    EXPECT_EQ(oneError(kConnected + "server: poll(POLLIN) => 1, revents=POLLIN|POLLHUPP\n"),
              "5:43: unknown poll event 'POLLHUPP' (did you mean POLLHUP?)");
    EXPECT_EQ(oneError(kConnected + "server: getsockopt(SO_ERROR) => 0, value=ECONNRESETT\n"),
              "5:42: unknown errno name 'ECONNRESETT' (did you mean ECONNRESET?)");
    EXPECT_EQ(oneError(kConnected + "server: write(\"x\") => 1, data=\"x\"\n"),
              "5:26: data= applies only to read() and recv()");
    EXPECT_EQ(oneError(kConnected + "server: write(\"x\") => 1 blocked\n"), "5:25: missing ',' before 'blocked'");
}

TEST(ScenarioParserErrors, MissingTitleAndNoSteps) {
    EXPECT_EQ(oneError("client: connect()\n"), "1:1: missing 'title:' header");
    EXPECT_EQ(oneError("title: T\n# only a comment\n"), "1:1: no steps: add lines such as 'client: connect()'");
    const auto e = errors("");
    EXPECT_EQ(e, (std::vector<std::string>{"1:1: missing 'title:' header",
                                           "1:1: no steps: add lines such as 'client: connect()'"}));
    EXPECT_EQ(oneError("title:\nclient: connect()\n"), "1:7: empty 'title:' header");
}

TEST(ScenarioParserErrors, Headers) {
    EXPECT_EQ(oneError(kHead + "client: connect()\ngroup: late\n"), "3:1: header 'group:' must come before the first step");
    EXPECT_EQ(oneError(kHead + "title: again\nclient: connect()\n"), "2:1: duplicate 'title:' header (first on line 1)");
    EXPECT_EQ(oneError(kHead + "sumary: x\nclient: connect()\n"), "2:1: unknown header 'sumary:' (did you mean summary:?)");
    // An endpoint whose name is close to a header key is still an endpoint.
    const Scenario s = parseOk(kHead + "groups: w = fork()\nw: connect()\nsummarys: connect()\n");
    EXPECT_EQ(s.endpoints, (std::vector<std::string>{"groups", "w", "summarys"}));
    EXPECT_EQ(oneError(kHead + "author: Me\nclient: connect()\n"),
              "2:1: 'author:' is neither a header (title, group, summary, about) nor a step such as 'client: connect()'");
    EXPECT_EQ(oneError(kHead + "client: connect()\n  ???\n"), "3:3: expected a step 'endpoint: call(...)' or a header 'key: value'");
    // The block of a misplaced about: is skipped, not read as steps.
    EXPECT_EQ(oneError(kHead + "client: connect()\nabout: |\n  text (with parens)\n"),
              "3:1: header 'about:' must come before the first step");
}

TEST(ScenarioParserErrors, ReuseOfOpenName) {
    EXPECT_EQ(oneError(kHead + "client: connect()\nclient: connect()\n"),
              "3:9: 'sockfd' is still open on endpoint 'client'; name the new one: sockfd2 = connect(), or use the open "
              "one: connect(sockfd)");
    EXPECT_EQ(oneError(kHead + "client: socket()\nclient: connect()\n"),
              "3:9: 'sockfd' is still open on endpoint 'client'; name the new one: sockfd2 = connect(), or use the open "
              "one: connect(sockfd)");
    EXPECT_EQ(oneError(kHead + "client: a = socket()\nclient: b, a = socketpair()\n"),
              "3:12: 'a' is still open on endpoint 'client'; name the new one: a2 = socketpair()");
}

TEST(ScenarioParserErrors, ForkWithoutName) {
    EXPECT_EQ(oneError(kConnected + "server: fork()\n"),
              "5:9: fork() needs one name for the child endpoint, as in 'worker = fork()'");
    EXPECT_EQ(oneError(kConnected + "server: client = fork()\n"),
              "5:9: endpoint 'client' already exists; name the child differently");
}

TEST(ScenarioParserErrors, Arity) {
    EXPECT_EQ(oneError(kConnected + "server: shutdown()\n"),
              "5:18: shutdown() needs the argument 'how': SHUT_RD, SHUT_WR or SHUT_RDWR");
    EXPECT_EQ(oneError(kConnected + "server: close(connfd, 1)\n"), "5:23: too many arguments for close() (it takes: fd)");
    EXPECT_EQ(oneError(kConnected + "server: write(\"x\", data=\"y\")\n"), "5:20: argument 'data' given twice");
    EXPECT_EQ(oneError(kConnected + "server: recv(cnt=3)\n"), "5:14: recv() has no argument 'cnt'");
    EXPECT_EQ(oneError(kConnected + "server: setsockopt(SO_LINGER, on=1)\n"),
              "5:35: setsockopt() needs the argument 'linger'");
    EXPECT_EQ(oneError(kConnected + "server: pipe(1)\n"), "5:14: too many arguments for pipe() (it takes: nothing)");
    EXPECT_EQ(oneError(kConnected + "server: x = write(\"a\")\n"), "5:9: write() defines no name (remove 'x =')");
    EXPECT_EQ(oneError(kConnected + "server: a = socketpair()\n"),
              "5:9: socketpair() defines two names, as in 'sv0, sv1 = socketpair()'");
}

TEST(ScenarioParserErrors, ArgumentKinds) {
    EXPECT_EQ(oneError(kConnected + "server: write(SHUT_WR)\n"), "5:15: 'data' of write() must be a string or a byte count");
    EXPECT_EQ(oneError(kConnected + "server: recv(MSG_PEEKK)\n"),
              "5:14: 'count' of recv() must be a number; for flags write flags=MSG_PEEK");
    EXPECT_EQ(oneError(kConnected + "server: poll(connfd, 100)\n"),
              "5:22: 'events' of poll() must be POLLIN, POLLPRI, POLLOUT, POLLERR, POLLHUP, POLLNVAL, POLLRDHUP or 0");
    EXPECT_EQ(oneError(kConnected + "server: shutdown(1)\n"),
              "5:18: 'how' of shutdown() must be SHUT_RD, SHUT_WR or SHUT_RDWR");
    EXPECT_EQ(oneError(kHead + "server: listen(70000)\n"), "2:16: 'port' of listen() must be from 1 to 65535");
    EXPECT_EQ(oneError(kConnected + "server: sleep(-5)\n"), "5:15: 'seconds' of sleep() must be from 0 to 120");
    EXPECT_EQ(oneError(kConnected + "server: read(99999999999999999999)\n"), "5:14: number out of range");
    EXPECT_EQ(oneError(kConnected + "server: sleep(10ms)\n"), "5:15: '10ms' has a unit; arguments are plain numbers (sleep() takes seconds, usleep() microseconds)");
    EXPECT_EQ(oneError(kHead + "client: connect(\"localhost:80\")\n"),
              "2:17: bad address \"localhost:80\" (write \"127.0.0.1:5000\" or \"[::1]:5000\")");
    // Loopback only, in every mode: nothing may leave the machine or listen on every interface.
    EXPECT_EQ(oneError(kHead + "client: connect(\"93.184.216.34:80\")\n"),
              "2:17: '93.184.216.34' is not a loopback address: scenarios reach 127.0.0.0/8 and ::1 only");
    EXPECT_EQ(oneError(kHead + "client: connect(\"[2001:db8::1]:80\")\n"),
              "2:17: '2001:db8::1' is not a loopback address: scenarios reach 127.0.0.0/8 and ::1 only");
    EXPECT_EQ(oneError(kHead + "server: s = socket()\nserver: bind(s, \"0.0.0.0:5000\")\n"),
              "3:17: '0.0.0.0' is not a loopback address: scenarios reach 127.0.0.0/8 and ::1 only");
    EXPECT_TRUE(errors(kHead + "client: connect(\"127.0.0.2:5000\")\n").empty()) << "all of 127.0.0.0/8 is loopback";
    EXPECT_EQ(oneError(kConnected + "server: setsockopt(SO_ERROR, 1)\n"),
              "5:20: SO_ERROR can only be read: use getsockopt(SO_ERROR)");
    EXPECT_EQ(oneError(kHead + "server: socket(AF_UNIX)\n"),
              "2:16: AF_UNIX is not valid for socket() (use AF_INET or AF_INET6)");
}

TEST(ScenarioParserErrors, AfterExit) {
    EXPECT_EQ(oneError(kConnected + "client: exit()\nclient: close()\n"), "6:1: endpoint 'client' has already exited (line 5)");
}

TEST(ScenarioParserErrors, ReportsEveryErrorInFileOrder) {
    const auto e = errors("titel: x\n"
                          "server: listen()\n"
                          "server: wirte(\"a\")\n"
                          "server: write(\"b\n"
                          "server: accept()\n"
                          "server: send(\"c\", MSG_NOSIGNALL) => -1 EPIPEE\n");
    EXPECT_EQ(e, (std::vector<std::string>{
                     "1:1: missing 'title:' header",
                     "1:1: unknown header 'titel:' (did you mean title:?)",
                     "3:9: unknown call 'wirte' (did you mean write?)",
                     "4:15: unterminated string (missing closing '\"')",
                     "6:19: unknown flag 'MSG_NOSIGNALL' (did you mean MSG_NOSIGNAL?)",
                     "6:40: unknown errno name 'EPIPEE' (did you mean EPIPE?)",
                 }));
}

TEST(ScenarioParserErrors, ExampleOfTheFormatDocument) {
    // docs/scenario-format.md quotes this output: keep the two in step.
    const std::string text = "titel: Reading after the peer closed\n"
                             "server: listen()\n"
                             "client: connect()\n"
                             "server: accept()\n"
                             "client: close()\n"
                             "server: recv(MSG_PEEKK)            => 0\n"
                             "server: send(\"x\", MSG_NOSIGNALL)\n"
                             "server: write(conn, \"x\")\n"
                             "server: wirte(\"x\")                 => -1 EPIPE, SIGPIPE\n";
    std::vector<std::string> got;
    for (const auto& e : parse(text).errors) got.push_back(formatError("my.fsc", e));
    EXPECT_EQ(got, (std::vector<std::string>{
                       "my.fsc:1:1: missing 'title:' header",
                       "my.fsc:1:1: unknown header 'titel:' (did you mean title:?)",
                       "my.fsc:6:14: 'count' of recv() must be a number; for flags write flags=MSG_PEEK",
                       "my.fsc:7:19: unknown flag 'MSG_NOSIGNALL' (did you mean MSG_NOSIGNAL?)",
                       "my.fsc:8:15: 'conn' is not defined for endpoint 'server' (defined: listenfd, connfd)",
                       "my.fsc:9:9: unknown call 'wirte' (did you mean write?)",
                   }));
}

TEST(ScenarioParserErrors, BrokenLineStillDefinesItsNames) {
    // Line 3 is broken, but its connfd must not make line 4 an error too.
    EXPECT_EQ(oneError(kHead + "server: listen()\nserver: accept( => 0\nserver: write(connfd, \"x\")\n"),
              "3:17: expected a value but found '=>'");
}

TEST(ScenarioParserErrors, FormatError) {
    EXPECT_EQ(formatError("my.fsc", {{7, 16}, "boom"}), "my.fsc:7:16: boom");
    EXPECT_EQ(formatError("my.fsc", {{0, 0}, "cannot read"}), "my.fsc: cannot read");
}

TEST(ScenarioParserErrors, GarbageNeverThrows) {
    const std::string inputs[] = {
        std::string("\0\0\0", 3), "title", ":", "::::", "a:", "a: b = ", "a: (", "a: x(", "a: x(,", "a: x(y=", "a: x(y|",
        "a: x(y|)", "a: x() =>", "a: x() => -", "a: x() => 1,", "a: x() => 1, revents", "a: x() => 1, revents=",
        "about: |", "about: |\n", "title: t\nabout: |\n\n\n", "\xff\xfe: x()", "a: \"\\", "a: w(\"\\x", "a: - ",
        std::string(100000, '('), "title: t\n" + std::string(5000, 'a') + ": x()",
    };
    for (const auto& in : inputs) {
        const ParseResult r = parse(in);
        EXPECT_FALSE(r.ok()) << in.substr(0, 40);
        for (const auto& e : r.errors) {
            EXPECT_GE(e.pos.line, 1);
            EXPECT_GE(e.pos.column, 1);
        }
    }
}

TEST(ScenarioParserErrors, LongLinesStayLinear) {
    // Columns used to be recounted from the line start for every token.
    std::string line = "client: write(\"x\"";
    for (int i = 0; i < 50000; ++i) line += ",1";
    const auto r = parse(kHead + "client: connect()\n" + line + ")\n");
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].pos, (SourcePos{3, 19}));
}

TEST(ScenarioParserErrors, ManyErrorsAreCapped) {
    std::string text = kHead;
    for (int i = 0; i < 500; ++i) text += "client: nope()\n";
    const auto r = parse(text);
    EXPECT_LE(r.errors.size(), 101u);
    EXPECT_EQ(r.errors.back().message, "too many errors; stopping here");
}
