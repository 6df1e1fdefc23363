package report

import (
	_ "embed"
	"html/template"
	"io"
	"strings"
)

//go:embed html.tmpl
var htmlTemplate string

// htmlTmpl is parsed once; it is safe for concurrent use.
var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"lang":  langOf,
	"lines": func(s string) []string { return strings.Split(s, "\n") },
	"first": func(s string) string { f, _, _ := strings.Cut(s, "\n"); return f },
	"rest":  func(s string) string { _, r, _ := strings.Cut(s, "\n"); return r },
	"inc":   func(i int) int { return i + 1 },
}).Parse(htmlTemplate))

// htmlPage is what the template renders: the change request and the
// pictures, already escaped SVG.
type htmlPage struct {
	*changeRequest
	PathSVG     template.HTML
	Histograms  []histogram
	TimelineSVG template.HTML
}

// WriteHTML renders res as one self-contained HTML page: the change
// request of WriteMarkdown with pictures drawn as inline SVG (the path
// with each hop's timer against the heartbeat, a histogram of idle time
// before the end per hop, timelines of sample connections per capture).
// No script, no external asset; a print stylesheet keeps figures whole.
// html/template escapes every value.
func WriteHTML(w io.Writer, res *Result, o Options) error {
	page := htmlPage{
		changeRequest: buildChangeRequest(res),
		PathSVG:       pathSVG(res),
		Histograms:    histograms(res),
		TimelineSVG:   timelineSVG(res),
	}
	return htmlTmpl.Execute(w, page)
}
