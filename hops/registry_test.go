package hops

import (
	"errors"
	"slices"
	"sort"
	"testing"
	"time"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		kind, vendor string
		want         string // profileName of the result
		wantErr      string
	}{
		{kind: "firewall", want: "firewall"},
		{kind: "firewall", vendor: "generic", want: "firewall"},
		{kind: "firewall", vendor: "paloalto", want: "firewall/paloalto"},
		{kind: "f5-vip", vendor: "generic", want: "f5-vip"},
		{kind: "firewall", vendor: "juniper",
			wantErr: `unknown vendor "juniper" for kind "firewall" (known: checkpoint, cisco-asa, fortigate, linux, paloalto)`},
		{kind: "nginx", vendor: "f5",
			wantErr: `kind "nginx" has no vendor variants; remove vendor "f5"`},
		{kind: "router",
			wantErr: `unknown kind "router" (known: aws-alb, aws-nlb, azure-lb, citrix-adc, client, exchange, f5-vip, firewall, gcp-lb, haproxy, nat, nginx, proxy, seg)`},
	}
	for _, tt := range tests {
		t.Run(tt.kind+"/"+tt.vendor, func(t *testing.T) {
			p, err := Lookup(tt.kind, tt.vendor)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := profileName(p); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestLookupErrorTypes(t *testing.T) {
	_, err := Lookup("router", "")
	var ke *UnknownKindError
	if !errors.As(err, &ke) || ke.Kind != "router" {
		t.Errorf("err = %#v, want *UnknownKindError", err)
	}
	_, err = Lookup("firewall", "juniper")
	var ve *UnknownVendorError
	if !errors.As(err, &ve) || ve.Kind != "firewall" || ve.Vendor != "juniper" {
		t.Errorf("err = %#v, want *UnknownVendorError", err)
	}
}

func TestAllSortedAndKinds(t *testing.T) {
	all := All()
	if !sort.SliceIsSorted(all, func(i, j int) bool {
		if all[i].Kind != all[j].Kind {
			return all[i].Kind < all[j].Kind
		}
		return all[i].Vendor < all[j].Vendor
	}) {
		t.Error("All() is not sorted by kind then vendor")
	}
	ks := Kinds()
	if !slices.IsSorted(ks) || len(slices.Compact(slices.Clone(ks))) != len(ks) {
		t.Errorf("Kinds() = %v, want sorted and distinct", ks)
	}
	if got := Vendors("client"); got != nil {
		t.Errorf("Vendors(client) = %v, want none", got)
	}
}

func TestDur(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0 s"},
		{300 * time.Second, "300 s"},
		{9*time.Minute + 59*time.Second, "599 s"},
		{10 * time.Minute, "10 min"},
		{90*time.Second + 500*time.Millisecond, "90.5 s"},
		{35 * time.Minute, "35 min"},
		{time.Hour, "60 min"},
		{90 * time.Minute, "90 min"},
		{2 * time.Hour, "2 h"},
		{150 * time.Minute, "150 min"},
		{10*time.Minute + time.Second, "601 s"},
		{432000 * time.Second, "120 h"},
	}
	for _, tt := range tests {
		if got := Dur(tt.in); got != tt.want {
			t.Errorf("Dur(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnits(t *testing.T) {
	tests := []struct {
		d    time.Duration
		u    time.Duration
		inU  string
		hms  string
		secs string
		mins string
	}{
		{35 * time.Minute, time.Minute, "35", "0:35:00", "2100", "35"},
		{90*time.Second + time.Millisecond, time.Second, "91", "0:01:31", "91", "2"},
		{4*time.Minute + time.Second, time.Minute, "5", "0:04:01", "241", "5"},
		{1193 * time.Hour, time.Second, "4294800", "1193:00:00", "4294800", "71580"},
		{time.Second, 0, "1", "0:00:01", "1", "1"},
	}
	for _, tt := range tests {
		if got := InUnit(tt.d, tt.u); got != tt.inU {
			t.Errorf("InUnit(%v, %v) = %s, want %s", tt.d, tt.u, got, tt.inU)
		}
		if got := HMS(tt.d); got != tt.hms {
			t.Errorf("HMS(%v) = %s, want %s", tt.d, got, tt.hms)
		}
		if got := Seconds(tt.d); got != tt.secs {
			t.Errorf("Seconds(%v) = %s, want %s", tt.d, got, tt.secs)
		}
		if got := Minutes(tt.d); got != tt.mins {
			t.Errorf("Minutes(%v) = %s, want %s", tt.d, got, tt.mins)
		}
	}
}

func TestHopAccessors(t *testing.T) {
	h := Hop{Settings: map[string]any{
		"s": "vs-eas", "empty": "", "nil": nil, "b": true, "n": 7,
		"list": []any{"a", 2}, "strs": []string{"x", "y"}, "one": "z",
	}}
	strs := []struct{ key, want string }{
		{"s", "vs-eas"}, {"empty", "<ph>"}, {"nil", "<ph>"}, {"absent", "<ph>"}, {"b", "true"}, {"n", "7"},
	}
	for _, tt := range strs {
		if got := h.Str(tt.key, "<ph>"); got != tt.want {
			t.Errorf("Str(%s) = %q, want %q", tt.key, got, tt.want)
		}
	}
	lists := []struct {
		key  string
		want []string
	}{
		{"list", []string{"a", "2"}}, {"strs", []string{"x", "y"}}, {"one", []string{"z"}}, {"absent", nil}, {"b", nil},
	}
	for _, tt := range lists {
		if got := h.List(tt.key); !slices.Equal(got, tt.want) {
			t.Errorf("List(%s) = %v, want %v", tt.key, got, tt.want)
		}
	}
	if v, ok := h.Bool("b"); !v || !ok {
		t.Errorf("Bool(b) = %v, %v", v, ok)
	}
	if v, ok := h.Bool("s"); v || ok {
		t.Errorf("Bool(s) = %v, %v; want false, false", v, ok)
	}
	var zero Hop
	if zero.Str("x", "<p>") != "<p>" || zero.List("x") != nil {
		t.Error("zero Hop must give placeholders")
	}
	if _, ok := zero.Bool("x"); ok {
		t.Error("zero Hop Bool must report unset")
	}
}
