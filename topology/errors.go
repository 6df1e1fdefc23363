package topology

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong in a topology file.
type Problem struct {
	Pos Pos
	// Hop names the hop the problem is in ("" when outside any hop).
	Hop string
	Msg string
}

// Error lists every problem found in a topology file, sorted by position.
// Callers branch on it with errors.As to exit with the usage code.
type Error struct {
	File     string
	Problems []Problem
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = e.format(p)
	}
	return strings.Join(lines, "\n")
}

func (e *Error) format(p Problem) string {
	var b strings.Builder
	b.WriteString(e.File)
	if p.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", p.Pos.Line, p.Pos.Col)
	}
	b.WriteString(": ")
	if p.Hop != "" {
		fmt.Fprintf(&b, "hop %q: ", p.Hop)
	}
	b.WriteString(p.Msg)
	return b.String()
}

func (e *Error) sort() {
	sort.SliceStable(e.Problems, func(i, j int) bool {
		a, b := e.Problems[i].Pos, e.Problems[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}
