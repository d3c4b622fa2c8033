package main

import (
	"bytes"
	"testing"

	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/report"
)

// TestFormatFlagsFollowTheRegistry: every --format offers exactly its
// command's formats in report.Outputs (help text, default, accepted
// values), and every output in the registry belongs to a command with
// --format.
func TestFormatFlagsFollowTheRegistry(t *testing.T) {
	root := NewCmdRoot(&IOStreams{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}})
	seen := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		flag := c.Flags().Lookup("format")
		if flag == nil {
			return
		}
		out, ok := report.Outputs[c.Name()]
		if !ok {
			t.Errorf("%s has --format but no output in report.Outputs", c.CommandPath())
			return
		}
		seen[c.Name()] = true
		formats := out.Formats()
		if want := "output format: " + report.FormatList(formats); flag.Usage != want {
			t.Errorf("%s --format help %q, want %q", c.CommandPath(), flag.Usage, want)
		}
		if flag.DefValue != string(formats[0]) {
			t.Errorf("%s --format defaults to %q, want %q", c.CommandPath(), flag.DefValue, formats[0])
		}
		for _, f := range formats {
			if err := flag.Value.Set(string(f)); err != nil {
				t.Errorf("%s --format %s: %v", c.CommandPath(), f, err)
			}
		}
		if err := flag.Value.Set("no-such-format"); err == nil {
			t.Errorf("%s --format accepts an unknown format", c.CommandPath())
		}
	}
	walk(root)
	for name := range report.Outputs {
		if !seen[name] {
			t.Errorf("report.Outputs has %q, which is no command with --format", name)
		}
	}
}
