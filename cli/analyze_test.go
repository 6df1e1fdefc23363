package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hopaudit/hopaudit/report"
)

// TestAnalyzeGoldens renders analyze over recorded lab scenarios (real
// captures) as text and JSON and compares with the goldens.
func TestAnalyzeGoldens(t *testing.T) {
	for _, sc := range []string{"lb-idle", "fw-reject", "healthy"} {
		t.Run(sc, func(t *testing.T) {
			topo := filepath.Join("..", "testdata", "lab", "recorded", sc, "topology.yaml")
			_, text, stderr := run(t, nil, "analyze", "-t", topo, "--fail-on", "none")
			if stderr != "" {
				t.Fatalf("stderr: %s", stderr)
			}
			golden(t, "analyze/"+sc+".txt", text)
			_, js, _ := run(t, nil, "analyze", "-t", topo, "--fail-on", "none", "--format", "json")
			var res report.Result
			if err := json.Unmarshal([]byte(js), &res); err != nil || res.Analysis == nil {
				t.Fatalf("invalid JSON: %v", err)
			}
			golden(t, "analyze/"+sc+".json", js)
		})
	}
}

func TestAnalyzeErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"analyze"}, ExitUsage, "no capture given"},
		{[]string{"analyze", filepath.Join(dir, "missing.pcap")}, ExitUsage, "missing.pcap"},
		{[]string{"analyze", "../testdata/topologies/f5-default.yaml"}, ExitUsage, "f5-default.yaml"},
		{[]string{"analyze", "x.pcap", "--at", "x.pcap"}, ExitUsage, "want FILE=HOP,HOP"},
		{[]string{"analyze", "x.pcap", "--connections", "some"}, ExitUsage, "--connections must be"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}
