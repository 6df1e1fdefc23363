package topology

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

func (l *loader) captures(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	if n.Kind != yaml.SequenceNode {
		l.addf(n, "", "captures must be a list, not %s", kindName(n))
		return
	}
	for _, c := range n.Content {
		l.capture(c)
	}
}

func (l *loader) capture(n *yaml.Node) {
	c := Capture{Pos: pos(n)}
	var between *yaml.Node
	l.mapping(n, "", "a capture", captureKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "file":
			c.File, _ = l.scalar(v, "", "file")
			c.Path = resolve(l.file, c.File)
		case "between":
			between = v
			names := l.strings(v, "", "between")
			if len(names) != 2 {
				l.addf(v, "", "between must name exactly two adjacent hops, e.g. [edge-fw, eas-vip]")
				return
			}
			c.Between = [2]string{names[0].Value, names[1].Value}
		}
	})
	if n.Kind != yaml.MappingNode {
		return
	}
	if c.File == "" {
		l.addf(n, "", "capture has no file")
	}
	if between == nil {
		l.addf(n, "", "capture %s has no between: name the two hops it was taken between", c.File)
	}
	l.t.Captures = append(l.t.Captures, c)
	l.betweens = append(l.betweens, between)
}

// validate checks what needs the whole file: unique names, captures that
// name adjacent hops, the heartbeat source.
func (l *loader) validate() {
	seen := map[string]*Hop{}
	for _, h := range l.t.Hops {
		if h.Name == "" {
			continue
		}
		if first, dup := seen[h.Name]; dup {
			l.err.Problems = append(l.err.Problems, Problem{Pos: h.Pos, Hop: h.Name,
				Msg: fmt.Sprintf("duplicate hop name (first at line %d)", first.Pos.Line)})
			continue
		}
		seen[h.Name] = h
	}
	for i, c := range l.t.Captures {
		l.checkBetween(c, l.betweens[i])
	}
	l.heartbeat()
}

func (l *loader) checkBetween(c Capture, n *yaml.Node) {
	if n == nil || c.Between[0] == "" {
		return
	}
	idx := [2]int{}
	for j, name := range c.Between {
		idx[j] = l.t.Index(name)
		if idx[j] < 0 {
			l.addf(n.Content[j], "", "capture %s: between names no hop %q", c.File, name)
		}
	}
	if idx[0] < 0 || idx[1] < 0 {
		return
	}
	if d := idx[0] - idx[1]; d != 1 && d != -1 {
		l.addf(n, "", "capture %s: hops %q and %q are not adjacent on the path", c.File, c.Between[0], c.Between[1])
	}
}

func (l *loader) heartbeat() {
	if l.t.HeartbeatFrom == "declared" {
		return
	}
	for i := len(l.t.Hops) - 1; i >= 0; i-- {
		h := l.t.Hops[i]
		if t, ok := h.Timers["max_heartbeat"]; ok && h.Kind == "exchange" && !t.Unlimited {
			l.t.Heartbeat, l.t.HeartbeatFrom = t.Value, "exchange max_heartbeat"
			return
		}
	}
	l.t.Heartbeat, l.t.HeartbeatFrom = DefaultHeartbeat, "default"
}
