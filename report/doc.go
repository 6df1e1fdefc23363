// Package report holds hopaudit's one result model, fed by check, analyze
// and probe, and the renderers that turn it into terminal text and JSON
// (Markdown and HTML join them later). The JSON form is versioned by
// Schema and documented in docs/json-schema.md.
package report
