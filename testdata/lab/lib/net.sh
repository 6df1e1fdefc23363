# shellcheck shell=bash
# Namespaces, links, addresses and process bookkeeping of the hopaudit lab.
# Sourced by lab.sh. Every namespace this file creates is recorded in
# LAB_NETNS and removed by name in lab_cleanup; nothing here touches the
# host's own namespace beyond creating and deleting those names.

LAB_NETNS=()  # namespaces created by this process, removed in lab_cleanup
LAB_PIDS=()   # background processes started by this process

# Hop order and the segment between each pair: seg<N> joins HOPS[N-1], HOPS[N].
HOPS=(device fw lb gw server)

# addr HOP SEG: the address HOP's packets carry as source on segment SEG
# (no prefix length). A routed firewall keeps the end addresses, so the
# device and the load balancer keep theirs on both seg1 and seg2.
addr() {
	local hop=$1 seg=$2 v4 v6
	case "$hop/$seg" in
	device/*) v4=192.0.2.10 v6=2001:db8:1::10 ;;
	fw/seg1) v4=192.0.2.1 v6=2001:db8:1::1 ;;
	fw/seg2) v4=192.0.2.65 v6=2001:db8:2::1 ;;
	lb/seg1 | lb/seg2) v4=192.0.2.66 v6=2001:db8:2::2 ;;
	lb/seg3) v4=198.51.100.1 v6=2001:db8:3::1 ;;
	gw/seg3) v4=198.51.100.2 v6=2001:db8:3::2 ;;
	gw/seg4) v4=203.0.113.1 v6=2001:db8:4::1 ;;
	server/seg4) v4=203.0.113.2 v6=2001:db8:4::2 ;;
	*) echo "" && return 0 ;;
	esac
	if [[ $FAMILY == 6 ]]; then echo "$v6"; else echo "$v4"; fi
}

# hostport ADDR PORT: ADDR:PORT with brackets around IPv6.
hostport() {
	if [[ $1 == *:* ]]; then echo "[$1]:$2"; else echo "$1:$2"; fi
}

# ns HOP: the namespace name of HOP for this scenario.
ns() { echo "${NS_PREFIX}$1"; }

# nsx HOP CMD...: run CMD inside HOP's namespace.
nsx() {
	local hop=$1
	shift
	ip netns exec "$(ns "$hop")" "$@"
}

# wait_until TRIES CMD...: run CMD every 0.1 s until it succeeds, at most
# TRIES times. Returns 1 when it never did.
wait_until() {
	local tries=$1 i
	shift
	for ((i = 0; i < tries; i++)); do
		if "$@" >/dev/null 2>&1; then return 0; fi
		sleep 0.1
	done
	return 1
}

# net_build: the five namespaces, four veth segments, addresses and routes.
net_build() {
	local hop seg left right i
	for hop in "${HOPS[@]}"; do
		ip netns add "$(ns "$hop")"
		LAB_NETNS+=("$(ns "$hop")")
		net_sysctls "$hop"
		nsx "$hop" ip link set lo up
	done
	for i in 1 2 3 4; do
		left=${HOPS[i - 1]} right=${HOPS[i]} seg=seg$i
		ip link add "$seg" netns "$(ns "$left")" address "02:00:00:00:0$i:01" type veth \
			peer name "$seg" netns "$(ns "$right")" address "02:00:00:00:0$i:02"
		net_link_up "$left" "$seg"
		net_link_up "$right" "$seg"
	done
	net_addresses
	net_routes
}

# net_sysctls HOP: per-namespace settings applied before links exist, so
# the links inherit them through the "default" entries.
net_sysctls() {
	local hop=$1 off=1
	[[ $FAMILY == 6 ]] && off=0
	nsx "$hop" sysctl -qw net.ipv6.conf.all.disable_ipv6=$off net.ipv6.conf.default.disable_ipv6=$off
	if [[ $FAMILY == 6 ]]; then
		nsx "$hop" sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.default.accept_ra=0 \
			net.ipv6.conf.default.router_solicitations=0
	fi
	if [[ $hop == fw || $hop == lb || $hop == gw ]]; then # routers; lb and gw for the probes only
		nsx "$hop" sysctl -qw net.ipv4.ip_forward=1
		[[ $FAMILY == 6 ]] && nsx "$hop" sysctl -qw net.ipv6.conf.all.forwarding=1
	fi
	return 0
}

# net_link_up HOP DEV: bring DEV up; without checksum offload when ethtool
# is there, so captured packets carry valid checksums.
net_link_up() {
	if command -v ethtool >/dev/null; then
		nsx "$1" ethtool -K "$2" tx off >/dev/null 2>&1 || true
	fi
	nsx "$1" ip link set "$2" up
}

net_addresses() {
	local seg hop a plen
	for seg in seg1 seg2 seg3 seg4; do
		for hop in "${HOPS[@]}"; do
			case "$hop/$seg" in
			device/seg1 | fw/seg1 | fw/seg2 | lb/seg2 | lb/seg3 | gw/seg3 | gw/seg4 | server/seg4) ;;
			*) continue ;;
			esac
			a=$(addr "$hop" "$seg")
			if [[ $FAMILY == 6 ]]; then
				nsx "$hop" ip -6 addr add "$a/64" dev "$seg" nodad
			else
				case $seg in seg1 | seg2) plen=26 ;; *) plen=24 ;; esac
				nsx "$hop" ip addr add "$a/$plen" dev "$seg"
			fi
		done
	done
}

# net_routes: the device reaches every hop's listen address (the load
# balancer's, the gateway's, the server's) through the firewall, so that
# `hopaudit probe --plan` can run from the device; the way back is routed
# the same way. lb and gw forward only these routed probes: the proxied
# traffic of the scenarios is the proxies' own connections, unchanged.
# No default routes anywhere.
net_routes() {
	local s dev_net s1 s2 s3 s4 fw1 fw2 lb2 lb3 gw3 gw4 r=(ip route add)
	if [[ $FAMILY == 6 ]]; then
		r=(ip -6 route add)
		dev_net=2001:db8:1::/64 s2=2001:db8:2::/64 s3=2001:db8:3::/64 s4=2001:db8:4::/64
	else
		dev_net=192.0.2.0/26 s2=192.0.2.64/26 s3=198.51.100.0/24 s4=203.0.113.0/24
	fi
	s1=$dev_net
	fw1=$(addr fw seg1) fw2=$(addr fw seg2) lb2=$(addr lb seg2) lb3=$(addr lb seg3)
	gw3=$(addr gw seg3) gw4=$(addr gw seg4)
	for s in "$s2" "$s3" "$s4"; do nsx device "${r[@]}" "$s" via "$fw1"; done
	nsx fw "${r[@]}" "$s3" via "$lb2"
	nsx fw "${r[@]}" "$s4" via "$lb2"
	nsx lb "${r[@]}" "$s1" via "$fw2"
	nsx lb "${r[@]}" "$s4" via "$gw3"
	nsx gw "${r[@]}" "$s1" via "$lb3"
	nsx server "${r[@]}" "$s1" via "$gw4"
}

# start_bg LOG HOP CMD...: start CMD in HOP's namespace in the background,
# output to LOG; its pid is appended to LAB_PIDS and stored in LAST_PID.
start_bg() {
	local log=$1 hop=$2
	shift 2
	ip netns exec "$(ns "$hop")" "$@" >"$log" 2>&1 &
	LAST_PID=$!
	LAB_PIDS+=("$LAST_PID")
}

# stop_pid SIG PID: send SIG, wait up to 3 s, then SIGKILL.
stop_pid() {
	local sig=$1 pid=$2 i
	kill "-$sig" "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 30; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# lab_cleanup: stop every process we started and delete our namespaces by
# name. Safe to call more than once.
lab_cleanup() {
	local pid n p
	for pid in "${LAB_PIDS[@]}"; do
		stop_pid TERM "$pid"
	done
	LAB_PIDS=()
	for n in "${LAB_NETNS[@]}"; do
		[[ -e /run/netns/$n ]] || continue
		for p in $(ip netns pids "$n" 2>/dev/null); do
			stop_pid TERM "$p"
		done
		ip netns del "$n" 2>/dev/null || true
	done
	LAB_NETNS=()
}

# cleanup_prefix PREFIX: delete namespaces named PREFIX* left by a child
# run of this script (the prefix carries our pid, so they are ours).
cleanup_prefix() {
	local n p
	for n in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		[[ $n == "$1"* ]] || continue
		for p in $(ip netns pids "$n" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null || true
		done
		ip netns del "$n" 2>/dev/null || true
	done
}
