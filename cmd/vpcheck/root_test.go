package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// run executes a whole command line the way main does and returns the exit
// code and what went to stdout and stderr.
func run(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = execute(args, &IOStreams{Out: &out, ErrOut: &errOut})
	return code, out.String(), errOut.String()
}

func TestUnknownFlagIsUsageError(t *testing.T) {
	code, _, stderr := run(t, "validate", "--bogus")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	for _, want := range []string{"unknown flag: --bogus", "Usage: vpcheck validate [PATH...] [flags]", "Run 'vpcheck validate --help'"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestUnknownCommandIsUsageError(t *testing.T) {
	code, _, stderr := run(t, "valdate")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(stderr, `unknown command "valdate"`) || !strings.Contains(stderr, "validate") {
		t.Errorf("stderr should name the command and suggest one:\n%s", stderr)
	}
	if !strings.Contains(stderr, "Usage: vpcheck [command]") {
		t.Errorf("stderr lacks the root usage line:\n%s", stderr)
	}
}

func TestBadFormatIsUsageError(t *testing.T) {
	code, _, stderr := run(t, "examples", "--format", "xml")
	if code != exitUsage || !strings.Contains(stderr, "must be one of text, json") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

func TestExtraArgumentIsUsageError(t *testing.T) {
	code, _, stderr := run(t, "examples", "extra")
	if code != exitUsage || !strings.Contains(stderr, "unknown command \"extra\"") && !strings.Contains(stderr, "accepts 0 arg") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

func TestHelpSucceeds(t *testing.T) {
	for _, args := range [][]string{nil, {"--help"}, {"validate", "--help"}} {
		code, stdout, _ := run(t, args...)
		if code != exitOK || !strings.Contains(stdout, "Usage:") {
			t.Errorf("%v: exit %d, stdout:\n%s", args, code, stdout)
		}
	}
}

func TestCompletionIsPresent(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		code, stdout, stderr := run(t, "completion", shell)
		if code != exitOK || !strings.Contains(stdout, "vpcheck") {
			t.Errorf("completion %s: exit %d, stderr:\n%s", shell, code, stderr)
		}
	}
}

func TestFormatFlagCompletes(t *testing.T) {
	_, stdout, _ := run(t, cobra.ShellCompRequestCmd, "validate", "--format", "")
	if !strings.Contains(stdout, "text") || !strings.Contains(stdout, "json") {
		t.Errorf("no format completions:\n%s", stdout)
	}
}

func TestPanicIsInternalError(t *testing.T) {
	t.Setenv(debugEnv, "")
	var out, errOut bytes.Buffer
	streams := &IOStreams{Out: &out, ErrOut: &errOut}
	newRoot := func() *cobra.Command {
		root := NewCmdRoot(streams)
		root.AddCommand(&cobra.Command{Use: "boom", RunE: func(*cobra.Command, []string) error {
			panic("boom")
		}})
		return root
	}
	code := executeRoot(newRoot, []string{"boom"}, streams)
	if code != exitInternal {
		t.Errorf("exit %d, want %d", code, exitInternal)
	}
	stderr := errOut.String()
	if !strings.HasPrefix(stderr, "internal error: boom\n") || !strings.Contains(stderr, "Please report it") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if strings.Contains(stderr, "goroutine ") {
		t.Errorf("stack trace without %s=1:\n%s", debugEnv, stderr)
	}

	t.Setenv(debugEnv, "1")
	errOut.Reset()
	executeRoot(newRoot, []string{"boom"}, streams)
	if !strings.Contains(errOut.String(), "goroutine ") {
		t.Errorf("no stack trace with %s=1:\n%s", debugEnv, errOut.String())
	}
}

func TestPlainRunErrorIsInternal(t *testing.T) {
	var out, errOut bytes.Buffer
	streams := &IOStreams{Out: &out, ErrOut: &errOut}
	newRoot := func() *cobra.Command {
		root := &cobra.Command{Use: "vpcheck", SilenceErrors: true, SilenceUsage: true}
		root.AddCommand(&cobra.Command{Use: "fail", RunE: func(*cobra.Command, []string) error {
			return errWriteFailed
		}})
		classifyRunErrors(root)
		return root
	}
	if code := executeRoot(newRoot, []string{"fail"}, streams); code != exitInternal {
		t.Errorf("exit %d, want %d", code, exitInternal)
	}
	if got := errOut.String(); got != "Error: write failed\n" {
		t.Errorf("stderr %q", got)
	}
}

var errWriteFailed = errorString("write failed")

type errorString string

func (e errorString) Error() string { return string(e) }

func TestNoColorFlagIsGlobal(t *testing.T) {
	streams := &IOStreams{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}
	root := NewCmdRoot(streams)
	root.SetArgs([]string{"version", "--no-color"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	if !streams.NoColor {
		t.Error("--no-color not recorded")
	}
}
