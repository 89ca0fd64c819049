// SPDX-License-Identifier: MIT
#include "core/scenarioparser.h"

#include "core/names.h"
#include "core/scenario/callspec.h"
#include "core/scenario/lexer.h"
#include "core/scenario/parsetext.h"
#include "core/scenario/questionreader.h"
#include "core/scenario/stepparser.h"
#include "core/scenario/textblock.h"
#include "core/scenario/validator.h"
#include "core/scenario/wireparser.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

// The file level of the format: headers, the about block, and the step
// lines, each handed to the lexer (core/scenario/lexer.h), the grammar
// (stepparser.h) and the validator (validator.h).
namespace finscope {
namespace {

using namespace fsc;

constexpr std::size_t kMaxErrors = 100;
/// The keyword of a block of steps released at once; not an endpoint name.
constexpr std::string_view kTogether = "together";

struct Header {
    std::string value;
    int line = 0;
};

/// Reads the file line by line: headers, the about block, steps.
class FileParser {
public:
    FileParser(std::string_view text, const std::string& path) : text_(text), questions_(sc_, errors_) {
        // Editors on Windows start UTF-8 files with a byte-order mark.
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
        text = text_;
        sc_.path = path;
        sc_.id = scenarioIdFromPath(path);
        sc_.source = std::string(text);
        splitLines();
    }

    ParseResult run() {
        Validator validator(sc_, errors_);
        validator.setExplicitListeners(endpointsCallingListen());
        for (std::size_t i = 0; i < lines_.size() && errors_.size() < kMaxErrors; ++i) line(i, validator);
        finish();
        ParseResult r;
        if (errors_.size() > kMaxErrors) errors_.resize(kMaxErrors);
        if (errors_.size() == kMaxErrors) errors_.push_back({errors_.back().pos, "too many errors; stopping here"});
        if (errors_.empty()) r.scenario = std::move(sc_);
        r.errors = std::move(errors_);
        return r;
    }

private:
    /// `NAME: [x =] listen(` anywhere in the file, whether or not the line is valid.
    std::set<std::string> endpointsCallingListen() const {
        std::set<std::string> out;
        for (const auto& l : lines_) {
            std::size_t i = 0;
            auto spaces = [&] { while (i < l.size() && (l[i] == ' ' || l[i] == '\t')) ++i; };
            auto word = [&] {
                std::size_t start = i;
                while (i < l.size() && (std::isalnum(static_cast<unsigned char>(l[i])) || l[i] == '_' || l[i] == '-')) ++i;
                return l.substr(start, i - start);
            };
            spaces();
            std::string_view endpoint = word();
            spaces();
            if (endpoint.empty() || i >= l.size() || l[i] != ':') continue;
            ++i;
            spaces();
            std::string_view call = word();
            spaces();
            if (i < l.size() && l[i] == '=') {  // `x = listen(`
                ++i;
                spaces();
                call = word();
                spaces();
            }
            if (call == "listen" && i < l.size() && l[i] == '(') out.insert(std::string(endpoint));
        }
        return out;
    }

    void splitLines() {
        std::size_t start = 0;
        while (start <= text_.size()) {
            std::size_t nl = text_.find('\n', start);
            if (nl == std::string_view::npos) nl = text_.size();
            std::string_view l = text_.substr(start, nl - start);
            if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
            lines_.push_back(l);
            start = nl + 1;
        }
    }

    void error(int lineNo, std::size_t offset, std::string message) {
        errors_.push_back({{lineNo, columnOf(lines_[static_cast<std::size_t>(lineNo - 1)], offset)}, std::move(message)});
    }

    void line(std::size_t& i, Validator& validator) {
        const std::string_view l = lines_[i];
        const int lineNo = static_cast<int>(i + 1);
        std::size_t at = 0;
        while (at < l.size() && isSpace(l[at])) ++at;
        if (at >= l.size() || l[at] == '#') return;
        if (QuestionReader::isQuestionLine(l)) return questions_.read(lines_, i, lastStepLine_);
        std::size_t end = at;
        while (end < l.size() && isNameChar(l[end])) ++end;
        std::size_t colon = end;
        while (colon < l.size() && isSpace(l[colon])) ++colon;
        if (!isNameStart(l[at]) || colon >= l.size() || l[colon] != ':') {
            error(lineNo, at, "expected a step 'endpoint: call(...)' or a header 'key: value'");
            return;
        }
        const std::string key(l.substr(at, end - at));
        const std::string_view rest = l.substr(colon + 1);
        if (key == kWire) return wire(lineNo, at, rest);
        if (std::find(kHeaderKeys.begin(), kHeaderKeys.end(), key) != kHeaderKeys.end())
            return header(i, key, at, rest);
        if (key == kTogether) return together(i, at, rest, validator);
        if (notAStep(lineNo, key, at, rest, validator)) return;
        step(lineNo, validator);
    }

    /// `wire: k=v, ...` (a header: no parentheses) or `wire: hold(...)` (a step).
    void wire(int lineNo, std::size_t at, std::string_view rest) {
        const std::string_view l = lines_[static_cast<std::size_t>(lineNo - 1)];
        WireParser parser(l, lineNo, errors_);
        std::string_view code = rest.substr(0, rest.find('#'));
        if (code.find('(') == std::string_view::npos) {
            if (sawStep_) {
                error(lineNo, at, "the 'wire:' header must come before the first step (a step of the wire is "
                                  "written with parentheses, as in 'wire: hold()')");
                return;
            }
            WireHeader h;
            if (parser.header(at, rest, h)) sc_.wire.push_back(std::move(h));
            return;
        }
        sawStep_ = true;
        Step s;
        if (parser.step(at, s)) sc_.steps.push_back(std::move(s));
    }

    /// The call name in `[names =] call(...`, or "" when there is none.
    static std::string_view callWord(std::string_view rest) {
        const std::size_t paren = rest.find('(');
        if (paren == std::string_view::npos) return {};
        std::string_view head = rest.substr(0, paren);
        const std::size_t eq = head.rfind('=');
        if (eq != std::string_view::npos) head.remove_prefix(eq + 1);
        return trim(head);
    }

    /// A line `key: value` that is not a step: a misspelt or unknown header.
    bool notAStep(int lineNo, const std::string& key, std::size_t at, std::string_view rest, const Validator& v) {
        if (v.isEndpoint(key) || findCall(callWord(rest))) return false;
        const std::string header = names::suggest(key, kHeaderKeys);
        if (!header.empty()) {
            error(lineNo, at, "unknown header '" + key + ":' (did you mean " + header + ":?)");
            return true;
        }
        const bool callLike = rest.find('(') != std::string_view::npos || rest.find('=') != std::string_view::npos;
        if (callLike || !sc_.steps.empty() || sawStep_) return false;
        error(lineNo, at, "'" + key + ":' is neither a header (title, group, summary, about) nor a step such as "
                          "'client: connect()'");
        return true;
    }

    void header(std::size_t& i, const std::string& key, std::size_t at, std::string_view rest) {
        const int lineNo = static_cast<int>(i + 1);
        if (sawStep_) {
            error(lineNo, at, "header '" + key + ":' must come before the first step");
            if (key == "about" && trim(rest) == "|") fsc::indentedBlock(lines_, i);
            return;
        }
        auto& h = headers_[key];
        if (h.line != 0) {
            error(lineNo, at, "duplicate '" + key + ":' header (first on line " + std::to_string(h.line) + ")");
            return;
        }
        h.line = lineNo;
        const std::string_view value = trim(rest);
        if (key == "about" && value == "|") {
            h.value = fsc::indentedBlock(lines_, i);
            return;
        }
        h.value = std::string(value);
        if (h.value.empty() && key != "about")
            error(lineNo, static_cast<std::size_t>(rest.data() - lines_[i].data()), "empty '" + key + ":' header");
    }

    /// `together:` and the indented steps below it: released at once.
    void together(std::size_t& i, std::size_t at, std::string_view rest, Validator& validator) {
        const int lineNo = static_cast<int>(i + 1);
        if (!trim(rest).empty()) {
            error(lineNo, static_cast<std::size_t>(rest.data() - lines_[i].data()),
                  "write the steps of a together: block on the indented lines below it");
            return;
        }
        questions_.close();
        const int group = ++togetherSeq_;
        const std::size_t firstStep = sc_.steps.size();
        std::size_t j = i + 1;
        for (; j < lines_.size(); ++j) {
            const std::string_view l = lines_[j];
            const std::string_view t = trim(l);
            if (t.empty() || t.front() == '#') continue;
            if (!isSpace(l.front())) break;
            if (QuestionReader::isQuestionLine(l)) {
                questions_.read(lines_, j, lastStepLine_);
                continue;
            }
            std::size_t b = 0;
            while (b < l.size() && isSpace(l[b])) ++b;
            std::size_t e = b;
            while (e < l.size() && isNameChar(l[e])) ++e;
            while (e < l.size() && isSpace(l[e])) ++e;
            if (!isNameStart(l[b]) || e >= l.size() || l[e] != ':') {
                error(static_cast<int>(j + 1), b, "expected a step 'endpoint: call(...)' in the together: block");
                continue;
            }
            if (l.substr(b, kWire.size()) == kWire && !isNameChar(l[b + kWire.size()])) {
                error(static_cast<int>(j + 1), b, "a step of the wire cannot be in a together: block; write it "
                                                  "before the block (frames held then cross together on release)");
                continue;
            }
            step(static_cast<int>(j + 1), validator, group);
        }
        i = j - 1;
        // Each endpoint makes one call at a time: two steps of one endpoint
        // cannot start at the same instant.
        std::map<std::string, int> seen;
        std::size_t count = 0;
        for (std::size_t k = firstStep; k < sc_.steps.size(); ++k) {
            const Step& st = sc_.steps[k];
            if (st.together != group) continue;
            ++count;
            if (st.call == "fork")
                errors_.push_back({st.callPos, "fork() cannot be in a together: block"});
            auto [it, fresh] = seen.emplace(st.endpoint, st.pos.line);
            if (!fresh)
                errors_.push_back({st.pos, "'" + st.endpoint + "' already has a step in this together: block (line " +
                                               std::to_string(it->second) + "); an endpoint makes one call at a time"});
        }
        if (count < 2) error(lineNo, at, "a together: block needs indented steps of at least two endpoints below it");
    }

    void step(int lineNo, Validator& validator, int group = 0) {
        sawStep_ = true;
        questions_.close();
        lastStepLine_ = lineNo;
        if (sc_.steps.size() >= kMaxSteps) {
            if (!tooManySteps_)
                errors_.push_back({{lineNo, 1}, "too many steps: a scenario has at most " + std::to_string(kMaxSteps) +
                                                    " steps (use '5 times' or 'until ...' to repeat a call)"});
            tooManySteps_ = true;
            return;
        }
        const std::string_view l = lines_[static_cast<std::size_t>(lineNo - 1)];
        std::vector<Token> tokens;
        if (!Lexer(l, lineNo, errors_).run(tokens)) return;
        RawStep raw;
        raw.step.together = group;
        if (!StepParser(l, lineNo, std::move(tokens), errors_).parse(raw)) {
            validator.brokenStep(raw);
            return;
        }
        validator.step(raw);
    }

    static std::string firstSentence(const std::string& about) {
        std::string flat;
        for (char c : about.substr(0, about.find("\n\n"))) {
            if (c == '\n' || c == '\t') c = ' ';
            if (c == ' ' && (flat.empty() || flat.back() == ' ')) continue;
            flat += c;
        }
        for (std::size_t k = 0; k < flat.size(); ++k)
            if ((flat[k] == '.' || flat[k] == '!' || flat[k] == '?') && (k + 1 == flat.size() || flat[k + 1] == ' '))
                return flat.substr(0, k + 1);
        return std::string(trim(flat));
    }

    void finish() {
        questions_.close();
        sc_.title = headers_["title"].value;
        sc_.group = headers_["group"].value.empty() ? "My scenarios" : headers_["group"].value;
        sc_.about = headers_["about"].value;
        sc_.summary = headers_["summary"].value.empty() ? firstSentence(sc_.about) : headers_["summary"].value;
        if (headers_["title"].line == 0) errors_.insert(errors_.begin(), {{1, 1}, "missing 'title:' header"});
        if (!sawStep_) errors_.push_back({{1, 1}, "no steps: add lines such as 'client: connect()'"});
        WireParser::checkNames(sc_, errors_);
        std::stable_sort(errors_.begin(), errors_.end(), [](const ParseError& a, const ParseError& b) {
            return a.pos.line != b.pos.line ? a.pos.line < b.pos.line : a.pos.column < b.pos.column;
        });
    }

    std::string_view text_;
    std::vector<std::string_view> lines_;
    std::vector<ParseError> errors_;
    std::map<std::string, Header> headers_;
    Scenario sc_;
    QuestionReader questions_;
    int lastStepLine_ = 0;  ///< the line of the step written last: the one an `ask:` below it is about
    bool sawStep_ = false;
    bool tooManySteps_ = false;
    int togetherSeq_ = 0;
};

} // namespace

ParseResult parseScenario(std::string_view text, const std::string& path) {
    if (text.size() > kMaxScenarioBytes) {
        ParseResult r;
        r.errors.push_back({{0, 0}, "the scenario is " + std::to_string(text.size()) + " bytes; a scenario is at most " +
                                        std::to_string(kMaxScenarioBytes) + " bytes (1 MiB)"});
        return r;
    }
    try {
        return FileParser(text, path).run();
    } catch (const std::exception& e) {
        // Only allocation can throw here; a parser must still answer.
        ParseResult r;
        r.errors.push_back({{0, 0}, std::string("cannot parse: ") + e.what()});
        return r;
    }
}

std::string formatError(const std::string& path, const ParseError& error) {
    if (error.pos.line <= 0) return path + ": " + error.message;
    return path + ":" + std::to_string(error.pos.line) + ":" + std::to_string(error.pos.column) + ": " + error.message;
}

std::string scenarioIdFromPath(std::string_view path) {
    const auto slash = path.find_last_of('/');
    std::string_view stem = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const auto dot = stem.rfind('.');
    if (dot != std::string_view::npos && dot > 0) stem = stem.substr(0, dot);
    std::size_t digits = 0;
    while (digits < stem.size() && isDigit(stem[digits])) ++digits;
    if (digits > 0 && digits + 1 < stem.size() && stem[digits] == '-') stem.remove_prefix(digits + 1);
    return std::string(stem);
}

const Value* findArg(const Step& step, std::string_view param) {
    const CallSpec* spec = findCall(step.call);
    if (!spec) return nullptr;
    const auto params = paramsOf(*spec, !step.fd.empty(), step.args);
    std::size_t positional = 0;
    for (const auto& v : step.args) {
        if (!v.key.empty()) {
            if (v.key == param) return &v;
            continue;
        }
        if (positional < params.size() && param == params[positional].name) return &v;
        ++positional;
    }
    return nullptr;
}

} // namespace finscope
