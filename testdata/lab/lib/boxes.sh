# shellcheck shell=bash
# The middleboxes of the hopaudit lab: firewall rules, HAProxy, NGINX, the
# server (hopaudit serve) and the captures. Sourced by lab.sh; uses RUN (a private work
# directory), BIN (the built Go programs) and the scenario variables.

LB_PORT=80
GW_PORT=8080
SRV_PORT=8081

# fw_setup: a stateful Linux firewall. New connections must start with a
# SYN toward a listen address of the path: the load balancer's HTTP(S)
# ports (the device's Pings), the gateway's and the server's (the probes
# of `hopaudit probe --plan`, routed through lb and gw); established flows
# pass;
# packets conntrack does not know (ct state invalid) are dropped or
# rejected with a TCP reset as the scenario says.
fw_setup() {
	local vip gw srv invalid=drop
	vip=$(addr lb seg2) gw=$(addr gw seg3) srv=$(addr server seg4)
	[[ $FW_INVALID == reject ]] && invalid="reject with tcp reset"
	nsx fw sysctl -qw "net.netfilter.nf_conntrack_tcp_timeout_established=$FW_IDLE" \
		"net.netfilter.nf_conntrack_tcp_loose=$FW_LOOSE"
	local fam=ip
	[[ $FAMILY == 6 ]] && fam=ip6
	nsx fw nft -f - <<EOF
table inet lab {
	chain forward {
		type filter hook forward priority filter; policy drop;
		ct state established,related counter accept
		ct state new tcp flags & (syn | ack | fin | rst) == syn $fam daddr $vip tcp dport { 80, 443 } counter accept
		ct state new tcp flags & (syn | ack | fin | rst) == syn $fam daddr $gw tcp dport $GW_PORT counter accept
		ct state new tcp flags & (syn | ack | fin | rst) == syn $fam daddr $srv tcp dport $SRV_PORT counter accept
		ct state invalid meta l4proto tcp counter $invalid
		counter drop
	}
}
EOF
}

# lb_config FILE: HAProxy as a full proxy with its own address on each side.
lb_config() {
	local bind cfg=$1 log=tcplog
	bind="bind $(hostport "$(addr lb seg2)" "$LB_PORT")"
	if [[ $TLS == 1 ]]; then
		bind="bind $(hostport "$(addr lb seg2)" 443) ssl crt $RUN/lab.pem alpn http/1.1"
	fi
	[[ $LB_MODE == http ]] && log=httplog
	{
		echo "global"
		echo "    log stdout format raw local0 info"
		echo "    maxconn 64"
		echo "    nbthread 1"
		echo "defaults"
		echo "    mode $LB_MODE"
		echo "    log global"
		echo "    option $log"
		echo "    timeout connect 5s"
		echo "    timeout client ${LB_CLIENT}s"
		echo "    timeout server ${LB_SERVER}s"
		if [[ $LB_MODE == http ]]; then
			echo "    timeout http-request 10s"
			echo "    timeout http-keep-alive 40s"
		fi
		echo "frontend eas"
		echo "    $bind"
		[[ $LB_NOLINGER == 1 ]] && echo "    option nolinger"
		[[ $LB_MODE == http ]] && echo "    option forwardfor"
		echo "    default_backend gw"
		echo "backend gw"
		[[ $LB_NOLINGER == 1 ]] && echo "    option nolinger"
		echo "    server gw1 $(hostport "$(addr gw seg3)" "$GW_PORT")"
	} >"$cfg"
}

# gw_config FILE: NGINX as a reverse proxy, HTTP/1.0 upstream (its default).
gw_config() {
	local cfg=$1
	mkdir -p "$RUN/nginx"
	cat >"$cfg" <<EOF
user root;
worker_processes 1;
daemon off;
pid $RUN/nginx/nginx.pid;
error_log $RUN/nginx-error.log info;
events { worker_connections 64; }
http {
    log_format lab '\$remote_addr:\$remote_port "\$request" \$status '
                   'request_time=\$request_time upstream=\$upstream_addr '
                   'upstream_status=\$upstream_status '
                   'upstream_response_time=\$upstream_response_time';
    access_log $RUN/nginx-access.log lab;
    client_body_temp_path $RUN/nginx/body;
    proxy_temp_path $RUN/nginx/proxy;
    fastcgi_temp_path $RUN/nginx/fastcgi;
    uwsgi_temp_path $RUN/nginx/uwsgi;
    scgi_temp_path $RUN/nginx/scgi;
    keepalive_timeout 60s;
    server {
        listen $(hostport "$(addr gw seg3)" "$GW_PORT");
        location / {
            proxy_pass http://$(hostport "$(addr server seg4)" "$SRV_PORT");
            proxy_read_timeout ${GW_READ}s;
            proxy_send_timeout ${GW_SEND}s;
            proxy_set_header Host \$host;
        }
    }
}
EOF
}

# tls_material: a throw-away self-signed certificate for HAProxy.
tls_material() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj /CN=mail.example.com -addext subjectAltName=DNS:mail.example.com \
		-keyout "$RUN/lab.key" -out "$RUN/lab.crt" >/dev/null 2>&1
	cat "$RUN/lab.crt" "$RUN/lab.key" >"$RUN/lab.pem"
}

# listening HOP PORT: whether something listens on TCP PORT in HOP.
listening() {
	[[ -n $(nsx "$1" ss -Hltn "sport = :$2") ]]
}

# boxes_start: server, gateway, load balancer; waits until each listens.
boxes_start() {
	start_bg "$RUN/serve.log" server "$BIN/hopaudit" serve --color never \
		--http "$(hostport "$(addr server seg4)" "$SRV_PORT")" --max-hold "${SRV_MAX}s"
	wait_until 50 listening server "$SRV_PORT" || die "hopaudit serve did not start: $(cat "$RUN/serve.log")"
	gw_config "$RUN/nginx.conf"
	start_bg "$RUN/nginx-stdout.log" gw nginx -e "$RUN/nginx-error.log" -c "$RUN/nginx.conf"
	wait_until 50 listening gw "$GW_PORT" || die "nginx did not start: $(cat "$RUN/nginx-error.log")"
	[[ $TLS == 1 ]] && tls_material
	lb_config "$RUN/haproxy.cfg"
	start_bg "$RUN/haproxy.log" lb haproxy -db -f "$RUN/haproxy.cfg"
	local port=$LB_PORT
	[[ $TLS == 1 ]] && port=443
	wait_until 50 listening lb "$port" || die "haproxy did not start: $(cat "$RUN/haproxy.log")"
}

# CAPTURES: segment, file name, the hop whose namespace captures, the tool.
# Half are pcap (tcpdump, one with nanosecond stamps), half pcapng (dumpcap).
CAPTURES=(
	"seg1 seg1-device-fw.pcap device tcpdump"
	"seg2 seg2-fw-lb.pcapng lb dumpcap"
	"seg3 seg3-lb-gw.pcap gw tcpdump-nano"
	"seg4 seg4-gw-server.pcapng server dumpcap"
)
CAPTURE_PIDS=()

# capture_file SEG: the file name of SEG's capture.
capture_file() {
	local c seg file rest
	for c in "${CAPTURES[@]}"; do
		read -r seg file rest <<<"$c"
		if [[ $seg == "$1" ]]; then
			echo "$file"
			return 0
		fi
	done
	return 1
}

captures_start() {
	local c seg file hop tool log
	CAPTURE_PIDS=()
	for c in "${CAPTURES[@]}"; do
		read -r seg file hop tool <<<"$c"
		log="$RUN/capture-$seg.log"
		case $tool in
		tcpdump) start_bg "$log" "$hop" tcpdump -i "$seg" -n -U --immediate-mode -w "$OUT/$file" ;;
		tcpdump-nano) start_bg "$log" "$hop" tcpdump -i "$seg" -n -U --immediate-mode \
			--time-stamp-precision=nano -w "$OUT/$file" ;;
		dumpcap) start_bg "$log" "$hop" dumpcap -q -i "$seg" -w "$OUT/$file" ;;
		esac
		CAPTURE_PIDS+=("$LAST_PID")
		wait_until 50 grep -qiE 'listening on|capturing on' "$log" || die "capture on $seg did not start: $(cat "$log")"
	done
	sleep 0.5 # let the last capture settle before traffic
}

captures_stop() {
	local pid
	for pid in "${CAPTURE_PIDS[@]}"; do
		stop_pid INT "$pid"
	done
	CAPTURE_PIDS=()
}

# collect_logs: the boxes' own logs and the firewall's counters, kept beside
# the captures as evidence of what each box thought it did.
collect_logs() {
	nsx fw nft list ruleset >"$OUT/fw-nft.txt" 2>&1 || true
	nsx fw sysctl net.netfilter.nf_conntrack_tcp_timeout_established \
		net.netfilter.nf_conntrack_tcp_loose >>"$OUT/fw-nft.txt" 2>&1 || true
	local f
	for f in serve.log haproxy.log nginx-error.log nginx-access.log; do
		[[ -f $RUN/$f ]] && sed 's/^\[NOTICE\].*//; /^$/d' "$RUN/$f" >"$OUT/$f"
	done
	cp "$RUN/haproxy.cfg" "$OUT/haproxy.cfg"
	sed "s#$RUN#/run/lab#g" "$RUN/nginx.conf" >"$OUT/nginx.conf"
	sed -i "s#$RUN#/run/lab#g" "$OUT/haproxy.cfg" "$OUT/nginx-error.log"
}
