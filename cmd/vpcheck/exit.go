package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/report"
)

// Exit codes are part of the CLI contract (docs/architecture.md, "The CLI
// contract"): scripts and CI gates branch on them, so their meanings never
// change.
const (
	exitOK = 0
	// exitFindings: lint found something at or above --fail-on, reach's
	// answer is not reachable (replies included) or unknown, or an --expect
	// failed.
	exitFindings = 1
	// exitUsage: the command line or the input is wrong — an unknown flag or
	// command, bad arguments, or any error-severity input diagnostic.
	exitUsage = 2
	// exitInternal: vpcheck itself failed (a bug, or output it could not write).
	exitInternal = 3
)

// exitError carries the exit code a command ends with. err is what to print;
// nil means the command already told the user (e.g. printed diagnostics).
type exitError struct {
	code int
	err  error
	// usageHint adds "Run 'vpcheck CMD --help' for usage." after the message.
	usageHint bool
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError is a wrong command line found by a command itself, such as an
// unknown --from selector (cobra's own flag and argument errors are mapped
// the same way by exitCodeFor).
func usageError(err error) error {
	return &exitError{code: exitUsage, err: err, usageHint: true}
}

// inputError ends a command whose input had errors it has already reported.
func inputError() error {
	return &exitError{code: exitUsage}
}

// debugEnv, set to 1, shows the stack trace of an internal error.
const debugEnv = "VPCHECK_DEBUG"

const reportHint = "This is a bug in vpcheck. Please report it at https://github.com/vpcheck/vpcheck/issues\n" +
	"with the command you ran and, if you can, its input (set " + debugEnv + "=1 for a stack trace)."

// execute runs the command line args and returns the process exit code. A
// panic anywhere below is a bug: it becomes exit 3 and a short note, never a
// raw stack trace unless VPCHECK_DEBUG=1 asks for one.
func execute(args []string, streams *IOStreams) int {
	return executeRoot(func() *cobra.Command { return NewCmdRoot(streams) }, args, streams)
}

// executeRoot is execute with the command tree given, so tests can plant a
// failing command in it.
func executeRoot(newRoot func() *cobra.Command, args []string, streams *IOStreams) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(streams.ErrOut, "internal error: %v\n%s\n", r, reportHint)
			if os.Getenv(debugEnv) == "1" {
				fmt.Fprintf(streams.ErrOut, "%s", debug.Stack())
			}
			code = exitInternal
		}
	}()
	root := newRoot()
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	return exitCodeFor(err, cmd, streams)
}

// exitCodeFor prints err as the user should see it and returns the exit code.
// Every error a command's RunE returns is an *exitError (NewCmdRoot wraps
// them), so any other error comes from cobra before the command ran: an
// unknown command or flag, or arguments the command does not take.
func exitCodeFor(err error, cmd *cobra.Command, streams *IOStreams) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if !errors.As(err, &ee) {
		ee = &exitError{code: exitUsage, err: err, usageHint: true}
	}
	if ee.err != nil {
		// The message may quote the input (a selector's candidates).
		fmt.Fprintf(streams.ErrOut, "Error: %s\n", report.Printable(ee.err.Error()))
	}
	if ee.usageHint && cmd != nil {
		fmt.Fprintf(streams.ErrOut, "Usage: %s\nRun '%s --help' for more.\n", usageLine(cmd), cmd.CommandPath())
	}
	return ee.code
}

// classifyRunErrors wraps the RunE of cmd and all its subcommands so that
// the errors they return always carry an exit code: a plain error from a
// command that was already running is vpcheck's failure, not the user's.
func classifyRunErrors(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		classifyRunErrors(c)
	}
	run := cmd.RunE
	if run == nil {
		return
	}
	cmd.RunE = func(c *cobra.Command, args []string) error {
		err := run(c, args)
		var ee *exitError
		if err == nil || errors.As(err, &ee) {
			return err
		}
		return &exitError{code: exitInternal, err: err}
	}
}

// usageLine is the first line of cobra's usage text: a command that only
// groups others (the root) is used as "vpcheck [command]".
func usageLine(cmd *cobra.Command) string {
	if !cmd.Runnable() && cmd.HasAvailableSubCommands() {
		return cmd.CommandPath() + " [command]"
	}
	return cmd.UseLine()
}
