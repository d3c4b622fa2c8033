package main

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic/packetset"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/report"
)

type reachOptions struct {
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
	Expect   string
}

// NewCmdReach builds `vpcheck reach`.
func NewCmdReach(streams *IOStreams, runF func(*reachOptions) error) *cobra.Command {
	opts := &reachOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "reach --from SRC --to DST [PATH...]",
		Short: "Which packets can get from SRC to DST, and what blocks the rest",
		Long: `Compute symbolically which packets can get from SRC to DST — every packet,
not a sample — and whether their replies come back (network ACLs are
stateless). When none arrive, list every component on the closest path that
blocks them, with the route or rule responsible and its source line.

SRC and DST are a name from the definitions (web-1), a Terraform address
(aws_instance.web), an AWS id (i-0abc…, subnet-…, eni-…), kind:name
(subnet:web-a, vpc:prod), an IP address or CIDR block, "internet", or an
on-premises network's name. A subnet or VPC means any address in it.

Client source ports are taken to be the ephemeral range 1024-65535 unless
--src-port says otherwise, so "return: ok" means every reply in that range
passes.

The verdict is reachable (packets arrive and their replies come back),
unreachable, or unknown (the path crosses something vpcheck does not model,
which the answer names). --expect reachable, the default, requires every
reply to come back ("return: ok"): a partial return fails it. --expect
forward requires only that packets arrive (one-way flows). --expect
unreachable requires a proven unreachable. An unknown answer meets no
expectation but forward's when packets are proven to arrive.

Exit status: 0 when the answer meets the expectation, 1 when not, 2 for a
usage or input error, 3 for an internal error (docs/architecture.md, "The
CLI contract").`,
		Example: `  vpcheck reach --from web-1 --to app-1 --protocol tcp --port 8080 example:public-private
  vpcheck reach --from internet --to web-1 --port 443 network/
  vpcheck reach --from subnet:app-a --to 10.44.0.0/16 --expect unreachable .`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: completePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return runReach(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.From, "from", "", "source selector (required)")
	f.StringVar(&opts.Root, "root", "", "the network to ask about when the PATHs hold several (a root module's directory, as 'vpcheck lint' names it)")
	f.StringVar(&opts.To, "to", "", "destination selector (required)")
	f.StringVar(&opts.Protocol, "protocol", "all", "tcp, udp, icmp, icmpv6, all, or a protocol number")
	f.StringVar(&opts.Port, "port", "", "destination port N or range N-M (tcp and udp)")
	f.StringVar(&opts.SrcPort, "src-port", "", "client source port N or range N-M (default 1024-65535)")
	f.StringVar(&opts.Expect, "expect", "", "reachable (replies included), unreachable, or forward (packets arrive): exit 0 when the answer meets it, 1 when not")
	_ = cmd.MarkFlagRequired("from")
	_ = cmd.MarkFlagRequired("to")
	addFormatFlag(cmd, &opts.Format, report.FormatText, report.FormatJSON)
	return cmd
}

// query turns the flags into an analyzer query.
func (o *reachOptions) query() (analyzer.Query, error) {
	q := analyzer.Query{From: o.From, To: o.To}
	p, err := model.ParseProtocol(o.Protocol)
	if err != nil {
		return q, err
	}
	q.Protocol = p
	if o.Port != "" {
		r, err := model.ParsePortRange(o.Port)
		if err != nil {
			return q, fmt.Errorf("--port: %w", err)
		}
		if p != model.ProtoAll && !p.HasPorts() {
			return q, fmt.Errorf("--port applies to tcp and udp, not %s", p)
		}
		q.Ports = &r
	}
	if o.SrcPort != "" {
		r, err := model.ParsePortRange(o.SrcPort)
		if err != nil {
			return q, fmt.Errorf("--src-port: %w", err)
		}
		q.SrcPorts = &r
	}
	if o.Expect != "" {
		if _, err := analyzer.ParseExpectation(o.Expect); err != nil {
			return q, fmt.Errorf("--expect must be reachable, unreachable or forward, not %q", o.Expect)
		}
	}
	return q, nil
}

func runReach(opts *reachOptions) error {
	q, err := opts.query()
	if err != nil {
		return usageError(err)
	}
	d, err := loadDataplane(opts.IO, opts.Paths, opts.Root, opts.Load, jsonFailure(opts.IO, opts.Format), opts.From, opts.To)
	if err != nil {
		return err
	}
	an := analyzer.New(d)
	ans, err := an.Reach(q)
	var sel *analyzer.SelectorError
	var agree *analyzer.AgreementError
	switch {
	case errors.As(err, &sel):
		return usageError(err)
	case errors.As(err, &agree):
		return &exitError{code: exitInternal, err: fmt.Errorf("internal error: %w", err)}
	case err != nil:
		return err
	}
	doc := reachDocument(an, ans)
	if opts.Format == report.FormatJSON {
		err = report.WriteJSON(opts.IO.Out, doc)
	} else {
		err = writeReachText(opts.IO.Out, doc)
	}
	if err != nil {
		return err
	}
	want := analyzer.ExpectReachable
	if opts.Expect != "" {
		want = analyzer.Expectation(opts.Expect)
	}
	if ok, why := ans.Meets(want); !ok {
		if opts.Format != report.FormatJSON {
			fmt.Fprintf(opts.IO.ErrOut, "expectation failed: %s -> %s is %s\n", report.Printable(ans.From.Label), report.Printable(ans.To.Label), report.Printable(why))
		}
		return &exitError{code: exitFindings}
	}
	return nil
}

// reachJSON is the `reach --format json` document (docs/architecture.md,
// "The CLI contract"). Reachable is true only when the verdict is
// reachable (replies included); Forward says whether packets arrive at
// all.
type reachJSON struct {
	From      string        `json:"from"`
	To        string        `json:"to"`
	Reachable bool          `json:"reachable"`
	Verdict   string        `json:"verdict"`
	Forward   bool          `json:"forward"`
	Flows     []flowJSON    `json:"flows"`
	Return    string        `json:"return"`
	Witness   *witnessJSON  `json:"witness,omitempty"`
	BlockedBy []blockerJSON `json:"blocked_by"`
	ReturnBy  []blockerJSON `json:"return_blocked_by,omitempty"`
	// Unknown lists what vpcheck does not model that the packets or their
	// replies meet (the reason a verdict is unknown).
	Unknown []blockerJSON     `json:"unknown,omitempty"`
	Notes   []string          `json:"notes,omitempty"`
	Assumed map[string]string `json:"assumed,omitempty"`
	// Targets: for a load balancer destination, whether each node reaches
	// each target of each listener (reach_lb.go).
	Targets []targetJSON `json:"load_balancer_targets,omitempty"`
}

type flowJSON struct {
	Protocol string `json:"protocol"`
	Src      string `json:"src"`
	Dst      string `json:"dst"`
	SrcPorts string `json:"src_ports"`
	DstPorts string `json:"dst_ports"`
	ICMP     string `json:"icmp,omitempty"`
}

type packetJSON struct {
	Protocol string `json:"protocol"`
	SrcIP    string `json:"src_ip"`
	DstIP    string `json:"dst_ip"`
	SrcPort  int    `json:"src_port"`
	DstPort  int    `json:"dst_port"`
	ICMPType *int   `json:"icmp_type,omitempty"`
	ICMPCode *int   `json:"icmp_code,omitempty"`
}

type witnessJSON struct {
	packetJSON
	Disposition string    `json:"disposition"`
	Hops        []hopJSON `json:"hops"`
}

type hopJSON struct {
	Component string `json:"component"`
	// ID is the AWS id of the component, when AWS gave it one.
	ID       string           `json:"id,omitempty"`
	Kind     string           `json:"kind"`
	Action   string           `json:"action"`
	Detail   string           `json:"detail,omitempty"`
	Location *report.Location `json:"location,omitempty"`
}

type blockerJSON struct {
	Component string           `json:"component"`
	Kind      string           `json:"kind"`
	Code      string           `json:"code"`
	Message   string           `json:"message"`
	Location  *report.Location `json:"location,omitempty"`
}

func reachDocument(an *analyzer.Analyzer, a *analyzer.Answer) reachJSON {
	d := an.Dataplane()
	doc := reachJSON{From: a.From.Label, To: a.To.Label, Reachable: a.Verdict == analyzer.VerdictReachable, Verdict: string(a.Verdict), Forward: a.Arrives, Return: a.Return,
		Flows: []flowJSON{}, BlockedBy: []blockerJSON{}, Notes: a.Notes}
	for _, f := range a.Flows {
		doc.Flows = append(doc.Flows, flowDoc(an, f))
	}
	if a.Witness != nil {
		w := &witnessJSON{packetJSON: packetDoc(d, *a.Witness)}
		if a.WitnessTrace != nil {
			w.Disposition = string(a.WitnessTrace.Outcome.Code)
			w.Hops = hopsDoc(d, a.WitnessTrace.Hops)
		}
		doc.Witness = w
	}
	doc.BlockedBy = blockersDoc(a.BlockedBy)
	doc.ReturnBy = blockersDoc(a.ReturnBlockedBy)
	if len(a.Unknown) > 0 {
		doc.Unknown = blockersDoc(a.Unknown)
	}
	doc.Targets = lbTargetsDoc(an, a)
	return doc
}

func blockersDoc(bs []analyzer.Blocker) []blockerJSON {
	out := []blockerJSON{}
	for _, b := range bs {
		j := blockerJSON{Kind: b.Kind(), Code: string(b.Code), Message: b.Message, Location: report.LocationOf(&b.Range)}
		if b.Component != nil {
			j.Component = b.Component.Base().Name
		}
		out = append(out, j)
	}
	return out
}

func packetDoc(d *dataplane.Dataplane, p packet.Packet) packetJSON {
	j := packetJSON{Protocol: model.Protocol(p.Proto).String(), SrcIP: d.DisplayAddr(p.Src), DstIP: d.DisplayAddr(p.Dst), SrcPort: int(p.SrcPort), DstPort: int(p.DstPort)}
	if model.Protocol(p.Proto).IsICMP() {
		t, c := int(p.ICMPType), int(p.ICMPCode)
		j.ICMPType, j.ICMPCode, j.SrcPort, j.DstPort = &t, &c, 0, 0
	}
	return j
}

func hopsDoc(d *dataplane.Dataplane, hops []fastpath.Hop) []hopJSON {
	out := []hopJSON{}
	for _, h := range hops {
		n, e := d.Nodes[h.Node], d.Edges[h.Edge]
		j := hopJSON{ID: componentID(d, n.Component), Kind: n.Kind.String(), Action: e.Via, Detail: h.Rewrite, Location: report.LocationOf(&e.Range)}
		if n.Component != nil {
			j.Component = model.Label(n.Component)
		} else {
			j.Component = n.Label
		}
		var verdicts []string
		for _, v := range h.Filters {
			verdicts = append(verdicts, v.Describe())
		}
		if len(verdicts) > 0 {
			if j.Detail != "" {
				j.Detail += "; "
			}
			j.Detail += strings.Join(verdicts, "; ")
		}
		out = append(out, j)
	}
	return out
}

func flowDoc(an *analyzer.Analyzer, f packetset.Flow) flowJSON {
	d := an.Dataplane()
	j := flowJSON{
		Protocol: protocolsText(f.Protocols),
		Src:      prefixesText(d, f.Src, f.Family),
		Dst:      prefixesText(d, f.Dst, f.Family),
		SrcPorts: rangesText(f.SrcPorts),
		DstPorts: rangesText(f.DstPorts),
	}
	if onlyICMP(f.Protocols) {
		j.ICMP = "type " + rangesText(f.ICMPTypes) + " code " + rangesText(f.ICMPCodes)
		j.SrcPorts, j.DstPorts = "-", "-"
	}
	if len(f.Src) > 0 && an.IsInternetSpace(f.Src) {
		j.Src = "internet"
	}
	if len(f.Dst) > 0 && an.IsInternetSpace(f.Dst) {
		j.Dst = "internet"
	}
	return j
}

// onlyICMP reports whether the protocols are ICMP and/or ICMPv6 alone, the
// only case where a flow's ICMP type and code mean something.
func onlyICMP(rs []packetset.Range) bool {
	if len(rs) == 0 {
		return false
	}
	for _, r := range rs {
		for p := int(r.Lo); p <= int(r.Hi); p++ {
			if !model.Protocol(p).IsICMP() {
				return false
			}
		}
	}
	return true
}

func protocolsText(rs []packetset.Range) string {
	if len(rs) == 0 || (len(rs) == 1 && rs[0].Lo == 0 && rs[0].Hi == 255) {
		return "all"
	}
	var parts []string
	for _, r := range rs {
		if r.Lo == r.Hi {
			parts = append(parts, model.Protocol(r.Lo).String())
			continue
		}
		if r.Lo == 0 && r.Hi == 255 {
			parts = append(parts, "all")
			continue
		}
		parts = append(parts, fmt.Sprintf("%d-%d", r.Lo, r.Hi))
	}
	return strings.Join(parts, ",")
}

func rangesText(rs []packetset.Range) string {
	if len(rs) == 0 {
		return "all"
	}
	var parts []string
	for _, r := range rs {
		parts = append(parts, model.PortRange{From: r.Lo, To: r.Hi}.String())
	}
	return strings.Join(parts, ",")
}

func prefixesText(d *dataplane.Dataplane, ps []netip.Prefix, fam packet.Family) string {
	if len(ps) == 0 {
		if fam == packet.IPv6 {
			return "::/0"
		}
		return "0.0.0.0/0"
	}
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = d.DisplayPrefix(p)
	}
	return strings.Join(parts, ",")
}

func writeReachText(w io.Writer, doc reachJSON) error {
	verdict := "reachable"
	switch {
	case doc.Verdict == string(analyzer.VerdictUnknown):
		verdict = "unknown (the path crosses what vpcheck does not model)"
	case doc.Forward && !doc.Reachable:
		verdict = "not reachable (the packets arrive, but no reply comes back)"
	case !doc.Reachable:
		verdict = "not reachable"
	case doc.Return == analyzer.ReturnPartial:
		verdict = "reachable in part (some replies are blocked)"
	}
	fmt.Fprintf(w, "%s -> %s: %s\n", report.Printable(doc.From), report.Printable(doc.To), verdict)
	if doc.Forward {
		fmt.Fprintf(w, "return: %s\n", doc.Return)
		fmt.Fprintln(w)
		var rows [][]string
		for _, f := range doc.Flows {
			dst := f.DstPorts
			if f.ICMP != "" {
				dst = f.ICMP
			}
			rows = append(rows, []string{f.Protocol, f.Src, f.Dst, f.SrcPorts, dst})
		}
		if err := report.WriteTable(w, []string{"PROTOCOL", "SOURCE", "DESTINATION", "SRC PORTS", "DST PORTS"}, rows); err != nil {
			return err
		}
		if doc.Witness != nil {
			fmt.Fprintf(w, "\nwitness: %s (replayed on the fast path: %s)\n", packetText(doc.Witness.packetJSON), doc.Witness.Disposition)
		}
		if len(doc.ReturnBy) > 0 {
			fmt.Fprintln(w, "\nreplies blocked by:")
			writeBlockers(w, doc.ReturnBy)
		}
	} else if len(doc.BlockedBy) > 0 {
		fmt.Fprintln(w, "\nblocked by:")
		writeBlockers(w, doc.BlockedBy)
	}
	if len(doc.Unknown) > 0 {
		fmt.Fprintln(w, "\nnot modelled (where the packets go from here is unknown):")
		writeBlockers(w, doc.Unknown)
	}
	writeLBTargets(w, doc.Targets)
	for _, n := range doc.Notes {
		fmt.Fprintf(w, "note: %s\n", report.Printable(n))
	}
	return nil
}

// hostPort writes an address and port as one: IPv6 addresses in brackets
// (RFC 3986), so that 2001:db8::10:443 is never read as an address.
func hostPort(addr string, port int) string {
	if strings.Contains(addr, ":") {
		return "[" + addr + "]:" + strconv.Itoa(port)
	}
	return addr + ":" + strconv.Itoa(port)
}

func writeBlockers(w io.Writer, bs []blockerJSON) {
	for _, b := range bs {
		loc := ""
		if b.Location != nil {
			loc = " (" + report.Printable(b.Location.String()) + ")"
		}
		fmt.Fprintf(w, "  %-22s %s%s\n", b.Code, report.Printable(b.Message), loc)
	}
}
