// SPDX-License-Identifier: MIT
#include "core/calls/stepargs.h"

#include "core/scenarioparser.h"

#include <algorithm>

namespace finscope {

std::int64_t intArg(const Step& s, const char* name, std::int64_t fallback) {
    const Value* v = findArg(s, name);
    return v && v->kind == Value::Kind::Integer ? v->integer : fallback;
}

long flagsArg(const Step& s, const char* name, names::FlagSet set, long fallback) {
    const Value* v = findArg(s, name);
    if (!v) return fallback;
    if (v->kind == Value::Kind::Integer) return static_cast<long>(v->integer);
    std::string joined;
    for (const auto& n : v->names) joined += (joined.empty() ? "" : "|") + n;
    return names::flagValue(set, joined).value_or(fallback);
}

std::string nameArg(const Step& s, const char* name, const std::string& fallback) {
    const Value* v = findArg(s, name);
    return v && v->kind == Value::Kind::Names && !v->names.empty() ? v->names[0] : fallback;
}

std::string payloadOf(const Value* v) {
    if (!v) return "";
    if (v->kind == Value::Kind::String) return v->text;
    std::string out(static_cast<std::size_t>(std::max<std::int64_t>(v->integer, 0)), '\0');
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>('a' + i % 26);
    return out;
}

} // namespace finscope
