# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables are read by lab.sh and the other lib files
# Scenario table of the hopaudit lab. Sourced by lab.sh.
#
# Each scenario is a function scn_<name> that overrides the defaults below.
# The design half (timers, client behaviour) drives the lab; the expectation
# half (culprit, end kind, idle, checks) is what expected.json states and what
# `lab.sh verify` asserts against the captures.
#
# A check is "SEG FROM KIND IDLE":
#   SEG   seg1..seg4 (the capture of that segment)
#   FROM  the hop whose address the packet carries as source on that segment
#         (a forged RST carries the address of the hop it pretends to be)
#   KIND  fin | rst | data | retrans | http-NNN, or close: the first FIN or
#         RST of the capture, whoever sent it, must come from FROM
#   IDLE  seconds from the last HTTP request on the same TCP connection to
#         the first such packet, or "none" when no such packet may appear.

SCENARIOS=(healthy lb-idle lb-tcp-idle lb-nolinger lb-http-client-timeout gw-timeout
	fw-reject fw-drop fw-loose server-close server-reset multi-ping ipv6-fw-reject tls-gw-timeout)

# scn_defaults sets the healthy design: every timer grows from the server
# outward and exceeds the heartbeat plus the margin.
scn_defaults() {
	DESCRIPTION=""
	FAMILY=4         # 4 or 6: the address family used end to end
	TLS=0            # 1: HAProxy terminates TLS on the device side (:443)
	HEARTBEATS="20"  # one Ping per entry on one connection, seconds
	SLACK=5          # the device gives up a Ping after heartbeat + SLACK
	QUERY=""         # extra query parameters for the server, hopaudit serve (close=, reset=)
	MARGIN=2         # margin declared in topology.yaml
	FW_IDLE=60       # conntrack established timeout on the firewall
	FW_LOOSE=1       # nf_conntrack_tcp_loose: 1 picks up mid-stream flows
	FW_INVALID=drop  # what the firewall does with ct state invalid: drop|reject
	LB_MODE=http     # HAProxy mode: http|tcp
	LB_CLIENT=40     # HAProxy timeout client
	LB_SERVER=40     # HAProxy timeout server
	LB_NOLINGER=0    # 1: option nolinger (close with RST)
	GW_READ=30       # NGINX proxy_read_timeout
	GW_SEND=30       # NGINX proxy_send_timeout
	SRV_MAX=20       # hopaudit serve --max-hold: the server's max heartbeat
	PROBE_HOLDS=""   # hopaudit probe --plan holds run from the device after
	#                  the recording (e.g. "4s,12s", bracketing the timer); "" for none
	PROBE_CUT=none   # the probe verdict the design predicts: "HOP SECONDS" (holds
	#                  cut through HOP at SECONDS) or none (no hop named)
	SETTLE=3         # seconds to keep capturing after the client is done
	# expectations
	HEALTHY=false
	CULPRIT=""
	END_KIND=""      # how the culprit ended the Ping toward the device:
	#                  answered|rst|fin|5xx-by-proxy|silent-drop|open
	DEVICE_SAW=""    # what reached the device, same words; "" means END_KIND
	SENT_DOWN=""     # what the culprit sent toward the device, as observed
	SENT_UP=""       # what the culprit sent toward the server, as observed
	IDLE=0
	TOL=1
	TIMER=""   # the setting that fired, as hop.timers.key or a description
	TIMER_S="" # its value in seconds
	CHECKS=()
}

scn_healthy() {
	DESCRIPTION="Every timer exceeds the heartbeat: the server answers 200 Status 1 at 20 s and the answer reaches the device."
	PROBE_HOLDS="4s,12s"
	HEALTHY=true END_KIND=answered IDLE=20 TIMER="server.timers.max_heartbeat" TIMER_S=20
	SENT_DOWN="HTTP 200 Ping Status 1 after 20 s"
	CHECKS=("seg4 server http-200 20" "seg3 gw http-200 20" "seg1 lb http-200 20")
}

scn_lb-idle() {
	DESCRIPTION="HAProxy (mode http) timeout server 8 s fires while the Ping is held: it answers 504 to the device (log sH--) and aborts its server-side connection with a RST."
	PROBE_HOLDS="4s,12s"
	PROBE_CUT="lb 8"
	LB_SERVER=8
	CULPRIT=lb END_KIND=5xx-by-proxy IDLE=8 TIMER="lb.timers.server" TIMER_S=8
	SENT_DOWN="HTTP 504 Gateway Time-out, client connection kept open (keep-alive)"
	SENT_UP="RST (no FIN) to the gateway"
	CHECKS=("seg1 lb http-504 8" "seg1 device close 8" "seg3 lb rst 8" "seg3 lb fin none" "seg4 gw fin 8" "seg4 server http-200 none")
}

scn_lb-tcp-idle() {
	DESCRIPTION="HAProxy (mode tcp, an L4 VIP with SNAT) with client and server timeouts 8 s: the idle timer (log cD) closes the device side with a FIN and the server side with a FIN, followed within 0.1 ms by a RST unless the gateway's own FIN arrived first (a race: both seen on the same setup)."
	PROBE_HOLDS="4s,12s"
	PROBE_CUT="lb 8"
	LB_MODE=tcp LB_CLIENT=8 LB_SERVER=8
	CULPRIT=lb END_KIND=fin IDLE=8 TIMER="lb.timers.client" TIMER_S=8
	SENT_DOWN="FIN"
	SENT_UP="FIN, then a RST within 0.1 ms unless the gateway's FIN came first (a race: both seen)"
	CHECKS=("seg1 lb close 8" "seg1 lb fin 8" "seg1 lb rst none" "seg3 lb close 8" "seg3 lb fin 8")
}

scn_lb-nolinger() {
	DESCRIPTION="HAProxy (mode tcp) with timeouts 8 s and option nolinger in frontend and backend, an attempt at an F5-like reset on timeout: observed, the device still gets a FIN first (followed by a RST only when the device has not closed yet: a race); the server side is reset (RST, no FIN)."
	LB_MODE=tcp LB_CLIENT=8 LB_SERVER=8 LB_NOLINGER=1
	CULPRIT=lb END_KIND=fin IDLE=8 TIMER="lb.timers.client" TIMER_S=8
	SENT_DOWN="FIN; then a RST when the device has not closed yet (a race: both seen on the same setup)"
	SENT_UP="RST, no FIN"
	CHECKS=("seg1 lb close 8" "seg1 lb fin 8" "seg3 lb rst 8" "seg3 lb fin none")
}

scn_lb-http-client-timeout() {
	DESCRIPTION="HAProxy (mode http) with timeout client 8 s, shorter than the heartbeat, and timeout server 40 s: observed, timeout client does not run while HAProxy waits for the server's answer, so the Ping is answered at 20 s. Healthy, although a naive timer check would blame lb.timers.client."
	PROBE_HOLDS="4s,12s"
	LB_CLIENT=8
	HEALTHY=true END_KIND=answered IDLE=20 TIMER="server.timers.max_heartbeat" TIMER_S=20
	SENT_DOWN="HTTP 200 Ping Status 1 after 20 s"
	CHECKS=("seg1 lb http-200 20" "seg1 device close 20" "seg3 lb rst none" "seg3 lb fin none")
}

scn_gw-timeout() {
	DESCRIPTION="NGINX proxy_read_timeout 8 s fires while the Ping is held: 504 downstream (HAProxy relays it), FIN to the server."
	PROBE_HOLDS="4s,12s"
	PROBE_CUT="gw 8"
	GW_READ=8
	CULPRIT=gw END_KIND=5xx-by-proxy IDLE=8 TIMER="gw.timers.proxy_read" TIMER_S=8
	SENT_DOWN="HTTP 504 Gateway Time-out, connection kept open"
	SENT_UP="FIN"
	CHECKS=("seg3 gw http-504 8" "seg4 gw fin 8" "seg1 lb http-504 8" "seg4 server http-200 none")
}

# The firewall scenarios' probes: fw sits in front of every hop the device
# can probe (lb, gw and server alike), so a 12 s hold goes unanswered
# through all three and the plan cannot name a hop (PROBE_CUT=none); the
# probe outcome "open" at hold + margin is the measurement.
scn_fw-reject() {
	DESCRIPTION="Linux firewall, conntrack established timeout 8 s, loose tracking off, ct state invalid rejected with tcp reset: the flow is forgotten at 8 s without a packet; the server's answer at 20 s is refused with a RST forged in the device's name toward the load balancer; the device gives up at 25 s and its FIN is refused with a RST forged in the load balancer's name. idle_s is the idle time before the first forged RST; the timer itself is 8 s."
	PROBE_HOLDS="4s,12s"
	FW_IDLE=8 FW_LOOSE=0 FW_INVALID=reject
	CULPRIT=fw END_KIND=rst IDLE=20 TIMER="fw.timers.idle" TIMER_S=8
	SENT_DOWN="nothing at 8 s; RST with the load balancer's address (TTL 64 where the load balancer's own packets arrive with 63) in answer to the device's FIN at 25 s"
	SENT_UP="RST with the device's address (TTL 64 where the device's own packets arrive with 63) in answer to the answer at 20 s"
	CHECKS=("seg2 lb data 20" "seg2 device rst 20" "seg1 lb data none" "seg1 device fin 25" "seg1 lb rst 25")
}

scn_fw-drop() {
	DESCRIPTION="Linux firewall, conntrack established timeout 8 s, loose tracking off, ct state invalid dropped: the server's answer at 20 s and the device's FIN at 25 s are dropped silently and retransmitted. idle_s is the idle time before the first dropped packet; the timer itself is 8 s."
	PROBE_HOLDS="4s,12s"
	FW_IDLE=8 FW_LOOSE=0 FW_INVALID=drop SETTLE=4
	CULPRIT=fw END_KIND=silent-drop IDLE=20 TIMER="fw.timers.idle" TIMER_S=8
	SENT_DOWN="nothing: the answer never reaches the device; its FIN at 25 s is retransmitted unanswered"
	SENT_UP="nothing: the load balancer retransmits the answer unacknowledged"
	CHECKS=("seg2 lb data 20" "seg2 lb retrans 20" "seg1 lb data none" "seg1 device fin 25" "seg1 device retrans 25" "seg2 device fin none" "seg1 lb rst none")
}

scn_fw-loose() {
	DESCRIPTION="Linux firewall, conntrack established timeout 8 s with the kernel's default loose tracking (nf_conntrack_tcp_loose=1), new flows must start with a SYN, ct state invalid rejected with tcp reset: the server's answer at 20 s is picked up as a new non-SYN flow and dropped silently (retransmitted); the device's FIN at 25 s is invalid even under loose tracking and is refused with a RST forged in the load balancer's name. idle_s is the idle time before the first dropped packet; the timer itself is 8 s."
	FW_IDLE=8 FW_LOOSE=1 FW_INVALID=reject
	CULPRIT=fw END_KIND=silent-drop DEVICE_SAW=rst IDLE=20 TIMER="fw.timers.idle" TIMER_S=8
	SENT_DOWN="nothing at 8 s or 20 s; RST with the load balancer's address in answer to the device's FIN at 25 s"
	SENT_UP="nothing: the answer at 20 s is dropped (ct state new without SYN) and retransmitted"
	CHECKS=("seg2 lb data 20" "seg2 lb retrans 20" "seg2 device rst none" "seg1 lb data none" "seg1 device fin 25" "seg1 lb rst 25")
}

scn_server-close() {
	DESCRIPTION="The server closes the held Ping with a FIN after 3 s without answering; NGINX answers 502 downstream."
	QUERY="close=3"
	CULPRIT=server END_KIND=fin DEVICE_SAW=5xx-by-proxy IDLE=3 TIMER="server closes early (hopaudit serve close=3)" TIMER_S=3
	SENT_DOWN="FIN to the gateway, no answer (NGINX: upstream prematurely closed connection, 502)"
	CHECKS=("seg4 server fin 3" "seg3 gw http-502 3" "seg1 lb http-502 3")
}

scn_server-reset() {
	DESCRIPTION="The server resets the held Ping after 3 s without answering; NGINX answers 502 downstream."
	QUERY="reset=3"
	CULPRIT=server END_KIND=rst DEVICE_SAW=5xx-by-proxy IDLE=3 TIMER="server resets early (hopaudit serve reset=3)" TIMER_S=3
	SENT_DOWN="RST to the gateway, no answer (NGINX: connection reset by peer, 502)"
	CHECKS=("seg4 server rst 3" "seg3 gw http-502 3" "seg1 lb http-502 3")
}

scn_multi-ping() {
	DESCRIPTION="Three Pings on one connection with heartbeats 5, 10 and 20 s through HAProxy (mode tcp) with 12 s timeouts: the first two are answered, the third is cut by the idle timer at 12 s. NGINX uses one upstream connection per Ping (HTTP/1.0 upstream)."
	HEARTBEATS="5,10,20" LB_MODE=tcp LB_CLIENT=12 LB_SERVER=12
	CULPRIT=lb END_KIND=fin IDLE=12 TIMER="lb.timers.client" TIMER_S=12
	SENT_DOWN="FIN 12 s into the third Ping"
	SENT_UP="FIN, then a RST unless the gateway's FIN came first (a race, as in lb-tcp-idle)"
	CHECKS=("seg1 lb http-200 5" "seg1 lb fin 12" "seg3 lb fin 12" "seg4 server http-200 5")
}

scn_ipv6-fw-reject() {
	scn_fw-reject
	DESCRIPTION="IPv6 end to end; otherwise as fw-reject: the Linux firewall forgets the flow at 8 s and forges TCP RSTs on both sides (hop limit 64 where the real peers' packets arrive with 63)."
	FAMILY=6
}

scn_tls-gw-timeout() {
	scn_gw-timeout
	DESCRIPTION="TLS on the device side (HAProxy terminates TLS on :443; the session keys are in tls-keys.log); NGINX proxy_read_timeout 8 s answers 504, which reaches the device encrypted."
	TLS=1
	PROBE_HOLDS="" # the plan would speak https to every hop; gw and server speak plain http
}
