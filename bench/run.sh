#!/usr/bin/env bash
# bench/run.sh: times `hopaudit analyze` against `tshark -q -z conv,tcp` and
# `tcptrace -n` on synthetic ActiveSync-like captures and prints a Markdown
# table of wall time, CPU time, throughput and peak memory (max RSS).
#
# Usage: bench/run.sh [SIZE]          (SIZE default 2G; binary units)
#
# Environment (all optional):
#   SIZE=2G            size of the main capture (the argument wins)
#   COMPARE_SIZE=256M  a second, smaller capture from the same generator on
#                      which all three tools are timed too; 0 skips it
#   DEVICES=20000      devices in both captures
#   RESET=30           percent of Pings the middlebox resets
#   SEED=1             generator seed
#   TOOLS="hopaudit tcptrace tshark"   tools to time
#   MEM_LIMIT_MB       RSS at which tshark or tcptrace is stopped (default:
#                      half of MemAvailable, at most 6144): both keep state
#                      for every packet or connection and can exhaust RAM
#   TIME_LIMIT=1500    seconds after which a tool is stopped
#   REPEAT=1           runs per tool and file; the fastest is reported
#   WORKDIR            where captures and binaries go (default: a new dir
#                      under ${TMPDIR:-/var/tmp}); KEEP=1 keeps it
#   HOPAUDIT_BIN       time this hopaudit binary instead of building one
#                      from the tree (to compare versions)
#
# Needs go, GNU time, tshark and tcptrace; as root it installs the missing
# Debian packages (apt-get install -y time tshark tcptrace).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SIZE=${1:-${SIZE:-2G}}
COMPARE_SIZE=${COMPARE_SIZE:-256M}
DEVICES=${DEVICES:-20000}
RESET=${RESET:-30}
SEED=${SEED:-1}
TOOLS=${TOOLS:-hopaudit tcptrace tshark}
TIME_LIMIT=${TIME_LIMIT:-1500}
REPEAT=${REPEAT:-1}
KEEP=${KEEP:-0}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INVOCATION="bench/run.sh${*:+ $*}"
for v in SIZE COMPARE_SIZE DEVICES RESET SEED TOOLS MEM_LIMIT_MB TIME_LIMIT REPEAT HOPAUDIT_BIN; do
	if [[ -n ${!v+x} && $(env | grep -c "^$v=") != 0 ]]; then
		INVOCATION="$v=\"${!v}\" $INVOCATION"
	fi
done

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

# bytes converts 500M, 2G, 2GiB... (binary units) to a byte count.
bytes() {
	local s=${1^^}
	s=${s%B}
	s=${s%I}
	local n=${s%[KMGT]} mult=1
	case $s in
	*K) mult=$((1 << 10)) ;; *M) mult=$((1 << 20)) ;; *G) mult=$((1 << 30)) ;; *T) mult=$((1 << 40)) ;;
	esac
	awk -v n="$n" -v m="$mult" 'BEGIN { if (n !~ /^[0-9.]+$/) exit 1; printf "%d\n", n * m }' ||
		die "bad size $1 (want e.g. 500M or 2G)"
}

need_tools() {
	local missing=()
	[[ -x /usr/bin/time ]] || missing+=(time)
	[[ " $TOOLS " == *" tshark "* ]] && ! command -v tshark >/dev/null && missing+=(tshark)
	[[ " $TOOLS " == *" tcptrace "* ]] && ! command -v tcptrace >/dev/null && missing+=(tcptrace)
	command -v go >/dev/null || die "go not found in PATH"
	if ((${#missing[@]} == 0)); then
		return 0
	fi
	[[ $(id -u) == 0 ]] || die "missing ${missing[*]}: apt-get install -y ${missing[*]}"
	log "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2
}

setup_workdir() {
	if [[ -n ${WORKDIR:-} ]]; then
		W=$WORKDIR
		mkdir -p "$W"
	else
		W=$(mktemp -d "${TMPDIR:-/var/tmp}/hopaudit-bench.XXXXXX")
	fi
	if [[ $KEEP != 1 ]]; then
		trap 'rm -rf "$W"' EXIT
	fi
	local want free
	want=$(($(bytes "$SIZE") + $(compare_bytes) + (1 << 30)))
	free=$(df -P -B1 "$W" | awk 'NR == 2 { print $4 }')
	((free >= want)) || die "$W has $((free >> 20)) MiB free, needs $((want >> 20)) MiB"
	log "work dir $W ($((free >> 30)) GiB free)"
}

compare_bytes() {
	if [[ $COMPARE_SIZE == 0 ]]; then
		echo 0
	else
		bytes "$COMPARE_SIZE"
	fi
}

build() {
	if [[ -n ${HOPAUDIT_BIN:-} ]]; then
		log "using $HOPAUDIT_BIN; building gencap"
		cp "$HOPAUDIT_BIN" "$W/hopaudit"
	else
		log "building hopaudit (CGO_ENABLED=0) and gencap"
		(cd "$REPO" && CGO_ENABLED=0 go build -o "$W/hopaudit" ./cmd/hopaudit)
	fi
	(cd "$REPO" && go build -o "$W/gencap" ./capture/internal/gencap)
}

# generate NAME SIZE writes $W/NAME.pcap and records its bytes and packets.
generate() {
	local name=$1 size=$2 line
	log "generating $name.pcap ($size, $DEVICES devices, $RESET% resets)"
	line=$("$W/gencap" -o "$W/$name.pcap" -size "$size" -devices "$DEVICES" -reset "$RESET" -seed "$SEED")
	echo "${line//"$W/"/}" >>"$W/files.txt"
	FILE_BYTES[$name]=$(stat -c %s "$W/$name.pcap")
	FILE_PACKETS[$name]=$(echo "$line" | sed -E 's/.* ([0-9]+) packets.*/\1/')
}

# shellcheck source=measure.sh
source "$REPO/bench/measure.sh"

main() {
	need_tools
	setup_workdir
	build
	# shellcheck disable=SC2034 # used by measure.sh
	declare -gA FILE_BYTES FILE_PACKETS
	: >"$W/files.txt"
	: >"$W/rows.txt"
	local files=(main)
	generate main "$SIZE"
	if [[ $COMPARE_SIZE != 0 ]]; then
		generate compare "$COMPARE_SIZE"
		files=(compare main)
	fi
	MEM_LIMIT_MB=${MEM_LIMIT_MB:-$(awk '/MemAvailable/ { m = int($2 / 2048); print (m > 6144 ? 6144 : m) }' /proc/meminfo)}
	local f t
	for f in "${files[@]}"; do
		warm "$W/$f.pcap"
		for t in $TOOLS; do
			best_of "$f" "$t"
		done
	done
	report "${files[@]}"
}

main
