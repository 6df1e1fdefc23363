// Package term decides, once, how hopaudit talks to the terminal: whether
// stdout and stderr are terminals, whether colour is on (NO_COLOR,
// --color, pipes), which colour profile styled text is written in, and how
// wide the output may be. Everything styled goes out through Styled, so no
// escape code ever reaches a pipe.
package term

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/colorprofile"
	xterm "github.com/charmbracelet/x/term"
)

// DefaultWidth is the width used when stdout is not a terminal, and in tests.
const DefaultWidth = 100

// IOStreams holds the program's standard streams and the terminal facts
// decided for them. Build it with System or Test; it is not safe for
// concurrent reconfiguration, but writing to its streams from one
// goroutine at a time is fine.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	inTTY, outTTY, errTTY bool
	noColorEnv            bool
	colorEnv              []string
	mode                  string // auto, always, never
	width                 int
}

// System returns streams over the process's stdin, stdout and stderr.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, mode: "auto"}
	s.inTTY = xterm.IsTerminal(os.Stdin.Fd())
	s.outTTY = xterm.IsTerminal(os.Stdout.Fd())
	s.errTTY = xterm.IsTerminal(os.Stderr.Fd())
	s.setEnv(os.Environ())
	s.width = DefaultWidth
	if s.outTTY {
		if w, _, err := xterm.GetSize(os.Stdout.Fd()); err == nil && w > 20 {
			s.width = w
		}
	}
	return s
}

// Test returns streams over buffers: not terminals, no colour, width
// DefaultWidth, and an empty environment.
func Test() (s *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	s = &IOStreams{In: in, Out: out, ErrOut: errOut, mode: "auto", width: DefaultWidth}
	return s, in, out, errOut
}

// setEnv reads NO_COLOR the way no-color.org says: any non-empty value
// turns colour off (colorprofile would parse it as a bool).
func (s *IOStreams) setEnv(env []string) {
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if k == "NO_COLOR" {
			s.noColorEnv = v != ""
			continue
		}
		s.colorEnv = append(s.colorEnv, kv)
	}
}

// SetTTY overrides terminal detection (tests).
func (s *IOStreams) SetTTY(in, out, errOut bool) { s.inTTY, s.outTTY, s.errTTY = in, out, errOut }

// SetNoColorEnv overrides the NO_COLOR decision (tests).
func (s *IOStreams) SetNoColorEnv(v bool) { s.noColorEnv = v }

// SetWidth overrides the output width; w <= 0 restores DefaultWidth.
func (s *IOStreams) SetWidth(w int) {
	if w <= 0 {
		w = DefaultWidth
	}
	s.width = w
}

// SetColorMode sets --color: "auto", "always" or "never".
func (s *IOStreams) SetColorMode(mode string) error {
	switch mode {
	case "auto", "always", "never":
		s.mode = mode
		return nil
	}
	return fmt.Errorf("--color must be auto, always or never, not %q", mode)
}

// IsStdinTTY reports whether stdin is a terminal (prompts need one).
func (s *IOStreams) IsStdinTTY() bool { return s.inTTY }

// IsStdoutTTY reports whether stdout is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.outTTY }

// ProgressEnabled reports whether progress may be drawn on stderr: only
// when stderr is a terminal.
func (s *IOStreams) ProgressEnabled() bool { return s.errTTY }

// Width returns the width text output should fit in.
func (s *IOStreams) Width() int { return s.width }

// ColorEnabled reports whether stdout gets colour: always with
// --color=always, never with --color=never, else only on a terminal
// without NO_COLOR.
func (s *IOStreams) ColorEnabled() bool {
	switch s.mode {
	case "always":
		return true
	case "never":
		return false
	}
	return s.outTTY && !s.noColorEnv
}

// Profile returns the colour profile stdout is written in: NoTTY (escape
// codes stripped) when colour is off.
func (s *IOStreams) Profile() colorprofile.Profile {
	if !s.ColorEnabled() {
		return colorprofile.NoTTY
	}
	p := colorprofile.Env(s.colorEnv)
	if p < colorprofile.ANSI256 {
		p = colorprofile.ANSI256
	}
	return p
}

// Styled returns a writer over w that downsamples or strips the escape
// codes lipgloss styles emit, per Profile.
func (s *IOStreams) Styled(w io.Writer) io.Writer {
	return &colorprofile.Writer{Forward: w, Profile: s.Profile()}
}

// ColorForced reports --color=always: only then do files get colour.
func (s *IOStreams) ColorForced() bool { return s.mode == "always" }
