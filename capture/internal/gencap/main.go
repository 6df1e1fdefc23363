// Command gencap writes a synthetic ActiveSync-like capture (package
// capture/gen) to a file, for benchmarks on large captures:
//
//	go run ./capture/internal/gencap -o /tmp/eas.pcap -devices 20000 -pings 40 -reset 30
//	go run ./capture/internal/gencap -o /tmp/eas.pcap -devices 20000 -size 2G
//
// With -size, the number of Pings per device is chosen so that the file
// comes out close to that size (within a few percent).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/hopaudit/hopaudit/capture/gen"
)

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	fs := flag.NewFlagSet("gencap", flag.ContinueOnError)
	out := fs.String("o", "", "output pcap file (required)")
	size := fs.String("size", "", "target file size, e.g. 500M or 2G (binary units; overrides -pings)")
	var cfg gen.Config
	fs.Uint64Var(&cfg.Seed, "seed", 1, "random seed")
	fs.IntVar(&cfg.Devices, "devices", 10, "number of devices")
	fs.IntVar(&cfg.PingsPerDevice, "pings", 3, "Pings per device")
	fs.DurationVar(&cfg.Heartbeat, "heartbeat", 480*time.Second, "server answers a Ping after this long")
	fs.DurationVar(&cfg.MiddleboxIdle, "idle", 300*time.Second, "middlebox idle timeout")
	fs.IntVar(&cfg.ResetPercent, "reset", 30, "percent of Pings reset by the middlebox")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gencap: -o is required")
		return 2
	}
	if *size != "" {
		n, err := parseSize(*size)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gencap: -size:", err)
			return 2
		}
		if cfg.PingsPerDevice, err = pingsFor(cfg, n); err != nil {
			fmt.Fprintln(os.Stderr, "gencap:", err)
			return 1
		}
	}
	if err := write(*out, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "gencap:", err)
		return 1
	}
	return 0
}

func write(path string, cfg gen.Config) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	cw := &countWriter{w: f}
	sum, err := gen.Generate(cw, cfg)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	fmt.Printf("%s: %d bytes, %d packets, %d devices, %d connections, %d Pings (%d answered, %d reset)\n",
		path, cw.n, sum.Packets, cfg.Devices, sum.Conns, sum.Pings, sum.Answered, sum.Resets)
	return nil
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
