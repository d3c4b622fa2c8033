// Command vpcheck is a static analyzer and reachability checker for AWS VPC
// networks: it reads network definitions (its own *.net.hcl, Terraform, AWS
// API snapshots) and answers questions about them without a cloud account.
package main

import "os"

// main is the only place that exits: every command returns an error that
// execute maps to an exit code.
func main() {
	os.Exit(execute(os.Args[1:], &IOStreams{Out: os.Stdout, ErrOut: os.Stderr}))
}
