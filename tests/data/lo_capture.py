# SPDX-License-Identifier: MIT
# Produces the lo_*.pcap captures used by tst_packetdecoder and tst_tcpstatederiver:
# real Linux loopback behaviour, recorded once. Run as root in a fresh network
# namespace (tcpdump drops privileges, which a user namespace refuses):
#   sudo unshare -n bash tests/data/lo_capture.sh client_first
# Scenarios: client_first server_first unread_rst refused halfclose linger0
# write_after_close simul_nft combined v6_client_first. 'simul_nft' needs nft.
# any_*.pcap: the same with CAPTURE_IFACE=any (Linux cooked v2 headers);
# lo_linger0_editcap.pcapng: `editcap -F pcapng lo_linger0.pcap` (pcapng by Wireshark).
import socket, subprocess, time, sys, struct, os
def ss(tag):
    out = subprocess.run(["ss","-tanoe"],capture_output=True,text=True).stdout
    print("--- ss", tag); print("\n".join(l for l in out.splitlines()[1:]))
def pair(port):
    l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR,1)
    l.bind(("127.0.0.1",port)); l.listen(5)
    c = socket.socket(); c.connect(("127.0.0.1",port)); s,_ = l.accept()
    return l,c,s
def marker(tag):
    print("=== ", tag, flush=True)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.sendto(tag.encode(), ("127.0.0.1", 9)); u.close()
    time.sleep(0.05)
sc = sys.argv[1]
if sc == "client_first":
    l,c,s = pair(5001); c.send(b"hi"); s.recv(10); marker("close client"); c.close(); ss("after client close")
    print("recv", s.recv(10)); marker("close server"); s.close(); ss("after server close")
elif sc == "server_first":
    l,c,s = pair(5002); marker("close server"); s.close(); ss("after server close")
    marker("close client"); c.close(); ss("after client close")
elif sc == "unread_rst":
    l,c,s = pair(5003); c.send(b"12345"); time.sleep(0.05); marker("server close with unread"); s.close(); ss("after")
elif sc == "refused":
    time.sleep(0.3); c = socket.socket()
    try: c.connect(("127.0.0.1",5999))
    except Exception as e: print("connect:", e)
elif sc == "halfclose":
    l,c,s = pair(5004); marker("client shutdown wr"); c.shutdown(socket.SHUT_WR); ss("after shut")
    print(s.recv(10)); marker("server sends"); s.send(b"abc"); print(c.recv(10)); marker("server close"); s.close(); ss("after server close")
    marker("client close"); c.close(); ss("end")
elif sc == "linger0":
    l,c,s = pair(5005); c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii",1,0)); marker("client close linger0"); c.close(); ss("after")
elif sc == "write_after_close":
    l,c,s = pair(5006); marker("server close"); s.close(); marker("client write"); c.send(b"x"); ss("after write"); 
    try: c.send(b"y")
    except Exception as e: print("2nd send:", e)
elif sc == "simul_nft":
    l,c,s = pair(5009)
    subprocess.run(["nft","add table inet t"],check=True)
    subprocess.run(["nft","add chain inet t o { type filter hook output priority 0 ; }"],check=True)
    subprocess.run(["nft","add rule inet t o tcp flags fin drop"],check=True)
    marker("both shutdown (FINs dropped)"); c.shutdown(socket.SHUT_WR); s.shutdown(socket.SHUT_WR); ss("both FIN_WAIT1")
    subprocess.run(["nft","delete table inet t"],check=True)
    marker("rule removed"); time.sleep(1.0); ss("later")
    c.close(); s.close(); ss("closed")

elif sc == "combined":
    l,c,s = pair(5010); marker("client close, server closes at once"); c.close(); print(s.recv(10)); s.close(); ss("after")
elif sc == "v6_client_first":
    l = socket.socket(socket.AF_INET6); l.bind(("::1",5011)); l.listen(5)
    c = socket.socket(socket.AF_INET6); c.connect(("::1",5011)); s,_ = l.accept()
    c.send(b"hello"); s.recv(10); marker("close client"); c.close(); ss("after client close"); s.recv(10); marker("close server"); s.close(); ss("end")
