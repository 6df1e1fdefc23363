package cli

import (
	"fmt"

	"github.com/hopaudit/hopaudit/watch"
	"github.com/spf13/cobra"
)

// watchExit carries watch's own exit status (0 reachable, 3 unreachable).
type watchExit struct{ code int }

func (e *watchExit) Error() string { return fmt.Sprintf("unreachable (exit %d)", e.code) }

func newWatchCmd(f *Factory) *cobra.Command {
	o := watch.Options{}
	var format string
	cmd := &cobra.Command{
		Use:   "watch [URL...]",
		Short: "Probe a list of URLs for reachability (200, 401, 407 count as reachable)",
		Long: `watch is the reachability monitor of the seed article: each URL (arguments or
--file, one per line) is requested every --interval; 200, 401 and 407 count as
reachable. Each result is one JSON line or one RFC 5424 syslog line, to stdout
or to a syslog server (--syslog udp://host:514 or tcp://host:601), with the
latency. Without --interval it runs once and exits 0 when every URL was
reachable, 3 when one was not: ready for a scheduler.`,
		Example: `  hopaudit watch https://mail.example.com/Microsoft-Server-ActiveSync
  hopaudit watch --file urls.txt --interval 1m --format syslog --syslog udp://192.0.2.50:514`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.URLs = args
			o.Format = watch.Format(format)
			if len(o.URLs) == 0 && o.File == "" {
				return usagef("name URLs or --file")
			}
			code, err := watch.Run(cmd.Context(), o, f.IO.Out)
			if err != nil {
				return err
			}
			if code != watch.ExitReachable {
				return &watchExit{code: code}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.File, "file", "", "`FILE` with one URL per line")
	fl.DurationVar(&o.Interval, "interval", 0, "time between rounds (0: one round)")
	fl.IntVar(&o.Rounds, "rounds", 0, "stop after N rounds (0: until interrupted)")
	fl.DurationVar(&o.Timeout, "timeout", 0, "bound on one request (default 10s)")
	fl.StringVar(&format, "format", "json", "json or syslog")
	fl.StringVar(&o.Syslog, "syslog", "", "send to a syslog server: udp://host:514 or tcp://host:601")
	fl.BoolVar(&o.Insecure, "insecure", false, "do not verify TLS certificates")
	_ = cmd.MarkFlagFilename("file")
	return cmd
}
