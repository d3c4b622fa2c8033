package main

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/report"
)

type traceOptions struct {
	IO       *IOStreams
	Paths    []string
	Format   report.Format
	Load     load.Options
	From, To string
	// Root picks one of several networks (root modules) the PATHs hold.
	Root     string
	Protocol string
	Port     string
	SrcPort  string
	SrcIP    string
	DstIP    string
	ICMPType int
	ICMPCode int
}

// NewCmdTrace builds `vpcheck trace`.
func NewCmdTrace(streams *IOStreams, runF func(*traceOptions) error) *cobra.Command {
	opts := &traceOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "trace --from SRC --to DST --protocol P --port N [PATH...]",
		Short: "What happens to one packet from SRC to DST, hop by hop, there and back",
		Long: `Follow one concrete packet from SRC to DST through the network, hop by hop —
security groups, network ACLs, route tables, gateways and their address
translations — and then its reply back, with the route or rule that decided
each step and its source line.

SRC and DST are selectors as for reach. The packet's addresses, unless
--src-ip and --dst-ip give them: the source is SRC's first address (an
instance's primary private IP; a documentation address, 198.51.100.10, for
the internet); the destination is the address one means by DST from where
the packet starts — its private IP from inside the network or on-premises,
its public IP from the internet (which does not route private addresses),
203.0.113.10 when DST is the internet. The source port is 49152, the start of
the ephemeral range, unless --src-port says otherwise. ICMP traces send an
echo request unless --icmp-type and --icmp-code say otherwise.

The disposition is one of ACCEPTED, DENIED_OUT, DENIED_IN, NO_ROUTE,
BLACKHOLE, NEIGHBOR_UNREACHABLE, EXITS_NETWORK, LOOP, UNSUPPORTED; the code
beside it says precisely why (see docs/codes.md).

Exit status: 0 when the packet arrives at DST and its reply gets back to the
client, 1 when not, 2 for a usage or input error, 3 for an internal error.`,
		Example: `  vpcheck trace --from web-1 --to app-1 --protocol tcp --port 8080 example:public-private
  vpcheck trace --from internet --to web-1 --port 443 --format json network/
  vpcheck trace --from dev-1 --to api-1 --protocol icmp example:tgw-hub`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return runTrace(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.From, "from", "", "source selector (required)")
	f.StringVar(&opts.Root, "root", "", "the network to ask about when the PATHs hold several (a root module's directory, as 'vpcheck lint' names it)")
	f.StringVar(&opts.To, "to", "", "destination selector (required)")
	f.StringVar(&opts.Protocol, "protocol", "tcp", "tcp, udp, icmp, icmpv6, or a protocol number")
	f.StringVar(&opts.Port, "port", "", "destination port (required for tcp and udp)")
	f.StringVar(&opts.SrcPort, "src-port", "", "client source port (default 49152)")
	f.StringVar(&opts.SrcIP, "src-ip", "", "source address, one of SRC's (default: SRC's first)")
	f.StringVar(&opts.DstIP, "dst-ip", "", "destination address, one of DST's (default: see above)")
	f.IntVar(&opts.ICMPType, "icmp-type", -1, "ICMP type (default: echo request)")
	f.IntVar(&opts.ICMPCode, "icmp-code", -1, "ICMP code (default 0)")
	_ = cmd.MarkFlagRequired("from")
	_ = cmd.MarkFlagRequired("to")
	addFormatFlag(cmd, &opts.Format, report.FormatText, report.FormatJSON)
	return cmd
}

// query turns the flags into an analyzer query.
func (o *traceOptions) query() (analyzer.TraceQuery, error) {
	q := analyzer.TraceQuery{From: o.From, To: o.To, ICMPType: o.ICMPType, ICMPCode: o.ICMPCode}
	p, err := model.ParseProtocol(o.Protocol)
	if err != nil {
		return q, err
	}
	if p == model.ProtoAll {
		return q, fmt.Errorf("--protocol: a trace follows one packet; name its protocol (tcp, udp, icmp, …), not all")
	}
	q.Protocol = p
	port := func(flag, s string) (uint16, error) {
		n, err := strconv.ParseUint(s, 10, 16)
		if err != nil {
			return 0, fmt.Errorf("%s: %q is not a port (0-65535)", flag, s)
		}
		return uint16(n), nil
	}
	switch {
	case p.HasPorts() && o.Port == "":
		return q, fmt.Errorf("--port is required for %s", p)
	case !p.HasPorts() && (o.Port != "" || o.SrcPort != ""):
		return q, fmt.Errorf("--port and --src-port apply to tcp and udp, not %s", p)
	}
	if o.Port != "" {
		if q.DstPort, err = port("--port", o.Port); err != nil {
			return q, err
		}
	}
	if o.SrcPort != "" {
		if q.SrcPort, err = port("--src-port", o.SrcPort); err != nil {
			return q, err
		}
		if q.SrcPort == 0 {
			return q, errors.New("--src-port: 0 is not a port a client sends from")
		}
	}
	if !p.IsICMP() && (o.ICMPType >= 0 || o.ICMPCode >= 0) {
		return q, fmt.Errorf("--icmp-type and --icmp-code apply to icmp and icmpv6, not %s", p)
	}
	if o.ICMPType > 255 || o.ICMPCode > 255 {
		return q, errors.New("--icmp-type and --icmp-code are 0-255")
	}
	for _, a := range []struct {
		flag, s string
		to      *netip.Addr
	}{{"--src-ip", o.SrcIP, &q.SrcIP}, {"--dst-ip", o.DstIP, &q.DstIP}} {
		if a.s == "" {
			continue
		}
		ip, err := netip.ParseAddr(a.s)
		if err != nil {
			return q, fmt.Errorf("%s: %q is not an IP address", a.flag, a.s)
		}
		*a.to = ip.Unmap()
	}
	if q.SrcIP.IsValid() && q.DstIP.IsValid() && q.SrcIP.Is4() != q.DstIP.Is4() {
		return q, errors.New("--src-ip and --dst-ip are of different IP versions")
	}
	return q, nil
}

func runTrace(opts *traceOptions) error {
	q, err := opts.query()
	if err != nil {
		return usageError(err)
	}
	d, err := loadDataplane(opts.IO, opts.Paths, opts.Root, opts.Load, jsonFailure(opts.IO, opts.Format), opts.From, opts.To)
	if err != nil {
		return err
	}
	t, err := analyzer.New(d).Trace(q)
	var sel *analyzer.SelectorError
	switch {
	case errors.As(err, &sel):
		return usageError(err)
	case err != nil:
		return err
	}
	doc := traceDocument(d, t)
	if opts.Format == report.FormatJSON {
		err = report.WriteJSON(opts.IO.Out, doc)
	} else {
		err = writeTraceText(opts.IO.Out, d, t, doc)
	}
	if err != nil {
		return err
	}
	if !t.Arrived || !t.Returned || t.LB != nil && (!t.LB.Arrived || t.LB.Return != nil && !t.LB.Returned) {
		return &exitError{code: exitFindings}
	}
	return nil
}

// traceJSON is the `trace --format json` document (docs/architecture.md,
// "The CLI contract"). Return is
// null when no reply was followed: the packet was not delivered, or
// replies from where it arrived are not modelled.
type traceJSON struct {
	From        string     `json:"from"`
	To          string     `json:"to"`
	Packet      packetJSON `json:"packet"`
	Disposition string     `json:"disposition"`
	Code        string     `json:"code"`
	Message     string     `json:"message"`
	Arrived     bool       `json:"arrived"`
	// Verdict is reach's: reachable (arrived and the reply came back),
	// unreachable or unknown.
	Verdict string      `json:"verdict"`
	Hops    []hopJSON   `json:"hops"`
	Return  *returnJSON `json:"return"`
	Notes   []string    `json:"notes,omitempty"`
	// LoadBalancer is the leg from a load balancer node to a target, when
	// the packet arrived on a listener (trace_lb.go).
	LoadBalancer *lbLegJSON `json:"load_balancer,omitempty"`
}

type returnJSON struct {
	Packet      packetJSON `json:"packet"`
	Disposition string     `json:"disposition"`
	Code        string     `json:"code"`
	Message     string     `json:"message"`
	Returned    bool       `json:"returned"`
	Hops        []hopJSON  `json:"hops"`
}

func traceDocument(d *dataplane.Dataplane, t *analyzer.TraceResult) traceJSON {
	doc := traceJSON{
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
		doc.Return = &returnJSON{
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
func walkDoc(d *dataplane.Dataplane, r fastpath.Result, end dataplane.Outcome) []hopJSON {
	out := make([]hopJSON, 0, len(r.Hops)+1)
	for _, h := range shownHops(d, r) {
		n, e := &d.Nodes[h.Node], &d.Edges[h.Edge]
		j := hopJSON{Component: componentName(d, n.Component, n.Label), ID: componentID(d, n.Component), Kind: n.Kind.String(), Action: hopAction(n, e), Location: report.LocationOf(&e.Range)}
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
	return append(out, hopJSON{Component: endComponent(d, r, end), ID: componentID(d, endObject(d, r, end)), Kind: n.Kind.String(), Action: string(end.Code),
		Detail: end.Message, Location: report.LocationOf(&end.Range)})
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

// writeTraceText prints each walk as a table with a row per decision: the
// hop (route or mapping), then each filter's verdict with the deciding
// rule's location, then the rewrite.
func writeTraceText(w io.Writer, d *dataplane.Dataplane, t *analyzer.TraceResult, doc traceJSON) error {
	fmt.Fprintf(w, "%s -> %s\n\n", report.Printable(doc.From), report.Printable(doc.To))
	fmt.Fprintf(w, "packet: %s\n", packetText(doc.Packet))
	if err := writeWalk(w, d, t.Forward, t.ForwardOutcome); err != nil {
		return err
	}
	fmt.Fprintf(w, "forward: %s\n", report.Printable(dispositionText(doc.Disposition, doc.Code, doc.Message)))
	if r := doc.Return; r != nil {
		fmt.Fprintf(w, "\nreply: %s\n", packetText(r.Packet))
		if err := writeWalk(w, d, *t.Return, t.ReturnOutcome); err != nil {
			return err
		}
		fmt.Fprintf(w, "return: %s\n", report.Printable(dispositionText(r.Disposition, r.Code, r.Message)))
	}
	if err := writeLBLeg(w, d, t.LB, doc.LoadBalancer); err != nil {
		return err
	}
	for _, n := range doc.Notes {
		fmt.Fprintf(w, "note: %s\n", report.Printable(n))
	}
	return nil
}

func dispositionText(disp, code, msg string) string {
	if code != disp {
		disp += " (" + code + ")"
	}
	return disp + ": " + msg
}

func packetText(p packetJSON) string {
	if p.ICMPType != nil {
		return fmt.Sprintf("%s %s -> %s type %d code %d", p.Protocol, p.SrcIP, p.DstIP, *p.ICMPType, *p.ICMPCode)
	}
	if p.Protocol == "tcp" || p.Protocol == "udp" {
		return fmt.Sprintf("%s %s -> %s", p.Protocol, hostPort(p.SrcIP, p.SrcPort), hostPort(p.DstIP, p.DstPort))
	}
	return fmt.Sprintf("%s %s -> %s", p.Protocol, p.SrcIP, p.DstIP)
}

func writeWalk(w io.Writer, d *dataplane.Dataplane, r fastpath.Result, end dataplane.Outcome) error {
	loc := func(rg *hcl.Range) string {
		if l := report.LocationOf(rg); l != nil {
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
	return report.WriteTable(w, []string{"#", "COMPONENT", "DECISION", "LOCATION"}, rows)
}
