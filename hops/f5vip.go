package hops

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// IRule401Close is the iRule the seed article recommends on the EAS
// virtual server: it makes the BIG-IP close the client connection after a
// 401 that carries a body, so a device does not wait on a connection the
// SEG or Exchange has given up.
const IRule401Close = `when HTTP_RESPONSE {
    if { [HTTP::status] == 401 and [HTTP::header exists "Content-Length"] } {
        HTTP::header insert "Connection" "Close"
    }
}`

// f5VIP: an LTM virtual server with a tcp profile is a full proxy.
var f5VIP = Profile{
	Kind:     "f5-vip",
	Title:    "F5 BIG-IP LTM virtual server",
	Carriage: Terminates,
	Timers: []Timer{
		{
			Key: "tcp_idle", Setting: "ltm profile tcp idle-timeout", Unit: time.Second,
			Meaning: "idle time after which the TCP profile ends a connection",
			Default: 300 * time.Second,
			Source:  "F5 tmsh reference, ltm profile tcp idle-timeout (default 300); f5-ansible fixtures (DOMAIN.md §4)",
			Idle:    true, OnExpiry: ResetBoth,
			Set: func(h Hop, d time.Duration) Change {
				p := h.Str("tcp_profile", "<tcp-profile>")
				return tmsh(fmt.Sprintf("tmsh modify ltm profile tcp %s idle-timeout %s", p, Seconds(d)),
					"the profile may be shared by other virtual servers: create a dedicated one (defaults-from tcp) for EAS if so")
			},
		},
		{
			Key: "fastl4_idle", Setting: "ltm profile fastl4 idle-timeout", Unit: time.Second,
			Meaning: "idle timeout of a fastL4 profile, when the virtual server uses one instead of a tcp profile",
			Default: 300 * time.Second,
			Source:  "F5 AS3 schema, Service_L4 / L4_Profile idleTimeout (default 300) (DOMAIN.md §4)",
			Idle:    true, OnExpiry: ResetBoth, Optional: true,
			Set: func(h Hop, d time.Duration) Change {
				p := h.Str("fastl4_profile", "<fastl4-profile>")
				return tmsh(fmt.Sprintf("tmsh modify ltm profile fastl4 %s idle-timeout %s", p, Seconds(d)), "")
			},
		},
		{
			Key: "snat_idle", Setting: "ltm snat-translation tcp-idle-timeout", Unit: time.Second,
			Meaning: "idle time after which a flow through a SNAT translation address is forgotten",
			Default: 300 * time.Second, Assumed: true,
			Source: "unconfirmed (DOMAIN.md §4, ansible bigip_snat_translation); read it with `tmsh list ltm snat-translation <addr> tcp-idle-timeout`",
			Idle:   true, OnExpiry: SilentDrop,
			Set: func(h Hop, d time.Duration) Change {
				addrs := h.List("snat_addresses")
				if len(addrs) == 0 {
					addrs = []string{"<snat-address>"}
				}
				cmds := make([]string, 0, len(addrs)+1)
				for _, a := range addrs {
					cmds = append(cmds, fmt.Sprintf("tmsh modify ltm snat-translation %s tcp-idle-timeout %s", a, Seconds(d)))
				}
				cmds = append(cmds, "tmsh save sys config")
				return Change{Tool: "tmsh", Commands: cmds, Note: "one line per translation address of the SNAT pool"}
			},
		},
	},
	Settings: []Setting{
		{Key: "virtual", Meaning: "virtual server name (defaults to the hop name)", Type: "string"},
		{Key: "tcp_profile", Meaning: "client-side tcp profile of the virtual server", Type: "string"},
		{Key: "fastl4_profile", Meaning: "fastL4 profile, when the virtual server uses one", Type: "string"},
		{Key: "pool", Meaning: "pool behind the virtual server", Type: "string"},
		{Key: "lb_method", Meaning: "pool load-balancing-mode (round-robin, least-connections-member, ...)", Type: "string"},
		{Key: "irules", Meaning: "iRules attached to the virtual server", Type: "list"},
		{Key: "snat_pool", Meaning: "SNAT pool name", Type: "string"},
		{Key: "snat_addresses", Meaning: "translation addresses of the SNAT pool", Type: "list"},
	},
	Advise: adviseF5,
	Notes:  "With reset-on-timeout enabled (the default) the BIG-IP sends RST to both sides when the idle timer fires; every timer touching the EAS virtual server matters, the SNAT translation's included.",
}

func tmsh(cmd, note string) Change {
	return Change{Tool: "tmsh", Commands: []string{cmd, "tmsh save sys config"}, Note: note}
}

// adviseF5 checks the pool method and the 401 iRule (seed article).
func adviseF5(h Hop, _ map[string]time.Duration) []Advice {
	var out []Advice
	pool := h.Str("pool", "<pool>")
	if m := h.Str("lb_method", ""); m != "" && !strings.HasPrefix(m, "least-connections") {
		out = append(out, Advice{
			Level: "warning", Key: "lb_method",
			Message: fmt.Sprintf("pool %s uses %s: long-held Pings pile up on some members; use least-connections-member", pool, m),
			Change:  &Change{Tool: "tmsh", Commands: []string{fmt.Sprintf("tmsh modify ltm pool %s load-balancing-mode least-connections-member", pool), "tmsh save sys config"}},
		})
	}
	_, declared := h.Settings["irules"]
	if !hasCloseOn401(h.List("irules")) {
		vs := h.Str("virtual", h.Name)
		level, msg := "warning", fmt.Sprintf("virtual server %s has no iRule that adds Connection: close to a 401 with a body; devices may wait on a connection the server side gave up", vs)
		if !declared {
			level, msg = "info", fmt.Sprintf("irules not declared for virtual server %s: make sure one adds Connection: close to a 401 with a body", vs)
		}
		out = append(out, Advice{
			Level: level, Key: "irules",
			Message: msg,
			Change: &Change{Tool: "tmsh", Commands: []string{
				"tmsh create ltm rule eas_401_close { " + oneLine(IRule401Close) + " }",
				fmt.Sprintf("tmsh modify ltm virtual %s rules { %s }", vs, strings.Join(slices.Concat(h.List("irules"), []string{"eas_401_close"}), " ")),
				"tmsh save sys config",
			}, Note: "iRule text:\n" + IRule401Close},
		})
	}
	return out
}

func hasCloseOn401(rules []string) bool {
	for _, r := range rules {
		l := strings.ToLower(r)
		if strings.Contains(l, "401") || strings.Contains(l, "close") {
			return true
		}
	}
	return false
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
