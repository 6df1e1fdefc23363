#!/usr/bin/env bash
# lab.sh: the hopaudit lab of real middleboxes.
#
# A chain of network namespaces joined by veth pairs:
#   device -- fw (Linux router, conntrack, nftables) -- lb (HAProxy) --
#   gw (NGINX reverse proxy) -- server (hopaudit serve)
# Each scenario sets the boxes' timers, sends ActiveSync Pings from the
# device, captures every segment and writes the topology and the verdict
# the analyzer must reach; then probes the live path with hopaudit probe
# --plan from the device. See testdata/lab/README.md.
#
# Usage:
#   lab.sh check                      can the lab run here? (exit 0/1)
#   lab.sh packages                   the Debian packages the lab needs
#   lab.sh list                       the scenarios
#   lab.sh record OUTDIR [SCENARIO..] record (all scenarios by default)
#   lab.sh verify DIR [SCENARIO..]    re-run the checks on recorded captures
#   lab.sh clean                      remove namespaces of a killed run
#
# Everything runs inside namespaces named ha-<pid>-<n>-<hop>, removed by
# name on exit, failure or signal. Every wait is bounded; every scenario
# runs under timeout(1).
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$LAB_DIR/../.." && pwd)
# shellcheck source=lib/scenarios.sh
source "$LAB_DIR/lib/scenarios.sh"
# shellcheck source=lib/net.sh
source "$LAB_DIR/lib/net.sh"
# shellcheck source=lib/boxes.sh
source "$LAB_DIR/lib/boxes.sh"
# shellcheck source=lib/observe.sh
source "$LAB_DIR/lib/observe.sh"
# shellcheck source=lib/write.sh
source "$LAB_DIR/lib/write.sh"
# shellcheck source=lib/probe.sh
source "$LAB_DIR/lib/probe.sh"

die() {
	echo "lab.sh: $*" >&2
	exit 1
}

usage() {
	sed -n '12,18p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# REQUIRED: command -> Debian package that provides it.
REQUIRED=(ip:iproute2 ss:iproute2 nft:nftables haproxy:haproxy nginx:nginx tcpdump:tcpdump
	dumpcap:wireshark-common tshark:tshark capinfos:wireshark-common openssl:openssl
	timeout:coreutils sysctl:procps go:golang)
# OPTIONAL: with ethtool, checksum offload is turned off on the links.
OPTIONAL=(ethtool:ethtool)

# cmd_packages: every Debian package the lab uses, required then optional,
# one per line (golang stands for any Go toolchain on PATH).
cmd_packages() {
	local item
	for item in "${REQUIRED[@]}" "${OPTIONAL[@]}"; do echo "${item#*:}"; done | awk '!seen[$0]++'
}

cmd_check() {
	local missing=() pkgs=() item c p ok=0
	for item in "${REQUIRED[@]}"; do
		c=${item%%:*} p=${item#*:}
		if ! command -v "$c" >/dev/null; then
			missing+=("$c")
			[[ " ${pkgs[*]} " == *" $p "* ]] || pkgs+=("$p")
		fi
	done
	if ((EUID != 0)); then
		echo "not root: the lab needs root for ip netns"
		ok=1
	fi
	if ((${#missing[@]})); then
		echo "missing commands: ${missing[*]}"
		echo "install with: apt-get install -y ${pkgs[*]}"
		ok=1
	fi
	if ((ok == 0)); then
		local probe="ha-$$-check"
		if ! ip netns add "$probe" 2>/dev/null; then
			echo "ip netns add failed: network namespaces are not available"
			ok=1
		else
			if ! ip netns exec "$probe" nft list tables >/dev/null 2>&1; then
				echo "nftables does not work inside a namespace"
				ok=1
			fi
			ip netns del "$probe" 2>/dev/null || true
		fi
	fi
	command -v ethtool >/dev/null || echo "note: ethtool absent; captures will carry offloaded (unverified) checksums"
	((ok == 0)) && echo "lab can run: $(haproxy -v | head -1 | sed 's/ - .*//'); $(nginx -v 2>&1); kernel $(uname -r)"
	return $ok
}

cmd_list() {
	local s
	for s in "${SCENARIOS[@]}"; do
		scn_defaults
		"scn_$s"
		printf '%-16s %s\n' "$s" "$DESCRIPTION"
	done
}

# select_scenarios NAME...: validates names; prints the list (all if none).
select_scenarios() {
	local s
	if (($# == 0)); then
		printf '%s\n' "${SCENARIOS[@]}"
		return
	fi
	for s in "$@"; do
		[[ " ${SCENARIOS[*]} " == *" $s "* ]] || die "unknown scenario $s (see lab.sh list)"
		echo "$s"
	done
}

# scenario_limit: the longest a scenario may take, seconds.
scenario_limit() {
	local total=0 h n=0
	for h in ${HEARTBEATS//,/ }; do
		total=$((total + h + SLACK))
		n=$((n + 1))
	done
	echo $((total + SETTLE + 60))
}

cmd_record() {
	(($# >= 1)) || usage
	local out=$1 s n=0 failed=() limit start t0
	shift
	cmd_check >/dev/null || die "the lab cannot run here; see: lab.sh check"
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	BUILD=$(mktemp -d /tmp/hopaudit-lab-bin.XXXXXX)
	CHILD=""
	trap 'stop_child; rm -rf "$BUILD"; cleanup_prefix "ha-$$-"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	# LAB_HOPAUDIT names an already built hopaudit (ci.sh builds it first).
	if [[ -n ${LAB_HOPAUDIT:-} ]]; then
		cp "$LAB_HOPAUDIT" "$BUILD/hopaudit" || die "LAB_HOPAUDIT=$LAB_HOPAUDIT: cannot copy"
	else
		(cd "$REPO_ROOT" && CGO_ENABLED=0 go build -o "$BUILD/hopaudit" ./cmd/hopaudit) || die "go build ./cmd/hopaudit failed"
	fi
	(cd "$REPO_ROOT" && CGO_ENABLED=0 go build -o "$BUILD/client" ./testdata/lab/client) || die "go build ./testdata/lab/client failed"
	t0=$(date +%s)
	for s in $(select_scenarios "$@"); do
		n=$((n + 1))
		scn_defaults
		"scn_$s"
		limit=$(($(scenario_limit) + $(probe_limit)))
		start=$(date +%s)
		echo "== $s (limit ${limit}s)"
		# In the background and waited for, so that a signal reaches us at once.
		timeout -k 10 "$limit" bash "$0" _one "$BUILD" "$out/$s" "$s" "ha-$$-$n-" &
		CHILD=$!
		if wait "$CHILD"; then
			echo "== $s recorded in $(($(date +%s) - start)) s"
		else
			echo "== $s FAILED after $(($(date +%s) - start)) s" >&2
			failed+=("$s")
		fi
		CHILD=""
		cleanup_prefix "ha-$$-$n-"
	done
	echo "recorded $n scenario(s) into $out in $(($(date +%s) - t0)) s"
	if ((${#failed[@]})); then
		die "failed: ${failed[*]}"
	fi
}

# stop_child: forward the end to a running scenario and let it clean up.
stop_child() {
	local i
	[[ -n ${CHILD:-} ]] || return 0
	kill -TERM "$CHILD" 2>/dev/null || true
	for ((i = 0; i < 200; i++)); do # up to 20 s for its own cleanup
		kill -0 "$CHILD" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$CHILD" 2>/dev/null || true
	CHILD=""
}

# cmd_clean: remove namespaces left by a lab run that was killed (SIGKILL
# gives no chance to clean up): only names of the lab's own pattern whose
# run (the pid in the name) is gone.
cmd_clean() {
	local n pid
	for n in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		[[ $n =~ ^ha-([0-9]+)-[0-9]+-(device|fw|lb|gw|server)$ ]] || continue
		pid=${BASH_REMATCH[1]}
		kill -0 "$pid" 2>/dev/null && continue
		echo "removing $n"
		cleanup_prefix "$n"
	done
}

# pause SECONDS: an interruptible sleep.
pause() {
	sleep "$1" &
	wait $! || true
}

# cmd_one BIN OUT NAME PREFIX: one scenario, in its own process so that its
# trap removes its namespaces whatever happens.
cmd_one() {
	BIN=$1 OUT=$2 NAME=$3 NS_PREFIX=$4
	trap lab_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	scn_defaults
	"scn_$NAME"
	RUN=$(mktemp -d /tmp/hopaudit-lab-run.XXXXXX)
	EVCACHE=$RUN/events
	mkdir -p "$EVCACHE"
	LAB_RUN_DIR=$RUN
	trap 'lab_cleanup; rm -rf "$LAB_RUN_DIR"' EXIT
	rm -rf "$OUT"
	mkdir -p "$OUT"
	net_build
	fw_setup
	boxes_start
	captures_start
	run_client
	pause "$SETTLE"
	captures_stop
	chmod 644 "$OUT"/seg*
	collect_logs
	write_topology "$OUT" "$NAME"
	run_probes
	lab_cleanup
	echo "checks:"
	run_checks "$OUT"
	check_probes "$OUT"
	write_expected "$OUT" "$NAME"
	((CHECKS_FAILED == 0)) || die "$NAME: $CHECKS_FAILED check(s) failed"
}

# run_client: the device's Pings, bounded by timeout.
run_client() {
	local args=(-heartbeats "$HEARTBEATS" -slack "${SLACK}s") port=$LB_PORT limit
	[[ -n $QUERY ]] && args+=(-query "$QUERY")
	if [[ $TLS == 1 ]]; then
		port=443
		args+=(-tls -keylog "$OUT/tls-keys.log")
	fi
	args+=(-addr "$(hostport "$(addr lb seg2)" "$port")")
	limit=$(($(scenario_limit) - SETTLE - 30))
	timeout -k 2 "$limit" ip netns exec "$(ns device)" "$BIN/client" "${args[@]}" >"$OUT/client.log" 2>&1 &
	LAB_PIDS+=("$!")
	wait $! || die "client failed: $(cat "$OUT/client.log")"
	sed 's/^/  client: /' "$OUT/client.log"
}

cmd_verify() {
	(($# >= 1)) || usage
	local dir=$1 s bad=0
	shift
	command -v tshark >/dev/null || die "tshark is missing (apt-get install -y tshark)"
	EVCACHE=$(mktemp -d /tmp/hopaudit-lab-verify.XXXXXX)
	trap 'rm -rf "$EVCACHE"' EXIT
	for s in $(select_scenarios "$@"); do
		[[ -d $dir/$s ]] || die "$dir/$s: no such scenario directory"
		scn_defaults
		"scn_$s"
		echo "== $s"
		run_checks "$dir/$s"
		check_probes "$dir/$s"
		((CHECKS_FAILED == 0)) || bad=$((bad + 1))
	done
	((bad == 0)) || die "$bad scenario(s) failed verification"
	echo "all verified"
}

main() {
	(($# >= 1)) || usage
	local cmd=$1
	shift
	case $cmd in
	check) cmd_check ;;
	packages) cmd_packages ;;
	list) cmd_list ;;
	record) cmd_record "$@" ;;
	verify) cmd_verify "$@" ;;
	clean) cmd_clean ;;
	_one) cmd_one "$@" ;;
	*) usage ;;
	esac
}

main "$@"
