package report

import (
	"time"

	"github.com/hopaudit/hopaudit/hops"
)

// Dur renders a duration the way engineers say it; see hops.Dur.
func Dur(d time.Duration) string { return hops.Dur(d) }

// Secs returns d in seconds as a pointer, for JSON fields where null
// means "no limit".
func Secs(d time.Duration) *float64 {
	s := d.Seconds()
	return &s
}
