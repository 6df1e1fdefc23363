package check

import (
	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/topology"
)

func pathOf(t *topology.Topology, ls []HopLimits) *report.Path {
	p := &report.Path{
		Name: t.Name, File: t.File,
		HeartbeatS: t.Heartbeat.Seconds(), HeartbeatFrom: t.HeartbeatFrom,
		MarginS: t.Margin.Seconds(), MarginFrom: t.MarginFrom,
	}
	for _, hl := range ls {
		p.Hops = append(p.Hops, pathHop(hl))
	}
	return p
}

func pathHop(hl HopLimits) report.Hop {
	h := hl.Hop
	rh := report.Hop{Name: h.Name, Kind: h.Kind, Vendor: h.Vendor, Fixed: h.Fixed, Timers: []report.Timer{}}
	if h.Profile != nil {
		rh.Title, rh.Carriage = h.Profile.Title, string(h.Profile.Carriage)
	}
	for _, e := range h.Listen {
		rh.Listen = append(rh.Listen, e.String())
	}
	for _, e := range h.Source {
		rh.Source = append(rh.Source, e.String())
	}
	for _, v := range hl.Values {
		rt := report.Timer{Key: v.Spec.Key, Setting: v.Spec.Setting, Origin: string(v.Origin),
			Idle: v.Spec.Idle, OnExpiry: string(v.Spec.OnExpiry), Source: v.Spec.Source}
		if v.Known() {
			rt.S = report.Secs(v.D)
		}
		rh.Timers = append(rh.Timers, rt)
	}
	if v, ok := hl.Effective(); ok {
		rh.LimitS, rh.LimitTimer, rh.OnExpiry = report.Secs(v.D), v.Spec.Key, string(v.Spec.OnExpiry)
	}
	return rh
}
