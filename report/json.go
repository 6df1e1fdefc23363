package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes res as indented JSON with the schema version set.
func WriteJSON(w io.Writer, res *Result) error {
	if res.Schema == "" {
		res.Schema = Schema
	}
	if res.Findings == nil {
		res.Findings = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(res)
}
