// SPDX-License-Identifier: MIT
#include "core/scenario/wireparser.h"

#include "core/scenario/lexer.h"
#include "core/scenario/parsetext.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

namespace finscope::fsc {
namespace {

const std::vector<std::string> kHeaderItems = {"delay", "loss", "seed", "reorder", "gap", "rate", "from", "to"};
const std::vector<std::string> kActions = {"hold", "release", "drop"};
constexpr std::string_view kFlagLetters = "SFPRUEWA";

/// `20`, `1.5`: the number at the start of `text` and where it ends; false
/// when there is none.
bool leadingNumber(std::string_view text, double& value, std::size_t& end) {
    end = 0;
    while (end < text.size() && (isDigit(text[end]) || text[end] == '.')) ++end;
    if (end == 0 || text[0] == '.') return false;
    if (std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '.') > 1 || text[end - 1] == '.')
        return false;
    // from_chars: no locale (a GUI's decimal comma), no exception on 1e999-sized input.
    const auto [stop, ec] = std::from_chars(text.data(), text.data() + end, value);
    return ec == std::errc() && stop == text.data() + end;
}

/// Multiplier of a unit in a table, or 0 when the unit is not in it.
double unitScale(std::string_view unit, const std::map<std::string_view, double>& units) {
    auto it = units.find(unit);
    return it == units.end() ? 0 : it->second;
}

} // namespace

bool WireParser::fail(std::size_t offset, std::string message) {
    errors_.push_back({{lineNo_, columnOf(line_, offset)}, std::move(message)});
    return false;
}

bool WireParser::header(std::size_t at, std::string_view rest, WireHeader& out) {
    const std::size_t base = static_cast<std::size_t>(rest.data() - line_.data());
    out.pos = {lineNo_, columnOf(line_, at)};
    std::size_t first = base;
    while (first < line_.size() && isSpace(line_[first])) ++first;
    std::string_view body = rest;
    if (auto hash = body.find('#'); hash != std::string_view::npos) body = body.substr(0, hash);
    out.text = std::string(trim(body));
    if (out.text.empty()) return fail(base, "empty 'wire:' header: write conditions such as 'wire: delay=20ms'");
    bool ok = true;
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t comma = body.find(',', start);
        if (comma == std::string_view::npos) comma = body.size();
        std::string_view item = body.substr(start, comma - start);
        std::size_t lead = 0;
        while (lead < item.size() && isSpace(item[lead])) ++lead;
        const std::size_t itemAt = base + start + lead;
        item = trim(item);
        if (item.empty()) {
            ok = fail(itemAt, "empty item in the 'wire:' header (two commas, or one at the end?)") && ok;
        } else if (auto eq = item.find('='); eq == std::string_view::npos) {
            ok = fail(itemAt, "expected 'key=value' (" + joinComma(kHeaderItems) + "), found '" + std::string(item) +
                                  "'") && ok;
        } else {
            const std::string_view key = trim(item.substr(0, eq));
            std::string_view value = item.substr(eq + 1);
            std::size_t valueLead = 0;
            while (valueLead < value.size() && isSpace(value[valueLead])) ++valueLead;
            ok = headerItem(key, itemAt, trim(value), itemAt + eq + 1 + valueLead, out) && ok;
        }
        start = comma + 1;
    }
    if (ok && out.reorder && !out.reorderGapNs)
        return fail(first, "'reorder=' needs 'gap=': how much longer a frame picked waits, e.g. gap=5ms");
    if (ok && out.reorderGapNs && !out.reorder)
        return fail(first, "'gap=' belongs to 'reorder=': say which share of frames waits longer, e.g. reorder=10%");
    return ok;
}

bool WireParser::headerItem(std::string_view key, std::size_t keyAt, std::string_view value, std::size_t valueAt,
                            WireHeader& out) {
    if (std::find(kHeaderItems.begin(), kHeaderItems.end(), key) == kHeaderItems.end())
        return fail(keyAt, "unknown wire condition '" + std::string(key) + "'" + didYouMean(key, kHeaderItems) +
                               "; known: " + joinComma(kHeaderItems));
    if (value.empty()) return fail(valueAt, "'" + std::string(key) + "=' needs a value");
    if (key == "from" || key == "to") {
        for (char c : value)
            if (!isNameChar(c)) return fail(valueAt, "'" + std::string(key) + "=' names an endpoint, such as server");
        (key == "from" ? out.from : out.to) = std::string(value);
        (key == "from" ? out.fromPos : out.toPos) = {lineNo_, columnOf(line_, valueAt)};
        return true;
    }
    if (key == "seed") {
        std::uint64_t seed = 0;
        for (char c : value) {
            if (!isDigit(c) || seed > (UINT64_MAX - 9) / 10)
                return fail(valueAt, "'seed=' is a whole number, such as seed=1");
            seed = seed * 10 + static_cast<std::uint64_t>(c - '0');
        }
        out.seed = seed;
        return true;
    }
    double number = 0;
    std::size_t end = 0;
    if (!leadingNumber(value, number, end))
        return fail(valueAt, "'" + std::string(key) + "=' needs a number, such as " +
                                 (key == "delay" || key == "gap" ? "20ms" : key == "rate" ? "10mbit" : "5%"));
    const std::string_view unit = value.substr(end);
    if (key == "delay" || key == "gap") {
        const double scale = unitScale(unit, {{"ns", 1.0}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}});
        if (scale == 0)
            return fail(valueAt + end, "'" + std::string(key) + "=' needs a unit: ns, us, ms or s (e.g. 20ms)");
        const double ns = number * scale;
        if (ns > 60e9) return fail(valueAt, "'" + std::string(key) + "=' is at most 60s");
        (key == "delay" ? out.delayNs : out.reorderGapNs) = static_cast<std::int64_t>(std::llround(ns));
        return true;
    }
    if (key == "loss" || key == "reorder") {
        if (unit != "%") return fail(valueAt + end, "'" + std::string(key) + "=' is a percentage, such as 5%");
        if (number > 100) return fail(valueAt, "'" + std::string(key) + "=' is at most 100%");
        (key == "loss" ? out.loss : out.reorder) = number / 100.0;
        return true;
    }
    // rate
    const double scale = unitScale(unit, {{"bit", 1.0}, {"kbit", 1e3}, {"mbit", 1e6}, {"gbit", 1e9}});
    if (scale == 0) return fail(valueAt + end, "'rate=' needs a unit: bit, kbit, mbit or gbit (e.g. 10mbit)");
    if (number * scale < 8000) return fail(valueAt, "'rate=' is at least 8kbit (a frame a second)");
    if (number * scale > 100e9) return fail(valueAt, "'rate=' is at most 100gbit");
    out.rateBitsPerSecond = static_cast<std::uint64_t>(std::llround(number * scale));
    return true;
}

bool WireParser::step(std::size_t at, Step& out) {
    std::vector<Token> t;
    if (!Lexer(line_, lineNo_, errors_).run(t)) return false;
    // t: wire : NAME ( args ) End
    std::size_t k = 2;
    auto cur = [&]() -> const Token& { return t[std::min(k, t.size() - 1)]; };
    auto failAt = [&](const Token& tok, std::string m) { return fail(tok.begin, std::move(m)); };
    out.endpoint = std::string(kWire);
    out.pos = {lineNo_, columnOf(line_, at)};
    if (cur().kind != Tok::Name) return failAt(cur(), "expected a wire step: hold(), release() or drop(next, ...)");
    const Token& name = cur();
    out.call = name.text;
    out.callPos = {lineNo_, name.column};
    WireAction action;
    if (name.text == "hold") action.kind = WireAction::Kind::Hold;
    else if (name.text == "release") action.kind = WireAction::Kind::Release;
    else if (name.text == "drop") action.kind = WireAction::Kind::DropNext;
    else
        return failAt(name, "unknown wire step '" + name.text + "'" + didYouMean(name.text, kActions) +
                                ": the wire's steps are hold(), release() and drop(next, ...)");
    ++k;
    if (cur().kind != Tok::LParen) return failAt(cur(), "expected '(' after '" + name.text + "'");
    ++k;
    bool sawNext = false;
    std::set<std::string> seen;
    while (cur().kind != Tok::RParen) {
        if (cur().kind == Tok::End) return failAt(cur(), "missing ')'");
        const Token& first = cur();
        if (first.kind == Tok::Name && first.text == "next" && t[k + 1].kind != Tok::Equals) {
            if (action.kind != WireAction::Kind::DropNext) return failAt(first, "'next' belongs to drop(next, ...)");
            if (sawNext || !seen.empty()) return failAt(first, "'next' comes first: drop(next, from=server)");
            sawNext = true;
            ++k;
        } else {
            if (first.kind != Tok::Name || t[k + 1].kind != Tok::Equals)
                return failAt(first, "expected from=ENDPOINT, to=ENDPOINT or flags=LETTERS, found " + describe(first));
            if (action.kind == WireAction::Kind::Release)
                return failAt(first, "release() takes no arguments: it delivers every held frame");
            const std::string& key = first.text;
            if (key != "from" && key != "to" && key != "flags")
                return failAt(first, "unknown argument '" + key + "'" + didYouMean(key, {"from", "to", "flags"}) +
                                         "; the wire's rules take from=, to= and flags=");
            if (!seen.insert(key).second) return failAt(first, "'" + key + "=' is given twice");
            k += 2;
            const Token& v = cur();
            if (v.kind != Tok::Name)
                return failAt(v, key == "flags" ? "flags= takes TCP flag letters, such as flags=F or flags=SA"
                                                : key + "= names an endpoint, such as " + key + "=server");
            if (key == "flags") {
                for (std::size_t c = 0; c < v.text.size(); ++c)
                    if (kFlagLetters.find(v.text[c]) == std::string_view::npos)
                        return fail(v.begin + c, "'" + std::string(1, v.text[c]) +
                                                     "' is not a TCP flag letter: S F P R U E W, and A for ACK");
                action.flags = v.text;
            } else {
                (key == "from" ? action.from : action.to) = v.text;
                (key == "from" ? action.fromPos : action.toPos) = {lineNo_, v.column};
            }
            ++k;
        }
        if (cur().kind == Tok::Comma) {
            ++k;
            if (cur().kind == Tok::RParen) return failAt(cur(), "expected an argument after ','");
        } else if (cur().kind != Tok::RParen) {
            return failAt(cur(), "expected ',' or ')', found " + describe(cur()));
        }
    }
    const Token& close = cur();
    ++k;
    if (cur().kind != Tok::End) return failAt(cur(), "nothing may follow a wire step, found " + describe(cur()));
    if (action.kind == WireAction::Kind::DropNext && !sawNext)
        return failAt(close, "drop() needs 'next': drop(next, from=server, flags=F) drops the next such frame once");
    out.text = std::string(trim(line_.substr(t[2].begin, close.end - t[2].begin)));
    out.wire = action;
    return true;
}

void WireParser::checkNames(const Scenario& sc, std::vector<ParseError>& errors) {
    std::set<std::string> forked;
    for (const auto& s : sc.steps)
        if (s.call == "fork" && !s.results.empty()) forked.insert(s.results[0]);
    auto known = [&](const std::string& name, SourcePos pos) {
        if (name.empty() || std::find(sc.endpoints.begin(), sc.endpoints.end(), name) != sc.endpoints.end()) return;
        errors.push_back({pos, "'" + name + "' is not an endpoint of this scenario" + didYouMean(name, sc.endpoints)});
    };
    auto pair = [&](const std::string& from, const std::string& to, SourcePos pos) {
        if (!from.empty() && from == to) errors.push_back({pos, "from= and to= name the same endpoint: no frame goes "
                                                                "from a host to itself over the wire"});
    };
    for (const auto& h : sc.wire) {
        known(h.from, h.fromPos);
        known(h.to, h.toPos);
        pair(h.from, h.to, h.toPos);
    }
    for (const auto& s : sc.steps) {
        if (!s.wire) continue;
        known(s.wire->from, s.wire->fromPos);
        known(s.wire->to, s.wire->toPos);
        pair(s.wire->from, s.wire->to, s.wire->toPos);
    }
    if (!sc.usesWire()) return;
    std::size_t hosts = 0;
    for (const auto& e : sc.endpoints) hosts += forked.count(e) == 0;
    const SourcePos where = !sc.wire.empty() ? sc.wire.front().pos : SourcePos{1, 1};
    if (hosts < 2)
        errors.push_back({where, "a wire joins at least two endpoints (each its own host); this scenario has " +
                                     std::to_string(hosts)});
    if (hosts > 16) errors.push_back({where, "a wire joins at most 16 hosts; this scenario has " + std::to_string(hosts)});
    for (const auto& s : sc.steps) {
        for (const auto& a : s.args)
            if (a.kind == Value::Kind::String && a.text.find('[') != std::string::npos)
                errors.push_back({a.pos, "a wire carries IPv4 only (its hosts are 127.1.0.N): use a port or 127.0.0.1"});
        const Value* fam = findArg(s, "family");
        if (fam && fam->isName("AF_INET6"))
            errors.push_back({fam->pos, "a wire carries IPv4 only (its hosts are 127.1.0.N): leave out AF_INET6"});
    }
}

} // namespace finscope::fsc
