// SPDX-License-Identifier: MIT
#include "ui/predict/predictquiz.h"

#include "ui/eventtext.h"
#include "ui/whytext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

/// The keys a call's outcome makes true (see PredictQuestion::Choice::key).
std::set<QString> resultKeys(const finscope::SyscallEvent& s)
{
    std::set<QString> keys;
    if (s.blocked)
        keys.insert(u"blocks"_s);
    if (!s.ret)
        return keys;
    const std::int64_t r = *s.ret;
    keys.insert(u"ret:%1"_s.arg(r));
    if (r >= 0)
        keys.insert(u"ret:>=0"_s);
    if (r > 0)
        keys.insert(u"ret:>0"_s);
    if (s.errnoName)
        keys.insert(u"errno:"_s + qs(*s.errnoName));
    return keys;
}

} // namespace

void PredictQuiz::start(const finscope::Scenario& scenario)
{
    m_scenario = scenario;
    m_events.clear();
    m_steps.clear();
    m_current = -1;
    m_capture = true;
}

void PredictQuiz::addEvents(const std::vector<finscope::TraceEvent>& events)
{
    for (const auto& e : events) {
        if (const auto* run = e.as<finscope::RunEvent>())
            m_capture = run->capture != "none";
        m_events.push_back(e);
    }
}

PredictQuiz::StepRecord* PredictQuiz::ask(int index)
{
    if (index < 0 || static_cast<std::size_t>(index) >= m_scenario.steps.size())
        return nullptr;
    const finscope::Step& step = m_scenario.steps[static_cast<std::size_t>(index)];
    StepRecord record;
    record.index = index;
    record.line = step.pos.line;
    record.endpoint = qs(step.endpoint);
    record.text = qs(step.text);
    record.questions = PredictQuestions::forStep(step);
    record.firstEvent = m_events.size();
    m_steps.push_back(std::move(record));
    m_current = static_cast<int>(m_steps.size()) - 1;
    return &m_steps.back();
}

PredictQuiz::StepRecord* PredictQuiz::current()
{
    return m_current >= 0 ? &m_steps[static_cast<std::size_t>(m_current)] : nullptr;
}

const PredictQuiz::StepRecord* PredictQuiz::current() const
{
    return m_current >= 0 ? &m_steps[static_cast<std::size_t>(m_current)] : nullptr;
}

bool PredictQuiz::answer(int question, int choice)
{
    StepRecord* step = current();
    if (!step || step->revealed || question < 0 || static_cast<std::size_t>(question) >= step->questions.size())
        return false;
    PredictQuestion& q = step->questions[static_cast<std::size_t>(question)];
    if (choice < 0 || static_cast<std::size_t>(choice) >= q.choices.size())
        return false;
    q.chosen = choice;
    return true;
}

bool PredictQuiz::allAnswered() const
{
    if (m_current < 0)
        return false;
    const auto& qs = m_steps[static_cast<std::size_t>(m_current)].questions;
    return std::all_of(qs.begin(), qs.end(), [](const PredictQuestion& q) { return q.chosen >= 0; });
}

void PredictQuiz::settle(PredictQuestion& q, const std::set<QString>& keys, const QString& truth, bool known) const
{
    q.revealed = true;
    q.known = known;
    q.truth = truth;
    q.right = -1;
    int other = -1;
    for (std::size_t i = 0; i < q.choices.size(); ++i) {
        if (q.choices[i].key == u"other"_s)
            other = static_cast<int>(i);
        else if (q.right < 0 && keys.count(q.choices[i].key))
            q.right = static_cast<int>(i);
    }
    if (q.right < 0)
        q.right = other;
    q.correct = known && q.chosen >= 0 && q.chosen == q.right;
}

QString PredictQuiz::stateAfter(const StepRecord& step, const QString& socket, std::size_t end) const
{
    // The last state of that socket up to the step's end: a step that
    // changed nothing leaves the state it found.
    for (std::size_t i = end; i-- > 0;) {
        const auto* s = m_events[i].as<finscope::StateEvent>();
        if (s && qs(s->endpoint) == step.endpoint && qs(s->socket) == socket)
            return qs(s->state);
    }
    return {};
}

void PredictQuiz::reveal()
{
    StepRecord* step = current();
    if (!step || step->revealed)
        return;
    step->revealed = true;
    const std::size_t first = step->firstEvent;
    const std::size_t end = m_events.size();

    // The step's own call: the last one made for its line (listen() is
    // socket + bind + listen), not a part it expanded into.
    const finscope::SyscallEvent* call = nullptr;
    int callRow = -1;
    for (std::size_t i = first; i < end; ++i) {
        const auto& e = m_events[i];
        if (const auto* st = e.as<finscope::StepEvent>(); st && st->index == step->index && step->eventRow < 0)
            step->eventRow = static_cast<int>(i);
        const auto* s = e.as<finscope::SyscallEvent>();
        if (!s || s->line != step->line || qs(s->endpoint) != step->endpoint || s->phase == "return")
            continue;
        if (!call || !s->note.starts_with("part of")) {
            call = s;
            callRow = static_cast<int>(i);
        }
    }
    // A call that blocked has its return later, under the same call id.
    const finscope::SyscallEvent* returned = call;
    if (call && call->phase == "blocked") {
        for (std::size_t i = first; i < end; ++i)
            if (const auto* s = m_events[i].as<finscope::SyscallEvent>(); s && s->phase == "return" && s->callId == call->callId)
                returned = s;
    }
    if (callRow >= 0)
        step->eventRow = callRow;

    std::set<QString> callKeys;
    QString callTruth;
    if (call) {
        callKeys = resultKeys(*call);
        for (const QString& k : resultKeys(*returned))
            callKeys.insert(k);
        callTruth = EventText::result(*returned);
        if (returned->errnoName)
            callTruth += u" ("_s + EventText::errnoMeaning(qs(*returned->errnoName)) + u')';
        if (call->blocked && returned == call)
            callTruth = tr("it blocked (still waiting when the next step began)");
        else if (call->blocked)
            callTruth = tr("it blocked, then returned %1").arg(callTruth);
    }

    bool fin = false, rst = false, sigpipe = false;
    QString sigText;
    for (std::size_t i = first; i < end; ++i) {
        const auto& e = m_events[i];
        if (const auto* p = e.as<finscope::PacketEvent>()) {
            fin = fin || EventText::isFin(*p);
            rst = rst || EventText::isRst(*p);
        } else if (const auto* sig = e.as<finscope::SignalEvent>();
                   sig && sig->signal == "SIGPIPE" && qs(sig->endpoint) == step->endpoint) {
            sigpipe = true;
            sigText = tr("yes: SIGPIPE, %1 (%2)").arg(qs(sig->disposition), qs(sig->action));
        }
    }
    const QString wireKey = rst ? u"wire:RST"_s : fin ? u"wire:FIN"_s : u"wire:none"_s;
    const QString wireTruth = rst && fin ? tr("an RST (and a FIN)") : rst ? tr("an RST") : fin ? tr("a FIN")
                                                                                    : tr("neither FIN nor RST");

    for (PredictQuestion& q : step->questions) {
        switch (q.topic) {
        case PredictQuestion::Topic::Return:
            settle(q, callKeys, call ? callTruth : tr("the trace has no return for this call"), call != nullptr);
            break;
        case PredictQuestion::Topic::Wire:
            settle(q, {wireKey}, m_capture ? wireTruth : tr("no packets were captured in this run"), m_capture);
            break;
        case PredictQuestion::Topic::Signal:
            settle(q, {sigpipe ? u"signal:yes"_s : u"signal:no"_s}, sigpipe ? sigText : tr("no"), true);
            break;
        case PredictQuestion::Topic::State: {
            const QString state = stateAfter(*step, q.socket, end);
            settle(q, {u"state:"_s + state}, state.isEmpty() ? tr("no state was seen for %1").arg(q.socket) : state,
                   !state.isEmpty());
            break;
        }
        case PredictQuestion::Topic::Author: {
            // The author's answer key: known once the step has run, whatever it did.
            const bool valid = q.answer >= 0 && static_cast<std::size_t>(q.answer) < q.choices.size();
            settle(q, {u"choice:%1"_s.arg(q.answer + 1)},
                   valid ? q.choices[static_cast<std::size_t>(q.answer)].label : QString(),
                   valid);
            break;
        }
        }
    }
    addReasons(*step, callRow);
}

const finscope::TraceEvent* PredictQuiz::eventById(std::int64_t id) const
{
    // Ids are trace positions; a trace that starts late still finds them by search.
    if (id >= 0 && static_cast<std::size_t>(id) < m_events.size() && m_events[static_cast<std::size_t>(id)].id == id)
        return &m_events[static_cast<std::size_t>(id)];
    for (const auto& e : m_events)
        if (e.id == id)
            return &e;
    return nullptr;
}

void PredictQuiz::addReasons(StepRecord& step, int mainRow)
{
    std::set<std::int64_t> seen;
    const auto add = [&](const finscope::TraceEvent& e) {
        if (e.why.empty() || !seen.insert(e.id).second)
            return;
        const auto row = static_cast<int>(&e - m_events.data());
        step.reasons.push_back({row, EventText::summary(e) + u" — "_s + WhyText::shown(e.why)});
    };
    // The call, then what caused it, back along the chain the engine recorded.
    if (mainRow >= 0) {
        std::vector<const finscope::TraceEvent*> chain{&m_events[static_cast<std::size_t>(mainRow)]};
        for (std::size_t i = 0; i < chain.size() && chain.size() < 32; ++i) {
            add(*chain[i]);
            for (std::int64_t id : chain[i]->causes)
                if (const auto* cause = eventById(id); cause && !seen.count(cause->id))
                    chain.push_back(cause);
        }
    }
    for (std::size_t i = step.firstEvent; i < m_events.size(); ++i) {
        const auto& e = m_events[i];
        const auto* p = e.as<finscope::PacketEvent>();
        if ((p && (EventText::isFin(*p) || EventText::isRst(*p))) || e.as<finscope::SignalEvent>() ||
            e.as<finscope::ExitEvent>())
            add(e);
    }
}

int PredictQuiz::correctCount() const
{
    int n = 0;
    for (const auto& s : m_steps)
        for (const auto& q : s.questions)
            n += q.revealed && q.correct;
    return n;
}

int PredictQuiz::scoredCount() const
{
    int n = 0;
    for (const auto& s : m_steps)
        for (const auto& q : s.questions)
            n += q.revealed && q.known;
    return n;
}

std::vector<PredictQuiz::Mistake> PredictQuiz::mistakes() const
{
    std::vector<Mistake> list;
    for (std::size_t s = 0; s < m_steps.size(); ++s)
        for (std::size_t q = 0; q < m_steps[s].questions.size(); ++q) {
            const auto& question = m_steps[s].questions[q];
            if (question.revealed && question.known && !question.correct)
                list.push_back({static_cast<int>(s), static_cast<int>(q), m_steps[s].eventRow});
        }
    return list;
}

QByteArray PredictQuiz::toJson() const
{
    QJsonArray steps;
    int asked = 0;
    for (const auto& s : m_steps) {
        QJsonArray questions;
        for (const auto& q : s.questions) {
            ++asked;
            QJsonArray choices;
            for (const auto& c : q.choices)
                choices.append(QJsonObject{{u"label"_s, c.label}, {u"key"_s, c.key}});
            const auto choiceValue = [&](int i) { return i >= 0 ? QJsonValue(i) : QJsonValue(QJsonValue::Null); };
            QJsonObject o{{u"topic"_s, PredictQuestions::topicName(q.topic)},
                          {u"prompt"_s, q.prompt},
                          {u"choices"_s, choices},
                          {u"chosen"_s, choiceValue(q.chosen)},
                          {u"chosen_key"_s, q.chosen >= 0 ? QJsonValue(q.choices[static_cast<std::size_t>(q.chosen)].key)
                                                         : QJsonValue(QJsonValue::Null)},
                          {u"revealed"_s, q.revealed},
                          {u"known"_s, q.known},
                          {u"right"_s, choiceValue(q.revealed ? q.right : -1)},
                          {u"truth"_s, q.truth},
                          {u"correct"_s, q.correct}};
            if (q.topic == PredictQuestion::Topic::State)
                o.insert(u"socket"_s, q.socket);
            o.insert(u"authored"_s, q.authored);
            if (q.authored) {
                o.insert(u"number"_s, q.number);
                o.insert(u"explanation"_s, q.explain);
            }
            questions.append(o);
        }
        steps.append(QJsonObject{{u"index"_s, s.index},
                                 {u"line"_s, s.line},
                                 {u"endpoint"_s, s.endpoint},
                                 {u"text"_s, s.text},
                                 {u"event"_s, s.eventRow >= 0 ? QJsonValue(s.eventRow) : QJsonValue(QJsonValue::Null)},
                                 {u"questions"_s, questions}});
    }
    const QJsonObject root{{u"format"_s, u"finscope-predict"_s},
                           {u"version"_s, 1},
                           {u"scenario"_s, qs(m_scenario.id)},
                           {u"title"_s, qs(m_scenario.title)},
                           {u"path"_s, qs(m_scenario.path)},
                           {u"score"_s, QJsonObject{{u"correct"_s, correctCount()},
                                                    {u"scored"_s, scoredCount()},
                                                    {u"asked"_s, asked}}},
                           {u"steps"_s, steps}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}
