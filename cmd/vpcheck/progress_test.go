package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestProgress: a lint with stderr on a terminal shows its phases on one
// line rewritten in place and clears it; --quiet, a machine format, CI or
// a stderr that is not a terminal show nothing.
func TestProgress(t *testing.T) {
	for _, c := range []struct {
		name     string
		args     []string
		terminal bool
		ci       string
		want     bool
	}{
		{"terminal", nil, true, "", true},
		{"quiet", []string{"--quiet"}, true, "", false},
		{"q", []string{"-q"}, true, "", false},
		{"json", []string{"--format", "json"}, true, "", false},
		{"ci", nil, true, "true", false},
		{"pipe", nil, false, "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("CI", c.ci)
			t.Setenv("GITHUB_ACTIONS", "")
			t.Setenv("TF_BUILD", "")
			var out, errOut bytes.Buffer
			args := append([]string{"lint", "example:public-private", "--fail-on", "none"}, c.args...)
			if code := execute(args, &IOStreams{Out: &out, ErrOut: &errOut, ErrTerminal: c.terminal}); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			got := errOut.String()
			if shown := strings.Contains(got, "linting"); shown != c.want {
				t.Fatalf("progress shown %v, want %v: %q", shown, c.want, got)
			}
			if c.want {
				if !strings.Contains(got, "loading example:public-private") || !strings.HasSuffix(got, "\r\x1b[K") {
					t.Errorf("progress without its phases or not cleared at the end: %q", got)
				}
			} else if strings.Contains(got, "\x1b[K") {
				t.Errorf("stderr has progress escapes: %q", got)
			}
			if strings.Contains(out.String(), "\x1b[K") || strings.Contains(out.String(), "linting:") {
				t.Errorf("progress on stdout: %q", out.String())
			}
		})
	}
}

// TestDiffProgress: a diff on a terminal shows its phases, up to the
// sources compared, and clears the line before its report; in CI it shows
// nothing.
func TestDiffProgress(t *testing.T) {
	for _, ci := range []string{"", "true"} {
		t.Setenv("CI", ci)
		t.Setenv("GITHUB_ACTIONS", "")
		t.Setenv("TF_BUILD", "")
		var out, errOut bytes.Buffer
		args := []string{"diff", "example:public-private", "example:sg-exposed", "--fail-on", "none"}
		if code := execute(args, &IOStreams{Out: &out, ErrOut: &errOut, ErrTerminal: true}); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		got := errOut.String()
		if ci != "" {
			if got != "" {
				t.Errorf("CI: stderr %q, want nothing", got)
			}
			continue
		}
		for _, want := range []string{"loading example:public-private and example:sg-exposed", "comparing", "comparing findings"} {
			if !strings.Contains(got, want) {
				t.Errorf("progress without %q: %q", want, got)
			}
		}
		if !strings.HasSuffix(got, "\r\x1b[K") {
			t.Errorf("progress not cleared at the end: %q", got)
		}
		if strings.Contains(out.String(), "\x1b[K") {
			t.Errorf("progress on stdout: %q", out.String())
		}
	}
}
