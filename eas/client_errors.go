package eas

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Sentinel errors a Client's *StatusError matches with errors.Is.
var (
	ErrUnauthorized    = errors.New("unauthorized (HTTP 401)")
	ErrForbidden       = errors.New("forbidden (HTTP 403)")
	ErrProvisionNeeded = errors.New("provisioning needed")
	ErrRedirect        = errors.New("redirect to another server (HTTP 451)")
	ErrUnavailable     = errors.New("service unavailable (HTTP 503)")
)

// StatusError is a Client command that got a non-200 answer, or a 200 whose
// ActiveSync Status asks for provisioning (common status 142..144,
// [MS-ASCMD] section 2.2.2). It never holds credentials.
type StatusError struct {
	Cmd        string // "Ping", "FolderSync", ...
	StatusCode int    // HTTP status code
	Status     string // HTTP status as Go reports it, e.g. "503 Service Unavailable"
	// ASStatus is the command's Status element when it caused the error
	// (142..144); 0 otherwise.
	ASStatus int
	// RetryAfter is the 503's Retry-After (0 when absent or unparsable);
	// RetryAfterRaw the header as sent.
	RetryAfter    time.Duration
	RetryAfterRaw string
	// Location is the 451's X-MS-Location ([MS-ASHTTP] section 3.1.5.2.2).
	Location string
}

// Error formats the error as "ping: HTTP 503 Service Unavailable (retry
// after "30")"; it never includes credentials or the request URL.
func (e *StatusError) Error() string {
	s := fmt.Sprintf("%s: HTTP %d", lower(e.Cmd), e.StatusCode)
	// Go's text for 451 ("Unavailable For Legal Reasons") is not what
	// ActiveSync means by it, and 449 has none.
	if text := http.StatusText(e.StatusCode); text != "" && e.StatusCode != 451 {
		s += " " + text
	}
	switch {
	case e.ASStatus != 0:
		s += fmt.Sprintf(", status %d (%v)", e.ASStatus, PingStatus(e.ASStatus))
	case e.StatusCode == 449:
		s += " (provisioning needed)"
	case e.StatusCode == 451:
		s += fmt.Sprintf(" (redirect to %q)", e.Location)
	case e.StatusCode == http.StatusServiceUnavailable && e.RetryAfterRaw != "":
		s += fmt.Sprintf(" (retry after %q)", e.RetryAfterRaw)
	}
	return s
}

// Is matches the sentinel for the status: 401 ErrUnauthorized, 403
// ErrForbidden, 449 or ASStatus 142..144 ErrProvisionNeeded, 451
// ErrRedirect, 503 ErrUnavailable.
func (e *StatusError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrProvisionNeeded:
		return e.StatusCode == 449 || PingStatus(e.ASStatus).NeedsProvisioning()
	case ErrRedirect:
		return e.StatusCode == 451
	case ErrUnavailable:
		return e.StatusCode == http.StatusServiceUnavailable
	}
	return false
}

// HeartbeatError is a Ping answered with Status 5: the requested heartbeat
// is outside the server's range. Limit is the bound the server sent back:
// its minimum when Requested was too short, its maximum when too long
// ([MS-ASCMD] section 2.2.3.88.1). Times are in seconds.
type HeartbeatError struct {
	Requested int
	Limit     int
}

// TooShort reports that the server answered with its minimum.
func (e *HeartbeatError) TooShort() bool { return e.Limit > e.Requested }

// Error names the requested heartbeat and the server's bound.
func (e *HeartbeatError) Error() string {
	bound := "maximum"
	if e.TooShort() {
		bound = "minimum"
	}
	return fmt.Sprintf("ping: heartbeat %ds out of the server's range (status 5): %s is %ds", e.Requested, bound, e.Limit)
}

// parseRetryAfter reads a Retry-After value: delay-seconds or an HTTP date
// (relative to now).
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
