package probe

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDecideForgettingFirewall judges the probe results measured in the
// lab's fw-drop scenario (a Linux firewall in front of every reachable hop
// forgets flows after 8 s and drops what follows): the 4 s holds were
// answered through every hop, the 12 s holds never. The verdict must put
// the timer in front of every probed hop, on fw, between 4 s and 12 s.
func TestDecideForgettingFirewall(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "lab", "recorded", "fw-drop", "probes.json"))
	if err != nil {
		t.Skip(err)
	}
	var res Result
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	plan := []PlanHop{{Name: "server", Targets: []string{"x"}}, {Name: "gw", Targets: []string{"x"}},
		{Name: "lb", Targets: []string{"x"}}, {Name: "fw"}}
	v := decide(plan, res.Probes)
	if len(v.Segment) != 1 || v.Segment[0] != "fw" || !strings.Contains(v.Text, "between 4s and 12s") {
		t.Fatalf("verdict %+v", v)
	}
	// A cut through one hop is still decided by the bracket, not by this rule.
	probes := append([]ProbeResult(nil), res.Probes...)
	for i := range probes {
		if probes[i].Hop == "lb" && !probes[i].Held {
			probes[i].Outcome, probes[i].AfterS = RST, 8
		}
	}
	if v := decide(plan, probes); v.Outer != "lb" {
		t.Errorf("with a RST through lb the verdict should name lb: %+v", v)
	}
}
