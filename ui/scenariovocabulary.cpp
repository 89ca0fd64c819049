// SPDX-License-Identifier: MIT
#include "ui/scenariovocabulary.h"

#include "core/names.h"
#include "core/scenario/callspec.h"

using namespace Qt::StringLiterals;

namespace {
void append(QStringList& list, const std::vector<std::string>& names)
{
    for (const auto& n : names)
        list.append(QString::fromStdString(n));
}
}

namespace ScenarioVocabulary {

QStringList callNames()
{
    QStringList list;
    append(list, finscope::fsc::callNames());
    return list;
}

QStringList constantNames()
{
    using finscope::names::FlagSet;
    QStringList list;
    append(list, finscope::names::errnoNames());
    append(list, finscope::names::signalNames());
    append(list, finscope::names::sockOptNames());
    for (FlagSet set : {FlagSet::MsgFlags, FlagSet::PollEvents, FlagSet::EpollEvents, FlagSet::ShutHow, FlagSet::Family,
                        FlagSet::Signal, FlagSet::SignalAction, FlagSet::FcntlFlag, FlagSet::SockFlags})
        append(list, finscope::names::flagNames(set));
    list.removeAll(u"0"_s);
    list.removeDuplicates();
    return list;
}

QStringList keywords()
{
    return {u"times"_s, u"until"_s, u"together"_s, u"blocked"_s, u"wire"_s, u"state"_s, u"took"_s, u"orphan"_s,
            u"data"_s, u"revents"_s, u"value"_s, u"no"_s, u"handler"_s};
}

QStringList completions()
{
    QStringList list = callNames() + constantNames() + keywords();
    list += {u"title:"_s, u"group:"_s, u"summary:"_s, u"about: |"_s};
    // An author's Predict question below a step (docs/scenario-format.md, "Questions").
    list += {u"ask:"_s, u"choices:"_s, u"answer:"_s, u"explain:"_s};
    list.removeDuplicates();
    list.sort(Qt::CaseInsensitive);
    return list;
}

} // namespace ScenarioVocabulary
