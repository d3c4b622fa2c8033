package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/report"
)

// version is set by release builds:
//
//	go build -ldflags "-X main.version=v1.2.3" ./cmd/vpcheck
//
// Left empty, the module version `go install ...@v1.2.3` records is used.
var version string

type versionOptions struct {
	IO      *IOStreams
	Format  report.Format
	Version string
}

// NewCmdVersion builds `vpcheck version`. runF replaces runVersion in tests
// of flag parsing; nil runs the command.
func NewCmdVersion(streams *IOStreams, runF func(*versionOptions) error) *cobra.Command {
	opts := &versionOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the vpcheck version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Version = resolveVersion(version, readBuildInfo)
			if runF != nil {
				return runF(opts)
			}
			return runVersion(opts)
		},
	}
	addFormatFlag(cmd, &opts.Format, report.FormatText, report.FormatJSON)
	return cmd
}

// versionJSON is the `version --format json` document; the Go version helps
// when a bug report comes in.
type versionJSON struct {
	Version string `json:"version"`
	Go      string `json:"go"`
}

func runVersion(opts *versionOptions) error {
	if opts.Format == report.FormatJSON {
		return report.WriteJSON(opts.IO.Out, versionJSON{Version: opts.Version, Go: runtime.Version()})
	}
	_, err := fmt.Fprintf(opts.IO.Out, "vpcheck %s\n", opts.Version)
	return err
}

func readBuildInfo() (*debug.BuildInfo, bool) { return debug.ReadBuildInfo() }

// resolveVersion prefers the -ldflags version, then the main module's
// version from the build info (set by `go install module@version`), else
// "dev": a build from a work tree reports "(devel)", which says nothing.
func resolveVersion(set string, buildInfo func() (*debug.BuildInfo, bool)) string {
	if set != "" {
		return set
	}
	if info, ok := buildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}
