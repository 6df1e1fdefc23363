package topology

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseDuration parses a Go duration string ("300s", "35m", "1h30m") or a
// bare integer number of seconds ("300"). unlimited is true for
// "indefinite", "none" and "never". Negative and zero durations are rejected.
func ParseDuration(s string) (d time.Duration, unlimited bool, err error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "indefinite", "none", "never", "infinite":
		return 0, true, nil
	case "":
		return 0, false, fmt.Errorf("empty duration")
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n <= 0 {
			return 0, false, fmt.Errorf("duration %s must be positive (use indefinite for no timeout)", s)
		}
		if n > int64(1<<62)/int64(time.Second) {
			return 0, false, fmt.Errorf("duration %s s is too long", s)
		}
		return time.Duration(n) * time.Second, false, nil
	}
	d, err = time.ParseDuration(s)
	if err != nil {
		return 0, false, fmt.Errorf("%q is not a duration (write 300s, 35m, 1h30m or a number of seconds)", s)
	}
	if d <= 0 {
		return 0, false, fmt.Errorf("duration %s must be positive (use indefinite for no timeout)", s)
	}
	return d, false, nil
}
