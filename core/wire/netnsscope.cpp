// SPDX-License-Identifier: MIT
#include "core/wire/netnsscope.h"

#include <cstdio>
#include <cstdlib>

namespace finscope {

NetnsScope::NetnsScope(const NetNamespace& target)
{
    home_ = NetNamespace::current(error_);
    if (!home_.valid())
        return;
    error_ = target.enter();
}

NetnsScope::~NetnsScope()
{
    if (!home_.valid())
        return;
    // Staying in a host's namespace would make every later socket of the
    // runner land there: that is a bug worth stopping for, not a warning.
    if (std::string back = home_.enter(); !back.empty()) {
        std::fprintf(stderr, "finscope: cannot return to the runner's network namespace: %s\n", back.c_str());
        std::abort();
    }
}

} // namespace finscope
