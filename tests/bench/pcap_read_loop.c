/* SPDX-License-Identifier: MIT */
/* The floor for bench_import.sh: a bare libpcap loop over a capture. */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char** argv) {
    char err[PCAP_ERRBUF_SIZE];
    if (argc < 2) return 2;
    pcap_t* p = pcap_open_offline(argv[1], err);
    if (!p) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    struct pcap_pkthdr* h;
    const u_char* d;
    unsigned long n = 0, bytes = 0;
    while (pcap_next_ex(p, &h, &d) == 1) {
        ++n;
        bytes += h->caplen;
    }
    printf("%lu packets, %lu bytes\n", n, bytes);
    pcap_close(p);
    return 0;
}
