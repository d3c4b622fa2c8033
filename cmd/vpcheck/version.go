package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"time"

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
	addFormatFlag(cmd, &opts.Format, report.VersionOutput)
	return cmd
}

func runVersion(opts *versionOptions) error {
	v := report.VersionJSON{Version: opts.Version, Go: runtime.Version(), Described: describeVersion(opts.Version, readBuildInfo)}
	v.Commit, v.Date, v.Modified = vcsStamp(readBuildInfo)
	return report.VersionOutput.Write(opts.IO.Out, opts.Format, v, report.TextOptions{})
}

func readBuildInfo() (*debug.BuildInfo, bool) { return debug.ReadBuildInfo() }

// resolveVersion prefers the -ldflags version, then the main module's
// version from the build info — `go install module@v1.2.3` records v1.2.3,
// and `go build` in a clone a pseudo-version such as
// v0.0.0-20261203103851-194c9ca0abcd(+dirty) — else "dev": a build without
// version control information reports "(devel)", which says nothing.
func resolveVersion(set string, buildInfo func() (*debug.BuildInfo, bool)) string {
	if set != "" {
		return set
	}
	if info, ok := buildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// vcsStamp reads the revision and commit date the Go toolchain stamps into
// a binary built in a git work tree (go build -buildvcs, the default):
// https://pkg.go.dev/runtime/debug#BuildSetting.
func vcsStamp(buildInfo func() (*debug.BuildInfo, bool)) (commit, date string, modified bool) {
	info, ok := buildInfo()
	if !ok {
		return "", "", false
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.time":
			date = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	return commit, date, modified
}

// describeVersion is the one-line identity `vpcheck version` prints:
// "v0.0.0-… (commit 1a2b3c4, 2026-12-03)", with ", modified" for a build from
// a work tree with uncommitted changes (unless the pseudo-version already
// ends in +dirty).
func describeVersion(v string, buildInfo func() (*debug.BuildInfo, bool)) string {
	commit, date, modified := vcsStamp(buildInfo)
	if commit == "" {
		if v == "dev" {
			// Neither a release nor a stamped build: say how to get one
			// that a bug report can name.
			return v + " (no commit stamped: build in a git clone with go build -buildvcs=true ./cmd/vpcheck)"
		}
		return v
	}
	if len(commit) > 7 {
		commit = commit[:7]
	}
	var b strings.Builder
	b.WriteString(v + " (commit " + commit)
	if t, err := time.Parse(time.RFC3339, date); err == nil {
		b.WriteString(", " + t.UTC().Format("2006-01-02"))
	}
	if modified && !strings.HasSuffix(v, "+dirty") {
		b.WriteString(", modified")
	}
	b.WriteString(")")
	return b.String()
}
