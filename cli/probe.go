package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	xterm "github.com/charmbracelet/x/term"
	"github.com/hopaudit/hopaudit/analyze"
	"github.com/hopaudit/hopaudit/hops"
	"github.com/hopaudit/hopaudit/probe"
	"github.com/hopaudit/hopaudit/report"
	"github.com/hopaudit/hopaudit/topology"
	"github.com/spf13/cobra"
)

// probeOptions are the inputs of `hopaudit probe`.
type probeOptions struct {
	Mode, Target, Topology string
	Holds                  []string
	Plan, Insecure         bool
	ServerName, Capture    string
	Margin, Connect        time.Duration
	Concurrency            int
	User, DeviceID, Type   string
	ProtocolVersion        string
	Format, Output         string
}

func newProbeCmd(f *Factory) *cobra.Command {
	o := &probeOptions{}
	cmd := &cobra.Command{
		Use:   "probe [TARGET] --hold DURATIONS",
		Short: "Hold silent long-polls through the live path and see which hop cuts them",
		Long: `probe opens connections that stay silent the way an ActiveSync Ping does and
reports, for each hold, what ended it: answered, FIN, RST, an HTTP status from
a box in the middle, or still open at the deadline. Several holds run at once
and bracket the path's shortest timer. With -t and --plan it probes every hop
the jump box can reach (from the topology's listen addresses) and names the
hop that holds the short timer.

Modes: tcp (connect, stay silent), tls (handshake, stay silent), http (POST to
a 'hopaudit serve' responder asking it to hold), eas (a real ActiveSync client:
OPTIONS, Provision, FolderSync, Ping). TCP keep-alive is off in every mode.
Credentials for eas come from HOPAUDIT_EAS_USER and HOPAUDIT_EAS_PASSWORD, or
HOPAUDIT_EAS_TOKEN, or a no-echo prompt; they never reach any output.`,
		Example: `  hopaudit probe http://203.0.113.10/ --mode http --hold 4m,9m,14m,29m,34m
  hopaudit probe 203.0.113.10:443 --mode tls --hold 5m,10m
  hopaudit probe https://mail.example.com/ --mode eas --user alice --hold 30m
  hopaudit probe -t path.yaml --plan http://x/ --hold 2m,6m`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Target = args[0]
			}
			return runProbe(f, cmd, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Mode, "mode", "http", "tcp, tls, http or eas")
	fl.StringSliceVar(&o.Holds, "hold", nil, "silent holds to test, e.g. 4m,9m,14m (one probe each)")
	fl.StringVarP(&o.Topology, "topology", "t", "", "topology `FILE`, for --plan and hop names")
	fl.BoolVar(&o.Plan, "plan", false, "probe every hop reachable from here, from the server outward, and name the hop with the short timer")
	fl.BoolVar(&o.Insecure, "insecure", false, "do not verify TLS certificates (self-signed responders)")
	fl.StringVar(&o.ServerName, "server-name", "", "TLS server name to send and verify")
	fl.DurationVar(&o.Margin, "margin", 0, "how long past the hold an answer may take (default 10s)")
	fl.DurationVar(&o.Connect, "connect-timeout", 0, "bound on connect and TLS handshake (default 10s)")
	fl.IntVar(&o.Concurrency, "concurrency", 0, "probes at once (default 16)")
	fl.StringVar(&o.Capture, "capture", "", "record the probes' own packets to a pcapng `FILE` (Linux, CAP_NET_RAW)")
	fl.StringVar(&o.User, "user", "", "eas: user name (else HOPAUDIT_EAS_USER)")
	fl.StringVar(&o.DeviceID, "device-id", "", "eas: DeviceId prefix (default hopaudit + random)")
	fl.StringVar(&o.Type, "device-type", "", "eas: DeviceType (default hopaudit)")
	fl.StringVar(&o.ProtocolVersion, "protocol-version", "", "eas: MS-ASProtocolVersion")
	fl.StringVar(&o.Format, "format", "text", "output format: text or json")
	fl.StringVarP(&o.Output, "output", "o", "", "write the result to `FILE` (atomically)")
	_ = cmd.MarkFlagFilename("topology", "yaml", "yml")
	return cmd
}

func runProbe(f *Factory, cmd *cobra.Command, o *probeOptions) error {
	opts, err := o.options(f)
	if err != nil {
		return err
	}
	var progress probe.ProgressFunc
	var lp *probe.LivePrinter
	if f.IO.ProgressEnabled() {
		lp = probe.NewLivePrinter(f.IO.ErrOut)
		progress = lp.Update
	}
	res, runErr := probe.Run(cmd.Context(), opts, progress)
	if lp != nil {
		lp.Finish()
	}
	if runErr != nil && !errors.Is(runErr, probe.ErrInterrupted) {
		return runErr
	}
	if res.Capture != nil && res.Capture.Packets > 0 {
		addCaptureEvidence(&res)
	}
	if err := o.write(f, res); err != nil {
		return err
	}
	if runErr != nil {
		return fmt.Errorf("interrupted: the results above are what was learned so far")
	}
	return nil
}

func (o *probeOptions) write(f *Factory, res probe.Result) error {
	render := func(w io.Writer) error {
		if o.Format == "json" {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(res)
		}
		return res.WriteText(w)
	}
	if o.Output != "" {
		return report.WriteFileAtomic(o.Output, render)
	}
	return render(f.IO.Out)
}

func (o *probeOptions) options(f *Factory) (probe.Options, error) {
	opts := probe.Options{Mode: probe.Mode(o.Mode), Target: o.Target, Insecure: o.Insecure, ServerName: o.ServerName,
		Margin: o.Margin, ConnectTimeout: o.Connect, Concurrency: o.Concurrency, Capture: o.Capture}
	switch opts.Mode {
	case probe.TCP, probe.TLS, probe.HTTP, probe.EAS:
	default:
		return opts, usagef("--mode must be tcp, tls, http or eas, not %q", o.Mode)
	}
	if o.Format != "text" && o.Format != "json" {
		return opts, usagef("--format must be text or json, not %q", o.Format)
	}
	for _, h := range o.Holds {
		d, _, err := topology.ParseDuration(h)
		if err != nil {
			return opts, usagef("--hold %q: %v", h, err)
		}
		opts.Holds = append(opts.Holds, d)
	}
	if err := o.plan(&opts); err != nil {
		return opts, err
	}
	if len(opts.Holds) == 0 {
		return opts, usagef("--hold is required: the silent times to test, e.g. --hold 4m,9m,14m")
	}
	if opts.Target == "" && len(opts.Plan) == 0 {
		return opts, usagef("name a TARGET (URL or host:port), or use -t TOPOLOGY --plan")
	}
	if opts.Mode == probe.EAS {
		return opts, o.credentials(f, &opts)
	}
	return opts, nil
}

// plan maps the topology's hops, from the server outward, to the
// targets a jump box can probe: each hop's listen addresses with a port.
// Without --hold it tests the heartbeat plus the margin.
func (o *probeOptions) plan(opts *probe.Options) error {
	if o.Topology == "" {
		if o.Plan {
			return usagef("--plan needs -t TOPOLOGY")
		}
		return nil
	}
	t, err := topology.Load(o.Topology)
	if err != nil {
		return err
	}
	if len(opts.Holds) == 0 {
		opts.Holds = []time.Duration{t.Heartbeat + t.Margin}
	}
	if !o.Plan {
		return nil
	}
	for i := len(t.Hops) - 1; i >= 0; i-- {
		h := t.Hops[i]
		ph := probe.PlanHop{Name: h.Name, Kind: h.Kind}
		for _, e := range h.Listen {
			if e.Port != 0 && e.Prefix.IsSingleIP() {
				ph.Targets = append(ph.Targets, e.String())
			}
		}
		if h.Profile == nil || h.Profile.Carriage != hops.Endpoint || h.Kind == "exchange" {
			opts.Plan = append(opts.Plan, ph)
		}
	}
	return nil
}

// credentials reads eas credentials from the environment or, on a
// terminal, a no-echo prompt. They are never printed.
func (o *probeOptions) credentials(f *Factory, opts *probe.Options) error {
	c, ok := probe.CredentialsFromEnv(os.Getenv)
	if o.User != "" {
		c.Username = o.User
	}
	if !ok {
		if c.Username == "" {
			return usagef("eas mode needs a user: --user, or HOPAUDIT_EAS_USER (or HOPAUDIT_EAS_TOKEN)")
		}
		in, isFile := f.IO.In.(*os.File)
		if !f.IO.IsStdinTTY() || !isFile {
			return usagef("no password: set HOPAUDIT_EAS_PASSWORD (or HOPAUDIT_EAS_TOKEN), or run on a terminal to be prompted")
		}
		fmt.Fprintf(f.IO.ErrOut, "password for %s: ", c.Username)
		pw, err := xterm.ReadPassword(in.Fd())
		fmt.Fprintln(f.IO.ErrOut)
		if err != nil {
			return fmt.Errorf("read password: %w", err)
		}
		c.Password = strings.TrimRight(string(pw), "\r\n")
	}
	opts.EAS.Auth, opts.EAS.User = c, o.User
	opts.EAS.DeviceID, opts.EAS.DeviceType, opts.EAS.ProtocolVersion = o.DeviceID, o.Type, o.ProtocolVersion
	return nil
}

// addCaptureEvidence runs the analyze engine over the probes' own packets
// and adds what the packets say (who sent the FIN or RST, TTL and forgery
// tests, an F5 reset cause) to each probe's evidence.
func addCaptureEvidence(res *probe.Result) {
	a, _, err := analyze.Run(analyze.Options{Inputs: []analyze.Input{{Path: res.Capture.File}}, LongPollMin: time.Second})
	if err != nil {
		res.Notes = append(res.Notes, "the capture could not be analyzed: "+err.Error())
		return
	}
	byTuple := map[string]report.Connection{}
	for _, c := range a.Connections {
		byTuple[c.Client+" "+c.Server] = c
	}
	for i := range res.Probes {
		p := &res.Probes[i]
		c, ok := byTuple[p.Local+" "+p.Remote]
		if !ok {
			continue
		}
		p.Evidence = append(p.Evidence, fmt.Sprintf("capture: connection #%d ended %s after %.3f s idle (frame %d)", c.ID, c.End.Kind, c.End.IdleS, c.End.Frame))
		for _, e := range c.End.Evidence {
			p.Evidence = append(p.Evidence, "capture: "+e)
		}
	}
}
