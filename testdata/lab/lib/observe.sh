# shellcheck shell=bash
# Reading the captures back with tshark: the events of each segment, the
# checks of a scenario, and the files topology.yaml and expected.json.
# Sourced by lab.sh; works on a scenario directory DIR and the scenario
# variables.

# EVENT_FILTER selects the frames worth a note: connection opens, HTTP
# requests and answers, FINs, RSTs and retransmissions (pure ACKs are left
# out).
EVENT_FILTER='(tcp.flags.syn==1 && tcp.flags.ack==0) || tcp.flags.fin==1 || tcp.flags.reset==1 || http.request || http.response || tcp.analysis.retransmission || (tcp.len>0 && !tls && !http)'

# events DIR FILE: one tab-separated line per event frame of DIR/FILE:
# frame stream t_rel src sport dst dport syn ack fin rst len method code ttl retrans
# Kept in EVCACHE (a directory) when set, so each capture is read once.
events() {
	local key
	if [[ -n ${EVCACHE:-} ]]; then
		key="$EVCACHE/$(printf '%s' "$1/$2" | md5sum | cut -c1-16).tsv"
		[[ -f $key ]] || events_read "$1" "$2" >"$key"
		cat "$key"
		return
	fi
	events_read "$1" "$2"
}

events_read() {
	local dir=$1 file=$2 opts=()
	[[ -s $dir/tls-keys.log ]] && opts+=(-o "tls.keylog_file:$dir/tls-keys.log")
	tshark -r "$dir/$file" -n "${opts[@]}" -o tcp.calculate_timestamps:TRUE \
		-d "tcp.port==$SRV_PORT,http" -Y "$EVENT_FILTER" -T fields -E separator=/t -E occurrence=f \
		-e frame.number -e tcp.stream -e tcp.time_relative -e ip.src -e ipv6.src -e tcp.srcport \
		-e ip.dst -e ipv6.dst -e tcp.dstport -e tcp.flags.syn -e tcp.flags.ack -e tcp.flags.fin \
		-e tcp.flags.reset -e tcp.len -e http.request.method -e http.response.code -e ip.ttl \
		-e ipv6.hlim -e tcp.analysis.retransmission 2>/dev/null |
		awk -F'\t' -v OFS='\t' '{
			src = $4 != "" ? $4 : $5; dst = $7 != "" ? $7 : $8; ttl = $17 != "" ? $17 : $18
			print $1, $2, $3, src, $6, dst, $9, $10, $11, $12, $13, $14, $15, $16, ttl, ($19 != "" ? 1 : 0)
		}'
}

# AWK_GAP is shared by notes and checks: it keeps, per TCP stream, the time
# of the last HTTP request and computes the gap from it (or from the
# connection's start when none was seen).
# shellcheck disable=SC2016 # awk code, expanded by awk
AWK_GAP='
function gap() { return $3 - (($2 in last) ? last[$2] : 0) }
function matches(kind) {
	if (kind == "fin") return $10 == 1
	if (kind == "rst") return $11 == 1
	if (kind == "data") return $12 > 0 && $13 == ""
	if (kind == "retrans") return $16 == 1
	if (kind ~ /^http-/) return $14 == substr(kind, 6)
	return 0
}'

# check_one DIR SEG FROM KIND IDLE: prints "ok|FAIL observed" for one check.
check_one() {
	local dir=$1 seg=$2 from=$3 kind=$4 want=$5 file src got
	file=$(capture_file "$seg")
	src=$(addr "$from" "$seg")
	got=$(events "$dir" "$file" | awk -F'\t' -v src="$src" -v kind="$kind" "$AWK_GAP"'
		kind == "close" && ($10 == 1 || $11 == 1) {
			if ($4 == src) printf "%.3f\n", gap(); else printf "by-%s\n", $4
			exit
		}
		{ if ($4 == src && matches(kind)) { printf "%.3f\n", gap(); exit }
		  if ($13 != "") last[$2] = $3 }')
	[[ -z $got ]] && got=absent
	if [[ $want == none ]]; then
		[[ $got == absent ]] && echo "ok $got" || echo "FAIL $got"
		return 0
	fi
	if [[ $got != absent && $got != by-* ]] && awk -v g="$got" -v w="$want" -v t="$TOL" 'BEGIN { d = g - w; exit !(d <= t && d >= -t) }'; then
		echo "ok $got"
	else
		echo "FAIL $got"
	fi
}

# run_checks DIR: runs every check of the scenario, prints one line each
# and sets CHECK_RESULTS (JSON objects) and CHECKS_FAILED.
run_checks() {
	local dir=$1 c seg from kind want res status got
	CHECK_RESULTS=()
	CHECKS_FAILED=0
	for c in "${CHECKS[@]}"; do
		read -r seg from kind want <<<"$c"
		res=$(check_one "$dir" "$seg" "$from" "$kind" "$want")
		read -r status got <<<"$res"
		printf '  %-4s %-22s %-7s %-9s want %-5s got %s\n' "$status" "$(capture_file "$seg")" "$from" "$kind" "$want" "$got"
		[[ $status == ok ]] || CHECKS_FAILED=$((CHECKS_FAILED + 1))
		local wantj=$want gotj=$got
		[[ $want == none ]] && wantj=null
		[[ $got == absent ]] && gotj=null
		CHECK_RESULTS+=("{\"capture\": \"$(capture_file "$seg")\", \"from\": \"$from\", \"from_addr\": \"$(addr "$from" "$seg")\", \"kind\": \"$kind\", \"absent\": $([[ $want == none ]] && echo true || echo false), \"idle_s\": $wantj, \"observed_idle_s\": $gotj, \"ok\": $([[ $status == ok ]] && echo true || echo false)}")
	done
}

# hop_map SEG: "addr=hop" pairs for naming the addresses seen on SEG.
hop_map() {
	local h out=""
	for h in "${HOPS[@]}"; do
		local a
		a=$(addr "$h" "$1")
		[[ -n $a ]] && out+="$a=$h,"
	done
	echo "$out"
}

# notes DIR SEG: one human line per event of SEG's capture.
notes() {
	local dir=$1 seg=$2
	events "$dir" "$(capture_file "$seg")" | awk -F'\t' -v map="$(hop_map "$seg")" "$AWK_GAP"'
	BEGIN { n = split(map, kv, ","); for (i = 1; i <= n; i++) { split(kv[i], p, "="); if (p[1] != "") name[p[1]] = p[2] } }
	function who(a) { return ((a in name) ? name[a] : "?") " " a }
	{
		what = ""
		if ($13 != "") what = what " HTTP " $13
		if ($14 != "") what = what " HTTP " $14
		if ($8 == 1) what = what " SYN"
		if ($10 == 1) what = what " FIN"
		if ($11 == 1) what = what " RST"
		if ($12 > 0 && $13 == "" && $14 == "") what = what " data len=" $12
		if ($16 == 1) what = what " (retransmission)"
		line = sprintf("#%d conn %d t=%.3fs", $1, $2, $3)
		if ($13 == "" && ($2 in last)) line = line sprintf(" (%.3fs after the request)", gap())
		printf "%s %s:%s > %s:%s%s ttl/hlim=%s\n", line, who($4), $5, who($6), $7, what, $15
		if ($13 != "") last[$2] = $3
	}'
}

# json_str S: S as a JSON string.
json_str() {
	local s=${1//\\/\\\\}
	s=${s//\"/\\\"}
	printf '"%s"' "$s"
}
