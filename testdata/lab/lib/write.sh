# shellcheck shell=bash
# Writers of topology.yaml and expected.json for one scenario directory.
# Sourced by lab.sh.

# max_heartbeat: the longest heartbeat of the scenario's Pings, seconds.
max_heartbeat() {
	local m=0 h
	for h in ${HEARTBEATS//,/ }; do ((h > m)) && m=$h; done
	echo "$m"
}

# write_topology DIR NAME: the hopaudit topology of the scenario.
write_topology() {
	local dir=$1 name=$2 lbport=$LB_PORT c seg file rest left right i
	[[ $TLS == 1 ]] && lbport=443
	{
		echo "# Written by testdata/lab/lab.sh for scenario $name."
		echo "name: lab-$name"
		echo "heartbeat: $(max_heartbeat)s"
		echo "margin: ${MARGIN}s"
		echo "hops:"
		echo "  - name: device"
		echo "    kind: client"
		echo "    source: [\"$(addr device seg1)\"]"
		echo "  - name: fw"
		echo "    kind: firewall"
		echo "    vendor: linux"
		echo "    timers: { idle: ${FW_IDLE}s }"
		echo "  - name: lb"
		echo "    kind: haproxy"
		echo "    listen: [\"$(hostport "$(addr lb seg2)" "$lbport")\"]"
		echo "    source: [\"$(addr lb seg3)\"]"
		echo "    timers: { client: ${LB_CLIENT}s, server: ${LB_SERVER}s }"
		echo "  - name: gw"
		echo "    kind: nginx"
		echo "    listen: [\"$(hostport "$(addr gw seg3)" "$GW_PORT")\"]"
		echo "    source: [\"$(addr gw seg4)\"]"
		echo "    timers: { proxy_read: ${GW_READ}s, proxy_send: ${GW_SEND}s }"
		echo "  - name: server"
		echo "    kind: exchange"
		echo "    listen: [\"$(hostport "$(addr server seg4)" "$SRV_PORT")\"]"
		echo "    timers: { max_heartbeat: ${SRV_MAX}s, min_heartbeat: 1s }" # serve has no minimum
		echo "captures:"
		for c in "${CAPTURES[@]}"; do
			read -r seg file rest <<<"$c"
			i=${seg#seg}
			left=${HOPS[i - 1]} right=${HOPS[i]}
			echo "  - file: $file"
			echo "    between: [$left, $right]"
		done
	} >"$dir/topology.yaml"
}

# versions_json: the versions of the boxes and tools, as a JSON object.
versions_json() {
	local hv nv
	hv=$(haproxy -v 2>/dev/null | head -1 | sed 's/ - .*//')
	nv=$(nginx -v 2>&1 | head -1)
	printf '{"kernel": %s, "haproxy": %s, "nginx": %s, "nftables": %s, "tcpdump": %s, "dumpcap": %s, "tshark": %s}' \
		"$(json_str "$(uname -r)")" "$(json_str "$hv")" "$(json_str "$nv")" \
		"$(json_str "$(nft --version 2>/dev/null | head -1)")" \
		"$(json_str "$(tcpdump --version 2>/dev/null | head -1)")" \
		"$(json_str "$(dumpcap --version 2>/dev/null | head -1)")" \
		"$(json_str "$(tshark --version 2>/dev/null | head -1)")"
}

# json_lines: stdin lines as a JSON array of strings, indented.
json_lines() {
	local line first=1
	printf '['
	while IFS= read -r line; do
		((first)) || printf ','
		first=0
		printf '\n        %s' "$(json_str "$line")"
	done
	printf '\n      ]'
}

# write_expected DIR NAME: expected.json, after run_checks.
write_expected() {
	local dir=$1 name=$2 c seg file rest i sep="" tls=false
	[[ $TLS == 1 ]] && tls=true
	{
		printf '{\n'
		printf '  "scenario": %s,\n' "$(json_str "$name")"
		printf '  "description": %s,\n' "$(json_str "$DESCRIPTION")"
		printf '  "healthy": %s,\n' "$HEALTHY"
		printf '  "culprit_hop": %s,\n' "$(json_str "$CULPRIT")"
		printf '  "end_kind": %s,\n' "$(json_str "$END_KIND")"
		printf '  "device_saw": %s,\n' "$(json_str "${DEVICE_SAW:-$END_KIND}")"
		printf '  "culprit_sent": {"toward_device": %s, "toward_server": %s},\n' \
			"$(json_str "$SENT_DOWN")" "$(json_str "$SENT_UP")"
		printf '  "idle_s": %s,\n' "$IDLE"
		printf '  "tolerance_s": %s,\n' "$TOL"
		printf '  "timer": %s,\n' "$(json_str "$TIMER")"
		printf '  "timer_s": %s,\n' "${TIMER_S:-null}"
		printf '  "heartbeats_s": [%s],\n' "${HEARTBEATS//,/, }"
		printf '  "client_gives_up_after_heartbeat_plus_s": %s,\n' "$SLACK"
		printf '  "family": "ipv%s",\n' "$FAMILY"
		printf '  "tls": %s,\n' "$tls"
		printf '  "topology": "topology.yaml",\n'
		printf '  "checks": [\n'
		for c in "${CHECK_RESULTS[@]}"; do
			printf '%s    %s' "$sep" "$c"
			sep=$',\n'
		done
		printf '\n  ],\n'
		printf '  "probes": %s,\n' "${PROBE_RESULT:-null}"
		printf '  "captures": [\n'
		sep=""
		for c in "${CAPTURES[@]}"; do
			read -r seg file rest <<<"$c"
			i=${seg#seg}
			printf '%s    {\n      "file": "%s",\n      "between": ["%s", "%s"],\n' "$sep" "$file" "${HOPS[i - 1]}" "${HOPS[i]}"
			printf '      "packets": %s,\n' "$(capinfos -T -r -c "$dir/$file" 2>/dev/null | awk -F'\t' '{print $2+0}')"
			printf '      "events": '
			notes "$dir" "$seg" | json_lines
			printf '\n    }'
			sep=$',\n'
		done
		printf '\n  ],\n'
		printf '  "versions": %s,\n' "$(versions_json)"
		printf '  "recorded_at": "%s"\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
		printf '}\n'
	} >"$dir/expected.json"
}
