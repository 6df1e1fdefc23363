package serve

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestPlanFor(t *testing.T) {
	s := &Server{opts: Options{HTTPAddr: "127.0.0.1:0", MaxHold: 20 * time.Second}.withDefaults()}
	ping := "/Microsoft-Server-ActiveSync?Cmd=Ping&User=lab&DeviceId=LAB0001&DeviceType=iPhone"
	for _, tc := range []struct {
		target  string
		body    []byte
		want    holdPlan
		wantErr string
	}{
		{ping, ping480, holdPlan{d: 20 * time.Second, end: Answered, detail: "asked 8m0s, capped to max hold 20s"}, ""},
		{ping + "&hold=5", ping480, holdPlan{d: 5 * time.Second, end: Answered}, ""},
		{ping + "&close=3", ping480, holdPlan{d: 3 * time.Second, end: Closed}, ""},
		{ping + "&reset=1.5", ping480, holdPlan{d: 1500 * time.Millisecond, end: Reset}, ""},
		{"/x?hold=2&reset=3s", nil, holdPlan{d: 3 * time.Second, end: Reset}, ""},
		{"/x?close=0", nil, holdPlan{d: 0, end: Closed}, ""},
		{"/x?close=1h", nil, holdPlan{d: 20 * time.Second, end: Closed, detail: "asked 1h0m0s, capped to max hold 20s"}, ""},
		{"/x", nil, holdPlan{end: Answered}, ""},
		{"/x?close=3&reset=3", nil, holdPlan{}, "bad hold: close and reset given together"},
		{"/x?close=soon", nil, holdPlan{}, `bad hold: close: hold "soon": want seconds or a duration like 5m`},
		{"/x?reset=-1", nil, holdPlan{}, `bad hold: reset: hold "-1": out of range`},
		{"/x?hold=x&close=3", nil, holdPlan{}, `bad hold: hold "x": want seconds or a duration like 5m`},
	} {
		r := httptest.NewRequest("POST", tc.target, strings.NewReader(string(tc.body)))
		got, err := s.planFor(r, tc.body)
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("planFor(%s) error = %v, want %q", tc.target, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("planFor(%s) = %+v, %v; want %+v", tc.target, got, err, tc.want)
		}
	}
}

// FuzzPlanFor feeds arbitrary hold, close and reset values: planFor must not
// panic, and a plan it accepts stays within [0, MaxHold] and ends as asked.
func FuzzPlanFor(f *testing.F) {
	f.Add("20", "", "")
	f.Add("", "3", "")
	f.Add("", "", "1.5")
	f.Add("5m", "1h", "")
	f.Add("-1", "NaN", "1e300")
	s := &Server{opts: Options{HTTPAddr: "127.0.0.1:0", MaxHold: 20 * time.Second}.withDefaults()}
	f.Fuzz(func(t *testing.T, hold, closeAfter, resetAfter string) {
		r := httptest.NewRequest("POST", "/x", nil)
		q := r.URL.Query()
		for k, v := range map[string]string{HoldParam: hold, CloseParam: closeAfter, ResetParam: resetAfter} {
			if v != "" {
				q.Set(k, v)
			}
		}
		r.URL.RawQuery = q.Encode()
		p, err := s.planFor(r, nil)
		if err != nil {
			return
		}
		if p.d < 0 || p.d > 20*time.Second {
			t.Fatalf("plan %+v outside [0, max hold]", p)
		}
		want := Answered
		if q.Get(CloseParam) != "" {
			want = Closed
		} else if q.Get(ResetParam) != "" {
			want = Reset
		}
		if p.end != want {
			t.Fatalf("plan %+v for %q, want end %s", p, r.URL.RawQuery, want)
		}
	})
}
