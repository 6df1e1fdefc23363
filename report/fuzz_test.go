package report

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// FuzzReadJSON: any input either fails cleanly or gives a result every
// renderer accepts and that survives a JSON round trip.
func FuzzReadJSON(f *testing.F) {
	// The example, cut to two connections so each run stays fast.
	if res, err := readExampleForSeed(); err == nil {
		res.Analysis.Connections = res.Analysis.Connections[:2]
		var b bytes.Buffer
		if WriteJSON(&b, res) == nil {
			f.Add(b.Bytes())
		}
	}
	f.Add([]byte(`{"schema":"hopaudit/result/v1","findings":[]}`))
	f.Add([]byte(`{"schema":"hopaudit/result/v1","analysis":{"connections":[{"client":"198.51.100.1:1","first":"x","end":{"premature":true}}]}}`))
	f.Add([]byte(`{"schema":"hopaudit/result/v1","path":{"hops":[{"name":"a","kind":"client"},{"name":"b","limit_s":-5}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, format := range Formats {
			if err := Render(io.Discard, format, res, Options{}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
		}
		_ = Redact(res, "k")
	})
}

// FuzzReadProbeRun: any input fails cleanly or renders.
func FuzzReadProbeRun(f *testing.F) {
	if b, err := os.ReadFile("../testdata/examples/f5-eas/probes.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"mode":"tcp","probes":[{"outcome":"rst","hold_s":1e308,"after_s":1e-300}],"ladders":[{"timer_s":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		run, err := ReadProbeRun(bytes.NewReader(data))
		if err != nil {
			return
		}
		res := &Result{Probes: []ProbeRun{*run}}
		res.Findings = ProbeFindings(res.Probes, nil, nil)
		for _, format := range Formats {
			if err := Render(io.Discard, format, res, Options{}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
		}
	})
}

func readExampleForSeed() (*Result, error) {
	fh, err := os.Open(exampleFile)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return ReadJSON(fh)
}
