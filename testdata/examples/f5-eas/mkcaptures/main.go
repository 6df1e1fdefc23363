// Command mkcaptures writes the synthetic captures of the f5-eas example
// (package capture/gen): two days of iPhones holding 28 min Pings through
// an F5 virtual server that resets them after its default 300 s idle
// timeout. Run from the repository root:
//
//	go run ./testdata/examples/f5-eas/mkcaptures
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/hopaudit/hopaudit/capture/gen"
)

func main() {
	dir := filepath.Join("testdata", "examples", "f5-eas")
	day := time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)
	caps := []struct {
		file string
		cfg  gen.Config
	}{
		{"edge-monday.pcap", gen.Config{Seed: 11, Devices: 6, PingsPerDevice: 4, ResetPercent: 60, Start: day}},
		{"edge-tuesday.pcap", gen.Config{Seed: 12, Devices: 5, PingsPerDevice: 3, ResetPercent: 40, Start: day.Add(24 * time.Hour)}},
	}
	for _, c := range caps {
		c.cfg.Heartbeat = 28 * time.Minute
		c.cfg.MiddleboxIdle = 300 * time.Second
		if err := write(filepath.Join(dir, c.file), c.cfg); err != nil {
			fmt.Fprintln(os.Stderr, "mkcaptures:", err)
			os.Exit(1)
		}
	}
}

func write(path string, cfg gen.Config) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	sum, err := gen.Generate(f, cfg)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	fmt.Printf("%s: %d packets, %d connections, %d Pings (%d answered, %d reset)\n", path, sum.Packets, sum.Conns, sum.Pings, sum.Answered, sum.Resets)
	return nil
}
