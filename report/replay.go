package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model"
)

// ReplayJSON is the `replay --format json` document.
type ReplayJSON struct {
	FlowLogs []string `json:"flow_logs"`
	analyzer.ReplayStats
	Drops    []DropJSON     `json:"drops"`
	Unmapped []UnmappedJSON `json:"unmapped_reasons"`
	// Diagnostics are the flow log's malformed records (the first few of
	// each file, then a replayCount), as on stderr: a run that exits 2 says why.
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// DropJSON is a group of recorded flows the network would now drop.
type DropJSON struct {
	Client      string    `json:"client"`
	Server      string    `json:"server"`
	Protocol    string    `json:"protocol"`
	ServerPort  int       `json:"server_port"`
	ClientPort  int       `json:"client_port"`
	Leg         string    `json:"leg"`
	Disposition string    `json:"disposition"`
	Code        string    `json:"code"`
	Component   string    `json:"component"`
	Kind        string    `json:"kind"`
	Message     string    `json:"message"`
	Location    *Location `json:"location,omitempty"`
	Records     int       `json:"records"`
	Interface   string    `json:"interface,omitempty"`
}

// UnmappedJSON is a group of records replay could not place in the network.
type UnmappedJSON struct {
	Reason  string `json:"reason"`
	Records int    `json:"records"`
	Example string `json:"example"`
}

// ReplayDocument is the replay --format json document of a replay run.
func ReplayDocument(d *dataplane.Dataplane, files []string, r *analyzer.Replayer) ReplayJSON {
	doc := ReplayJSON{FlowLogs: files, ReplayStats: r.Stats(), Drops: []DropJSON{}, Unmapped: []UnmappedJSON{}}
	for _, f := range r.Drops() {
		j := DropJSON{
			Client: d.DisplayAddr(f.Client), Server: d.DisplayAddr(f.Server), Protocol: model.Protocol(f.Proto).String(),
			ServerPort: int(f.ServerPort), ClientPort: int(f.ClientPort), Leg: "request",
			Disposition: string(f.Disposition), Code: string(f.Outcome.Code), Message: f.Outcome.Message,
			Location: LocationOf(&f.Outcome.Range), Records: f.Records, Interface: f.Interface,
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
		doc.Unmapped = append(doc.Unmapped, UnmappedJSON{Reason: u.Reason, Records: u.Records, Example: u.Example})
	}
	return doc
}

// WriteReplayText writes a replay document as text.
func WriteReplayText(w io.Writer, doc ReplayJSON) error {
	s := doc.ReplayStats
	fmt.Fprintf(w, "%s records: %s replayed, %s pass, %s would be dropped\n", replayCount(s.Records), replayCount(s.Replayed), replayCount(s.Passing), replayCount(s.Dropped))
	fmt.Fprintf(w, "not replayed: %s REJECT, %s NODATA, %s SKIPDATA, %s NAT gateway legs, %s unmapped\n",
		replayCount(s.Rejected), replayCount(s.NoData), replayCount(s.SkipData), replayCount(s.NATLegs), replayCount(s.Unmapped))
	if len(doc.Drops) > 0 {
		fmt.Fprintln(w)
		rows := make([][]string, 0, len(doc.Drops))
		for _, f := range doc.Drops {
			port := strconv.Itoa(f.ServerPort)
			if !hasPorts(f.Protocol) {
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
			rows = append(rows, []string{f.Client, f.Server, f.Protocol, port, replayCount(f.Records), disp, f.Message, loc})
		}
		if err := WriteTable(w, []string{"CLIENT", "SERVER", "PROTO", "PORT", "RECORDS", "DISPOSITION", "DROPPED BY", "LOCATION"}, rows); err != nil {
			return err
		}
	}
	for _, u := range doc.Unmapped {
		fmt.Fprintf(w, "unmapped: %s records: %s (e.g. %s)\n", replayCount(u.Records), Printable(u.Reason), Printable(u.Example))
	}
	return nil
}

// replayCount writes a replayCount with thousands separators.
func replayCount(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
