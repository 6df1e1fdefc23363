package topology

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// MaxFileSize bounds a topology file (1 MiB): a larger file is refused
// before it is parsed.
const MaxFileSize = 1 << 20

// Load reads and validates the topology file at path. Every problem is
// reported at once in an *Error; I/O failures come back wrapped.
func Load(path string) (*Topology, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read topology: %w", err)
	}
	if st.Size() > MaxFileSize {
		return nil, &Error{File: path, Problems: []Problem{{Msg: fmt.Sprintf("file is %d bytes; a topology is at most %d", st.Size(), MaxFileSize)}}}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read topology: %w", err)
	}
	return Parse(path, data)
}

// Parse validates a topology held in data; file names it in errors and
// anchors relative capture paths.
func Parse(file string, data []byte) (*Topology, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{File: file, Problems: []Problem{{Pos: Pos{1, 1}, Msg: "empty topology: expected a mapping with hops:"}}}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, &Error{File: file, Problems: []Problem{syntaxProblem(err)}}
	}
	l := &loader{file: file, t: &Topology{File: file}}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	l.top(root)
	l.validate()
	if len(l.err.Problems) > 0 {
		l.err.File = file
		l.err.sort()
		return nil, &l.err
	}
	return l.t, nil
}

// yaml.v3 reports syntax errors as text only ("yaml: line 3: ..."); the
// line is the one piece of structure it offers.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func syntaxProblem(err error) Problem {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return Problem{Pos: Pos{n, 1}, Msg: "YAML syntax: " + m[2]}
	}
	return Problem{Pos: Pos{1, 1}, Msg: "YAML syntax: " + err.Error()}
}

type loader struct {
	file string
	t    *Topology
	err  Error
	// betweens are the between: nodes of t.Captures, index for index.
	betweens []*yaml.Node
}

func pos(n *yaml.Node) Pos { return Pos{n.Line, n.Column} }

func (l *loader) addf(n *yaml.Node, hop, format string, args ...any) {
	l.err.Problems = append(l.err.Problems, Problem{Pos: pos(n), Hop: hop, Msg: fmt.Sprintf(format, args...)})
}

// mapping walks a mapping node, rejecting duplicate and unknown keys, and
// calls fn for each known key with its value node.
func (l *loader) mapping(n *yaml.Node, hop, what string, known []string, fn func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		l.addf(n, hop, "%s must be a mapping, not %s", what, kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if seen[key] {
			l.addf(k, hop, "duplicate key %q in %s", key, what)
			continue
		}
		seen[key] = true
		if known != nil && !contains(known, key) {
			l.addf(k, hop, "unknown key %q in %s (known: %s)", key, what, joinQuoted(known))
			continue
		}
		fn(key, k, v)
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "empty"
	}
	return fmt.Sprintf("the value %q", n.Value)
}

func (l *loader) scalar(n *yaml.Node, hop, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		l.addf(n, hop, "%s must be a single value, not %s", what, kindName(n))
		return "", false
	}
	return n.Value, true
}

// strings accepts a list of scalars or one scalar.
func (l *loader) strings(n *yaml.Node, hop, what string) []*yaml.Node {
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return nil
	case n.Kind == yaml.ScalarNode:
		return []*yaml.Node{n}
	case n.Kind == yaml.SequenceNode:
		var out []*yaml.Node
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				hint := ""
				if c.Kind == yaml.SequenceNode || c.Kind == yaml.MappingNode {
					hint = ` (quote an IPv6 address with a port: "[2001:db8::1]:443")`
				}
				l.addf(c, hop, "%s entries must be single values, not %s%s", what, kindName(c), hint)
				continue
			}
			out = append(out, c)
		}
		return out
	}
	l.addf(n, hop, "%s must be a list, not %s", what, kindName(n))
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func joinQuoted(list []string) string {
	var b bytes.Buffer
	for i, s := range list {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s)
	}
	return b.String()
}

func resolve(topoFile, p string) string {
	if filepath.IsAbs(p) || topoFile == "" {
		return p
	}
	return filepath.Join(filepath.Dir(topoFile), p)
}
