package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/report"
)

type replayOptions struct {
	IO      *IOStreams
	FlowLog string
	Paths   []string
	Format  report.Format
	Load    load.Options
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
			opts.FlowLog, opts.Paths = args[0], args[1:]
			if runF != nil {
				return runF(opts)
			}
			return runReplay(opts)
		},
	}
	addFormatFlag(cmd, &opts.Format, report.FormatText, report.FormatJSON)
	return cmd
}

func runReplay(opts *replayOptions) error {
	files, err := flowLogFiles(opts.FlowLog)
	if err != nil {
		return usageError(err)
	}
	net, _, err := loadNetwork(opts.IO, opts.Paths, opts.Load, jsonFailure(opts.IO, opts.Format))
	if err != nil {
		return err
	}
	d := dataplane.Compile(net)
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
	doc := replayDocument(d, files, r)
	doc.Diagnostics = report.JSONDiagnostics(diags)
	if opts.Format == report.FormatJSON {
		err = report.WriteJSON(opts.IO.Out, doc)
	} else {
		err = writeReplayText(opts.IO.Out, doc)
	}
	switch {
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

// replayJSON is the `replay --format json` document.
type replayJSON struct {
	FlowLogs []string `json:"flow_logs"`
	analyzer.ReplayStats
	Drops    []dropJSON     `json:"drops"`
	Unmapped []unmappedJSON `json:"unmapped_reasons"`
	// Diagnostics are the flow log's malformed records (the first few of
	// each file, then a count), as on stderr: a run that exits 2 says why.
	Diagnostics []report.Diagnostic `json:"diagnostics"`
}

type dropJSON struct {
	Client      string           `json:"client"`
	Server      string           `json:"server"`
	Protocol    string           `json:"protocol"`
	ServerPort  int              `json:"server_port"`
	ClientPort  int              `json:"client_port"`
	Leg         string           `json:"leg"`
	Disposition string           `json:"disposition"`
	Code        string           `json:"code"`
	Component   string           `json:"component"`
	Kind        string           `json:"kind"`
	Message     string           `json:"message"`
	Location    *report.Location `json:"location,omitempty"`
	Records     int              `json:"records"`
	Interface   string           `json:"interface,omitempty"`
}

type unmappedJSON struct {
	Reason  string `json:"reason"`
	Records int    `json:"records"`
	Example string `json:"example"`
}

func replayDocument(d *dataplane.Dataplane, files []string, r *analyzer.Replayer) replayJSON {
	doc := replayJSON{FlowLogs: files, ReplayStats: r.Stats(), Drops: []dropJSON{}, Unmapped: []unmappedJSON{}}
	for _, f := range r.Drops() {
		j := dropJSON{
			Client: d.DisplayAddr(f.Client), Server: d.DisplayAddr(f.Server), Protocol: analyzer.ProtocolName(f.Proto),
			ServerPort: int(f.ServerPort), ClientPort: int(f.ClientPort), Leg: "request",
			Disposition: string(f.Disposition), Code: string(f.Outcome.Code), Message: f.Outcome.Message,
			Location: report.LocationOf(&f.Outcome.Range), Records: f.Records, Interface: f.Interface,
		}
		if f.Reply {
			j.Leg = "reply"
		}
		b := analyzer.Blocker{Component: f.Outcome.Component, Code: f.Outcome.Code}
		j.Kind = b.Kind()
		if f.Outcome.Component != nil {
			j.Component = componentName(d, f.Outcome.Component, "")
		}
		doc.Drops = append(doc.Drops, j)
	}
	for _, u := range r.Unmapped() {
		doc.Unmapped = append(doc.Unmapped, unmappedJSON{Reason: u.Reason, Records: u.Records, Example: u.Example})
	}
	return doc
}

func writeReplayText(w io.Writer, doc replayJSON) error {
	s := doc.ReplayStats
	fmt.Fprintf(w, "%s records: %s replayed, %s pass, %s would be dropped\n", count(s.Records), count(s.Replayed), count(s.Passing), count(s.Dropped))
	fmt.Fprintf(w, "not replayed: %s REJECT, %s NODATA, %s SKIPDATA, %s NAT gateway legs, %s unmapped\n",
		count(s.Rejected), count(s.NoData), count(s.SkipData), count(s.NATLegs), count(s.Unmapped))
	if len(doc.Drops) > 0 {
		fmt.Fprintln(w)
		rows := make([][]string, 0, len(doc.Drops))
		for _, f := range doc.Drops {
			port := strconv.Itoa(f.ServerPort)
			if f.Protocol != "tcp" && f.Protocol != "udp" {
				port = "-"
			}
			disp := f.Disposition
			if f.Code != f.Disposition {
				disp += " (" + f.Code + ")"
			}
			if f.Leg == "reply" {
				disp = "reply " + disp
			}
			loc := ""
			if f.Location != nil {
				loc = f.Location.String()
			}
			rows = append(rows, []string{f.Client, f.Server, f.Protocol, port, count(f.Records), disp, f.Message, loc})
		}
		if err := report.WriteTable(w, []string{"CLIENT", "SERVER", "PROTO", "PORT", "RECORDS", "DISPOSITION", "DROPPED BY", "LOCATION"}, rows); err != nil {
			return err
		}
	}
	for _, u := range doc.Unmapped {
		fmt.Fprintf(w, "unmapped: %s records: %s (e.g. %s)\n", count(u.Records), report.Printable(u.Reason), report.Printable(u.Example))
	}
	return nil
}

// count writes a count with thousands separators.
func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
