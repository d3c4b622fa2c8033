package main

import (
	"fmt"
	"io"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/report"
)

// lbLegJSON is a trace's second leg through a load balancer: the listener
// that accepted, the target the node chose, the packet as the target
// receives it (the translated source) and its walk there and back.
type lbLegJSON struct {
	LoadBalancer string      `json:"load_balancer"`
	Node         string      `json:"node"`
	Listener     string      `json:"listener"`
	TargetGroup  string      `json:"target_group,omitempty"`
	Target       string      `json:"target,omitempty"`
	ClientIP     bool        `json:"client_ip_preserved"`
	OtherTargets int         `json:"other_targets"`
	Packet       *packetJSON `json:"packet,omitempty"`
	Disposition  string      `json:"disposition"`
	Code         string      `json:"code"`
	Message      string      `json:"message"`
	Arrived      bool        `json:"arrived"`
	Hops         []hopJSON   `json:"hops"`
	Return       *returnJSON `json:"return"`
}

func lbLegDoc(d *dataplane.Dataplane, leg *analyzer.LBLeg) *lbLegJSON {
	if leg == nil {
		return nil
	}
	j := &lbLegJSON{LoadBalancer: model.Label(leg.LoadBalancer), Node: report.Printable(leg.Node.Name),
		Listener: fmt.Sprintf("%s %s:%d", report.Printable(leg.Listener.Name), leg.Listener.Protocol, leg.Listener.Port),
		ClientIP: leg.ClientIP, OtherTargets: leg.Others,
		Code: string(leg.Outcome.Code), Message: leg.Outcome.Message, Arrived: leg.Arrived, Hops: []hopJSON{}}
	if leg.Group != nil {
		j.TargetGroup = model.Label(leg.Group)
	}
	if leg.Target == nil {
		j.Disposition = string(dataplane.DispositionOf(leg.Outcome.Code, dataplane.NodeTerminal))
		if leg.Outcome.Code == "" {
			j.Disposition, j.Code = "UNKNOWN", "UNKNOWN"
		}
		return j
	}
	j.Target = targetLabel(leg)
	p := packetDoc(d, leg.Packet)
	j.Packet = &p
	j.Disposition = string(dataplane.DispositionOf(leg.Outcome.Code, d.Nodes[leg.Walk.Node].Kind))
	j.Hops = walkDoc(d, leg.Walk, leg.Outcome)
	if leg.Return != nil {
		j.Return = &returnJSON{Packet: packetDoc(d, leg.Walk.Final.Reply()),
			Disposition: string(dataplane.DispositionOf(leg.ReturnOutcome.Code, d.Nodes[leg.Return.Node].Kind)),
			Code:        string(leg.ReturnOutcome.Code), Message: leg.ReturnOutcome.Message, Returned: leg.Returned,
			Hops: walkDoc(d, *leg.Return, leg.ReturnOutcome)}
	}
	return j
}

func targetLabel(leg *analyzer.LBLeg) string {
	t := leg.Target
	port := t.PortIn(leg.Group)
	switch {
	case t.Instance.Obj != nil:
		return fmt.Sprintf("%s (%s:%d)", model.Label(t.Instance.Obj), leg.TargetIP, port)
	case t.LoadBalancer.Obj != nil:
		return fmt.Sprintf("%s (%s:%d)", model.Label(t.LoadBalancer.Obj), leg.TargetIP, port)
	}
	return fmt.Sprintf("%s:%d", leg.TargetIP, port)
}

// writeLBLeg prints the second leg after the first's walk.
func writeLBLeg(w io.Writer, d *dataplane.Dataplane, leg *analyzer.LBLeg, j *lbLegJSON) error {
	if leg == nil {
		return nil
	}
	fmt.Fprintf(w, "\nload balancer: %s accepts on listener %s (node %s)\n", j.LoadBalancer, j.Listener, j.Node)
	if leg.Target == nil {
		fmt.Fprintf(w, "target: %s\n", dispositionText(j.Disposition, j.Code, j.Message))
		return nil
	}
	source := "the node's address"
	if leg.ClientIP {
		source = "the client's address (client IP preservation)"
	}
	fmt.Fprintf(w, "target: %s of %s, %d other(s) eligible; source at the target: %s\n", j.Target, j.TargetGroup, j.OtherTargets, source)
	fmt.Fprintf(w, "to target: %s\n", packetText(*j.Packet))
	if err := writeWalk(w, d, leg.Walk, leg.Outcome); err != nil {
		return err
	}
	fmt.Fprintf(w, "to target: %s\n", dispositionText(j.Disposition, j.Code, j.Message))
	if r := j.Return; r != nil {
		fmt.Fprintf(w, "\ntarget reply: %s\n", packetText(r.Packet))
		if err := writeWalk(w, d, *leg.Return, leg.ReturnOutcome); err != nil {
			return err
		}
		fmt.Fprintf(w, "target reply: %s\n", dispositionText(r.Disposition, r.Code, r.Message))
	}
	return nil
}
