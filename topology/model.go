package topology

import (
	"time"

	"github.com/hopaudit/hopaudit/hops"
)

// DefaultHeartbeat is the heartbeat assumed when neither the file nor an
// exchange hop's max_heartbeat gives one: Exchange's default
// MaxHeartbeatInterval of 3540 s (DOMAIN.md §2).
const DefaultHeartbeat = 3540 * time.Second

// DefaultMargin is the headroom every timer needs above the heartbeat when
// the file gives none. Two minutes covers the server's answer arriving a
// little after the heartbeat, the next Ping starting right after it, and the
// coarse sweep of box timers (an F5 or a conntrack table expires flows in
// passes, not to the millisecond).
const DefaultMargin = 2 * time.Minute

// Pos is a 1-based position in the topology file. The zero Pos means
// "no position" (a default, or a value set by code).
type Pos struct{ Line, Col int }

// Topology is a loaded and validated topology file.
// The zero value is an empty path with no file.
type Topology struct {
	// File is the path the topology was read from ("" when built in code).
	File string
	// Name names the service ("contoso-eas").
	Name string
	// Heartbeat is the longest Ping heartbeat the service grants.
	// HeartbeatFrom says where it came from: "declared", "exchange
	// max_heartbeat" or "default".
	Heartbeat     time.Duration
	HeartbeatFrom string
	// Margin is the headroom every timer needs above Heartbeat.
	// MarginFrom is "declared" or "default".
	Margin     time.Duration
	MarginFrom string
	// Hops are in path order: devices first, Exchange last.
	Hops []*Hop
	// Captures say where each capture file was taken.
	Captures []Capture
}

// Hop is one box on the path.
type Hop struct {
	Name   string
	Kind   string
	Vendor string
	// Fixed marks a box the user cannot change (a carrier NAT): plans
	// work around it instead of changing it.
	Fixed bool
	// Listen are where the previous hop connects to this one.
	Listen []Endpoint
	// Source are the addresses this hop uses toward the next one (SNAT
	// pool, self IP, proxy address).
	Source []Endpoint
	// Timers are the declared timers by key.
	Timers map[string]Timer
	// Settings are the declared settings by key (string, bool, int or
	// []string values).
	Settings map[string]any
	// Notes is free text carried into reports.
	Notes string
	// Profile is what the knowledge base knows about this kind of box.
	Profile *hops.Profile
	// Pos is where the hop's entry starts.
	Pos Pos
}

// Timer is a declared timer value.
type Timer struct {
	// Value is the timer; meaningless when Unlimited.
	Value time.Duration
	// Unlimited is set for "indefinite", "none" or "never".
	Unlimited bool
	Pos       Pos
}

// Capture says where a capture file was taken.
type Capture struct {
	// File is the path as written; Path is it resolved against the
	// topology file's directory.
	File, Path string
	// Between are the names of the two adjacent hops the capture sat
	// between, in the order written.
	Between [2]string
	Pos     Pos
}

// Index returns the position of the hop called name, or -1.
func (t *Topology) Index(name string) int {
	for i, h := range t.Hops {
		if h.Name == name {
			return i
		}
	}
	return -1
}

// HopRef returns what the knowledge base's command generators may use of h.
func (h *Hop) HopRef() hops.Hop {
	return hops.Hop{Name: h.Name, Vendor: h.Vendor, Settings: h.Settings}
}

// Str returns setting key as a string ("" when absent or not a string).
func (h *Hop) Str(key string) string {
	s, _ := h.Settings[key].(string)
	return s
}
