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
			Source:  "HAProxy configuration.txt: no timeout by default (DOMAIN.md §4); expiry before headers logs sH and answers 504",
			Idle:    true, OnExpiry: Answer5xx,
			Set: haproxyTimeout("server"),
		},
		{
			Key: "client", Setting: "timeout client", Unit: time.Second,
			Meaning: "inactivity on the client side",
			NoLimit: true,
			Source:  "HAProxy configuration.txt: no timeout by default (DOMAIN.md §4); expiry logs cD and closes",
			Idle:    true, OnExpiry: Close,
			Set: haproxyTimeout("client"),
		},
		{
			Key: "tunnel", Setting: "timeout tunnel", Unit: time.Second,
			Meaning:  "inactivity once a connection became a tunnel (WebSocket, CONNECT, TCP mode); supersedes client/server then",
			NoLimit:  true,
			Source:   "HAProxy configuration.txt (DOMAIN.md §4)",
			OnExpiry: Close,
			Set:      haproxyTimeout("tunnel"),
		},
	},
	Notes: "A held request waits under timeout server (504 to the device, sH in the log); timeout client applies to the idle device side.",
}

func haproxyTimeout(name string) func(Hop, time.Duration) Change {
	return func(h Hop, d time.Duration) Change {
		sec := h.Str("section", "backend <eas-backend>")
		return Change{Tool: "haproxy.cfg", Commands: []string{
			fmt.Sprintf("in %s: timeout %s %ss", sec, name, Seconds(d)),
			"haproxy -c -f /etc/haproxy/haproxy.cfg && systemctl reload haproxy",
		}}
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
			Source:  "nginx ngx_http_proxy_module docs: proxy_read_timeout 60s (DOMAIN.md §4); expiry gives 504 downstream and closes upstream",
			Idle:    true, OnExpiry: Answer5xx,
			Set: nginxDirective("proxy_read_timeout"),
		},
		{
			Key: "proxy_send", Setting: "proxy_send_timeout", Unit: time.Second,
			Meaning:  "time between two writes to the upstream (only while sending the request)",
			Default:  60 * time.Second,
			Source:   "nginx ngx_http_proxy_module docs",
			OnExpiry: Answer5xx,
			Set:      nginxDirective("proxy_send_timeout"),
		},
	},
	Notes: "mailcow#2599: an ActiveSync reverse proxy needed proxy_read_timeout 4000 s (PEERS.md).",
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
