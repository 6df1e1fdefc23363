package hops

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// wantKeys pins the timer keys of every profile: topology files and golden
// outputs depend on them.
var wantKeys = map[string][]string{
	"client":              nil,
	"nat":                 {"idle"},
	"firewall":            {"idle"},
	"firewall/paloalto":   {"idle"},
	"firewall/cisco-asa":  {"idle"},
	"firewall/checkpoint": {"idle"},
	"firewall/fortigate":  {"idle"},
	"firewall/linux":      {"idle"},
	"f5-vip":              {"tcp_idle", "fastl4_idle", "snat_idle"},
	"seg":                 {"eas_request", "execution"},
	"exchange":            {"max_heartbeat", "min_heartbeat"},
	"haproxy":             {"server", "client", "tunnel"},
	"nginx":               {"proxy_read", "proxy_send"},
	"aws-alb":             {"idle"},
	"aws-nlb":             {"tcp_idle"},
	"azure-lb":            {"idle"},
	"gcp-lb":              {"backend_timeout"},
	"citrix-adc":          {"client_timeout", "server_timeout"},
	"proxy":               {"idle"},
}

func profileName(p *Profile) string {
	if p.Vendor == "" {
		return p.Kind
	}
	return p.Kind + "/" + p.Vendor
}

func TestTimerKeys(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range All() {
		name := profileName(p)
		seen[name] = true
		want, ok := wantKeys[name]
		if !ok {
			t.Errorf("profile %s is not pinned in wantKeys", name)
			continue
		}
		var got []string
		for _, tm := range p.Timers {
			got = append(got, tm.Key)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s timer keys = %v, want %v", name, got, want)
		}
	}
	for name := range wantKeys {
		if !seen[name] {
			t.Errorf("profile %s is missing", name)
		}
	}
}

// valueIn reports whether cmds carry v as a whole number (not inside a
// longer one).
func valueIn(cmds []string, v string) bool {
	re := regexp.MustCompile(`(^|[^0-9.:])` + regexp.QuoteMeta(v) + `($|[^0-9.:])`)
	for _, c := range cmds {
		if re.MatchString(c) {
			return true
		}
	}
	return false
}

func TestSetWritesValueInUnit(t *testing.T) {
	durations := []time.Duration{
		35 * time.Minute, 3540 * time.Second, 90*time.Second + 500*time.Millisecond, 2 * time.Hour,
	}
	for _, p := range All() {
		for _, tm := range p.Timers {
			if tm.Set == nil {
				continue
			}
			for _, d := range durations {
				name := profileName(p) + "/" + tm.Key + "/" + d.String()
				t.Run(name, func(t *testing.T) {
					c := tm.Set(Hop{}, d)
					if c.Tool == "" {
						t.Error("Tool is empty")
					}
					if len(c.Commands) == 0 {
						t.Fatal("no commands")
					}
					want := InUnit(d, tm.Unit)
					if c.Tool == "ASA" {
						want = HMS(d)
					}
					if !valueIn(c.Commands, want) {
						t.Errorf("commands do not carry %s:\n%s", want, strings.Join(c.Commands, "\n"))
					}
				})
			}
		}
	}
}

func TestTimerFacts(t *testing.T) {
	for _, p := range All() {
		for _, tm := range p.Timers {
			name := profileName(p) + "/" + tm.Key
			t.Run(name, func(t *testing.T) {
				if tm.Source == "" || tm.Meaning == "" || tm.Setting == "" {
					t.Errorf("Source %q, Meaning %q, Setting %q: none may be empty", tm.Source, tm.Meaning, tm.Setting)
				}
				if tm.Unit != time.Second && tm.Unit != time.Minute {
					t.Errorf("Unit %v, want time.Second or time.Minute", tm.Unit)
				}
				switch {
				case tm.NoLimit && tm.Default != 0:
					t.Errorf("NoLimit with Default %v", tm.Default)
				case !tm.NoLimit && tm.Default <= 0 && !tm.Assumed:
					t.Errorf("Default %v is unknown but not marked Assumed", tm.Default)
				}
				if tm.Min > 0 && tm.Max > 0 && tm.Min > tm.Max {
					t.Errorf("Min %v > Max %v", tm.Min, tm.Max)
				}
				if tm.Default > 0 && tm.Min > 0 && tm.Default < tm.Min {
					t.Errorf("Default %v < Min %v", tm.Default, tm.Min)
				}
				if tm.Default > 0 && tm.Max > 0 && tm.Default > tm.Max {
					t.Errorf("Default %v > Max %v", tm.Default, tm.Max)
				}
				if tm.Above != "" {
					if _, ok := p.Timer(tm.Above); !ok {
						t.Errorf("Above names unknown timer %q", tm.Above)
					}
				}
				if tm.OnExpiry == "" {
					t.Error("OnExpiry is empty")
				}
			})
		}
	}
}

func TestSettingsWellFormed(t *testing.T) {
	types := []string{"string", "bool", "int", "list"}
	for _, p := range All() {
		keys := map[string]bool{}
		for _, s := range p.Settings {
			if keys[s.Key] {
				t.Errorf("%s: setting %s declared twice", profileName(p), s.Key)
			}
			keys[s.Key] = true
			if !slices.Contains(types, s.Type) || s.Meaning == "" {
				t.Errorf("%s: setting %s has type %q, meaning %q", profileName(p), s.Key, s.Type, s.Meaning)
			}
		}
	}
}

// TestSetUsesSettings checks that declared settings replace the placeholders.
func TestSetUsesSettings(t *testing.T) {
	tests := []struct {
		kind, vendor, key string
		settings          map[string]any
		want              string
	}{
		{"f5-vip", "", "tcp_idle", map[string]any{"tcp_profile": "tcp-eas"}, "tmsh modify ltm profile tcp tcp-eas idle-timeout 2100"},
		{"f5-vip", "", "snat_idle", map[string]any{"snat_addresses": []any{"192.0.2.7"}}, "tmsh modify ltm snat-translation 192.0.2.7 tcp-idle-timeout 2100"},
		{"aws-alb", "", "idle", map[string]any{"arn": "arn:x"}, "aws elbv2 modify-load-balancer-attributes --load-balancer-arn arn:x --attributes Key=idle_timeout.timeout_seconds,Value=2100"},
		{"aws-nlb", "", "tcp_idle", map[string]any{"listener_arn": "arn:l"}, "aws elbv2 modify-listener-attributes --listener-arn arn:l --attributes Key=tcp.idle_timeout.seconds,Value=2100"},
		{"azure-lb", "", "idle", map[string]any{"resource_group": "rg", "lb_name": "lb", "rule": "r"}, "az network lb rule update --resource-group rg --lb-name lb --name r --idle-timeout 35 --enable-tcp-reset true"},
		{"gcp-lb", "", "backend_timeout", map[string]any{"backend_service": "eas"}, "gcloud compute backend-services update eas --global --timeout=2100s"},
		{"citrix-adc", "", "client_timeout", map[string]any{"vserver": "vs"}, "set lb vserver vs -cltTimeout 2100"},
		{"citrix-adc", "", "server_timeout", map[string]any{"service": "svc"}, "set service svc -svrTimeout 2100"},
		{"firewall", "paloalto", "idle", nil, "set deviceconfig setting session timeout-tcp 2100"},
		{"firewall", "cisco-asa", "idle", nil, "  set connection timeout idle 0:35:00 reset"},
		{"firewall", "checkpoint", "idle", map[string]any{"service": "eas-https"}, `mgmt_cli set service-tcp name "eas-https" use-default-session-timeout false session-timeout 2100 -s id.txt`},
		{"firewall", "fortigate", "idle", map[string]any{"policy_id": "12"}, "    edit 12"},
		{"firewall", "linux", "idle", nil, "sysctl -w net.netfilter.nf_conntrack_tcp_timeout_established=2100"},
		{"haproxy", "", "server", map[string]any{"backend": "eas", "frontend": "fe"}, "in backend eas: timeout server 2100s"},
		{"haproxy", "", "client", map[string]any{"backend": "eas", "frontend": "fe"}, "in frontend fe: timeout client 2100s"},
		{"haproxy", "", "tunnel", nil, "in backend <eas-backend>: timeout tunnel 2100s"},
		{"nginx", "", "proxy_read", map[string]any{"location": "location /eas"}, "in location /eas { ... }: proxy_read_timeout 2100s;"},
		{"seg", "", "eas_request", nil, `<add key="easRequestTimeout" value="35" />`},
		{"seg", "", "execution", nil, `<httpRuntime executionTimeout="2100" />`},
	}
	for _, tt := range tests {
		t.Run(tt.kind+"/"+tt.vendor+"/"+tt.key, func(t *testing.T) {
			p, err := Lookup(tt.kind, tt.vendor)
			if err != nil {
				t.Fatal(err)
			}
			tm, ok := p.Timer(tt.key)
			if !ok {
				t.Fatalf("no timer %s", tt.key)
			}
			c := tm.Set(Hop{Name: "h", Settings: tt.settings}, 35*time.Minute)
			if !slices.Contains(c.Commands, tt.want) {
				t.Errorf("commands lack %q:\n%s", tt.want, strings.Join(c.Commands, "\n"))
			}
		})
	}
}

func TestAdviseHAProxy(t *testing.T) {
	tests := []struct {
		name   string
		values map[string]time.Duration
		want   int
	}{
		{"nothing declared", map[string]time.Duration{}, 0},
		{"both set", map[string]time.Duration{"client": time.Minute, "server": time.Hour}, 0},
		{"server only", map[string]time.Duration{"server": time.Hour}, 0},
		{"client only", map[string]time.Duration{"client": 50 * time.Second}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := adviseHAProxy(Hop{}, tt.values)
			if len(got) != tt.want {
				t.Fatalf("got %d advice, want %d: %+v", len(got), tt.want, got)
			}
			if tt.want == 1 {
				a := got[0]
				if a.Key != "client" || !strings.Contains(a.Message, "timeout client (50 s)") || a.Change == nil ||
					!slices.Contains(a.Change.Commands, "in backend <eas-backend>: timeout server 50s") {
					t.Errorf("advice = %+v", a)
				}
			}
		})
	}
}

func TestHeldRequestTimers(t *testing.T) {
	// Which timers end a silent, held Ping (vendor semantics, see Source).
	tests := []struct {
		kind, key string
		idle      bool
		expiry    Action
	}{
		{"haproxy", "server", true, Answer5xx},
		{"haproxy", "client", false, Close},
		{"haproxy", "tunnel", false, Close},
		{"nginx", "proxy_read", true, Answer5xx},
		{"nginx", "proxy_send", false, Answer5xx},
		{"aws-alb", "idle", true, Answer5xx},
		{"aws-nlb", "tcp_idle", true, SilentDrop},
		{"f5-vip", "tcp_idle", true, ResetBoth},
	}
	for _, tt := range tests {
		p, err := Lookup(tt.kind, "")
		if err != nil {
			t.Fatal(err)
		}
		tm, _ := p.Timer(tt.key)
		if tm.Idle != tt.idle || tm.OnExpiry != tt.expiry {
			t.Errorf("%s/%s: Idle %v OnExpiry %s, want %v %s", tt.kind, tt.key, tm.Idle, tm.OnExpiry, tt.idle, tt.expiry)
		}
	}
}

func TestAdviseSNAT(t *testing.T) {
	withSNAT := Hop{Settings: map[string]any{"snat_addresses": []any{"198.51.100.5"}}}
	tests := []struct {
		name   string
		h      Hop
		values map[string]time.Duration
		want   string
	}{
		{"no snat", Hop{}, nil, ""},
		{"snat declared timer", withSNAT, map[string]time.Duration{"snat_idle": time.Hour}, ""},
		{"snat, timer unknown", withSNAT, nil,
			"SNAT translation TCP idle timeout not declared: taken as indefinite (assumed F5 default); check it with `tmsh list ltm snat-translation 198.51.100.5 tcp-idle-timeout` and declare snat_idle if it was set"},
		{"snat pool only", Hop{Settings: map[string]any{"snat_pool": "sp"}}, nil,
			"SNAT translation TCP idle timeout not declared: taken as indefinite (assumed F5 default); check it with `tmsh list ltm snat-translation <snat-address> tcp-idle-timeout` and declare snat_idle if it was set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := adviseSNAT(tt.h, tt.values)
			switch {
			case tt.want == "" && len(got) != 0:
				t.Errorf("got %+v, want none", got)
			case tt.want != "" && (len(got) != 1 || got[0].Message != tt.want || got[0].Level != "info"):
				t.Errorf("got %+v, want one info: %s", got, tt.want)
			}
		})
	}
}
