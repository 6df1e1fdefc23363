package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// probeModes are the modes a ProbeRun may carry.
var probeModes = []string{"tcp", "tls", "http", "eas"}

// ReadProbeRun reads one run written by `hopaudit probe --format json`.
// Decoding errors carry line:col; a run or probe with an unknown mode or
// outcome, or a negative duration, is rejected with its index.
func ReadProbeRun(r io.Reader) (*ProbeRun, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	run := &ProbeRun{}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(run); err != nil {
		return nil, jsonPosError(data, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: unexpected data after the probe run", lineCol(data, dec.InputOffset()))
	}
	if err := run.validate(); err != nil {
		return nil, err
	}
	return run, nil
}

func (r *ProbeRun) validate() error {
	var errs []string
	if !slices.Contains(probeModes, r.Mode) {
		errs = append(errs, fmt.Sprintf("mode %q is not one of %s", r.Mode, strings.Join(probeModes, ", ")))
	}
	for i, p := range r.Probes {
		if !slices.Contains(probeOutcomes, p.Outcome) {
			errs = append(errs, fmt.Sprintf("probes[%d]: outcome %q is not one of %s", i, p.Outcome, strings.Join(probeOutcomes, ", ")))
		}
		if p.HoldS < 0 || p.AfterS < 0 {
			errs = append(errs, fmt.Sprintf("probes[%d]: negative hold_s or after_s", i))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("not a probe run: %s", strings.Join(errs, "; "))
	}
	return nil
}
