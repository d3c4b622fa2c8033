package main

import (
	"fmt"
	"io"
	"sort"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/report"
)

// targetJSON says, for one listener, node and target of a load balancer
// that reach answers about, whether the node reaches the target — the
// second half of a connection through it — and what blocks it.
type targetJSON struct {
	Listener string `json:"listener"`
	// HealthCheck: the check is the node's health check of the target.
	HealthCheck bool             `json:"health_check,omitempty"`
	Node        string           `json:"node"`
	Target      string           `json:"target,omitempty"`
	Source      string           `json:"source"`
	Reachable   bool             `json:"reachable"`
	Code        string           `json:"code"`
	Message     string           `json:"message"`
	Location    *report.Location `json:"location,omitempty"`
}

// lbTargetsDoc checks the targets of the load balancer reach asked about,
// for the witness's client when there is one (else a representative).
func lbTargetsDoc(an *analyzer.Analyzer, a *analyzer.Answer) []targetJSON {
	b, ok := a.To.Object.(*model.LoadBalancer)
	if !ok {
		return nil
	}
	client := packet.Packet{Src: an.RepresentativeClient(b)}
	if a.Witness != nil {
		client = *a.Witness
	}
	d := an.Dataplane()
	out := []targetJSON{}
	for _, c := range an.CheckTargets(b, client) {
		j := targetJSON{Listener: fmt.Sprintf("%s (%s %d)", report.Printable(c.Listener.Name), model.Protocol(c.Packet.Proto).String(), c.Listener.Port),
			Node: report.Printable(c.Node.Name), Reachable: c.Reachable, HealthCheck: c.HealthCheck, Code: string(c.Outcome.Code), Message: c.Outcome.Message,
			Location: report.LocationOf(&c.Outcome.Range)}
		if c.HealthCheck {
			j.Listener += " health check"
		}
		if c.Target != nil {
			j.Target = targetLabel(c.LBLeg)
			j.Source = d.DisplayAddr(c.Packet.Src)
			if c.Return != nil && !c.Returned {
				j.Code, j.Message, j.Location = string(c.ReturnOutcome.Code), "the reply does not come back: "+c.ReturnOutcome.Message, report.LocationOf(&c.ReturnOutcome.Range)
			}
		}
		if j.Code == "" {
			j.Code = "UNKNOWN"
		}
		out = append(out, j)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Listener != out[j].Listener {
			return out[i].Listener < out[j].Listener
		}
		return out[i].Node < out[j].Node
	})
	return out
}

// writeLBTargets prints the target checks under a reach answer.
func writeLBTargets(w io.Writer, ts []targetJSON) {
	if len(ts) == 0 {
		return
	}
	fmt.Fprintln(w, "\nload balancer targets:")
	for _, t := range ts {
		verdict := "reachable"
		switch {
		case t.Code == "UNKNOWN":
			verdict = "unknown"
		case !t.Reachable:
			verdict = "blocked " + t.Code
		}
		target := t.Target
		if target == "" {
			target = "no target"
		}
		loc := ""
		if !t.Reachable && t.Location != nil {
			loc = " (" + t.Location.String() + ")"
		}
		line := fmt.Sprintf("  %s via %s -> %s: %s", t.Listener, t.Node, target, verdict)
		if !t.Reachable {
			line += ": " + t.Message + loc
		} else if t.Source != "" {
			line += " (source " + t.Source + ")"
		}
		fmt.Fprintln(w, line)
	}
}
