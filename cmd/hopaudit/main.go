// Command hopaudit audits the idle timers on a mobile-mail path: it checks
// declared timers, analyzes captures and probes the live path to find the
// box that ends a silent ActiveSync Ping first. See README.md.
package main

import (
	"os"

	"github.com/hopaudit/hopaudit/cli"
	"github.com/hopaudit/hopaudit/term"
)

func main() {
	os.Exit(cli.Main(term.System(), os.Args[1:]))
}
