// SPDX-License-Identifier: MIT
#include "core/tracefile.h"

#include "core/tracejson.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace finscope {

TraceFile readTraceText(const std::string& text, const std::string& name) {
    TraceFile file;
    std::istringstream in(text);
    int lineNo = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        auto parsed = parseTraceLine(line);
        if (!parsed.ok) {
            file.error = name + ":" + std::to_string(lineNo) + ": " + parsed.error;
            return file;
        }
        file.events.push_back(std::move(parsed.event));
    }
    if (file.events.empty()) file.error = name + ": no trace events";
    return file;
}

TraceFile readTraceFile(const std::string& path) {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        TraceFile file;
        file.error = "cannot read " + path + ": " + std::strerror(errno != 0 ? errno : ENOENT);
        return file;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return readTraceText(text.str(), path);
}

} // namespace finscope
