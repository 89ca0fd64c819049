// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenario/callspec.h"
#include "core/scenario/expectvalidator.h"
#include "core/scenario/rawstep.h"
#include "core/scenarioparser.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace finscope::fsc {

struct Descriptor {
    std::string name;
    int listenSeq = 0; // 0: not listening; otherwise when it became so
};

struct EndpointState {
    std::vector<Descriptor> fds; // in order of definition
    int exitedLine = 0;
};

/// Checks steps in file order, tracking every endpoint's descriptors as the
/// run will have them, and fills in the defaults.
class Validator {
public:
    Validator(Scenario& scenario, std::vector<ParseError>& errors) : sc_(scenario), errors_(errors) {}

    bool isEndpoint(const std::string& name) const { return state_.count(name) != 0; }

    void step(RawStep& raw);

    /// A step whose line did not parse: keep the descriptors it would have
    /// defined, so that later lines do not report consequential errors.
    void brokenStep(RawStep& raw);

private:
    void error(SourcePos p, std::string message) { errors_.push_back({p, std::move(message)}); }

    void touchEndpoint(const std::string& name);
    std::vector<std::string> fdNames(const std::string& endpoint) const;
    Descriptor* findFd(const std::string& endpoint, const std::string& name);
    std::string notDefined(const std::string& endpoint, const std::string& name) const;

    /// Whether an unknown name in the descriptor position was meant as the
    /// next argument (a misspelt flag) rather than as a descriptor.
    static bool meantAsArgument(const std::string& name, const std::vector<Param>& params);

    /// Takes the descriptor argument out of the arguments, or fills in the
    /// default one. Returns whether it was written.
    bool resolveFd(RawStep& raw, const CallSpec& spec);
    void defaultFd(RawStep& raw, const CallSpec& spec);

    // ---- arguments

    void checkArgs(RawStep& raw, const CallSpec& spec, bool fdWritten);
    void checkRepeat(RawStep& raw, const CallSpec& spec, bool fdWritten);

    /// A flag written where a number goes, as in recv(MSG_PEEK): point to
    /// the parameter it belongs to rather than just saying "a number".
    bool misplacedName(const Step& s, const RawArg& a, const Param& p, const std::vector<Param>& params);
    static std::size_t paramIndex(const std::vector<Param>& params, const std::string& key);
    static std::string signature(const CallSpec& spec, const std::vector<Param>& params);
    void unknownKey(const Step& s, const RawArg& a, const std::vector<Param>& params);
    static std::string hint(const Param& p);
    void checkValue(const Step& s, const RawArg& a, const Param& p);
    static std::string integerWhat(ArgKind k);
    void checkRange(const Step& s, const RawArg& a, const Param& p);
    void checkFlags(const Step& s, const RawArg& a, const Param& p, const FlagKind& fk);
    void checkFlagName(const Step& s, const std::string& name, SourcePos at, const FlagKind& fk,
                       const std::vector<std::string>& allowed);
    void checkOption(const Step& s, const RawArg& a);

    // ---- effects on the endpoints' descriptors

    void applyEffects(RawStep& raw, const CallSpec& spec, bool fdWritten);
    static bool killsForSure(const Step& s);
    void define(RawStep& raw, const CallSpec& spec, bool fdWritten, bool quiet);
    static std::string wrongCount(const CallSpec& spec);
    void defineFd(const Step& s, const std::string& name, SourcePos at, bool listening, bool quiet);

    // connect() and listen() make their own socket unless given one: an
    // author who called socket() first usually meant to pass it.
    static std::string useExisting(const Step& s, const std::string& name);
    std::string freeName(const std::string& endpoint, const std::string& base);
    void defineEndpoint(RawStep& raw, bool quiet);

    /// A server written as `server: accept()` alone (as in most textbook
    /// ladders) gets the listen() it needs at the very start of the run, on
    /// the port the first connect() names, so that the client's connect()
    /// before it finds a listener. Only in a file where nobody calls
    /// listen(): an author who does is told where it is missing.
    const Descriptor* implicitListener(const Step& accept);

public:
    /// Endpoints whose lines call listen() somewhere (found before validation).
    void setExplicitListeners(std::set<std::string> endpoints) { explicitListeners_ = std::move(endpoints); }

private:
    Scenario& sc_;
    std::vector<ParseError>& errors_;
    std::map<std::string, EndpointState> state_;
    std::set<std::string> explicitListeners_;
    int listenSeq_ = 0;
};

} // namespace finscope::fsc
