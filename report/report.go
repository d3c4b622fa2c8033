// Package report renders what vpcheck has to say — input diagnostics, lint
// findings, reach answers, traces, replays, diffs, inventories — in the
// formats the CLI offers, each command's through its entry in the format
// registry Outputs (formats.go). It only formats: the caller decides which
// stream gets what and which exit code follows.
//
// Every rendering is deterministic: the same diagnostics give the same bytes,
// whatever order the loaders produced them in.
package report

import (
	"fmt"
	"strings"
)

// Format is an output format name as given to --format; the names and
// which command offers which are in formats.go.
type Format string

// ParseFormat returns the format named s if it is one of allowed; the error
// names the allowed ones so a usage message can show them.
func ParseFormat(s string, allowed []Format) (Format, error) {
	for _, f := range allowed {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q: must be one of %s", s, FormatList(allowed))
}

// FormatList joins format names for help text: "text, json".
func FormatList(formats []Format) string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}
