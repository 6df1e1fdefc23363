package report

import (
	"strings"
	"testing"
)

func TestPeakConcurrency(t *testing.T) {
	c := func(capture, first, last string) Connection {
		return Connection{Capture: capture, First: "2026-01-01T00:00:" + first + "Z", Last: "2026-01-01T00:00:" + last + "Z"}
	}
	tests := []struct {
		name string
		in   []Connection
		want map[string]Peak
	}{
		{"none", nil, map[string]Peak{}},
		{"nested", []Connection{c("a", "00", "50"), c("a", "10", "20"), c("a", "15", "30")},
			map[string]Peak{"a": {3, "2026-01-01T00:00:15Z"}}},
		{"touching ends do not overlap", []Connection{c("a", "00", "10"), c("a", "10", "20")},
			map[string]Peak{"a": {1, "2026-01-01T00:00:00Z"}}},
		{"per capture", []Connection{c("a", "00", "10"), c("b", "05", "10"), c("b", "06", "09")},
			map[string]Peak{"a": {1, "2026-01-01T00:00:00Z"}, "b": {2, "2026-01-01T00:00:06Z"}}},
		{"bad times skipped", []Connection{c("a", "00", "10"), {Capture: "a", First: "x", Last: "y"}},
			map[string]Peak{"a": {1, "2026-01-01T00:00:00Z"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PeakConcurrency(tt.in)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s: got %+v, want %+v", k, got[k], v)
				}
			}
		})
	}
}

func TestRiskWithoutCaptures(t *testing.T) {
	res := loadExample(t)
	res.Analysis = nil
	risk := strings.Join(crRisk(res), "\n")
	if !strings.Contains(risk, "not measured") {
		t.Errorf("risk without captures does not say the peak was not measured:\n%s", risk)
	}
}

func TestGoDurAndURL(t *testing.T) {
	for s, want := range map[float64]string{1560: "26m", 3600: "1h", 3660: "1h1m", 90: "1m30s", 45: "45s"} {
		if got := goDur(s); got != want {
			t.Errorf("goDur(%v) = %q, want %q", s, got, want)
		}
	}
	for _, tt := range []struct {
		listen []string
		want   string
	}{
		{[]string{"203.0.113.10:443"}, "https://203.0.113.10/Microsoft-Server-ActiveSync"},
		{[]string{"192.0.2.0/24", "192.0.2.10:80"}, "http://192.0.2.10/Microsoft-Server-ActiveSync"},
		{[]string{"[2001:db8::1]:8443"}, "https://[2001:db8::1]:8443/Microsoft-Server-ActiveSync"},
		{[]string{"2001:db8::1"}, "https://[2001:db8::1]/Microsoft-Server-ActiveSync"},
		{nil, ""},
	} {
		if got, _ := easURL(tt.listen); got != tt.want {
			t.Errorf("easURL(%v) = %q, want %q", tt.listen, got, tt.want)
		}
	}
}

// TestEmptyResult: every renderer accepts the zero result.
func TestEmptyResult(t *testing.T) {
	for _, f := range Formats {
		var b strings.Builder
		if err := Render(&b, f, &Result{}, Options{}); err != nil || b.Len() == 0 {
			t.Errorf("%s: err %v, %d bytes", f, err, b.Len())
		}
	}
}
