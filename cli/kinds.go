package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/hopaudit/hopaudit/hops"
	"github.com/hopaudit/hopaudit/report"
	"github.com/spf13/cobra"
)

type kindsOptions struct {
	Format string
	Kind   string
}

func newKindsCmd(f *Factory) *cobra.Command {
	o := &kindsOptions{}
	cmd := &cobra.Command{
		Use:   "kinds [KIND]",
		Short: "List every hop kind with its timers, defaults, units and sources",
		Args:  cobra.MaximumNArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			return hops.Kinds(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Kind = args[0]
			}
			return runKinds(f, o)
		},
	}
	cmd.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	return cmd
}

func runKinds(f *Factory, o *kindsOptions) error {
	var ps []*hops.Profile
	for _, p := range hops.All() {
		if o.Kind == "" || p.Kind == o.Kind {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return &UsageError{Err: &hops.UnknownKindError{Kind: o.Kind}}
	}
	switch o.Format {
	case "json":
		enc := json.NewEncoder(f.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(kindsJSON(ps))
	case "text":
		return writeKinds(f.IO.Styled(f.IO.Out), ps)
	}
	return usagef("--format must be text or json, not %q", o.Format)
}

type kindJSON struct {
	Kind     string         `json:"kind"`
	Vendor   string         `json:"vendor,omitempty"`
	Title    string         `json:"title"`
	Carriage string         `json:"carriage"`
	Timers   []timerJSON    `json:"timers"`
	Settings []hops.Setting `json:"settings,omitempty"`
	Notes    string         `json:"notes,omitempty"`
}

type timerJSON struct {
	Key      string   `json:"key"`
	Setting  string   `json:"setting"`
	Meaning  string   `json:"meaning"`
	Unit     string   `json:"unit"`
	DefaultS *float64 `json:"default_s"`
	NoLimit  bool     `json:"no_limit,omitempty"`
	Assumed  bool     `json:"assumed,omitempty"`
	Idle     bool     `json:"governs_idle_long_poll"`
	OnExpiry string   `json:"on_expiry"`
	MinS     *float64 `json:"min_s,omitempty"`
	MaxS     *float64 `json:"max_s,omitempty"`
	Source   string   `json:"source"`
}

func kindsJSON(ps []*hops.Profile) []kindJSON {
	var out []kindJSON
	for _, p := range ps {
		k := kindJSON{Kind: p.Kind, Vendor: p.Vendor, Title: p.Title, Carriage: string(p.Carriage), Settings: p.Settings, Notes: p.Notes, Timers: []timerJSON{}}
		for _, t := range p.Timers {
			tj := timerJSON{Key: t.Key, Setting: t.Setting, Meaning: t.Meaning, Unit: unitName(t.Unit), NoLimit: t.NoLimit,
				Assumed: t.Assumed, Idle: t.Idle, OnExpiry: string(t.OnExpiry), Source: t.Source}
			if t.Default > 0 {
				tj.DefaultS = report.Secs(t.Default)
			}
			if t.Min > 0 {
				tj.MinS = report.Secs(t.Min)
			}
			if t.Max > 0 {
				tj.MaxS = report.Secs(t.Max)
			}
			k.Timers = append(k.Timers, tj)
		}
		out = append(out, k)
	}
	return out
}

func unitName(u time.Duration) string {
	if u == time.Minute {
		return "minutes"
	}
	return "seconds"
}

func writeKinds(w io.Writer, ps []*hops.Profile) error {
	bold := lipgloss.NewStyle().Bold(true)
	dim := lipgloss.NewStyle().Foreground(lipgloss.Color("8"))
	var b strings.Builder
	for _, p := range ps {
		name := p.Kind
		if p.Vendor != "" {
			name += " (vendor: " + p.Vendor + ")"
		}
		fmt.Fprintf(&b, "%s  %s · %s\n", bold.Render(name), p.Title, p.Carriage)
		for _, t := range p.Timers {
			idle := "does not govern an idle long-poll"
			if t.Idle {
				idle = "governs an idle long-poll"
			}
			fmt.Fprintf(&b, "  %-14s %s, default %s, set in %s; %s; on expiry: %s\n", t.Key, t.Setting, defaultText(t), unitName(t.Unit), idle, t.OnExpiry)
			fmt.Fprintf(&b, "  %-14s %s\n", "", dim.Render("source: "+t.Source))
		}
		if len(p.Settings) > 0 {
			var keys []string
			for _, s := range p.Settings {
				keys = append(keys, s.Key)
			}
			fmt.Fprintf(&b, "  settings: %s\n", strings.Join(keys, ", "))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func defaultText(t hops.Timer) string {
	switch {
	case t.NoLimit && t.Assumed:
		return "none (assumed)"
	case t.NoLimit:
		return "none (no timeout)"
	case t.Default == 0:
		return "unknown"
	case t.Assumed:
		return report.Dur(t.Default) + " (assumed)"
	}
	return report.Dur(t.Default)
}
