package report

import (
	"fmt"
	"io"
	"strings"
)

// Formats every renderer of this package writes, by --format name.
var Formats = []string{"text", "json", "markdown", "html"}

// Options shape every renderer. The zero value renders at 100 cells with
// the time of generation taken from the result.
type Options struct {
	// Width is the terminal width of the text format, in cells; zero
	// means 100. Other formats ignore it.
	Width int
}

// Render writes res in format (one of Formats).
func Render(w io.Writer, format string, res *Result, o Options) error {
	switch format {
	case "text":
		return WriteText(w, res, TextOptions(o))
	case "json":
		return WriteJSON(w, res)
	case "markdown", "md":
		return WriteMarkdown(w, res, o)
	case "html":
		return WriteHTML(w, res, o)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}
