// SPDX-License-Identifier: MIT
#include "ui/predict/predictquestions.h"

#include "core/scenario/questiontopics.h"

#include <algorithm>
#include <array>
#include <string_view>

using namespace Qt::StringLiterals;

namespace {

bool isOneOf(const std::string& call, std::initializer_list<std::string_view> calls)
{
    return std::find(calls.begin(), calls.end(), call) != calls.end();
}

bool writes(const finscope::Step& s) { return isOneOf(s.call, {"write", "send"}); }
bool reads(const finscope::Step& s) { return isOneOf(s.call, {"read", "recv"}); }

/// The byte count the author asked write()/send() to write: a string's
/// length, or N for the N-byte pattern. -1 when it cannot be told.
std::int64_t bytesToWrite(const finscope::Step& s)
{
    const finscope::Value* data = s.arg("data");
    if (!data && !s.args.empty() && s.args.front().key.empty())
        data = &s.args.front();
    if (!data)
        return -1;
    if (data->kind == finscope::Value::Kind::String)
        return static_cast<std::int64_t>(data->text.size());
    if (data->kind == finscope::Value::Kind::Integer)
        return data->integer;
    return -1;
}

PredictQuestion::Choice errnoChoice(const char* name)
{
    return {u"-1 %1"_s.arg(QLatin1StringView(name)), u"errno:%1"_s.arg(QLatin1StringView(name))};
}

} // namespace

QString PredictQuestions::topicName(PredictQuestion::Topic topic)
{
    switch (topic) {
    case PredictQuestion::Topic::Return: return u"return"_s;
    case PredictQuestion::Topic::Wire: return u"wire"_s;
    case PredictQuestion::Topic::Signal: return u"signal"_s;
    case PredictQuestion::Topic::State: return u"state"_s;
    case PredictQuestion::Topic::Author: return u"author"_s;
    }
    return {};
}

std::vector<PredictQuestion> PredictQuestions::forStep(const finscope::Step& step)
{
    std::vector<PredictQuestion> questions;
    for (const finscope::Question& q : step.questions)
        if (q.topic.empty())
            questions.push_back(authorQuestion(q));
    // Which kinds fit which call is the parser's rule too (it checks `ask wire:`).
    for (const std::string& topic : finscope::fsc::questionTopics(step.call)) {
        PredictQuestion q = topic == "return" ? returnQuestion(step)
                            : topic == "wire" ? wireQuestion()
                            : topic == "signal" ? signalQuestion()
                                                : stateQuestion(step);
        for (const finscope::Question& authored : step.questions)
            if (authored.topic == topic) {
                q.prompt = QString::fromStdString(authored.prompt);
                q.explain = QString::fromStdString(authored.explain);
                q.authored = true;
                q.number = authored.number;
            }
        questions.push_back(std::move(q));
    }
    return questions;
}

PredictQuestion PredictQuestions::returnQuestion(const finscope::Step& step)
{
    PredictQuestion q;
    q.topic = PredictQuestion::Topic::Return;
    q.prompt = tr("What does %1 return?").arg(QString::fromStdString(step.text));
    auto& ch = q.choices;
    const std::string& c = step.call;
    if (writes(step)) {
        const std::int64_t n = bytesToWrite(step);
        if (n >= 0)
            ch.push_back({tr("%1 (every byte accepted)").arg(n), u"ret:%1"_s.arg(n)});
        else
            ch.push_back({tr("the byte count (success)"), u"ret:>0"_s});
        ch.push_back(errnoChoice("EPIPE"));
        ch.push_back(errnoChoice("ECONNRESET"));
        ch.push_back(errnoChoice("EAGAIN"));
    } else if (reads(step)) {
        ch.push_back({tr("data (more than 0 bytes)"), u"ret:>0"_s});
        ch.push_back({tr("0 (end of file)"), u"ret:0"_s});
        ch.push_back(errnoChoice("ECONNRESET"));
        ch.push_back(errnoChoice("EAGAIN"));
        ch.push_back({tr("it blocks (waits)"), u"blocks"_s});
    } else if (c == "connect") {
        ch.push_back({u"0"_s, u"ret:0"_s});
        ch.push_back(errnoChoice("ECONNREFUSED"));
        ch.push_back(errnoChoice("EINPROGRESS"));
        ch.push_back(errnoChoice("EADDRNOTAVAIL"));
    } else if (c == "accept") {
        ch.push_back({tr("a new descriptor (0 or more)"), u"ret:>=0"_s});
        ch.push_back(errnoChoice("EAGAIN"));
        ch.push_back({tr("it blocks (waits)"), u"blocks"_s});
    } else if (isOneOf(c, {"poll", "epoll_wait"})) {
        ch.push_back({tr("1 (ready)"), u"ret:1"_s});
        ch.push_back({tr("0 (nothing ready)"), u"ret:0"_s});
        ch.push_back({tr("it blocks (waits)"), u"blocks"_s});
    } else {
        ch.push_back({u"0"_s, u"ret:0"_s});
        if (c == "shutdown")
            ch.push_back(errnoChoice("ENOTCONN"));
        else if (c == "bind")
            ch.push_back(errnoChoice("EADDRINUSE"));
        else if (c == "close")
            ch.push_back(errnoChoice("EBADF"));
        else
            ch.push_back({tr("-1 (it fails)"), u"ret:-1"_s});
    }
    ch.push_back({tr("something else"), u"other"_s});
    return q;
}

PredictQuestion PredictQuestions::authorQuestion(const finscope::Question& question)
{
    PredictQuestion q;
    q.topic = PredictQuestion::Topic::Author;
    q.authored = true;
    q.number = question.number;
    q.prompt = QString::fromStdString(question.prompt);
    q.explain = QString::fromStdString(question.explain);
    q.answer = question.answer;
    for (std::size_t i = 0; i < question.choices.size(); ++i)
        q.choices.push_back({QString::fromStdString(question.choices[i]), u"choice:%1"_s.arg(i + 1)});
    return q;
}

PredictQuestion PredictQuestions::wireQuestion()
{
    PredictQuestion q;
    q.topic = PredictQuestion::Topic::Wire;
    q.prompt = tr("What goes on the wire?");
    q.choices = {{tr("a FIN"), u"wire:FIN"_s},
                 {tr("an RST"), u"wire:RST"_s},
                 {tr("neither FIN nor RST"), u"wire:none"_s}};
    return q;
}

PredictQuestion PredictQuestions::signalQuestion()
{
    PredictQuestion q;
    q.topic = PredictQuestion::Topic::Signal;
    q.prompt = tr("Does SIGPIPE arrive?");
    q.choices = {{tr("yes"), u"signal:yes"_s}, {tr("no"), u"signal:no"_s}};
    return q;
}

PredictQuestion PredictQuestions::stateQuestion(const finscope::Step& step)
{
    PredictQuestion q;
    q.topic = PredictQuestion::Topic::State;
    if (!step.fd.empty())
        q.socket = QString::fromStdString(step.fd);
    else if (!step.results.empty())
        q.socket = QString::fromStdString(step.results.front());
    q.prompt = tr("The TCP state of %1 once the step has settled?").arg(q.socket.isEmpty() ? tr("the socket") : q.socket);
    static constexpr std::array<const char*, 6> kStates{"ESTABLISHED", "CLOSE_WAIT", "FIN_WAIT2",
                                                        "TIME_WAIT",   "LAST_ACK",   "CLOSE"};
    for (const char* s : kStates)
        q.choices.push_back({QLatin1StringView(s) == "CLOSE"_L1 ? tr("CLOSE (gone)") : QString::fromLatin1(s),
                             u"state:%1"_s.arg(QLatin1StringView(s))});
    q.choices.push_back({tr("another state"), u"other"_s});
    return q;
}
