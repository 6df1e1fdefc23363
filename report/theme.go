package report

import (
	"charm.land/lipgloss/v2"
)

// theme holds the styles of the terminal renderer. Colours are ANSI
// palette indexes so that downsampling keeps them recognisable.
type theme struct {
	title, heading, dim, bold, code lipgloss.Style
	sev                             map[Severity]lipgloss.Style
	ok, bad                         lipgloss.Style
	box, badBox, endBox             lipgloss.Style
}

func newTheme() theme {
	s := lipgloss.NewStyle
	red, yellow, blue, green, grey := lipgloss.Color("1"), lipgloss.Color("3"), lipgloss.Color("4"), lipgloss.Color("2"), lipgloss.Color("8")
	box := s().Border(lipgloss.RoundedBorder()).Padding(0, 1)
	return theme{
		title:   s().Bold(true),
		heading: s().Bold(true).Underline(true),
		dim:     s().Foreground(grey),
		bold:    s().Bold(true),
		code:    s().Foreground(lipgloss.Color("6")),
		sev: map[Severity]lipgloss.Style{
			SeverityError:   s().Foreground(red).Bold(true),
			SeverityWarning: s().Foreground(yellow).Bold(true),
			SeverityInfo:    s().Foreground(blue),
		},
		ok:     s().Foreground(green).Bold(true),
		bad:    s().Foreground(red).Bold(true),
		box:    box,
		badBox: box.BorderForeground(red),
		endBox: box.BorderForeground(green),
	}
}
