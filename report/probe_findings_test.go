package report

import "testing"

func TestSilentVerdictFinding(t *testing.T) {
	run := ProbeRun{Mode: "http", Verdict: &ProbeVerdict{Segment: []string{"fw"}, Text: "a box that forgets idle flows silently sits in front of all of them, fw"},
		Probes: []Probe{{Hop: "lb", HoldS: 12, Outcome: "open", AfterS: 22}}}
	fs := ProbeFindings([]ProbeRun{run}, nil, nil)
	if len(fs) != 1 || fs[0].ID != "probe:silent:fw" || fs[0].Hop != "fw" || fs[0].Severity != SeverityError || len(fs[0].Evidence) != 1 {
		t.Fatalf("findings %+v", fs)
	}
	run.Verdict.Outer, run.Verdict.Segment = "lb", []string{"lb"}
	if fs := ProbeFindings([]ProbeRun{run}, nil, nil); len(fs) != 0 {
		t.Errorf("a cut verdict is reported through its ladder, not here: %+v", fs)
	}
}
