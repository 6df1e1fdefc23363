package hops

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Carriage says how a box carries the client's TCP connection.
type Carriage string

// Carriage values.
const (
	// Endpoint is the device or the server: it opens or accepts the connection.
	Endpoint Carriage = "endpoint"
	// Forwards means the box passes the same TCP connection on (NAT,
	// firewall, NLB-style load balancer); it may forge packets that carry
	// an endpoint's address.
	Forwards Carriage = "forwards"
	// Terminates means the box is a full proxy: each side of it is its own
	// TCP connection and every FIN or RST it sends carries its own address.
	Terminates Carriage = "terminates"
)

// Action is what a box does when one of its timers fires.
type Action string

// Action values.
const (
	ResetBoth  Action = "rst"         // RST to both sides
	Close      Action = "fin"         // orderly close (FIN)
	Answer5xx  Action = "5xx"         // answers the client with its own 5xx and closes upstream
	SilentDrop Action = "silent-drop" // forgets the flow; the next packet is dropped or reset
	Abort      Action = "abort"       // abandons the upstream request; the client sees an error or a close
	Answers    Action = "answer"      // the server answers normally (a heartbeat ends)
)

// Timer describes one timer of a kind of box.
type Timer struct {
	// Key is the name used under timers: in the topology file.
	Key string
	// Meaning says what the timer limits, in the vendor's words where possible.
	Meaning string
	// Setting is the vendor's own name for it (e.g. "idle-timeout").
	Setting string
	// Unit is the unit the vendor's configuration takes: time.Second or
	// time.Minute. Commands are written in this unit, rounded up.
	Unit time.Duration
	// Default is the vendor default. Zero with NoLimit set means the
	// timer is off by default; zero without NoLimit means unknown.
	Default time.Duration
	// NoLimit is set when the vendor default is "never expires".
	NoLimit bool
	// Assumed is set when the default was not found in the vendor's own
	// text (DOMAIN.md marks it unconfirmed); output says "assumed".
	Assumed bool
	// Source cites where the default comes from.
	Source string
	// Idle is set when the timer can end a silent long-poll (an HTTP
	// request held with no byte moving in either direction).
	Idle bool
	// OnExpiry is what the box does when the timer fires.
	OnExpiry Action
	// Min and Max bound the values the box accepts; zero means unbounded.
	Min, Max time.Duration
	// Above names another timer of the same box that this one must
	// exceed (SEG executionTimeout above easRequestTimeout); "" for none.
	Above string
	// Optional timers only count when declared (a fastL4 profile the
	// virtual server may not use).
	Optional bool
	// Set returns the change that sets this timer on hop h to d. Nil
	// means the box offers no such knob (a carrier NAT).
	Set func(h Hop, d time.Duration) Change
}

// Setting describes one key accepted under settings: for a kind.
type Setting struct {
	Key     string
	Meaning string
	// Type is "string", "bool", "int" or "list".
	Type string
}

// Hop is what a command generator may use of a declared hop.
// The zero value is usable: commands then show placeholders.
type Hop struct {
	Name     string
	Vendor   string
	Settings map[string]any
}

// Str returns setting key as a string, or placeholder when it is absent.
func (h Hop) Str(key, placeholder string) string {
	v, ok := h.Settings[key]
	if !ok || v == nil {
		return placeholder
	}
	switch t := v.(type) {
	case string:
		if t == "" {
			return placeholder
		}
		return t
	case bool:
		return strconv.FormatBool(t)
	default:
		return fmt.Sprint(t)
	}
}

// List returns setting key as a list of strings (nil when absent).
func (h Hop) List(key string) []string {
	switch t := h.Settings[key].(type) {
	case []string:
		return t
	case []any:
		out := make([]string, 0, len(t))
		for _, v := range t {
			out = append(out, fmt.Sprint(v))
		}
		return out
	case string:
		return []string{t}
	}
	return nil
}

// Bool returns setting key as a bool and whether it was set.
func (h Hop) Bool(key string) (value, ok bool) {
	b, ok := h.Settings[key].(bool)
	return b, ok
}

// Change is one concrete change to a box: the commands to run, in order.
type Change struct {
	// Tool names where the commands are typed: "tmsh", "PowerShell",
	// "web.config", "aws", "az", "gcloud", "NetScaler CLI", "ASA",
	// "PAN-OS", "mgmt_cli", "FortiOS", "sysctl", "haproxy.cfg", "nginx.conf".
	Tool string `json:"tool"`
	// Commands are typed or applied in order.
	Commands []string `json:"commands"`
	// Note explains a caveat (e.g. a restart, a placeholder to fill in).
	Note string `json:"note,omitempty"`
}

// Profile is what hopaudit knows about one kind of box, refined by vendor.
type Profile struct {
	// Kind is the topology kind ("f5-vip"); Vendor refines it ("" is the
	// kind's generic profile).
	Kind, Vendor string
	// Title is a human name ("F5 BIG-IP virtual server").
	Title string
	// Carriage says whether the box forwards or terminates TCP.
	Carriage Carriage
	// Timers lists every timer the box has, idle-governing or not.
	Timers []Timer
	// Settings lists the keys accepted under settings:.
	Settings []Setting
	// Advise returns kind-specific findings about a declared hop (nil: none).
	Advise func(h Hop, t map[string]time.Duration) []Advice
	// Notes is shown by `hopaudit kinds`.
	Notes string
}

// Advice is a kind-specific finding, such as a load-balancing method that
// piles long-polls on a few pool members.
type Advice struct {
	// Level is "error", "warning" or "info".
	Level string
	// Key is the timer or setting the advice is about.
	Key     string
	Message string
	Change  *Change
}

// Timer returns the timer with the given key.
func (p *Profile) Timer(key string) (Timer, bool) {
	for _, t := range p.Timers {
		if t.Key == key {
			return t, true
		}
	}
	return Timer{}, false
}

// Setting returns the setting with the given key.
func (p *Profile) Setting(key string) (Setting, bool) {
	for _, s := range p.Settings {
		if s.Key == key {
			return s, true
		}
	}
	return Setting{}, false
}

// InUnit renders d in unit u, rounded up, as a bare number ("35" for
// 35 minutes when u is time.Minute).
func InUnit(d, u time.Duration) string {
	if u <= 0 {
		u = time.Second
	}
	return strconv.FormatInt(int64(math.Ceil(float64(d)/float64(u))), 10)
}

// Seconds renders d in whole seconds, rounded up.
func Seconds(d time.Duration) string { return InUnit(d, time.Second) }

// Minutes renders d in whole minutes, rounded up.
func Minutes(d time.Duration) string { return InUnit(d, time.Minute) }

// HMS renders d as H:MM:SS, rounded up to the second (Cisco ASA syntax).
func HMS(d time.Duration) string {
	s := int64(math.Ceil(d.Seconds()))
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

// Dur renders a duration the way engineers say it: seconds below ten
// minutes or when not whole minutes ("300 s", "90.5 s"), else minutes
// ("35 min"), hours when whole and long ("2 h").
func Dur(d time.Duration) string {
	switch {
	case d >= 2*time.Hour && d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + " h"
	case d >= 10*time.Minute && d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + " min"
	case d%time.Second == 0:
		return strconv.FormatInt(int64(d/time.Second), 10) + " s"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}
