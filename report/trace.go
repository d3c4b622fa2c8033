package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/model"
)

// TraceJSON is the `trace --format json` document (docs/architecture.md,
// "The CLI contract"). Return is
// null when no reply was followed: the packet was not delivered, or
// replies from where it arrived are not modelled.
type TraceJSON struct {
	From        string          `json:"from"`
	To          string          `json:"to"`
	Packet      TracePacketJSON `json:"packet"`
	Disposition string          `json:"disposition"`
	Code        string          `json:"code"`
	Message     string          `json:"message"`
	Arrived     bool            `json:"arrived"`
	// Verdict is reach's: reachable (arrived and the reply came back),
	// unreachable or unknown.
	Verdict string      `json:"verdict"`
	Hops    []HopJSON   `json:"hops"`
	Return  *ReturnJSON `json:"return"`
	Notes   []string    `json:"notes,omitempty"`
	// LoadBalancer is the leg from a load balancer node to a target, when
	// the packet arrived on a listener (trace_lb.go).
	LoadBalancer *LBLegJSON `json:"load_balancer,omitempty"`
}

// ReturnJSON is the reply leg of a trace.
type ReturnJSON struct {
	Packet      TracePacketJSON `json:"packet"`
	Disposition string          `json:"disposition"`
	Code        string          `json:"code"`
	Message     string          `json:"message"`
	Returned    bool            `json:"returned"`
	Hops        []HopJSON       `json:"hops"`
}

// TraceDocument is the trace --format json document of result t.
func TraceDocument(d *dataplane.Dataplane, t *analyzer.TraceResult) TraceJSON {
	doc := TraceJSON{
		From: t.From.Label, To: t.To.Label,
		Packet:       packetDoc(d, t.Packet),
		Disposition:  string(t.Disposition(d)),
		Code:         string(t.ForwardOutcome.Code),
		Message:      t.ForwardOutcome.Message,
		Arrived:      t.Arrived,
		Verdict:      string(t.Verdict()),
		Hops:         walkDoc(d, t.Forward, t.ForwardOutcome),
		Notes:        t.Notes,
		LoadBalancer: lbLegDoc(d, t.LB),
	}
	if t.Return != nil {
		doc.Return = &ReturnJSON{
			Packet:      packetDoc(d, t.Reply),
			Disposition: string(t.ReturnDisposition(d)),
			Code:        string(t.ReturnOutcome.Code),
			Message:     t.ReturnOutcome.Message,
			Returned:    t.Returned,
			Hops:        walkDoc(d, *t.Return, t.ReturnOutcome),
		}
	}
	return doc
}

// walkDoc lists a walk's hops — the component deciding, the route or
// mapping it took, the filters' verdicts and any rewrite — and last where
// it ended and why.
func walkDoc(d *dataplane.Dataplane, r fastpath.Result, end dataplane.Outcome) []HopJSON {
	out := make([]HopJSON, 0, len(r.Hops)+1)
	for _, h := range shownHops(d, r) {
		n, e := &d.Nodes[h.Node], &d.Edges[h.Edge]
		j := HopJSON{Component: componentName(d, n.Component, n.Label), ID: componentID(d, n.Component), Kind: n.Kind.String(), Action: hopAction(n, e), Location: LocationOf(&e.Range)}
		var details []string
		for _, v := range h.Filters {
			details = append(details, v.Describe())
		}
		if h.Rewrite != "" {
			details = append(details, h.Rewrite)
		}
		j.Detail = strings.Join(details, "; ")
		out = append(out, j)
	}
	n := &d.Nodes[r.Node]
	return append(out, HopJSON{Component: endComponent(d, r, end), ID: componentID(d, endObject(d, r, end)), Kind: n.Kind.String(), Action: string(end.Code),
		Detail: end.Message, Location: LocationOf(&end.Range)})
}

// hopAction is what a hop did: the route or mapping it took, naming the
// transit gateway an attachment leads into.
func hopAction(n *dataplane.Node, e *dataplane.Edge) string {
	if a, ok := n.Component.(*model.TGWAttachment); ok && n.Kind == dataplane.NodeTGWIn {
		if g := model.Target[*model.TransitGateway](a.TransitGateway); g != nil {
			return "into " + withID("transit gateway "+g.Name, model.AWSIDOf(g)) + ", " + e.Via
		}
	}
	return e.Via
}

// shownHops are the hops worth a line: not the last one when it only
// leads into the drop that the walk's end describes (a blackhole route, a
// missing subnet), whose line would repeat it.
func shownHops(d *dataplane.Dataplane, r fastpath.Result) []fastpath.Hop {
	hops := r.Hops
	if n := len(hops); n > 0 && len(hops[n-1].Filters) == 0 {
		to := d.Edges[hops[n-1].Edge].To
		if to == r.Node && d.Nodes[to].Kind == dataplane.NodeTerminal && !d.Nodes[to].Delivered {
			hops = hops[:n-1]
		}
	}
	return hops
}

// endComponent names what ended a walk: the outcome's component, else the
// node's; a packet leaving to the internet ends at "internet".
func endComponent(d *dataplane.Dataplane, r fastpath.Result, end dataplane.Outcome) string {
	n := &d.Nodes[r.Node]
	comp := endObject(d, r, end)
	if comp == nil && end.Code == dataplane.CodeExitsNetwork {
		return "internet"
	}
	return componentName(d, comp, n.Label)
}

// endObject is the component that ended a walk: the outcome's, else the
// node's (nil for none).
func endObject(d *dataplane.Dataplane, r fastpath.Result, end dataplane.Outcome) model.Object {
	if end.Component != nil {
		return end.Component
	}
	return d.Nodes[r.Node].Component
}

// componentID is the AWS id of the component componentName names, "" when
// it has none (a placeholder is none).
func componentID(d *dataplane.Dataplane, o model.Object) string {
	o = displayed(d, o)
	if o == nil {
		return ""
	}
	return model.AWSIDOf(o)
}

// withID is a name followed by its AWS id in parentheses, when there is one:
// "transit gateway hub (tgw-01e1…)".
func withID(name, id string) string {
	if id == "" {
		return name
	}
	return name + " (" + id + ")"
}

// componentName names a component as users know it: an instance's primary
// ENI by its instance.
func componentName(d *dataplane.Dataplane, o model.Object, fallback string) string {
	o = displayed(d, o)
	if o == nil {
		return fallback
	}
	return model.Label(o)
}

// displayed is the object a component is shown as: an instance's primary
// ENI is its instance, an interface endpoint's ENI the endpoint.
func displayed(d *dataplane.Dataplane, o model.Object) model.Object {
	if e, ok := o.(*model.NetworkInterface); ok {
		o = d.DisplayOf(e)
		if ep := model.Target[*model.VPCEndpoint](e.Owner); ep != nil && e.Type == model.ENIEndpoint {
			o = ep
		}
	}
	return o
}

// TraceReport is what trace renders: the trace, and the data plane whose
// nodes and edges its hops name.
type TraceReport struct {
	Dataplane *dataplane.Dataplane
	Trace     *analyzer.TraceResult
}

// WriteTraceText prints each walk as a table with a row per decision: the
// hop (route or mapping), then each filter's verdict with the deciding
// rule's location, then the rewrite.
func WriteTraceText(w io.Writer, d *dataplane.Dataplane, t *analyzer.TraceResult, doc TraceJSON) error {
	fmt.Fprintf(w, "%s -> %s\n\n", Printable(doc.From), Printable(doc.To))
	fmt.Fprintf(w, "packet: %s\n", tracePacketText(doc.Packet))
	if err := writeWalk(w, d, t.Forward, t.ForwardOutcome); err != nil {
		return err
	}
	fmt.Fprintf(w, "forward: %s\n", Printable(dispositionText(doc.Disposition, doc.Code, doc.Message)))
	if r := doc.Return; r != nil {
		fmt.Fprintf(w, "\nreply: %s\n", tracePacketText(r.Packet))
		if err := writeWalk(w, d, *t.Return, t.ReturnOutcome); err != nil {
			return err
		}
		fmt.Fprintf(w, "return: %s\n", Printable(dispositionText(r.Disposition, r.Code, r.Message)))
	}
	if err := writeLBLeg(w, d, t.LB, doc.LoadBalancer); err != nil {
		return err
	}
	for _, n := range doc.Notes {
		fmt.Fprintf(w, "note: %s\n", Printable(n))
	}
	return nil
}

func dispositionText(disp, code, msg string) string {
	if code != disp {
		disp += " (" + code + ")"
	}
	return disp + ": " + msg
}

// hasPorts says whether packets of the protocol named (model.Protocol's
// String) carry ports.
func hasPorts(protocol string) bool {
	p, err := model.ParseProtocol(protocol)
	return err == nil && p.HasPorts()
}

func tracePacketText(p TracePacketJSON) string {
	if p.ICMPType != nil {
		return fmt.Sprintf("%s %s -> %s type %d code %d", p.Protocol, p.SrcIP, p.DstIP, *p.ICMPType, *p.ICMPCode)
	}
	if hasPorts(p.Protocol) {
		return fmt.Sprintf("%s %s -> %s", p.Protocol, HostPort(p.SrcIP, p.SrcPort), HostPort(p.DstIP, p.DstPort))
	}
	return fmt.Sprintf("%s %s -> %s", p.Protocol, p.SrcIP, p.DstIP)
}

func writeWalk(w io.Writer, d *dataplane.Dataplane, r fastpath.Result, end dataplane.Outcome) error {
	loc := func(rg *hcl.Range) string {
		if l := LocationOf(rg); l != nil {
			return l.String()
		}
		return ""
	}
	var rows [][]string
	hops := shownHops(d, r)
	for i, h := range hops {
		n, e := &d.Nodes[h.Node], &d.Edges[h.Edge]
		rows = append(rows, []string{strconv.Itoa(i + 1), withID(componentName(d, n.Component, n.Label), componentID(d, n.Component)), hopAction(n, e), loc(&e.Range)})
		for _, v := range h.Filters {
			rg := v.Filter.Range
			if v.Rule >= 0 {
				rg = v.Filter.Rules[v.Rule].Range
			}
			verdict := "denied"
			if v.Allowed {
				verdict = "allowed"
			}
			rows = append(rows, []string{"", "", verdict + ": " + v.Describe(), loc(&rg)})
		}
		if h.Rewrite != "" {
			rows = append(rows, []string{"", "", "rewrite: " + h.Rewrite, ""})
		}
	}
	rows = append(rows, []string{strconv.Itoa(len(hops) + 1), withID(endComponent(d, r, end), componentID(d, endObject(d, r, end))), string(end.Code) + ": " + end.Message, loc(&end.Range)})
	return WriteTable(w, []string{"#", "COMPONENT", "DECISION", "LOCATION"}, rows)
}

// LBLegJSON is a trace's second leg through a load balancer: the listener
// that accepted, the target the node chose, the packet as the target
// receives it (the translated source) and its walk there and back.
type LBLegJSON struct {
	LoadBalancer string           `json:"load_balancer"`
	Node         string           `json:"node"`
	Listener     string           `json:"listener"`
	TargetGroup  string           `json:"target_group,omitempty"`
	Target       string           `json:"target,omitempty"`
	ClientIP     bool             `json:"client_ip_preserved"`
	OtherTargets int              `json:"other_targets"`
	Packet       *TracePacketJSON `json:"packet,omitempty"`
	Disposition  string           `json:"disposition"`
	Code         string           `json:"code"`
	Message      string           `json:"message"`
	Arrived      bool             `json:"arrived"`
	Hops         []HopJSON        `json:"hops"`
	Return       *ReturnJSON      `json:"return"`
}

func lbLegDoc(d *dataplane.Dataplane, leg *analyzer.LBLeg) *LBLegJSON {
	if leg == nil {
		return nil
	}
	j := &LBLegJSON{LoadBalancer: model.Label(leg.LoadBalancer), Node: Printable(leg.Node.Name),
		Listener: fmt.Sprintf("%s %s:%d", Printable(leg.Listener.Name), leg.Listener.Protocol, leg.Listener.Port),
		ClientIP: leg.ClientIP, OtherTargets: leg.Others,
		Code: string(leg.Outcome.Code), Message: leg.Outcome.Message, Arrived: leg.Arrived, Hops: []HopJSON{}}
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
		j.Return = &ReturnJSON{Packet: packetDoc(d, leg.Walk.Final.Reply()),
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
func writeLBLeg(w io.Writer, d *dataplane.Dataplane, leg *analyzer.LBLeg, j *LBLegJSON) error {
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
	fmt.Fprintf(w, "to target: %s\n", tracePacketText(*j.Packet))
	if err := writeWalk(w, d, leg.Walk, leg.Outcome); err != nil {
		return err
	}
	fmt.Fprintf(w, "to target: %s\n", dispositionText(j.Disposition, j.Code, j.Message))
	if r := j.Return; r != nil {
		fmt.Fprintf(w, "\ntarget reply: %s\n", tracePacketText(r.Packet))
		if err := writeWalk(w, d, *leg.Return, leg.ReturnOutcome); err != nil {
			return err
		}
		fmt.Fprintf(w, "target reply: %s\n", dispositionText(r.Disposition, r.Code, r.Message))
	}
	return nil
}
