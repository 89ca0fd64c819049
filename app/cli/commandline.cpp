// SPDX-License-Identifier: MIT
#include "commandline.h"

#include <getopt.h>
#include <pcap/pcap.h>

#include <iostream>

namespace finscope::cli {

void printVersion() { std::cout << "finscope " << FINSCOPE_VERSION << " (" << pcap_lib_version() << ")\n"; }

void printHelp(const Command& command, const std::vector<Option>& options) {
    std::cout << "Usage: finscope " << command.name << " [OPTION]... " << command.operands << "\n"
              << command.summary << "\n\nOptions:\n";
    auto line = [](const std::string& left, const char* help) {
        std::string l = "  " + left;
        l.resize(std::max<std::size_t>(l.size() + 2, 26), ' ');
        std::cout << l << help << '\n';
    };
    for (const auto& o : options) {
        std::string left = o.shortName ? std::string("-") + o.shortName + ", " : "    ";
        left += std::string("--") + o.name + (o.argument ? std::string(" ") + o.argument : "");
        line(left, o.help);
    }
    line("-h, --help", "show this help and exit");
    line("-V, --version", "show the version and exit");
    line("--", "end of options: what follows is an operand, even if it starts with '-'");
    if (command.details) std::cout << '\n' << command.details;
}

Parsed parse(const Command& command, const std::vector<Option>& options, int argc, char** argv) {
    std::vector<option> longs;
    std::string shorts = ":hV";  // options may follow operands (GNU order); ":" reports a missing argument ourselves
    for (std::size_t i = 0; i < options.size(); ++i) {
        const auto& o = options[i];
        longs.push_back({o.name, o.argument ? required_argument : no_argument, nullptr, static_cast<int>(256 + i)});
        if (o.shortName) shorts += std::string(1, o.shortName) + (o.argument ? ":" : "");
    }
    longs.push_back({"help", no_argument, nullptr, 'h'});
    longs.push_back({"version", no_argument, nullptr, 'V'});
    longs.push_back({nullptr, 0, nullptr, 0});
    Parsed out;
    optind = 0;  // a fresh scan (glibc: 0 also resets its internal state)
    opterr = 0;
    for (;;) {
        int longIndex = -1;
        const int c = getopt_long(argc, argv, shorts.c_str(), longs.data(), &longIndex);
        if (c == -1) break;
        if (c == 'h') {
            printHelp(command, options);
            out.exitNow = kExitOk;
            return out;
        }
        if (c == 'V') {
            printVersion();
            out.exitNow = kExitOk;
            return out;
        }
        if (c == '?' || c == ':') {
            const std::string what = optopt ? std::string("-") + static_cast<char>(optopt) : argv[optind - 1];
            std::cerr << "finscope " << command.name << ": "
                      << (c == ':' ? "option " + what + " needs an argument" : "unknown option " + what)
                      << "\nTry 'finscope " << command.name << " --help'.\n";
            out.exitNow = kExitUsage;
            return out;
        }
        const Option* o = nullptr;
        if (c >= 256) o = &options[static_cast<std::size_t>(c - 256)];
        else
            for (const auto& candidate : options)
                if (candidate.shortName == c) o = &candidate;
        if (o) o->apply(optarg);
    }
    for (int i = optind; i < argc; ++i) out.operands.emplace_back(argv[i]);
    return out;
}

} // namespace finscope::cli
