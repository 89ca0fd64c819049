// SPDX-License-Identifier: MIT
#include "core/capabilitydrop.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace finscope {

bool dropEndpointCapabilities() {
    // The bounding set first: dropping from it needs CAP_SETPCAP, which goes below.
    for (int cap = 0; cap <= CAP_LAST_CAP; ++cap)
        if (cap != CAP_NET_BIND_SERVICE) ::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
    ::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
    if (::syscall(SYS_capget, &header, data) != 0) return false;
    const unsigned keep = 1U << CAP_NET_BIND_SERVICE;  // in the first 32-bit word
    data[0].effective &= keep;
    data[0].permitted &= keep;
    data[0].inheritable = 0;
    data[1] = {};
    bool ok = ::syscall(SYS_capset, &header, data) == 0;
    return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && ok;
}

} // namespace finscope
