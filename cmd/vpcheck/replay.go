package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/report"
)

type replayOptions struct {
	IO      *IOStreams
	FlowLog string
	Paths   []string
	Format  report.Format
	Load    loadOptions
	// Stdin is read when FlowLog is "-".
	Stdin io.Reader
}

// NewCmdReplay builds `vpcheck replay`.
func NewCmdReplay(streams *IOStreams, runF func(*replayOptions) error) *cobra.Command {
	opts := &replayOptions{IO: streams, Stdin: os.Stdin}
	cmd := &cobra.Command{
		Use:   "replay FLOWLOG [PATH...]",
		Short: "Would the network still carry the traffic a VPC Flow Log recorded?",
		Long: `Replay the flows an AWS VPC Flow Log recorded as accepted on the network the
PATHs describe — typically the network after a change — and report the flows
it would now drop, grouped by client, server, protocol and port, with the
route or rule that drops them and its source line.

FLOWLOG is a flow log file (plain or gzip-compressed, as delivered to S3 or
exported from CloudWatch Logs), a directory of them, or - for standard input.
Records are in the default format (version 2) or in a custom format that a
header line of field names announces; NODATA and SKIPDATA records are
counted, REJECT records are not replayed.

Each record is replayed as its connection's request and reply, from the
client's ENI (or the internet, or an on-premises site) to the server; see
docs/trace.md for how records are mapped onto the network.

Exit status: 0 when every replayed flow still passes, 1 when some would be
dropped, 2 for a usage or input error (a malformed record included), 3 for an
internal error.`,
		Example: `  vpcheck replay flowlogs/ network/
  aws s3 cp s3://logs/AWSLogs/.../flow.log.gz - | vpcheck replay - --format json .`,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Load.withGlobals(cmd)
			opts.FlowLog, opts.Paths = args[0], args[1:]
			if runF != nil {
				return runF(opts)
			}
			return runReplay(opts)
		},
	}
	addFormatFlag(cmd, &opts.Format, report.ReplayOutput)
	return cmd
}

func runReplay(opts *replayOptions) error {
	files, err := flowLogFiles(opts.FlowLog)
	if err != nil {
		return usageError(err)
	}
	d, err := loader{IO: opts.IO, Paths: opts.Paths, Load: opts.Load, Failed: jsonFailure(opts.IO, opts.Format)}.dataplane("")
	if err != nil {
		return err
	}
	r := analyzer.New(d).NewReplayer()
	var diags hcl.Diagnostics
	for _, name := range files {
		ds, err := replayFile(r, name, opts.Stdin)
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		diags = append(diags, ds...)
	}
	if len(diags) > 0 {
		if err := writeDiagnostics(opts.IO, nil, diags); err != nil {
			return err
		}
	}
	doc := report.ReplayDocument(d, files, r)
	doc.Diagnostics = report.JSONDiagnostics(diags)
	switch err := report.ReplayOutput.Write(opts.IO.Out, opts.Format, doc, report.TextOptions{}); {
	case err != nil:
		return err
	case diags.HasErrors():
		return inputError()
	case doc.Dropped > 0:
		return &exitError{code: exitFindings}
	}
	return nil
}

// flowLogFiles lists the flow log files a FLOWLOG argument names: the file,
// every regular file under the directory (sorted, hidden ones skipped), or
// "-" for standard input.
func flowLogFiles(arg string) ([]string, error) {
	if arg == "-" {
		return []string{"-"}, nil
	}
	info, err := os.Stat(arg)
	if err != nil {
		return nil, fmt.Errorf("flow log: %w", err)
	}
	if !info.IsDir() {
		return []string{arg}, nil
	}
	var files []string
	err = filepath.WalkDir(arg, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != arg && len(e.Name()) > 0 && e.Name()[0] == '.' {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if e.Type().IsRegular() {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("flow log: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("flow log: no files in %s", arg)
	}
	sort.Strings(files)
	return files, nil
}

func replayFile(r *analyzer.Replayer, name string, stdin io.Reader) (hcl.Diagnostics, error) {
	if name == "-" {
		return r.ReadFrom("<stdin>", stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("flow log: %w", err)
	}
	defer f.Close()
	return r.ReadFrom(name, f)
}
