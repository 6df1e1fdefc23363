package topology

import (
	"regexp"
	"strconv"
	"time"

	"github.com/hopaudit/hopaudit/hops"
	"go.yaml.in/yaml/v3"
)

var (
	topKeys     = []string{"name", "description", "heartbeat", "margin", "hops", "captures"}
	hopKeys     = []string{"name", "kind", "vendor", "fixed", "listen", "source", "timers", "settings", "notes"}
	captureKeys = []string{"file", "between"}
	hopName     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`)
)

// durations remembers where heartbeat and margin were written.
type declared struct {
	heartbeat, margin *yaml.Node
}

func (l *loader) top(root *yaml.Node) {
	var d declared
	var hopsNode *yaml.Node
	l.mapping(root, "", "the topology", topKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			l.t.Name, _ = l.scalar(v, "", "name")
		case "description":
			l.scalar(v, "", "description")
		case "heartbeat":
			d.heartbeat = v
		case "margin":
			d.margin = v
		case "hops":
			hopsNode = v
			l.hops(v)
		case "captures":
			l.captures(v)
		}
	})
	if root.Kind == yaml.MappingNode && hopsNode == nil {
		l.addf(root, "", "no hops: declare the path from the devices to Exchange under hops:")
	}
	l.durations(d)
}

func (l *loader) durations(d declared) {
	l.t.Margin, l.t.MarginFrom = DefaultMargin, "default"
	if d.margin != nil {
		if v, ok := l.duration(d.margin, "", "margin", false); ok {
			l.t.Margin, l.t.MarginFrom = v, "declared"
		}
	}
	if d.heartbeat != nil {
		if v, ok := l.duration(d.heartbeat, "", "heartbeat", false); ok {
			l.t.Heartbeat, l.t.HeartbeatFrom = v, "declared"
		}
	}
}

func (l *loader) duration(n *yaml.Node, hop, what string, allowUnlimited bool) (time.Duration, bool) {
	s, ok := l.scalar(n, hop, what)
	if !ok {
		return 0, false
	}
	d, unlimited, err := ParseDuration(s)
	if err != nil {
		l.addf(n, hop, "%s: %v", what, err)
		return 0, false
	}
	if unlimited && !allowUnlimited {
		l.addf(n, hop, "%s must be a duration, not %q", what, s)
		return 0, false
	}
	return d, true
}

func (l *loader) hops(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		l.addf(n, "", "hops must be a list, not %s", kindName(n))
		return
	}
	if len(n.Content) == 0 {
		l.addf(n, "", "hops is empty: declare the path from the devices to Exchange")
	}
	for _, c := range n.Content {
		l.hop(c)
	}
}

// hopLabel finds the name of a hop entry early, so every problem inside
// it can say which hop it is in.
func hopLabel(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "name" && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

func (l *loader) hop(n *yaml.Node) {
	h := &Hop{Pos: pos(n), Timers: map[string]Timer{}, Settings: map[string]any{}}
	label := hopLabel(n)
	var timers, settings *yaml.Node
	var kindNode *yaml.Node
	l.mapping(n, label, "a hop", hopKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			h.Name, _ = l.scalar(v, label, "name")
			if h.Name != "" && !hopName.MatchString(h.Name) {
				l.addf(v, label, "name must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit")
			}
		case "kind":
			h.Kind, _ = l.scalar(v, label, "kind")
			kindNode = v
		case "vendor":
			h.Vendor, _ = l.scalar(v, label, "vendor")
		case "fixed":
			if s, ok := l.scalar(v, label, "fixed"); ok {
				b, err := strconv.ParseBool(s)
				if err != nil {
					l.addf(v, label, "fixed must be true or false, not %q", s)
				}
				h.Fixed = b
			}
		case "listen":
			h.Listen = l.endpoints(v, label, "listen")
		case "source":
			h.Source = l.endpoints(v, label, "source")
		case "timers":
			timers = v
		case "settings":
			settings = v
		case "notes":
			h.Notes, _ = l.scalar(v, label, "notes")
		}
	})
	if n.Kind != yaml.MappingNode {
		return
	}
	if label == "" {
		l.addf(n, "", "hop has no name")
	}
	if kindNode == nil {
		l.addf(n, label, "hop has no kind (known: %s)", joinQuoted(hops.Kinds()))
	} else if h.Kind != "" {
		p, err := hops.Lookup(h.Kind, h.Vendor)
		if err != nil {
			l.addf(kindNode, label, "%v", err)
		}
		h.Profile = p
	}
	if h.Profile != nil {
		l.timers(h, timers, label)
		l.settings(h, settings, label)
	}
	l.t.Hops = append(l.t.Hops, h)
}

func (l *loader) endpoints(n *yaml.Node, hop, what string) []Endpoint {
	var out []Endpoint
	for _, c := range l.strings(n, hop, what) {
		e, err := ParseEndpoint(c.Value)
		if err != nil {
			l.addf(c, hop, "%s: %v", what, err)
			continue
		}
		out = append(out, e)
	}
	return out
}

func (l *loader) timers(h *Hop, n *yaml.Node, label string) {
	if n == nil {
		return
	}
	var keys []string
	for _, t := range h.Profile.Timers {
		keys = append(keys, t.Key)
	}
	if len(keys) == 0 {
		l.addf(n, label, "kind %s has no timers; remove timers:", h.Kind)
		return
	}
	l.mapping(n, label, "timers of kind "+h.Kind, keys, func(key string, k, v *yaml.Node) {
		l.timer(h, key, v, label)
	})
}

func (l *loader) timer(h *Hop, key string, v *yaml.Node, label string) {
	spec, _ := h.Profile.Timer(key)
	d, ok := l.duration(v, label, "timer "+key, true)
	if !ok {
		return
	}
	unlimited := d == 0 // duration() only returns 0 for indefinite
	if !unlimited && spec.Min > 0 && d < spec.Min {
		l.addf(v, label, "timer %s %s is below the smallest value %s accepts (%s)", key, hops.Dur(d), h.Profile.Title, hops.Dur(spec.Min))
	}
	if !unlimited && spec.Max > 0 && d > spec.Max {
		l.addf(v, label, "timer %s %s is above the largest value %s accepts (%s)", key, hops.Dur(d), h.Profile.Title, hops.Dur(spec.Max))
	}
	h.Timers[key] = Timer{Value: d, Unlimited: unlimited, Pos: pos(v)}
}
