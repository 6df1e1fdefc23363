package hops

import (
	"fmt"
	"time"
)

// haproxy in HTTP mode is a full proxy.
var haproxy = Profile{
	Kind:     "haproxy",
	Title:    "HAProxy",
	Carriage: Terminates,
	Timers: []Timer{
		{
			Key: "server", Setting: "timeout server", Unit: time.Second,
			Meaning: "inactivity on the server side, which includes waiting for the response to a held request",
			NoLimit: true,
			Source:  "HAProxy configuration.txt, timeout server (none by default; before the response headers it logs sH and answers 504): docs.haproxy.org",
			Idle:    true, OnExpiry: Answer5xx,
			Set: haproxyTimeout("server"),
		},
		{
			Key: "client", Setting: "timeout client", Unit: time.Second,
			Meaning: "inactivity on the client side; not armed while a request waits for its response if timeout server is set",
			NoLimit: true,
			// HAProxy stream.c ("Trick: if a request is being waiting for the
			// server to respond ... we can cancel the client's request timeout
			// if the server's request timeout is set"): a held Ping is bounded
			// by timeout server, and by timeout client only when timeout
			// server is unset. adviseHAProxy reports that case.
			Source:   "HAProxy configuration.txt, timeout client (none by default; cD, close): docs.haproxy.org; held requests: HAProxy src/stream.c",
			OnExpiry: Close,
			Set:      haproxyTimeout("client"),
		},
		{
			Key: "tunnel", Setting: "timeout tunnel", Unit: time.Second,
			Meaning:  "inactivity once a connection became a tunnel (WebSocket, CONNECT, TCP mode); supersedes client/server then",
			NoLimit:  true,
			Source:   "HAProxy configuration.txt, timeout tunnel (none by default): docs.haproxy.org",
			OnExpiry: Close,
			Set:      haproxyTimeout("tunnel"),
		},
	},
	Settings: []Setting{
		{Key: "frontend", Meaning: "haproxy.cfg frontend that receives EAS (timeout client goes there)", Type: "string"},
		{Key: "backend", Meaning: "haproxy.cfg backend that sends EAS to Exchange (timeout server and tunnel go there)", Type: "string"},
	},
	Advise: adviseHAProxy,
	Notes:  "In HTTP mode a held request waits under timeout server (504 to the device, sH in the log); timeout client only governs it when timeout server is unset (cD, the connection is closed without a response). In TCP mode (TLS passthrough) timeout tunnel, or else client and server, bound the silent connection and expiry closes it (cD/sD).",
}

// adviseHAProxy: with timeout server unset, HAProxy keeps timeout client
// armed while the request is held, so timeout client ends the Ping.
func adviseHAProxy(h Hop, t map[string]time.Duration) []Advice {
	cl, clientSet := t["client"]
	_, serverSet := t["server"]
	if !clientSet || serverSet {
		return nil
	}
	c := haproxyTimeout("server")(h, cl)
	return []Advice{{
		Level: "warning", Key: "client",
		Message: fmt.Sprintf("timeout server is not set: HAProxy then keeps timeout client (%s) armed while a Ping is held and closes the device connection when it fires (cD, no response); set timeout server above the heartbeat", Dur(cl)),
		Change:  &c,
	}}
}

// haproxyTimeout writes timeout client into the frontend and timeout
// server or tunnel into the backend: HAProxy ignores timeout client in a
// backend and timeout server in a frontend.
func haproxyTimeout(name string) func(Hop, time.Duration) Change {
	return func(h Hop, d time.Duration) Change {
		sec := "backend " + h.Str("backend", "<eas-backend>")
		if name == "client" {
			sec = "frontend " + h.Str("frontend", "<eas-frontend>")
		}
		return Change{Tool: "haproxy.cfg", Commands: []string{
			fmt.Sprintf("in %s: timeout %s %ss", sec, name, Seconds(d)),
			"haproxy -c -f /etc/haproxy/haproxy.cfg && systemctl reload haproxy",
		}, Note: "a value in the section overrides the one in defaults"}
	}
}

// nginx as a reverse proxy is a full proxy.
var nginx = Profile{
	Kind:     "nginx",
	Title:    "NGINX reverse proxy",
	Carriage: Terminates,
	Timers: []Timer{
		{
			Key: "proxy_read", Setting: "proxy_read_timeout", Unit: time.Second,
			Meaning: "time between two reads from the upstream; a held request reads nothing",
			Default: 60 * time.Second,
			Source:  "nginx docs, proxy_read_timeout (default 60s; 504 at expiry): nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout",
			Idle:    true, OnExpiry: Answer5xx,
			Set: nginxDirective("proxy_read_timeout"),
		},
		{
			Key: "proxy_send", Setting: "proxy_send_timeout", Unit: time.Second,
			Meaning:  "time between two writes to the upstream (only while sending the request)",
			Default:  60 * time.Second,
			Source:   "nginx docs, proxy_send_timeout (default 60s): nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_send_timeout",
			OnExpiry: Answer5xx,
			Set:      nginxDirective("proxy_send_timeout"),
		},
	},
	Settings: []Setting{{Key: "location", Meaning: "nginx.conf block that proxies EAS (e.g. location /Microsoft-Server-ActiveSync)", Type: "string"}},
	Notes:    "mailcow#2599: an ActiveSync reverse proxy needed proxy_read_timeout 4000 s (PEERS.md).",
}

func nginxDirective(name string) func(Hop, time.Duration) Change {
	return func(h Hop, d time.Duration) Change {
		loc := h.Str("location", "location /Microsoft-Server-ActiveSync")
		return Change{Tool: "nginx.conf", Commands: []string{
			fmt.Sprintf("in %s { ... }: %s %ss;", loc, name, Seconds(d)),
			"nginx -t && nginx -s reload",
		}}
	}
}

// proxy is a reverse proxy of unknown make.
var proxy = Profile{
	Kind:     "proxy",
	Title:    "reverse proxy (generic)",
	Carriage: Terminates,
	Timers: []Timer{{
		Key: "idle", Setting: "upstream read / idle timeout", Unit: time.Second,
		Meaning: "time the proxy waits on a silent upstream or client",
		Default: 60 * time.Second, Assumed: true,
		Source: "common reverse-proxy default (nginx 60 s, DOMAIN.md §4); declare the real value",
		Idle:   true, OnExpiry: Answer5xx,
		Set: func(h Hop, d time.Duration) Change {
			return Change{Tool: "proxy", Commands: []string{fmt.Sprintf("set the upstream read/idle timeout of %s to %s s", nameOr(h.Name, "the proxy"), Seconds(d))}}
		},
	}},
}
