package topology

import (
	"strconv"

	"go.yaml.in/yaml/v3"
)

func (l *loader) settings(h *Hop, n *yaml.Node, label string) {
	if n == nil {
		return
	}
	var keys []string
	for _, s := range h.Profile.Settings {
		keys = append(keys, s.Key)
	}
	if len(keys) == 0 {
		l.addf(n, label, "kind %s takes no settings; remove settings:", h.Kind)
		return
	}
	l.mapping(n, label, "settings of kind "+h.Kind, keys, func(key string, k, v *yaml.Node) {
		spec, _ := h.Profile.Setting(key)
		if val, ok := l.setting(v, label, key, spec.Type); ok {
			h.Settings[key] = val
		}
	})
}

// setting decodes one settings value to the type the knowledge base wants.
func (l *loader) setting(v *yaml.Node, label, key, typ string) (any, bool) {
	switch typ {
	case "list":
		var out []string
		if v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
			return []string{}, true
		}
		for _, c := range l.strings(v, label, "setting "+key) {
			out = append(out, c.Value)
		}
		return out, out != nil
	case "bool":
		s, ok := l.scalar(v, label, "setting "+key)
		if !ok {
			return nil, false
		}
		b, err := strconv.ParseBool(s)
		if err != nil {
			l.addf(v, label, "setting %s must be true or false, not %q", key, s)
			return nil, false
		}
		return b, true
	case "int":
		s, ok := l.scalar(v, label, "setting "+key)
		if !ok {
			return nil, false
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			l.addf(v, label, "setting %s must be a whole number, not %q", key, s)
			return nil, false
		}
		return n, true
	}
	s, ok := l.scalar(v, label, "setting "+key)
	return s, ok
}
