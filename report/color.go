package report

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// UseColor reports whether output written to w may carry ANSI colour: only
// when w is a terminal, the user did not pass --no-color (noColor), and the
// environment does not opt out. NO_COLOR follows https://no-color.org: any
// non-empty value disables colour. A dumb terminal cannot show it either.
func UseColor(w io.Writer, noColor bool) bool {
	if noColor || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(interface{ Fd() uintptr })
	if !ok {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// ANSI escape sequences, the same ones hcl's diagnostic writer uses, so a
// header we print and the snippet hcl prints below it look alike.
const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBold   = "\x1b[1m"
	ansiReset  = "\x1b[0m"
	// ansiHighlight marks the part of a snippet a diagnostic points at.
	ansiHighlight = "\x1b[1;4m"
)
