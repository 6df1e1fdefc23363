package hops

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// profiles lists every known profile. A kind's generic profile has Vendor "".
var profiles = []*Profile{
	&client,
	&nat,
	&firewall, &firewallPaloAlto, &firewallCiscoASA, &firewallCheckPoint, &firewallFortiGate, &firewallLinux,
	&f5VIP,
	&seg,
	&exchange,
	&haproxy,
	&nginx,
	&awsALB, &awsNLB,
	&azureLB,
	&gcpLB,
	&citrixADC,
	&proxy,
}

// All returns every profile, sorted by kind then vendor. The slice is new;
// the profiles are shared and must not be modified.
func All() []*Profile {
	out := slices.Clone(profiles)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Vendor < out[j].Vendor
	})
	return out
}

// Kinds returns the distinct kind names, sorted.
func Kinds() []string {
	var ks []string
	for _, p := range profiles {
		if !slices.Contains(ks, p.Kind) {
			ks = append(ks, p.Kind)
		}
	}
	sort.Strings(ks)
	return ks
}

// Vendors returns the vendor refinements known for kind, sorted.
func Vendors(kind string) []string {
	var vs []string
	for _, p := range profiles {
		if p.Kind == kind && p.Vendor != "" {
			vs = append(vs, p.Vendor)
		}
	}
	sort.Strings(vs)
	return vs
}

// UnknownKindError reports a kind no profile has.
type UnknownKindError struct{ Kind string }

func (e *UnknownKindError) Error() string {
	return fmt.Sprintf("unknown kind %q (known: %s)", e.Kind, strings.Join(Kinds(), ", "))
}

// UnknownVendorError reports a vendor the kind has no profile for.
type UnknownVendorError struct{ Kind, Vendor string }

func (e *UnknownVendorError) Error() string {
	vs := Vendors(e.Kind)
	if len(vs) == 0 {
		return fmt.Sprintf("kind %q has no vendor variants; remove vendor %q", e.Kind, e.Vendor)
	}
	return fmt.Sprintf("unknown vendor %q for kind %q (known: %s)", e.Vendor, e.Kind, strings.Join(vs, ", "))
}

// Lookup returns the profile for kind refined by vendor. An empty vendor,
// or "generic", gives the kind's generic profile.
func Lookup(kind, vendor string) (*Profile, error) {
	if vendor == "generic" {
		vendor = ""
	}
	found := false
	for _, p := range profiles {
		if p.Kind != kind {
			continue
		}
		found = true
		if p.Vendor == vendor {
			return p, nil
		}
	}
	if !found {
		return nil, &UnknownKindError{Kind: kind}
	}
	return nil, &UnknownVendorError{Kind: kind, Vendor: vendor}
}
