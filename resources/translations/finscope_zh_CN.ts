<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CaptureView</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Filter: address, port or ending (reset, refused, half-closed...)</source>
        <translation>筛选：地址、端口或结束方式（reset、refused、half-closed……）</translation>
    </message>
    <message>
        <source>Choose a connection above to see its ladder</source>
        <translation>在上方选择一个连接，查看它的时序图</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Cannot read this file: %1</source>
        <translation>无法读取这个文件：%1</translation>
    </message>
    <message>
        <source>%1: %2 TCP connection in %3 frames (%4)</source>
        <translation>%1：%3 个帧中有 %2 个 TCP 连接（%4）</translation>
    </message>
    <message>
        <source>%1: %2 TCP connections in %3 frames (%4)</source>
        <translation>%1：%3 个帧中有 %2 个 TCP 连接（%4）</translation>
    </message>
    <message>
        <source>Partial: %1</source>
        <translation>不完整：%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</translation>
    </message>
</context>
<context>
    <name>CatalogueView</name>
    <message>
        <source>Filter scenarios (e.g. RST, SIGPIPE, linger)</source>
        <translation>筛选场景（例如 RST、SIGPIPE、linger）</translation>
    </message>
    <message>
        <source>My scenarios</source>
        <translation>我的场景</translation>
    </message>
</context>
<context>
    <name>CompareBar</name>
    <message>
        <source>Natural pair:</source>
        <translation>推荐对照：</translation>
    </message>
    <message>
        <source>Compare with “%1”</source>
        <translation>与“%1”对比</translation>
    </message>
    <message>
        <source>Run both side by side and see what differs</source>
        <translation>并排运行这两个场景，看看有什么不同</translation>
    </message>
    <message>
        <source>Run both side by side: %1</source>
        <translation>并排运行这两个场景：%1</translation>
    </message>
    <message>
        <source>Compare with…</source>
        <translation>对比…</translation>
    </message>
    <message>
        <source>Run this scenario and a natural partner side by side and see what differs</source>
        <translation>把这个场景和一个适合对照的场景并排运行，看看有什么不同</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 —— %2</translation>
    </message>
</context>
<context>
    <name>CompareModel</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>(before the first step)</source>
        <translation>（第一步之前）</translation>
    </message>
    <message>
        <source>only in B</source>
        <translation>仅 B 有</translation>
    </message>
    <message>
        <source>only in A</source>
        <translation>仅 A 有</translation>
    </message>
    <message>
        <source>the calls differ</source>
        <translation>调用不同</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>same</source>
        <translation>相同</translation>
    </message>
    <message>
        <source>Step in A</source>
        <translation>A 中的步骤</translation>
    </message>
    <message>
        <source>Step in B</source>
        <translation>B 中的步骤</translation>
    </message>
    <message>
        <source>What differs (A | B)</source>
        <translation>差异（A | B）</translation>
    </message>
    <message>
        <source>same (a packet sent again in one run only: timing)</source>
        <translation>相同（只有一次运行重发了某个数据包：时序所致）</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Compare two runs — FinScope</source>
        <translation>对比两次运行 — FinScope</translation>
    </message>
    <message>
        <source>Running both sides…</source>
        <translation>正在运行两边…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — saved trace %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; —— 已保存的跟踪记录 %2</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; —— %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;The two runs do the same&lt;/b&gt;, step for step (times, ports and sequence numbers aside).</source>
        <translation>&lt;b&gt;两次运行的行为完全相同&lt;/b&gt;，每一步都一样（时间、端口和序列号除外）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 of %2 steps differ&lt;/b&gt; (highlighted below). Choose a step to see it in both ladders.</source>
        <translation>&lt;b&gt;%2 个步骤中有 %1 个不同&lt;/b&gt;（已在下方高亮）。选中一个步骤，即可在两张时序图中同时查看它。</translation>
    </message>
</context>
<context>
    <name>ConnectionListModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>A (opened)</source>
        <translation>A（主动打开方）</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Start (s)</source>
        <translation>开始（秒）</translation>
    </message>
    <message>
        <source>Duration (ms)</source>
        <translation>时长（毫秒）</translation>
    </message>
    <message>
        <source>Bytes A→B</source>
        <translation>字节数 A→B</translation>
    </message>
    <message>
        <source>Bytes B→A</source>
        <translation>字节数 B→A</translation>
    </message>
    <message>
        <source>How it ended</source>
        <translation>结束方式</translation>
    </message>
</context>
<context>
    <name>EventDetails</name>
    <message>
        <source>&lt;p&gt;&lt;i&gt;Select an event in the ladder to see its details.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;在时序图中选中一个事件，即可查看它的详细信息。&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>call</source>
        <translation>调用</translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>descriptor</source>
        <translation>文件描述符</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>返回值</translation>
    </message>
    <message>
        <source>errno</source>
        <translation>errno</translation>
    </message>
    <message>
        <source>stale errno</source>
        <translation>过期的 errno</translation>
    </message>
    <message>
        <source>result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>man page</source>
        <translation>手册页</translation>
    </message>
    <message>
        <source>entered</source>
        <translation>进入时间</translation>
    </message>
    <message>
        <source>returned at</source>
        <translation>返回时间</translation>
    </message>
    <message>
        <source>phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>scenario line</source>
        <translation>场景行号</translation>
    </message>
    <message>
        <source>call id</source>
        <translation>调用编号</translation>
    </message>
    <message>
        <source>summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>from</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>to</source>
        <translation>发往</translation>
    </message>
    <message>
        <source>flags</source>
        <translation>标志位</translation>
    </message>
    <message>
        <source>seq</source>
        <translation>seq 序列号</translation>
    </message>
    <message>
        <source>ack</source>
        <translation>ack 确认号</translation>
    </message>
    <message>
        <source>payload length</source>
        <translation>载荷长度</translation>
    </message>
    <message>
        <source>window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Recv-Q</source>
        <translation>Recv-Q</translation>
    </message>
    <message>
        <source>Send-Q</source>
        <translation>Send-Q</translation>
    </message>
    <message>
        <source>local</source>
        <translation>本地地址</translation>
    </message>
    <message>
        <source>remote</source>
        <translation>远端地址</translation>
    </message>
    <message>
        <source>orphan</source>
        <translation>孤儿套接字</translation>
    </message>
    <message>
        <source>timer</source>
        <translation>定时器</translation>
    </message>
    <message>
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>signal</source>
        <translation>信号</translation>
    </message>
    <message>
        <source>disposition</source>
        <translation>信号处置</translation>
    </message>
    <message>
        <source>action</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>pid</source>
        <translation>pid</translation>
    </message>
    <message>
        <source>expected</source>
        <translation>预期</translation>
    </message>
    <message>
        <source>actual</source>
        <translation>实际结果</translation>
    </message>
    <message>
        <source>capture</source>
        <translation>抓包</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>not yet: the call is blocked</source>
        <translation>还没有：调用正阻塞着</translation>
    </message>
    <message>
        <source>not set by this call</source>
        <translation>这次调用没有设置 errno</translation>
    </message>
    <message>
        <source>errno still holds %1 from an earlier call; this call succeeded and did not set it, so reading errno now is misleading</source>
        <translation>errno 里仍是之前某次调用留下的 %1；这次调用成功了，并没有设置它，所以此时读 errno 会被误导</translation>
    </message>
    <message>
        <source> — took %1 µs</source>
        <translation> —— 用时 %1 µs</translation>
    </message>
    <message>
        <source> (the call blocked)</source>
        <translation>（调用曾阻塞）</translation>
    </message>
    <message>
        <source>System call</source>
        <translation>系统调用</translation>
    </message>
    <message>
        <source>%1 relative, %2 absolute</source>
        <translation>相对 %1，绝对 %2</translation>
    </message>
    <message>
        <source>— (no ACK flag)</source>
        <translation>—（没有 ACK 标志）</translation>
    </message>
    <message>
        <source>%1 (as sent, unscaled)</source>
        <translation>%1（报文中的原值，未按窗口缩放换算）</translation>
    </message>
    <message>
        <source>Packet</source>
        <translation>报文段</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;payload&lt;/b&gt; (first bytes)&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;载荷&lt;/b&gt;（开头的字节）&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2 的 %1</translation>
    </message>
    <message>
        <source>&lt;i&gt;derived&lt;/i&gt; from the captured packets (RFC 9293 state machine): too brief to be sampled</source>
        <translation>由抓到的报文&lt;i&gt;推导&lt;/i&gt;而来（RFC 9293 状态机）：这个状态太短暂，采样没能看到</translation>
    </message>
    <message>
        <source>traced (kernel tracepoint)</source>
        <translation>跟踪得到（内核跟踪点）</translation>
    </message>
    <message>
        <source>sampled from a NETLINK_SOCK_DIAG dump</source>
        <translation>从 NETLINK_SOCK_DIAG 转储中采样得到</translation>
    </message>
    <message>
        <source>yes: no descriptor refers to it any more; the kernel keeps it</source>
        <translation>是：已没有任何描述符指向它，由内核独自保留</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>TCP state</source>
        <translation>TCP 状态</translation>
    </message>
    <message>
        <source> — see &lt;code&gt;man 7 signal&lt;/code&gt;</source>
        <translation> —— 参见 &lt;code&gt;man 7 signal&lt;/code&gt;</translation>
    </message>
    <message>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>exit</source>
        <translation>进程退出</translation>
    </message>
    <message>
        <source>expect</source>
        <translation>预期检查</translation>
    </message>
    <message>
        <source>pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>event #%1 at %2 · scenario line %3</source>
        <translation>事件 #%1，时间 %2 · 场景第 %3 行</translation>
    </message>
    <message>
        <source>frame</source>
        <translation>帧</translation>
    </message>
    <message>
        <source>fate</source>
        <translation>去向</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>发出</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>送达</translation>
    </message>
    <message>
        <source> — %1 ms on the wire</source>
        <translation> —— 在线路上 %1 ms</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>&lt;i&gt;not yet: the frame is still on the wire&lt;/i&gt;</source>
        <translation>&lt;i&gt;尚未送达：该帧仍在线路上&lt;/i&gt;</translation>
    </message>
    <message>
        <source>drop reason</source>
        <translation>丢弃原因</translation>
    </message>
</context>
<context>
    <name>EventText</name>
    <message>
        <source>blocked…</source>
        <translation>阻塞中…</translation>
    </message>
    <message>
        <source>no return</source>
        <translation>没有返回</translation>
    </message>
    <message>
        <source>%1 blocks</source>
        <translation>%1 阻塞</translation>
    </message>
    <message>
        <source> (terminates)</source>
        <translation>（终止进程）</translation>
    </message>
    <message>
        <source>killed by %1</source>
        <translation>被 %1 杀死</translation>
    </message>
    <message>
        <source>exited with status %1</source>
        <translation>以状态 %1 退出</translation>
    </message>
    <message>
        <source>step %1: %2: %3</source>
        <translation>第 %1 步：%2：%3</translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation>预期 %1，实际 %2</translation>
    </message>
    <message>
        <source>MISSED: expected %1, got %2</source>
        <translation>未满足：预期 %1，实际 %2</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>paused before step %1</source>
        <translation>在第 %1 步之前暂停</translation>
    </message>
    <message>
        <source>run completed</source>
        <translation>运行结束</translation>
    </message>
    <message>
        <source>run completed with %1 failed expectation(s)</source>
        <translation>运行结束，有 %1 项预期未满足</translation>
    </message>
    <message>
        <source>held</source>
        <translation>被扣留</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>已丢弃</translation>
    </message>
    <message>
        <source>in flight</source>
        <translation>传输中</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>frame %1, %2</source>
        <translation>帧 %1，%2</translation>
    </message>
    <message>
        <source>; held on the wire: %1</source>
        <translation>；线路上被扣留的帧：%1</translation>
    </message>
</context>
<context>
    <name>ExplanationPanel</name>
    <message>
        <source>Expectations in this run</source>
        <translation>本次运行的预期</translation>
    </message>
    <message>
        <source>met</source>
        <translation>符合</translation>
    </message>
    <message>
        <source>MISSED</source>
        <translation>未符合</translation>
    </message>
    <message>
        <source>&lt;p&gt;… and %1 more.&lt;/p&gt;</source>
        <translation>&lt;p&gt;……还有 %1 条。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Every expectation held.</source>
        <translation>所有预期均成立。</translation>
    </message>
    <message>
        <source>%1 of %2 expectations missed.</source>
        <translation>%2 条预期中有 %1 条未符合。</translation>
    </message>
    <message>
        <source>The run did not complete: %1</source>
        <translation>运行未能完成：%1</translation>
    </message>
    <message>
        <source>(%1 events, %2 packets, %3 ms)</source>
        <translation>（%1 个事件，%2 个数据包，%3 毫秒）</translation>
    </message>
    <message>
        <source>Stopped before the end, as asked.</source>
        <translation>已按要求在结束前停止。</translation>
    </message>
    <message>
        <source>%1: expected %2</source>
        <translation>%1：预期 %2</translation>
    </message>
    <message>
        <source>%1: expected %2, got %3</source>
        <translation>%1：预期 %2，实际 %3</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
</context>
<context>
    <name>LadderAccessible</name>
    <message>
        <source>Ladder diagram</source>
        <translation>时序图</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) of the run, in time order; Up and Down move between them</source>
        <translation>
            <numerusform>本次运行共 %n 个事件，按时间排列；用上下方向键在事件间移动</numerusform>
        </translation>
    </message>
    <message>
        <source> blocks</source>
        <translation>（阻塞）</translation>
    </message>
    <message>
        <source>packet from %1 to %2: %3</source>
        <translation>从 %1 发往 %2 的数据包：%3</translation>
    </message>
    <message>
        <source>across all lanes</source>
        <translation>跨越所有泳道</translation>
    </message>
    <message>
        <source>%1, system calls</source>
        <translation>%1，系统调用</translation>
    </message>
    <message>
        <source>%1, TCP state</source>
        <translation>%1，TCP 状态</translation>
    </message>
    <message>
        <source>the peer (no socket of the scenario)</source>
        <translation>对端（不属于本场景的套接字）</translation>
    </message>
    <message>
        <source>the wire (packets)</source>
        <translation>网络线路（数据包）</translation>
    </message>
</context>
<context>
    <name>LadderExport</name>
    <message>
        <source>Cannot export to %1: the name must end in .svg, .pdf or .png.</source>
        <translation>无法导出到 %1：文件名必须以 .svg、.pdf 或 .png 结尾。</translation>
    </message>
    <message>
        <source>Cannot export to %1: the ladder is empty.</source>
        <translation>无法导出到 %1：时序图是空的。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>drawing the figure failed</source>
        <translation>绘制图形失败</translation>
    </message>
    <message>
        <source>TCP ladder diagram drawn by FinScope</source>
        <translation>由 FinScope 绘制的 TCP 时序图</translation>
    </message>
</context>
<context>
    <name>LadderFlights</name>
    <message>
        <source>dropped</source>
        <translation>已丢弃</translation>
    </message>
    <message>
        <source>held</source>
        <translation>扣留中</translation>
    </message>
    <message>
        <source>in flight</source>
        <translation>传输中</translation>
    </message>
</context>
<context>
    <name>LadderItemPainter</name>
    <message>
        <source>✖ killed by %1</source>
        <translation>✖ 被 %1 杀死</translation>
    </message>
    <message>
        <source>process exited (%1)</source>
        <translation>进程退出（%1）</translation>
    </message>
    <message>
        <source> ignored</source>
        <translation> 已忽略</translation>
    </message>
    <message>
        <source> → terminate</source>
        <translation> → 终止进程</translation>
    </message>
    <message>
        <source> → handler</source>
        <translation> → 交给处理函数</translation>
    </message>
</context>
<context>
    <name>LadderLabel</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>queues empty</source>
        <translation>队列为空</translation>
    </message>
</context>
<context>
    <name>LadderLegend</name>
    <message>
        <source>Legend: %1 · %2 · %3 · %4 · solid state = sampled from the kernel, &lt;i&gt;hatched/dashed&lt;/i&gt; = derived from packets (too brief to sample) · dotted outline = orphan (no descriptor left) · vertical bar = a blocked call · ✓/✗ expectation met/missed · click an event for details</source>
        <translation>图例：%1 · %2 · %3 · %4 · 实心状态 = 从内核采样所得，&lt;i&gt;斜线/虚线&lt;/i&gt; = 由数据包推断（持续太短，来不及采样） · 点线边框 = 孤儿套接字（已没有文件描述符） · 竖条 = 阻塞中的调用 · ✓/✗ 预期符合/未符合 · 点击事件查看详情</translation>
    </message>
    <message>
        <source>FIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>RST</source>
        <translation>RST</translation>
    </message>
    <message>
        <source>SYN</source>
        <translation>SYN</translation>
    </message>
    <message>
        <source>-1 errno: failed call</source>
        <translation>-1 errno：调用失败</translation>
    </message>
</context>
<context>
    <name>LadderPainter</name>
    <message>
        <source>syscalls</source>
        <translation>系统调用</translation>
    </message>
    <message>
        <source>TCP state</source>
        <translation>TCP 状态</translation>
    </message>
    <message>
        <source>the wire</source>
        <translation>线路</translation>
    </message>
    <message>
        <source>NO CAPTURE</source>
        <translation>未抓包</translation>
    </message>
    <message>
        <source>packets</source>
        <translation>报文</translation>
    </message>
    <message>
        <source>peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>no socket</source>
        <translation>无套接字</translation>
    </message>
    <message>
        <source>no capture: packets not recorded</source>
        <translation>未抓包：报文没有记录下来</translation>
    </message>
    <message>
        <source>time
ms</source>
        <translation>时间
ms</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>第%1行</translation>
    </message>
</context>
<context>
    <name>LadderWhy</name>
    <message>
        <source>why: %1</source>
        <translation>原因：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>FinScope</source>
        <translation>FinScope</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Scenario text</source>
        <translation>场景文本</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>讲解</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Event list</source>
        <translation>事件列表</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Run the whole scenario (F5); while stepping, run the remaining steps</source>
        <translation>运行整个场景（F5）；单步执行时，运行剩余的所有步骤</translation>
    </message>
    <message>
        <source>S&amp;tep</source>
        <translation>单步(&amp;T)</translation>
    </message>
    <message>
        <source>Run one step at a time, sockets kept alive in between (F10)</source>
        <translation>一次运行一步，步骤之间套接字保持存活（F10）</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <source>R&amp;estart</source>
        <translation>重新开始(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Compact</source>
        <translation>紧凑(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Event order</source>
        <translation>事件顺序(&amp;E)</translation>
    </message>
    <message>
        <source>Real &amp;time</source>
        <translation>真实时间(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Scenario…</source>
        <translation>打开场景(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;Trace…</source>
        <translation>打开跟踪记录(&amp;T)…</translation>
    </message>
    <message>
        <source>Open Trace</source>
        <translation>打开跟踪记录</translation>
    </message>
    <message>
        <source>FinScope traces (*.jsonl *.json);;All files (*)</source>
        <translation>FinScope 跟踪记录 (*.jsonl *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save Tr&amp;ace…</source>
        <translation>保存跟踪记录(&amp;A)…</translation>
    </message>
    <message>
        <source>Save Trace</source>
        <translation>保存跟踪记录</translation>
    </message>
    <message>
        <source>FinScope traces (*.jsonl)</source>
        <translation>FinScope 跟踪记录 (*.jsonl)</translation>
    </message>
    <message>
        <source>Export as S&amp;VG…</source>
        <translation>导出为 S&amp;VG…</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>Export as &amp;PDF…</source>
        <translation>导出为 &amp;PDF…</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Export as P&amp;NG…</source>
        <translation>导出为 P&amp;NG…</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Save the whole ladder as a figure, for handouts, slides and bug reports</source>
        <translation>把整张时序图保存为图片，可用于讲义、幻灯片和错误报告</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Reset Zoom</source>
        <translation>重置缩放(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Wider</source>
        <translation>加宽(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Fit Width</source>
        <translation>适应宽度(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About FinScope</source>
        <translation>关于 FinScope(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>No built-in scenarios found (set FINSCOPE_SCENARIO_DIR, or open a .fsc file).</source>
        <translation>找不到内置场景（请设置 FINSCOPE_SCENARIO_DIR，或打开一个 .fsc 文件）。</translation>
    </message>
    <message>
        <source>Cannot open %1: no such file</source>
        <translation>无法打开 %1：文件不存在</translation>
    </message>
    <message>
        <source>has errors</source>
        <translation>有错误</translation>
    </message>
    <message>
        <source>Cannot read trace %1: %2</source>
        <translation>无法读取跟踪记录 %1：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>F5 runs the scenario on this machine&apos;s kernel; F10 runs it one step at a time.</source>
        <translation>按 F5 在本机内核上运行这个场景；按 F10 一步一步地运行。</translation>
    </message>
    <message>
        <source>This scenario has errors (see Problems); nothing runs.</source>
        <translation>这个场景有错误（见“问题”面板），无法运行。</translation>
    </message>
    <message>
        <source>This file has errors and cannot run: see Problems below, click one to jump to its line.</source>
        <translation>这个文件有错误，无法运行：请看下方的“问题”面板，点击一条即可跳到对应的行。</translation>
    </message>
    <message>
        <source>%1 changed on disk. Your unsaved edits are kept: File ▸ Save writes them over it, File ▸ Revert reads the file again.</source>
        <translation>%1 已在磁盘上被修改。你尚未保存的编辑仍然保留：“文件 ▸ 保存场景”会用它们覆盖该文件，“文件 ▸ 还原”则重新读取文件。</translation>
    </message>
    <message>
        <source>Figure saved to %1</source>
        <translation>图形已保存到 %1</translation>
    </message>
    <message>
        <source>Export Figure</source>
        <translation>导出图形</translation>
    </message>
    <message>
        <source>No packet capture in this run: %1</source>
        <translation>本次运行没有抓包：%1</translation>
    </message>
    <message>
        <source>The run did not complete: %1</source>
        <translation>运行未能完成：%1</translation>
    </message>
    <message>
        <source>Paused before step %1 (line %2: %3) — F10 runs it, F5 runs the rest, Shift+F5 stops</source>
        <translation>已在第 %1 步之前暂停（第 %2 行：%3）—— F10 执行这一步，F5 运行剩余步骤，Shift+F5 停止</translation>
    </message>
    <message>
        <source>Stopped by the user.</source>
        <translation>已被用户停止。</translation>
    </message>
    <message>
        <source>The runner failed (exit status 2) and said nothing.</source>
        <translation>运行器失败（退出状态 2），且没有输出任何信息。</translation>
    </message>
    <message>
        <source>The runner ended abnormally (%1).</source>
        <translation>运行器异常结束（%1）。</translation>
    </message>
    <message>
        <source>crashed or killed</source>
        <translation>崩溃或被杀死</translation>
    </message>
    <message>
        <source>exit status %1</source>
        <translation>退出状态 %1</translation>
    </message>
    <message>
        <source>Runner said: %1</source>
        <translation>运行器输出：%1</translation>
    </message>
    <message>
        <source>The run ended without a summary: the trace is incomplete and its expectations were not all checked.</source>
        <translation>运行结束时没有汇总：跟踪记录不完整，预期也没有全部检查。</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Run finished</source>
        <translation>运行结束</translation>
    </message>
    <message>
        <source>Ready — F5 runs, F10 steps</source>
        <translation>就绪 —— F5 运行，F10 单步</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <source>Paused before the highlighted step — F10 next step, F5 run the rest</source>
        <translation>已在高亮的步骤之前暂停 —— F10 执行下一步，F5 运行剩余步骤</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message numerus="yes">
        <source>   %n event(s)</source>
        <translation>
            <numerusform>   %n 个事件</numerusform>
        </translation>
    </message>
    <message>
        <source>capture: %1 · kernel %2</source>
        <translation>抓包：%1 · 内核 %2</translation>
    </message>
    <message>
        <source>Open Scenario</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <source>FinScope scenarios (*.fsc);;All files (*)</source>
        <translation>FinScope 场景 (*.fsc);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;FinScope %1&lt;/h3&gt;&lt;p&gt;Shows how TCP connections end, measured on the real kernel.&lt;/p&gt;&lt;p&gt;Qt %2 (built with %3)&lt;br&gt;Linux kernel %4</source>
        <translation>&lt;h3&gt;FinScope %1&lt;/h3&gt;&lt;p&gt;在真实内核上测量并展示 TCP 连接是如何结束的。&lt;/p&gt;&lt;p&gt;Qt %2（编译时版本 %3）&lt;br&gt;Linux 内核 %4</translation>
    </message>
    <message>
        <source>&lt;br&gt;Runner: %1&lt;/p&gt;</source>
        <translation>&lt;br&gt;运行器：%1&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About FinScope</source>
        <translation>关于 FinScope</translation>
    </message>
    <message>
        <source>&amp;New Scenario</source>
        <translation>新建场景(&amp;N)</translation>
    </message>
    <message>
        <source>Start a new scenario from a template that runs</source>
        <translation>从一个可以直接运行的模板开始写新场景</translation>
    </message>
    <message>
        <source>&amp;Save Scenario</source>
        <translation>保存场景(&amp;S)</translation>
    </message>
    <message>
        <source>Save the scenario text; a built-in scenario is saved as your own copy</source>
        <translation>保存场景文本；内置场景会另存为你自己的副本</translation>
    </message>
    <message>
        <source>Save Scenario &amp;As…</source>
        <translation>场景另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>还原(&amp;V)</translation>
    </message>
    <message>
        <source>Read the file again, dropping unsaved edits</source>
        <translation>重新读取文件，丢弃尚未保存的编辑</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language is used from the next start of FinScope.</source>
        <translation>新的语言将在下次启动 FinScope 时生效。</translation>
    </message>
    <message>
        <source>New scenario</source>
        <translation>新场景</translation>
    </message>
    <message>
        <source>%1 — FinScope</source>
        <translation>%1 — FinScope</translation>
    </message>
    <message>
        <source>Scenario text (unsaved)</source>
        <translation>场景文本（未保存）</translation>
    </message>
    <message>
        <source>Write the steps, press F5 to run them on the kernel. Save keeps the file in your scenarios folder.</source>
        <translation>写下步骤，按 F5 在内核上运行。保存时文件会放在你的场景文件夹中。</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Save Scenario</source>
        <translation>保存场景</translation>
    </message>
    <message>
        <source>FinScope scenarios (*.fsc)</source>
        <translation>FinScope 场景 (*.fsc)</translation>
    </message>
    <message>
        <source>the new scenario</source>
        <translation>新场景</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>Save your changes to %1 first?</source>
        <translation>要先保存对 %1 的修改吗？</translation>
    </message>
    <message>
        <source>Cannot write the backup of your unsaved text to %1</source>
        <translation>无法把未保存文本的备份写入 %1</translation>
    </message>
    <message>
        <source>a new scenario</source>
        <translation>一个新场景</translation>
    </message>
    <message>
        <source>Restore unsaved changes?</source>
        <translation>恢复未保存的修改？</translation>
    </message>
    <message>
        <source>FinScope was closed without saving your changes to %1 (%2). Restore them?</source>
        <translation>FinScope 上次关闭时，你对 %1 的修改还没有保存（%2）。要恢复这些修改吗？</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>&amp;Predict, Then Reveal</source>
        <translation>先预测，再揭晓(&amp;P)</translation>
    </message>
    <message>
        <source>Before each step, guess what the kernel will do; then see it run (Ctrl+P)</source>
        <translation>每一步执行之前，先猜猜内核会怎么做，再看它实际运行（Ctrl+P）</translation>
    </message>
    <message>
        <source>&amp;Compare With…</source>
        <translation>对比(&amp;C)…</translation>
    </message>
    <message>
        <source>Compare With</source>
        <translation>选择要对比的场景或跟踪记录</translation>
    </message>
    <message>
        <source>Scenarios and traces (*.fsc *.jsonl *.json);;All files (*)</source>
        <translation>场景和跟踪记录 (*.fsc *.jsonl *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open &amp;Capture…</source>
        <translation>打开抓包文件(&amp;C)…</translation>
    </message>
    <message>
        <source>Open Capture</source>
        <translation>打开抓包文件</translation>
    </message>
    <message>
        <source>Packet captures (*.pcap *.pcapng *.cap);;All files (*)</source>
        <translation>抓包文件 (*.pcap *.pcapng *.cap);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 — capture — FinScope</source>
        <translation>%1 —— 抓包 —— FinScope</translation>
    </message>
    <message>
        <source>Export Pac&amp;kets…</source>
        <translation>导出数据包(&amp;K)…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop reading the trace; what was read stays shown</source>
        <translation>停止读取跟踪记录；已读取的部分仍会显示</translation>
    </message>
    <message>
        <source>Stop the run before opening a trace.</source>
        <translation>请先停止当前运行，再打开跟踪记录。</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message numerus="yes">
        <source>Reading %1 was cancelled: the first %n event(s) are shown.</source>
        <translation>
            <numerusform>已取消读取 %1：只显示了前 %n 个事件。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 holds no trace events.</source>
        <translation>%1 中没有任何跟踪事件。</translation>
    </message>
    <message>
        <source>A trace read from a JSON file has no packet bytes (JSON lines keep no frames). Run the scenario, or use `finscope run --pcapng FILE` on the command line.</source>
        <translation>从 JSON 文件读取的跟踪记录不含数据包的字节（JSON lines 不保存帧）。请运行该场景，或在命令行中使用 `finscope run --pcapng FILE`。</translation>
    </message>
    <message>
        <source>The packets can be saved when the run has ended.</source>
        <translation>运行结束后才能保存数据包。</translation>
    </message>
    <message>
        <source>Run a scenario first: its captured packets can then be saved for Wireshark.</source>
        <translation>请先运行一个场景：之后即可把抓到的数据包保存下来，供 Wireshark 使用。</translation>
    </message>
    <message>
        <source>This run captured no packets (see Problems).</source>
        <translation>本次运行没有抓到数据包（见“问题”面板）。</translation>
    </message>
    <message>
        <source>The runner wrote no packet file for this run (it was killed, or it could not write it).</source>
        <translation>运行器没有为本次运行写出数据包文件（它被终止了，或无法写入该文件）。</translation>
    </message>
    <message>
        <source>Save the run&apos;s packets as pcapng for Wireshark or tshark: full frames, each with why it was sent</source>
        <translation>把本次运行的数据包保存为 pcapng，供 Wireshark 或 tshark 使用：完整的帧，每个都附有发送原因</translation>
    </message>
    <message>
        <source>No packets to export: %1</source>
        <translation>没有可导出的数据包：%1</translation>
    </message>
    <message>
        <source>Cannot export the packets to %1: %2</source>
        <translation>无法把数据包导出到 %1：%2</translation>
    </message>
    <message>
        <source>cannot read the run&apos;s packet file (%1)</source>
        <translation>无法读取本次运行的数据包文件（%1）</translation>
    </message>
    <message>
        <source>Packets saved to %1</source>
        <translation>数据包已保存到 %1</translation>
    </message>
    <message>
        <source>Export Packets</source>
        <translation>导出数据包</translation>
    </message>
    <message>
        <source>pcapng captures (*.pcapng);;All files (*)</source>
        <translation>pcapng 抓包文件 (*.pcapng);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Replace file?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 已存在。要替换它吗？</translation>
    </message>
    <message>
        <source>Reading the trace…</source>
        <translation>正在读取跟踪记录…</translation>
    </message>
    <message>
        <source>Trace read</source>
        <translation>跟踪记录已读取</translation>
    </message>
    <message>
        <source>Wire</source>
        <translation>线路</translation>
    </message>
    <message>
        <source>A saved trace</source>
        <translation>已保存的跟踪记录</translation>
    </message>
    <message>
        <source>Read from a saved trace whose scenario file is not on this machine: the scenario text beside is not this trace&apos;s, and its line numbers do not match the trace. The ladder is the trace&apos;s own.</source>
        <translation>读取自已保存的跟踪记录，本机上没有它的场景文件：旁边的场景文本不属于这条跟踪记录，其行号也与之不符。时序图来自该跟踪记录本身。</translation>
    </message>
</context>
<context>
    <name>PredictPanel</name>
    <message>
        <source>Save answers…</source>
        <translation>保存答案…</translation>
    </message>
    <message>
        <source>Save the questions and answers as JSON, for a course&apos;s autograder</source>
        <translation>把题目和答案保存为 JSON，供课程的自动评分程序使用</translation>
    </message>
    <message>
        <source>&lt;b&gt;Predict, then reveal.&lt;/b&gt; Run ▸ Predict (Ctrl+P) runs the scenario one step at a time and asks, before each step, what the kernel will do.</source>
        <translation>&lt;b&gt;先预测，再揭晓。&lt;/b&gt;“运行 ▸ 先预测，再揭晓”（Ctrl+P）会一步一步地运行场景，并在每一步之前问你：内核会怎么做？</translation>
    </message>
    <message>
        <source>&lt;b&gt;Predict:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;预测：&lt;/b&gt;%1</translation>
    </message>
    <message>
        <source>Starting the run…</source>
        <translation>正在开始运行…</translation>
    </message>
    <message>
        <source>&lt;i&gt;Not scored:&lt;/i&gt; %1</source>
        <translation>&lt;i&gt;不计分：&lt;/i&gt;%1</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1a7f37&apos;&gt;&lt;b&gt;Right.&lt;/b&gt;&lt;/span&gt; %1</source>
        <translation>&lt;span style=&apos;color:#1a7f37&apos;&gt;&lt;b&gt;答对了。&lt;/b&gt;&lt;/span&gt;%1</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#cf222e&apos;&gt;&lt;b&gt;Wrong.&lt;/b&gt;&lt;/span&gt; What happened: %1</source>
        <translation>&lt;span style=&apos;color:#cf222e&apos;&gt;&lt;b&gt;答错了。&lt;/b&gt;&lt;/span&gt;实际发生的是：%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Step %1&lt;/b&gt; (line %2) — %3: &lt;code&gt;%4&lt;/code&gt;</source>
        <translation>&lt;b&gt;第 %1 步&lt;/b&gt;（第 %2 行）—— %3：&lt;code&gt;%4&lt;/code&gt;</translation>
    </message>
    <message>
        <source>Nothing to predict here.</source>
        <translation>这一步没有需要预测的内容。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Step %1 ran&lt;/b&gt; — %2: &lt;code&gt;%3&lt;/code&gt;</source>
        <translation>&lt;b&gt;第 %1 步已执行&lt;/b&gt; —— %2：&lt;code&gt;%3&lt;/code&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Why&lt;/b&gt; (click to see it in the ladder)</source>
        <translation>&lt;b&gt;原因&lt;/b&gt;（点击即可在时序图中查看）</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Score: %1 of %2&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;得分：%1 / %2&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>No mistakes: every prediction held.</source>
        <translation>全部答对：每个预测都成立。</translation>
    </message>
    <message>
        <source>Nothing was scored.</source>
        <translation>没有计分的题目。</translation>
    </message>
    <message>
        <source>Mistakes (click one to see its step):</source>
        <translation>答错的题（点击一条即可查看对应的步骤）：</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>未作答</translation>
    </message>
    <message>
        <source>Step %1 %2: %3 — you said %4; it was %5</source>
        <translation>第 %1 步 %2：%3 —— 你的答案是 %4；实际是 %5</translation>
    </message>
    <message>
        <source>Run this step</source>
        <translation>执行这一步</translation>
    </message>
    <message>
        <source>Answer every question, then let the kernel run the step</source>
        <translation>先回答所有问题，再让内核执行这一步</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>See the score</source>
        <translation>查看得分</translation>
    </message>
    <message>
        <source>Save Answers</source>
        <translation>保存答案</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#cf222e&apos;&gt;&lt;b&gt;Wrong.&lt;/b&gt;&lt;/span&gt; The author&apos;s answer: %1</source>
        <translation>&lt;span style=&apos;color:#cf222e&apos;&gt;&lt;b&gt;答错了。&lt;/b&gt;&lt;/span&gt;作者给出的答案：%1</translation>
    </message>
    <message>
        <source>&lt;i&gt;The author explains:&lt;/i&gt; %1</source>
        <translation>&lt;i&gt;作者的讲解：&lt;/i&gt;%1</translation>
    </message>
</context>
<context>
    <name>PredictQuestions</name>
    <message>
        <source>What does %1 return?</source>
        <translation>%1 返回什么？</translation>
    </message>
    <message>
        <source>%1 (every byte accepted)</source>
        <translation>%1（所有字节都被接受）</translation>
    </message>
    <message>
        <source>the byte count (success)</source>
        <translation>字节数（成功）</translation>
    </message>
    <message>
        <source>data (more than 0 bytes)</source>
        <translation>数据（大于 0 个字节）</translation>
    </message>
    <message>
        <source>0 (end of file)</source>
        <translation>0（文件结束，EOF）</translation>
    </message>
    <message>
        <source>it blocks (waits)</source>
        <translation>阻塞（一直等待）</translation>
    </message>
    <message>
        <source>a new descriptor (0 or more)</source>
        <translation>一个新的文件描述符（0 或更大）</translation>
    </message>
    <message>
        <source>1 (ready)</source>
        <translation>1（就绪）</translation>
    </message>
    <message>
        <source>0 (nothing ready)</source>
        <translation>0（没有就绪的）</translation>
    </message>
    <message>
        <source>-1 (it fails)</source>
        <translation>-1（调用失败）</translation>
    </message>
    <message>
        <source>something else</source>
        <translation>其他结果</translation>
    </message>
    <message>
        <source>What goes on the wire?</source>
        <translation>线路上会出现什么报文？</translation>
    </message>
    <message>
        <source>a FIN</source>
        <translation>一个 FIN</translation>
    </message>
    <message>
        <source>an RST</source>
        <translation>一个 RST</translation>
    </message>
    <message>
        <source>neither FIN nor RST</source>
        <translation>既没有 FIN 也没有 RST</translation>
    </message>
    <message>
        <source>Does SIGPIPE arrive?</source>
        <translation>会收到 SIGPIPE 吗？</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>会</translation>
    </message>
    <message>
        <source>no</source>
        <translation>不会</translation>
    </message>
    <message>
        <source>The TCP state of %1 once the step has settled?</source>
        <translation>这一步执行完、状态稳定之后，%1 处于哪个 TCP 状态？</translation>
    </message>
    <message>
        <source>the socket</source>
        <translation>该套接字</translation>
    </message>
    <message>
        <source>CLOSE (gone)</source>
        <translation>CLOSE（已消失）</translation>
    </message>
    <message>
        <source>another state</source>
        <translation>其他状态</translation>
    </message>
</context>
<context>
    <name>PredictQuiz</name>
    <message>
        <source>it blocked (still waiting when the next step began)</source>
        <translation>阻塞了（下一步开始时仍在等待）</translation>
    </message>
    <message>
        <source>it blocked, then returned %1</source>
        <translation>先阻塞，然后返回了 %1</translation>
    </message>
    <message>
        <source>yes: SIGPIPE, %1 (%2)</source>
        <translation>收到了：SIGPIPE，%1（%2）</translation>
    </message>
    <message>
        <source>an RST (and a FIN)</source>
        <translation>一个 RST（还有一个 FIN）</translation>
    </message>
    <message>
        <source>an RST</source>
        <translation>一个 RST</translation>
    </message>
    <message>
        <source>a FIN</source>
        <translation>一个 FIN</translation>
    </message>
    <message>
        <source>neither FIN nor RST</source>
        <translation>既没有 FIN 也没有 RST</translation>
    </message>
    <message>
        <source>the trace has no return for this call</source>
        <translation>跟踪记录中没有这个调用的返回值</translation>
    </message>
    <message>
        <source>no packets were captured in this run</source>
        <translation>本次运行没有抓到数据包</translation>
    </message>
    <message>
        <source>no</source>
        <translation>没有收到</translation>
    </message>
    <message>
        <source>no state was seen for %1</source>
        <translation>没有观察到 %1 的状态</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>line %1:%2 — %3</source>
        <translation>第 %1 行第 %2 列 —— %3</translation>
    </message>
    <message>
        <source>Click to show line %1 in the scenario text</source>
        <translation>点击在场景文本中显示第 %1 行</translation>
    </message>
    <message numerus="yes">
        <source>%n more problem(s) not listed</source>
        <translation>
            <numerusform>还有 %n 个问题未列出</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 … [%n more character(s) not shown]</source>
        <translation>
            <numerusform>%1 … [还有 %n 个字符未显示]</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunnerProcess</name>
    <message>
        <source>The runner program `finscope` was not found next to finscope-gui nor on PATH; set FINSCOPE_RUNNER to its path.</source>
        <translation>在 finscope-gui 旁边和 PATH 中都找不到运行器程序 `finscope`；请把 FINSCOPE_RUNNER 设置为它的路径。</translation>
    </message>
    <message>
        <source>Unreadable line from the runner: %1</source>
        <translation>运行器输出了无法读取的一行：%1</translation>
    </message>
    <message>
        <source>The runner stopped answering for %1 s and was stopped.</source>
        <translation>运行器 %1 秒没有响应，已被停止。</translation>
    </message>
    <message>
        <source>The runner crashed (%1).</source>
        <translation>运行器崩溃了（%1）。</translation>
    </message>
    <message>
        <source>Could not start the runner %1: %2</source>
        <translation>无法启动运行器 %1：%2</translation>
    </message>
</context>
<context>
    <name>ScenarioTextView</name>
    <message>
        <source>%1:%2: %3</source>
        <translation>%1:%2：%3</translation>
    </message>
</context>
<context>
    <name>TraceLoader</name>
    <message>
        <source>another trace is still being read</source>
        <translation>另一个跟踪记录仍在读取中</translation>
    </message>
    <message>
        <source>not a regular file (a trace is a file that `finscope run --json` wrote)</source>
        <translation>不是普通文件（跟踪记录是由 `finscope run --json` 写出的文件）</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>reading stopped after %1 bytes: %2</source>
        <translation>读取 %1 个字节后中断：%2</translation>
    </message>
    <message>
        <source>line %1: longer than %2 MiB, skipped</source>
        <translation>第 %1 行：超过 %2 MiB，已跳过</translation>
    </message>
</context>
<context>
    <name>TraceModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>syscall</source>
        <translation>系统调用</translation>
    </message>
    <message>
        <source>packet</source>
        <translation>报文段</translation>
    </message>
    <message>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>signal</source>
        <translation>信号</translation>
    </message>
    <message>
        <source>exit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>expect</source>
        <translation>预期</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>WireActions</name>
    <message>
        <source>&amp;Deliver Held Frame</source>
        <translation>送达被扣留的帧(&amp;D)</translation>
    </message>
    <message>
        <source>Deliver the selected held frame (or the oldest) to its receiver now (D)</source>
        <translation>立即把选中的被扣留帧（未选中则为最早的一个）送达接收方（D）</translation>
    </message>
    <message>
        <source>Dro&amp;p Held Frame</source>
        <translation>丢弃被扣留的帧(&amp;P)</translation>
    </message>
    <message>
        <source>Drop the selected held frame (or the oldest): it never arrives, as if lost (X)</source>
        <translation>丢弃选中的被扣留帧（未选中则为最早的一个）：它永远不会到达，如同在网络中丢失（X）</translation>
    </message>
    <message>
        <source>Re&amp;lease All Held Frames</source>
        <translation>放行所有被扣留的帧(&amp;L)</translation>
    </message>
    <message>
        <source>Deliver every held frame, in the order they reached the wire (Shift+D)</source>
        <translation>按到达线路的顺序送达所有被扣留的帧（Shift+D）</translation>
    </message>
    <message>
        <source>Frame %1 is held on the wire</source>
        <translation>帧 %1 被扣留在线路上</translation>
    </message>
    <message>
        <source>Frames %1 are held on the wire</source>
        <translation>帧 %1 被扣留在线路上</translation>
    </message>
    <message>
        <source> — D delivers one (the selected, or the oldest), X drops it, Shift+D releases all</source>
        <translation> —— D 送达一帧（选中的，或最早的），X 丢弃它，Shift+D 全部放行</translation>
    </message>
    <message>
        <source>&amp;Deliver Frame %1</source>
        <translation>送达帧 %1(&amp;D)</translation>
    </message>
    <message>
        <source>Dro&amp;p Frame %1</source>
        <translation>丢弃帧 %1(&amp;P)</translation>
    </message>
</context>
</TS>
