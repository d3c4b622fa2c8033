package report

import (
	"fmt"
	"io"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic/packetset"
	"github.com/vpcheck/vpcheck/model"
)

// ReachJSON is the `reach --format json` document (docs/architecture.md,
// "The CLI contract"). Reachable is true only when the verdict is
// reachable (replies included); Forward says whether packets arrive at
// all.
type ReachJSON struct {
	From      string          `json:"from"`
	To        string          `json:"to"`
	Reachable bool            `json:"reachable"`
	Verdict   string          `json:"verdict"`
	Forward   bool            `json:"forward"`
	Flows     []ReachFlowJSON `json:"flows"`
	Return    string          `json:"return"`
	Witness   *WitnessJSON    `json:"witness,omitempty"`
	BlockedBy []BlockerJSON   `json:"blocked_by"`
	ReturnBy  []BlockerJSON   `json:"return_blocked_by,omitempty"`
	// Unknown lists what vpcheck does not model that the packets or their
	// replies meet (the reason a verdict is unknown).
	Unknown []BlockerJSON     `json:"unknown,omitempty"`
	Notes   []string          `json:"notes,omitempty"`
	Assumed map[string]string `json:"assumed,omitempty"`
	// Targets: for a load balancer destination, whether each node reaches
	// each target of each listener (reach_lb.go).
	Targets []TargetJSON `json:"load_balancer_targets,omitempty"`
}

// ReachFlowJSON is one flow of a reach answer: the packets that arrive, as the source sends them.
type ReachFlowJSON struct {
	Protocol string `json:"protocol"`
	Src      string `json:"src"`
	Dst      string `json:"dst"`
	SrcPorts string `json:"src_ports"`
	DstPorts string `json:"dst_ports"`
	ICMP     string `json:"icmp,omitempty"`
}

// TracePacketJSON is a concrete packet in reach and trace documents.
type TracePacketJSON struct {
	Protocol string `json:"protocol"`
	SrcIP    string `json:"src_ip"`
	DstIP    string `json:"dst_ip"`
	SrcPort  int    `json:"src_port"`
	DstPort  int    `json:"dst_port"`
	ICMPType *int   `json:"icmp_type,omitempty"`
	ICMPCode *int   `json:"icmp_code,omitempty"`
}

// WitnessJSON is the arriving packet reach replays on the fast path, with its hops.
type WitnessJSON struct {
	TracePacketJSON
	Disposition string    `json:"disposition"`
	Hops        []HopJSON `json:"hops"`
}

// HopJSON is one hop of a walk: the component, what it did and where that is written.
type HopJSON struct {
	Component string `json:"component"`
	// ID is the AWS id of the component, when AWS gave it one.
	ID       string    `json:"id,omitempty"`
	Kind     string    `json:"kind"`
	Action   string    `json:"action"`
	Detail   string    `json:"detail,omitempty"`
	Location *Location `json:"location,omitempty"`
}

// BlockerJSON is something that stops packets (or their replies), and why.
type BlockerJSON struct {
	Component string    `json:"component"`
	Kind      string    `json:"kind"`
	Code      string    `json:"code"`
	Message   string    `json:"message"`
	Location  *Location `json:"location,omitempty"`
}

// ReachDocument is the reach --format json document of answer a.
func ReachDocument(an *analyzer.Analyzer, a *analyzer.Answer) ReachJSON {
	d := an.Dataplane()
	doc := ReachJSON{From: a.From.Label, To: a.To.Label, Reachable: a.Verdict == analyzer.VerdictReachable, Verdict: string(a.Verdict), Forward: a.Arrives, Return: a.Return,
		Flows: []ReachFlowJSON{}, BlockedBy: []BlockerJSON{}, Notes: a.Notes}
	for _, f := range a.Flows {
		doc.Flows = append(doc.Flows, flowDoc(an, f))
	}
	if a.Witness != nil {
		w := &WitnessJSON{TracePacketJSON: packetDoc(d, *a.Witness)}
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

func blockersDoc(bs []analyzer.Blocker) []BlockerJSON {
	out := []BlockerJSON{}
	for _, b := range bs {
		j := BlockerJSON{Kind: b.Kind(), Code: string(b.Code), Message: b.Message, Location: LocationOf(&b.Range)}
		if b.Component != nil {
			j.Component = b.Component.Base().Name
		}
		out = append(out, j)
	}
	return out
}

func packetDoc(d *dataplane.Dataplane, p packet.Packet) TracePacketJSON {
	j := TracePacketJSON{Protocol: model.Protocol(p.Proto).String(), SrcIP: d.DisplayAddr(p.Src), DstIP: d.DisplayAddr(p.Dst), SrcPort: int(p.SrcPort), DstPort: int(p.DstPort)}
	if model.Protocol(p.Proto).IsICMP() {
		t, c := int(p.ICMPType), int(p.ICMPCode)
		j.ICMPType, j.ICMPCode, j.SrcPort, j.DstPort = &t, &c, 0, 0
	}
	return j
}

func hopsDoc(d *dataplane.Dataplane, hops []fastpath.Hop) []HopJSON {
	out := []HopJSON{}
	for _, h := range hops {
		n, e := d.Nodes[h.Node], d.Edges[h.Edge]
		j := HopJSON{ID: componentID(d, n.Component), Kind: n.Kind.String(), Action: e.Via, Detail: h.Rewrite, Location: LocationOf(&e.Range)}
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

func flowDoc(an *analyzer.Analyzer, f packetset.Flow) ReachFlowJSON {
	d := an.Dataplane()
	j := ReachFlowJSON{
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

// WriteReachText writes a reach answer as text.
func WriteReachText(w io.Writer, doc ReachJSON) error {
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
	fmt.Fprintf(w, "%s -> %s: %s\n", Printable(doc.From), Printable(doc.To), verdict)
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
		if err := WriteTable(w, []string{"PROTOCOL", "SOURCE", "DESTINATION", "SRC PORTS", "DST PORTS"}, rows); err != nil {
			return err
		}
		if doc.Witness != nil {
			fmt.Fprintf(w, "\nwitness: %s (replayed on the fast path: %s)\n", tracePacketText(doc.Witness.TracePacketJSON), doc.Witness.Disposition)
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
		fmt.Fprintf(w, "note: %s\n", Printable(n))
	}
	return nil
}

// HostPort writes an address and port as one: IPv6 addresses in brackets
// (RFC 3986), so that 2001:db8::10:443 is never read as an address.
func HostPort(addr string, port int) string {
	if strings.Contains(addr, ":") {
		return "[" + addr + "]:" + strconv.Itoa(port)
	}
	return addr + ":" + strconv.Itoa(port)
}

func writeBlockers(w io.Writer, bs []BlockerJSON) {
	for _, b := range bs {
		loc := ""
		if b.Location != nil {
			loc = " (" + Printable(b.Location.String()) + ")"
		}
		fmt.Fprintf(w, "  %-22s %s%s\n", b.Code, Printable(b.Message), loc)
	}
}

// TargetJSON says, for one listener, node and target of a load balancer
// that reach answers about, whether the node reaches the target — the
// second half of a connection through it — and what blocks it.
type TargetJSON struct {
	Listener string `json:"listener"`
	// HealthCheck: the check is the node's health check of the target.
	HealthCheck bool      `json:"health_check,omitempty"`
	Node        string    `json:"node"`
	Target      string    `json:"target,omitempty"`
	Source      string    `json:"source"`
	Reachable   bool      `json:"reachable"`
	Code        string    `json:"code"`
	Message     string    `json:"message"`
	Location    *Location `json:"location,omitempty"`
}

// lbTargetsDoc checks the targets of the load balancer reach asked about,
// for the witness's client when there is one (else a representative).
func lbTargetsDoc(an *analyzer.Analyzer, a *analyzer.Answer) []TargetJSON {
	b, ok := a.To.Object.(*model.LoadBalancer)
	if !ok {
		return nil
	}
	client := packet.Packet{Src: an.RepresentativeClient(b)}
	if a.Witness != nil {
		client = *a.Witness
	}
	d := an.Dataplane()
	out := []TargetJSON{}
	for _, c := range an.CheckTargets(b, client) {
		j := TargetJSON{Listener: fmt.Sprintf("%s (%s %d)", Printable(c.Listener.Name), model.Protocol(c.Packet.Proto).String(), c.Listener.Port),
			Node: Printable(c.Node.Name), Reachable: c.Reachable, HealthCheck: c.HealthCheck, Code: string(c.Outcome.Code), Message: c.Outcome.Message,
			Location: LocationOf(&c.Outcome.Range)}
		if c.HealthCheck {
			j.Listener += " health check"
		}
		if c.Target != nil {
			j.Target = targetLabel(c.LBLeg)
			j.Source = d.DisplayAddr(c.Packet.Src)
			if c.Return != nil && !c.Returned {
				j.Code, j.Message, j.Location = string(c.ReturnOutcome.Code), "the reply does not come back: "+c.ReturnOutcome.Message, LocationOf(&c.ReturnOutcome.Range)
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
func writeLBTargets(w io.Writer, ts []TargetJSON) {
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
