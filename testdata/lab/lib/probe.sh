# shellcheck shell=bash
# Live probes of the hopaudit lab. After a scenario's captures are taken,
# `hopaudit probe --plan` runs from the device's namespace, as a jump box
# placed where the phones are, against every hop it reaches by its
# topology listen address (lb, gw and server, routed through fw), with the
# scenario's PROBE_HOLDS. The JSON it writes is kept as it came out.
# Sourced by lab.sh; uses OUT, RUN, BIN and the scenario variables.

PROBE_MARGIN=10  # hopaudit probe --margin, seconds (its default)
PROBE_CONNECT=5  # hopaudit probe --connect-timeout, seconds

# probe_limit: the longest the probe run may take, seconds (0 without probes).
probe_limit() {
	local h v m=0
	if [[ -z $PROBE_HOLDS ]]; then
		echo 0
		return
	fi
	for h in ${PROBE_HOLDS//,/ }; do
		v=${h%s}
		((v > m)) && m=$v
	done
	echo $((m + PROBE_MARGIN + 2 * PROBE_CONNECT + 15))
}

# run_probes: the plan probe into OUT/probes.json, its console output into
# OUT/probes.log and what the server logged meanwhile into
# OUT/probes-serve.log. Fails the scenario when the probe run fails.
run_probes() {
	[[ -n $PROBE_HOLDS ]] || return 0
	local target mark rc=0 t0
	target="http://$(hostport "$(addr lb seg2)" "$LB_PORT")/"
	mark=$(wc -l <"$RUN/serve.log")
	t0=$(date +%s)
	echo "  probe: hopaudit probe -t topology.yaml --plan $target --mode http --hold $PROBE_HOLDS"
	timeout -k 2 "$(probe_limit)" ip netns exec "$(ns device)" "$BIN/hopaudit" probe --color never \
		-t "$OUT/topology.yaml" --plan "$target" --mode http --hold "$PROBE_HOLDS" \
		--margin "${PROBE_MARGIN}s" --connect-timeout "${PROBE_CONNECT}s" \
		--format json -o "$OUT/probes.json" >"$OUT/probes.log" 2>&1 || rc=$?
	sleep 0.5 # let the server log the last connection's end
	tail -n "+$((mark + 1))" "$RUN/serve.log" >"$OUT/probes-serve.log"
	[[ -s $OUT/probes.log ]] || rm -f "$OUT/probes.log"
	if ((rc != 0)) || [[ ! -s $OUT/probes.json ]]; then
		die "hopaudit probe failed (exit $rc): $(cat "$OUT/probes.log" 2>/dev/null)"
	fi
	echo "  probe: done in $(($(date +%s) - t0)) s: $(probe_summary "$OUT/probes.json")"
}

# probe_summary FILE: the verdict sentence of a probes.json (the last
# "text" of the file), read with grep and sed: no JSON tool is assumed.
probe_summary() {
	grep -o '"text": *"[^"]*"' "$1" | tail -n 1 | sed 's/^"text": *"//; s/"$//'
}

# probe_verdict FILE: "HOP CUT_S" from the verdict of a probes.json (the hop
# through which holds were cut and the earliest cut, seconds), or "none".
probe_verdict() {
	local v outer cut
	v=$(tr -d '\n' <"$1" | sed -n 's/.*"verdict": *//p')
	outer=$(grep -o '"outer": *"[^"]*"' <<<"$v" | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/') || true
	cut=$(grep -o '"cut_min_s": *[0-9.]*' <<<"$v" | head -n 1 | sed 's/.*: *//') || true
	if [[ -z $outer ]]; then echo none; else printf '%s %.3f\n' "$outer" "${cut:-0}"; fi
}

# check_probes DIR: the probe verdict of DIR/probes.json against the
# design, PROBE_CUT ("HOP SECONDS": holds cut through HOP at SECONDS ± TOL;
# "none": no hop named). Prints one line, sets PROBE_RESULT (JSON or
# "null") and counts a mismatch in CHECKS_FAILED.
check_probes() {
	local f=$1/probes.json got ok=true want_hop want_s got_hop got_s
	PROBE_RESULT=null
	[[ -n $PROBE_HOLDS ]] || return 0
	if [[ -s $f ]]; then got=$(probe_verdict "$f"); else got=missing; fi
	read -r want_hop want_s <<<"$PROBE_CUT"
	read -r got_hop got_s <<<"$got"
	if [[ $want_hop != "$got_hop" ]]; then
		ok=false
	elif [[ $want_hop != none ]] && ! awk -v g="$got_s" -v w="$want_s" -v t="$TOL" 'BEGIN { d = g - w; exit !(d <= t && d >= -t) }'; then
		ok=false
	fi
	printf '  %-4s %-22s %-7s %-9s want %-5s got %s\n' "$([[ $ok == true ]] && echo ok || echo FAIL)" probes.json \
		"${want_hop}" verdict "${want_s:-none}" "${got_s:-$got_hop}"
	[[ $ok == true ]] || CHECKS_FAILED=$((CHECKS_FAILED + 1))
	# shellcheck disable=SC2034 # read by write_expected
	PROBE_RESULT="{\"file\": \"probes.json\", \"holds\": \"$PROBE_HOLDS\", \"cut_hop\": $(json_str "$want_hop"), \"cut_s\": ${want_s:-null}, \"observed_cut_hop\": $(json_str "$got_hop"), \"observed_cut_s\": ${got_s:-null}, \"ok\": $ok}"
}
