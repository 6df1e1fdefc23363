package check

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/hops"
	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/topology"
)

func load(t *testing.T, name string) *topology.Topology {
	t.Helper()
	top, err := topology.Load(filepath.Join("..", "testdata", "topologies", name))
	if err != nil {
		t.Fatal(err)
	}
	return top
}

func TestFirstCloserAndPlan(t *testing.T) {
	tests := []struct {
		file        string
		closer      string
		afterS      float64
		action      string
		plan        string
		worst       report.Severity
		verdictPart string
	}{
		{"seed-healthy.yaml", "", 0, "", "raise-timers", -1, "Exchange ends every silent Ping"},
		{"f5-default.yaml", "eas-vip", 300, "rst", "raise-timers", report.SeverityError, "eas-vip resets both sides after 300 s idle (tcp_idle 300 s, vendor default): a 59 min Ping never completes."},
		{"seg-15min.yaml", "seg", 900, "abort", "raise-timers", report.SeverityError, "assumed"},
		{"aws-nlb.yaml", "nlb", 350, "silent-drop", "raise-timers", report.SeverityError, "after 350 s idle"},
		{"azure-lb.yaml", "azlb", 240, "silent-drop", "raise-timers", report.SeverityError, "after 240 s idle"},
		{"carrier-nat.yaml", "carrier", 1200, "silent-drop", "lower-heartbeat", report.SeverityError, "carrier silently forgets the flow after 20 min idle"},
		{"ipv6.yaml", "gw", 600, "5xx", "raise-timers", report.SeverityError, "gw answers the device with its own 5xx"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			top := load(t, tt.file)
			var res report.Result
			Run(top, &res)
			if res.Check.FirstCloser != tt.closer {
				t.Fatalf("first closer %q, want %q (%s)", res.Check.FirstCloser, tt.closer, res.Check.Verdict)
			}
			if tt.closer != "" && (*res.Check.FirstCloserAfterS != tt.afterS || res.Check.FirstCloserAction != tt.action) {
				t.Errorf("closer after %v action %s", *res.Check.FirstCloserAfterS, res.Check.FirstCloserAction)
			}
			if !strings.Contains(res.Check.Verdict, tt.verdictPart) {
				t.Errorf("verdict %q lacks %q", res.Check.Verdict, tt.verdictPart)
			}
			if len(res.Plans) == 0 || res.Plans[0].ID != tt.plan || !res.Plans[0].Recommended || !res.Plans[0].Feasible {
				t.Fatalf("first plan %+v, want recommended feasible %s", res.Plans[0], tt.plan)
			}
			worst, ok := report.Worst(res.Findings)
			if !ok {
				worst = -1
			}
			if worst != tt.worst {
				t.Errorf("worst finding %v, want %v: %+v", worst, tt.worst, res.Findings)
			}
			assertPlanConsistent(t, top, res.Plans[0])
		})
	}
}

// assertPlanConsistent applies the plan to the topology and checks the
// result: every changeable idle timer at least heartbeat plus margin, and
// limits growing strictly from Exchange outward.
func assertPlanConsistent(t *testing.T, top *topology.Topology, p report.Plan) {
	t.Helper()
	h := time.Duration(p.HeartbeatS * float64(time.Second))
	after := applied(top, p)
	prev := time.Duration(0)
	for i := len(top.Hops) - 1; i >= 0; i-- {
		hop := top.Hops[i]
		if hop.Profile.Carriage == hops.Endpoint {
			continue
		}
		lim, ok := after[hop.Name]
		if !ok || hop.Fixed {
			continue
		}
		if lim < h+top.Margin {
			t.Errorf("after the plan %s limits at %v < heartbeat %v + margin", hop.Name, lim, h)
		}
		if lim <= prev {
			t.Errorf("after the plan %s (%v) does not outlast the box inside it (%v)", hop.Name, lim, prev)
		}
		prev = lim
	}
	for _, s := range p.Steps {
		if len(s.Change.Commands) == 0 || (s.CurrentS != nil && s.Rollback == nil) {
			t.Errorf("step %+v lacks a command or a rollback", s)
		}
		spec, _ := top.Hops[top.Index(s.Hop)].Profile.Timer(s.Timer)
		want := hops.InUnit(time.Duration(s.ProposedS*float64(time.Second)), spec.Unit)
		if !strings.Contains(strings.Join(s.Change.Commands, "\n"), want) {
			t.Errorf("step %s/%s command %q does not carry %s", s.Hop, s.Timer, s.Change.Commands, want)
		}
	}
}

// applied returns each hop's effective idle limit once the plan's steps
// are applied.
func applied(top *topology.Topology, p report.Plan) map[string]time.Duration {
	set := map[string]time.Duration{}
	for _, s := range p.Steps {
		set[s.Hop+"/"+s.Timer] = time.Duration(s.ProposedS * float64(time.Second))
	}
	out := map[string]time.Duration{}
	for _, hl := range Limits(top) {
		for _, v := range hl.Values {
			if !v.Spec.Idle {
				continue
			}
			d, changed := set[hl.Hop.Name+"/"+v.Spec.Key]
			if !changed {
				if !v.Known() {
					continue
				}
				d = v.D
			}
			if cur, ok := out[hl.Hop.Name]; !ok || d < cur {
				out[hl.Hop.Name] = d
			}
		}
	}
	return out
}

func TestLadderWarning(t *testing.T) {
	top, err := topology.Parse("l.yaml", []byte(`heartbeat: 10m
hops:
  - { name: d, kind: client }
  - { name: outer, kind: proxy, timers: { idle: 20m } }
  - { name: inner, kind: proxy, timers: { idle: 30m } }
  - { name: x, kind: exchange }
`))
	if err != nil {
		t.Fatal(err)
	}
	var res report.Result
	Run(top, &res)
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Severity.String()+" "+f.ID)
	}
	want := "warning ladder:outer:inner"
	if len(got) != 1 || got[0] != want {
		t.Fatalf("findings %v, want [%s]", got, want)
	}
	assertPlanConsistent(t, top, res.Plans[0])
	if len(res.Plans[0].Steps) != 1 || res.Plans[0].Steps[0].Hop != "outer" || res.Plans[0].Steps[0].ProposedS != 32*60 {
		t.Errorf("plan should raise outer to 32 min: %+v", res.Plans[0].Steps)
	}
}

func TestSEGExecutionAboveRequest(t *testing.T) {
	top, err := topology.Parse("s.yaml", []byte(`heartbeat: 30m
hops:
  - { name: d, kind: client }
  - { name: seg, kind: seg, timers: { eas_request: 45m, execution: 40m } }
  - { name: x, kind: exchange }
`))
	if err != nil {
		t.Fatal(err)
	}
	var res report.Result
	Run(top, &res)
	var adv *report.Finding
	for i, f := range res.Findings {
		if f.ID == "advice:seg:execution" {
			adv = &res.Findings[i]
		}
	}
	if adv == nil || adv.Severity != report.SeverityError {
		t.Fatalf("no error for executionTimeout below easRequestTimeout: %+v", res.Findings)
	}
	// The advice's fix is the plan's step: the two never disagree.
	step := res.Plans[0].Steps[0]
	if step.Timer != "execution" || step.ProposedS != 47*60 || adv.Fix.Commands[0] != step.Change.Commands[0] {
		t.Errorf("plan step %+v, advice fix %+v", step, adv.Fix)
	}
}

func TestHeartbeatBelowMin(t *testing.T) {
	top, err := topology.Parse("s.yaml", []byte("heartbeat: 30s\nhops:\n  - { name: x, kind: exchange }\n"))
	if err != nil {
		t.Fatal(err)
	}
	var res report.Result
	Run(top, &res)
	if len(res.Findings) != 1 || res.Findings[0].ID != "heartbeat-below-min" {
		t.Fatalf("%+v", res.Findings)
	}
}
