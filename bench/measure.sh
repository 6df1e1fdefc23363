# shellcheck shell=bash
# bench/measure.sh: timing and reporting helpers for bench/run.sh (sourced,
# not run). Uses W, TOOLS, REPEAT, TIME_LIMIT, MEM_LIMIT_MB, FILE_BYTES and
# FILE_PACKETS from run.sh.

# tool_cmd TOOL FILE sets CMD to the tool's command line for FILE.
tool_cmd() {
	case $1 in
	hopaudit) CMD=("$W/hopaudit" analyze "$2" --connections none --format json --fail-on none) ;;
	tcptrace) CMD=(tcptrace -n "$2") ;;
	tshark) CMD=(tshark -q -z "conv,tcp" -r "$2") ;;
	*) die "unknown tool $1 (want hopaudit, tcptrace or tshark)" ;;
	esac
}

# warm reads a file once so that every tool finds it in the page cache.
warm() {
	log "reading $(basename "$1") into the page cache"
	cat "$1" >/dev/null
}

# rss_mb prints the resident set size of a process in MiB (0 when gone).
rss_mb() {
	local k v _ rss=0
	while read -r k v _; do
		[[ $k == VmRSS: ]] && rss=$((v / 1024))
	done 2>/dev/null <"/proc/$1/status" || true
	echo "$rss"
}

# measure FILE TOOL runs one tool under GNU time with stdout discarded,
# stopping tshark or tcptrace above MEM_LIMIT_MB of RSS and any tool after
# TIME_LIMIT seconds. Sets M_WALL M_CPU M_RSS (MiB) M_LOAD M_NOTE.
measure() {
	local file=$1 tool=$2 tf="$W/time.$2" child="" start=$SECONDS rss
	tool_cmd "$tool" "$file"
	M_LOAD=$(cut -d' ' -f1 /proc/loadavg)
	M_NOTE=""
	log "$tool on $(basename "$file") (load $M_LOAD)"
	/usr/bin/time -v -o "$tf" "${CMD[@]}" >/dev/null 2>"$W/stderr.$tool" &
	local tpid=$!
	while [[ -e /proc/$tpid && $(cut -d' ' -f3 "/proc/$tpid/stat" 2>/dev/null) != Z ]]; do
		sleep 0.2
		[[ -n $child ]] || child=$(awk '{ print $1 }' "/proc/$tpid/task/$tpid/children" 2>/dev/null || true)
		[[ -n $child ]] || continue
		rss=$(rss_mb "$child")
		if [[ $tool != hopaudit ]] && ((rss > MEM_LIMIT_MB)); then
			M_NOTE="stopped at ${rss} MiB RSS after $((SECONDS - start)) s (limit ${MEM_LIMIT_MB} MiB)"
			kill "$child" 2>/dev/null || true
			break
		fi
		if ((SECONDS - start > TIME_LIMIT)); then
			M_NOTE="stopped after ${TIME_LIMIT} s"
			kill "$child" 2>/dev/null || true
			break
		fi
	done
	local rc=0
	wait "$tpid" || rc=$?
	parse_time "$tf"
	if [[ -z $M_NOTE && $rc != 0 ]]; then
		M_NOTE="exit status $rc: $(tail -n 1 "$W/stderr.$tool")"
	fi
}

# parse_time reads GNU time -v output into M_WALL (s), M_CPU (s), M_RSS (MiB).
parse_time() {
	M_WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + p[i]
		printf "%.2f", s }' "$1")
	M_CPU=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$1")
	M_RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$1")
}

# best_of FILE TOOL runs a tool REPEAT times on $W/FILE.pcap and appends
# the fastest complete run (or the last stopped one) to $W/rows.txt.
best_of() {
	local name=$1 tool=$2 i best="" bestwall=""
	for ((i = 0; i < REPEAT; i++)); do
		measure "$W/$name.pcap" "$tool"
		local row="$name|$tool|$M_WALL|$M_CPU|$M_RSS|$M_LOAD|$M_NOTE"
		if [[ -n $M_NOTE ]]; then
			[[ -n $best ]] || best=$row
			break # a tool stopped once would be stopped again
		fi
		if [[ -z $bestwall ]] || awk -v a="$M_WALL" -v b="$bestwall" 'BEGIN { exit !(a < b) }'; then
			best=$row bestwall=$M_WALL
		fi
	done
	echo "$best" >>"$W/rows.txt"
}

# report prints the Markdown table, the ratios and the environment.
report() {
	echo
	echo "| capture | size (bytes) | packets | tool | wall s | CPU s | packets/s | MB/s | max RSS MiB | load | note |"
	echo "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|"
	local name tool wall cpu rss load note
	while IFS='|' read -r name tool wall cpu rss load note; do
		local b=${FILE_BYTES[$name]} p=${FILE_PACKETS[$name]} pps="-" mbs="-"
		if [[ -z $note ]]; then
			pps=$(awk -v p="$p" -v w="$wall" 'BEGIN { printf "%.0f", p / w }')
			mbs=$(awk -v b="$b" -v w="$wall" 'BEGIN { printf "%.1f", b / 1e6 / w }')
		fi
		echo "| $name.pcap | $b | $p | $tool | $wall | $cpu | $pps | $mbs | $rss | $load | $note |"
	done <"$W/rows.txt"
	echo
	ratios "$@"
	environment
}

# ratios prints hopaudit's throughput relative to each other tool per file.
ratios() {
	local name
	for name in "$@"; do
		local h
		h=$(awk -F'|' -v n="$name" '$1 == n && $2 == "hopaudit" && $7 == "" { print $3 }' "$W/rows.txt")
		[[ -n $h ]] || continue
		local line="- $name.pcap: hopaudit" other
		for other in tcptrace tshark; do
			local o
			o=$(awk -F'|' -v n="$name" -v t="$other" '$1 == n && $2 == t { print ($7 == "" ? $3 : "stopped") }' "$W/rows.txt")
			[[ -n $o ]] || continue
			if [[ $o == stopped ]]; then
				line+=", $other did not finish"
			else
				line+=$(awk -v h="$h" -v o="$o" -v t="$other" 'BEGIN { printf ", %.1fx %s'"'"'s throughput", o / h, t }')
			fi
		done
		local rss
		rss=$(awk -F'|' -v n="$name" '$1 == n && $2 == "hopaudit" { print $5 }' "$W/rows.txt")
		echo "$line; peak RSS ${rss} MiB"
	done
	echo "- Targets: at least 3x tcptrace's and 30x tshark's throughput; under 150 MB peak RSS on a 2 GB capture."
}

environment() {
	echo
	echo "Command: \`$INVOCATION\` ($(date -u +%Y-%m-%dT%H:%MZ))"
	echo
	local t
	for t in $TOOLS; do
		tool_cmd "$t" FILE
		CMD[0]=${CMD[0]##*/}
		echo "- $t: \`${CMD[*]} >/dev/null\`, $(version "$t")"
	done
	echo "- captures (bench gencap, seed $SEED):"
	sed 's/^/  - /' "$W/files.txt"
	echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) CPUs," \
		"$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr);" \
		"load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- wall and CPU (user+sys) from GNU time -v, files read from the page cache;" \
		"MB/s = 10^6 bytes of capture file per wall second; a tool's note says when it was stopped"
}

version() {
	case $1 in
	hopaudit) "$W/hopaudit" version 2>&1 | head -n 1 ;;
	tcptrace) echo "tcptrace $(dpkg-query -W -f='${Version}' tcptrace 2>/dev/null || echo '?') (Debian package)" ;;
	tshark) tshark --version 2>/dev/null | head -n 1 ;;
	esac
}
