package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/hopaudit/hopaudit/capture/gen"
)

// parseSize reads a byte count with an optional binary suffix: K, M, G or
// T (powers of 1024), optionally followed by "B" or "iB".
func parseSize(s string) (int64, error) {
	t := strings.TrimSuffix(strings.TrimSuffix(strings.ToUpper(strings.TrimSpace(s)), "B"), "I")
	mult := int64(1)
	if i := strings.IndexAny(t, "KMGT"); i >= 0 && i == len(t)-1 {
		mult = int64(1) << (10 * (1 + strings.IndexByte("KMGT", t[i])))
		t = t[:i]
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v <= 0 || math.IsInf(v, 0) || v*float64(mult) > 1<<50 {
		return 0, fmt.Errorf("%q is not a size such as 500M or 2G", s)
	}
	return int64(v * float64(mult)), nil
}

// calibrationPings are the Pings per device of the two calibration runs.
var calibrationPings = [2]int{4, 12}

// pingsFor returns the Pings per device that make cfg's capture about size
// bytes. Two small runs with the same settings give the bytes per device
// spent on every connection (handshakes, closes) and the bytes per Ping.
func pingsFor(cfg gen.Config, size int64) (int, error) {
	small := cfg
	small.Devices = min(max(cfg.Devices, 1), 500)
	var bytes [2]float64
	for i, pings := range calibrationPings {
		small.PingsPerDevice = pings
		cw := countWriter{w: io.Discard}
		if _, err := gen.Generate(&cw, small); err != nil {
			return 0, fmt.Errorf("calibrate: %w", err)
		}
		bytes[i] = float64(cw.n) / float64(small.Devices)
	}
	perPing := (bytes[1] - bytes[0]) / float64(calibrationPings[1]-calibrationPings[0])
	fixed := bytes[0] - perPing*float64(calibrationPings[0])
	perDevice := float64(size) / float64(max(cfg.Devices, 1))
	return max(1, int(math.Round((perDevice-fixed)/perPing))), nil
}
