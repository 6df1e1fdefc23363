package analyze

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/topology"
)

// labExpected is the verdict testdata/lab/lab.sh writes for a scenario,
// from the timer it set, checked against what the real boxes sent.
type labExpected struct {
	Scenario   string  `json:"scenario"`
	Healthy    bool    `json:"healthy"`
	CulpritHop string  `json:"culprit_hop"`
	EndKind    string  `json:"end_kind"`
	IdleS      float64 `json:"idle_s"`
	ToleranceS float64 `json:"tolerance_s"`
}

// labDir is the recorded lab, or a fresh recording named by
// HOPAUDIT_LAB_DIR (CI re-records the lab when it can and points here).
func labDir() string {
	if d := os.Getenv("HOPAUDIT_LAB_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "testdata", "lab", "recorded")
}

// TestLabScenarios runs analyze over every scenario recorded from real
// kernels, HAProxy and NGINX, and checks the culprit hop, the end kind and
// the idle time against what the scenario set up.
func TestLabScenarios(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(labDir(), "*", "expected.json"))
	if len(dirs) == 0 {
		t.Skipf("no lab recording under %s", labDir())
	}
	for _, ef := range dirs {
		dir := filepath.Dir(ef)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var want labExpected
			b, err := os.ReadFile(ef)
			if err != nil || json.Unmarshal(b, &want) != nil {
				t.Fatalf("read %s: %v", ef, err)
			}
			top, err := topology.Load(filepath.Join(dir, "topology.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			var inputs []Input
			for _, c := range top.Captures {
				inputs = append(inputs, Input{Path: c.Path, Between: c.Between})
			}
			a, findings, err := Run(Options{Topology: top, Inputs: inputs})
			if err != nil {
				t.Fatal(err)
			}
			checkLab(t, want, a, findings)
		})
	}
}

func checkLab(t *testing.T, want labExpected, a *report.Analysis, findings []report.Finding) {
	t.Helper()
	hop, kind, idle, ok := labVerdict(a)
	if want.Healthy {
		if ok {
			t.Errorf("healthy scenario, but %s ended a long-poll with %s after %.3f s", hop, kind, idle)
		}
		if w, any := report.Worst(findings); any && w == report.SeverityError {
			t.Errorf("healthy scenario has error findings: %+v", findings)
		}
		return
	}
	if !ok {
		t.Fatalf("no failed long-poll found; want %s by %s after %.1f s", want.EndKind, want.CulpritHop, want.IdleS)
	}
	tol := want.ToleranceS
	if tol <= 0 {
		tol = 1
	}
	if hop != want.CulpritHop || kind != want.EndKind || math.Abs(idle-want.IdleS) > tol {
		t.Errorf("got %s by %q after %.3f s; want %s by %q after %.1f±%.1f s", kind, hop, idle, want.EndKind, want.CulpritHop, want.IdleS, tol)
	}
	if len(findings) == 0 || findings[0].Hop != want.CulpritHop {
		t.Errorf("first finding %+v does not name %s", findings, want.CulpritHop)
	}
}

// labVerdict is the failed long-poll's verdict: the first chain with an
// origin when captures were stitched, else the first failed connection.
func labVerdict(a *report.Analysis) (hop, kind string, idle float64, ok bool) {
	if st := a.Stitching; st != nil {
		for _, ch := range st.Chains {
			if ch.Origin != "" {
				return ch.Origin, ch.Kind, ch.IdleS, true
			}
		}
	}
	for _, c := range a.Connections {
		if c.LongPoll && c.End.Kind != KindAnswered && c.End.Kind != KindOpen && c.End.Hop != "" {
			return c.End.Hop, c.End.Kind, c.End.IdleS, true
		}
	}
	return "", "", 0, false
}
