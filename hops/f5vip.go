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
			// DOMAIN.md §4 (F5 tmsh reference; f5-ansible fixtures). The RST at
			// expiry comes from reset-on-timeout, enabled by default.
			Source: "F5 tmsh reference, ltm profile tcp idle-timeout (default 300); f5-ansible fixtures (DOMAIN.md §4)",
			Idle:   true, OnExpiry: ResetBoth,
			Set: func(h Hop, d time.Duration) Change {
				p := h.Str("tcp_profile", "<tcp-profile>")
				return tmsh(fmt.Sprintf("tmsh modify ltm profile tcp %s idle-timeout %s", p, Seconds(d)),
					"the profile may be shared by other virtual servers: create a dedicated one (defaults-from tcp) for EAS if so; "+
						"when the virtual server has separate clientside and serverside tcp profiles, set both; new connections take the new value")
			},
		},
		{
			Key: "fastl4_idle", Setting: "ltm profile fastl4 idle-timeout", Unit: time.Second,
			Meaning: "idle timeout of a fastL4 profile, when the virtual server uses one instead of a tcp profile",
			Default: 300 * time.Second,
			// AS3 schema L4_Profile: idleTimeout default 300, resetOnTimeout default true.
			Source: "F5 AS3 schema, L4_Profile idleTimeout (default 300, resetOnTimeout true): clouddocs.f5.com/products/extensions/f5-appsvcs-extension/latest/refguide/schemaref/L4_Profile.schema.json.html",
			Idle:   true, OnExpiry: ResetBoth, Optional: true,
			Set: func(h Hop, d time.Duration) Change {
				p := h.Str("fastl4_profile", "<fastl4-profile>")
				return tmsh(fmt.Sprintf("tmsh modify ltm profile fastl4 %s idle-timeout %s", p, Seconds(d)),
					"the profile may be shared by other virtual servers: create a dedicated one (defaults-from fastL4) for EAS if so")
			},
		},
		{
			Key: "snat_idle", Setting: "ltm snat-translation tcp-idle-timeout", Unit: time.Second,
			Meaning: "idle time after which a TCP flow through a SNAT translation address is forgotten",
			// Not in F5's own text found: DOMAIN.md §4 marks it unconfirmed. The
			// f5bigip_ltm_snat_translation module (erjac77/ansible-module-f5bigip)
			// documents tcp_idle_timeout "default: indefinite", and an F5 DevCentral
			// thread says the same; so: no limit, assumed.
			NoLimit: true, Assumed: true,
			Source: "assumed indefinite (not in F5's own text): F5 DevCentral community.f5.com/discussions/technicalforum/snat-vs-and-multiple-idle-timeout-setting/238405; read it with tmsh list ltm snat-translation <addr> tcp-idle-timeout",
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
	Notes:  "With reset-on-timeout enabled (the default) the BIG-IP sends RST to both sides when the idle timer fires. SNAT translation idle timeouts are indefinite unless someone set them (assumed; declare snat_idle when they were set): every timer touching the EAS virtual server matters.",
}

func tmsh(cmd, note string) Change {
	return Change{Tool: "tmsh", Commands: []string{cmd, "tmsh save sys config"}, Note: note}
}

// adviseF5 checks the pool method and the 401 iRule (seed article), and
// asks for the SNAT translation timeout when a SNAT is declared without it.
func adviseF5(h Hop, t map[string]time.Duration) []Advice {
	out := adviseSNAT(h, t)
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
			}, Note: "the first line is for a bash prompt; its [ ] and \" may be altered by the shell, so if in doubt create the iRule in the tmsh shell or the GUI (Local Traffic > iRules). iRule text:\n" + IRule401Close},
		})
	}
	return out
}

// adviseSNAT: the SNAT translation idle timeout is assumed indefinite; a
// site that set it must declare snat_idle, so say how to read it.
func adviseSNAT(h Hop, t map[string]time.Duration) []Advice {
	if _, known := t["snat_idle"]; known {
		return nil
	}
	addrs := h.List("snat_addresses")
	if len(addrs) == 0 && h.Str("snat_pool", "") == "" {
		return nil
	}
	addr := "<snat-address>"
	if len(addrs) > 0 {
		addr = addrs[0]
	}
	return []Advice{{
		Level: "info", Key: "snat_idle",
		Message: fmt.Sprintf("SNAT translation TCP idle timeout not declared: taken as indefinite (assumed F5 default); check it with `tmsh list ltm snat-translation %s tcp-idle-timeout` and declare snat_idle if it was set", addr),
	}}
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
