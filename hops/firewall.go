package hops

import (
	"fmt"
	"time"
)

// firewall is a stateful firewall of unknown make: it forwards the
// connection and forgets it after its idle timer.
var firewall = Profile{
	Kind:     "firewall",
	Title:    "stateful firewall (generic)",
	Carriage: Forwards,
	Timers: []Timer{{
		Key: "idle", Setting: "TCP session idle timeout", Unit: time.Second,
		Meaning: "idle time after which the firewall removes an established TCP session",
		Default: 3600 * time.Second, Assumed: true,
		Source: "typical vendor default (PAN-OS, Check Point, Cisco ASA use 3600 s; DOMAIN.md §4); set vendor: for the exact one",
		Idle:   true, OnExpiry: SilentDrop,
		Set: func(h Hop, d time.Duration) Change {
			return Change{Tool: "firewall", Commands: []string{fmt.Sprintf("set the TCP established/idle session timeout for the EAS rule to %s s", Seconds(d))},
				Note: "declare vendor: to get the exact command"}
		},
	}},
	Notes: "A firewall forwards the device's own connection; when it forgets an idle flow the next packet is dropped, or rejected with a RST that carries the far end's address.",
}

// firewallPaloAlto: PAN-OS.
var firewallPaloAlto = Profile{
	Kind: "firewall", Vendor: "paloalto",
	Title:    "Palo Alto Networks firewall (PAN-OS)",
	Carriage: Forwards,
	Timers: []Timer{{
		Key: "idle", Setting: "session timeout-tcp", Unit: time.Second,
		Meaning: "TCP session timeout (global, or per application / App-ID)",
		Default: 3600 * time.Second,
		Source:  "PAN-OS docs, Configure Session Timeouts (TCP 1-15999999 s, default 3600): docs.paloaltonetworks.com/ngfw/networking/session-settings-and-timeouts/configure-session-timeouts; RST or silent at removal unconfirmed",
		Idle:    true, OnExpiry: SilentDrop, Min: time.Second, Max: 15999999 * time.Second,
		Set: func(h Hop, d time.Duration) Change {
			return Change{Tool: "PAN-OS", Commands: []string{
				"configure",
				fmt.Sprintf("set deviceconfig setting session timeout-tcp %s", Seconds(d)),
				"commit",
			}, Note: "global; an application's own TCP timeout (Objects > Applications) overrides the global value, so check the App-ID the EAS traffic matches; to limit the change to ActiveSync, set the TCP timeout on a custom application for the EAS rule instead"}
		},
	}},
}

// firewallCiscoASA: Cisco ASA.
var firewallCiscoASA = Profile{
	Kind: "firewall", Vendor: "cisco-asa",
	Title:    "Cisco ASA",
	Carriage: Forwards,
	Timers: []Timer{{
		Key: "idle", Setting: "timeout conn / set connection timeout idle", Unit: time.Second,
		Meaning: "idle time of a TCP connection slot (global, or per class in a policy-map)",
		Default: time.Hour,
		Source:  "Cisco ASA configuration guide, Connection Settings (idle 0:0:1-1193:0:0, default 1:0:0): cisco.com/c/en/us/td/docs/security/asa/asa91/configuration/firewall/asa_91_firewall_config/conns_connlimits.html",
		Idle:    true, OnExpiry: SilentDrop, Min: time.Second, Max: 1193 * time.Hour,
		Set: func(h Hop, d time.Duration) Change {
			return Change{Tool: "ASA", Commands: []string{
				"configure terminal",
				"access-list EAS-LONGPOLL extended permit tcp any host <eas-vip-address> eq https",
				"class-map EAS-LONGPOLL",
				" match access-list EAS-LONGPOLL",
				"policy-map global_policy",
				" class EAS-LONGPOLL",
				fmt.Sprintf("  set connection timeout idle %s reset", HMS(d)),
				"end",
				"write memory",
			}, Note: "the reset keyword makes the ASA send RST to both endpoints on expiry instead of dropping silently, so clients notice at once; global_policy must stay applied (service-policy global_policy global, the default); a global 'timeout conn' is the fallback for traffic outside this class"}
		},
	}},
}

// firewallCheckPoint: Check Point.
var firewallCheckPoint = Profile{
	Kind: "firewall", Vendor: "checkpoint",
	Title:    "Check Point Security Gateway",
	Carriage: Forwards,
	Timers: []Timer{{
		Key: "idle", Setting: "TCP session timeout", Unit: time.Second,
		Meaning: "TCP session timeout (Global Properties > Stateful Inspection, or per service)",
		Default: 3600 * time.Second,
		Source:  "third-party texts only (DOMAIN.md §4; ipv4security.com/packet_flow/tcp_timeout.txt): later packets are dropped with \"first packet isn't SYN\"",
		Idle:    true, OnExpiry: SilentDrop,
		Set: func(h Hop, d time.Duration) Change {
			svc := h.Str("service", "<eas-service>")
			return Change{Tool: "mgmt_cli", Commands: []string{
				"mgmt_cli login -r true > id.txt",
				fmt.Sprintf(`mgmt_cli set service-tcp name "%s" use-default-session-timeout false session-timeout %s -s id.txt`, svc, Seconds(d)),
				"mgmt_cli publish -s id.txt",
				fmt.Sprintf(`mgmt_cli install-policy policy-package "%s" targets.1 "%s" -s id.txt`, h.Str("policy_package", "<policy-package>"), h.Str("gateway", "<gateway>")),
				"mgmt_cli logout -s id.txt",
			}, Note: "run on the management server; use a dedicated TCP service object for the EAS rule (changing the shared https object lengthens every HTTPS session); new connections take the new timeout"}
		},
	}},
	Settings: []Setting{
		{Key: "service", Meaning: "TCP service object used by the EAS rule", Type: "string"},
		{Key: "policy_package", Meaning: "policy package to install", Type: "string"},
		{Key: "gateway", Meaning: "gateway (install target) that carries EAS", Type: "string"},
	},
}

// firewallFortiGate: Fortinet FortiGate.
var firewallFortiGate = Profile{
	Kind: "firewall", Vendor: "fortigate",
	Title:    "Fortinet FortiGate",
	Carriage: Forwards,
	Timers: []Timer{{
		Key: "idle", Setting: "session-ttl", Unit: time.Second,
		Meaning: "session time to live of an idle session (policy session-ttl; 0 means the system default of config system session-ttl)",
		Default: 3600 * time.Second, Assumed: true,
		Source: "assumed: FortiOS CLI reference gives policy session-ttl 0 (system default) or 300-2764800 s, but not the system default; docs.fortinet.com (config system session-ttl)",
		Idle:   true, OnExpiry: SilentDrop, Min: 300 * time.Second, Max: 2764800 * time.Second,
		Set: func(h Hop, d time.Duration) Change {
			pol := h.Str("policy_id", "<policy-id>")
			return Change{Tool: "FortiOS", Commands: []string{
				"config firewall policy",
				"    edit " + pol,
				"        set session-ttl " + Seconds(d),
				"    next",
				"end",
			}, Note: "in the VDOM that holds the policy; new sessions take the new TTL"}
		},
	}},
	Settings: []Setting{{Key: "policy_id", Meaning: "firewall policy that passes EAS", Type: "string"}},
}

// firewallLinux: Linux netfilter conntrack.
var firewallLinux = Profile{
	Kind: "firewall", Vendor: "linux",
	Title:    "Linux netfilter (conntrack)",
	Carriage: Forwards,
	Timers: []Timer{{
		Key: "idle", Setting: "net.netfilter.nf_conntrack_tcp_timeout_established", Unit: time.Second,
		Meaning: "idle time after which conntrack forgets an established TCP flow",
		Default: 432000 * time.Second,
		Source:  "Linux kernel docs, nf_conntrack-sysctl (default 432000 s): kernel.org/doc/Documentation/networking/nf_conntrack-sysctl.txt",
		Idle:    true, OnExpiry: SilentDrop,
		Set: func(h Hop, d time.Duration) Change {
			return Change{Tool: "sysctl", Commands: []string{
				"sysctl -w net.netfilter.nf_conntrack_tcp_timeout_established=" + Seconds(d),
				"echo 'net.netfilter.nf_conntrack_tcp_timeout_established = " + Seconds(d) + "' > /etc/sysctl.d/90-hopaudit.conf",
			}, Note: "the first line applies at once, the second keeps it across reboots; with nf_conntrack_tcp_loose=1 (the default) a forgotten flow is picked up again by the next packet, but a NATed flow loses its mapping; with loose tracking off and a REJECT rule the firewall answers with a RST"}
		},
	}},
}

// nat is a NAT gateway, such as a carrier-grade NAT on the mobile network.
var nat = Profile{
	Kind:     "nat",
	Title:    "NAT (carrier-grade NAT, home router, cloud NAT gateway)",
	Carriage: Forwards,
	Timers: []Timer{{
		Key: "idle", Setting: "TCP mapping idle timeout", Unit: time.Second,
		Meaning: "idle time after which the NAT forgets the mapping of an established TCP connection",
		Default: 30 * time.Minute, Assumed: true,
		Source: "Microsoft and Apple ask operator networks for at least 30 min idle (DOMAIN.md §4); an operator's real value varies",
		Idle:   true, OnExpiry: SilentDrop,
		Set: func(h Hop, d time.Duration) Change {
			return Change{Tool: "operator", Commands: []string{fmt.Sprintf("ask the operator of %s for a TCP established idle timeout of at least %s s", nameOr(h.Name, "the NAT"), Seconds(d))},
				Note: "usually out of your hands: mark the hop fixed: true and take the heartbeat plan"}
		},
	}},
}
