// Command vpcheck is a static analyzer and reachability checker for AWS VPC
// networks: it reads network definitions (its own *.net.hcl, Terraform, AWS
// API snapshots) and answers questions about them without a cloud account.
package main

import (
	"os"

	"github.com/mattn/go-isatty"
)

// main is the only place that exits: every command returns an error that
// execute maps to an exit code.
func main() {
	fd := os.Stderr.Fd()
	tty := isatty.IsTerminal(fd) || isatty.IsCygwinTerminal(fd)
	os.Exit(execute(os.Args[1:], &IOStreams{Out: os.Stdout, ErrOut: os.Stderr, ErrTerminal: tty}))
}
