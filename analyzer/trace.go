package analyzer

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

// TraceQuery asks what happens to one concrete packet, there and back.
type TraceQuery struct {
	From, To string
	Protocol model.Protocol
	// DstPort and SrcPort are for TCP and UDP; SrcPort 0 means
	// DefaultSrcPort.
	DstPort, SrcPort uint16
	// ICMPType and ICMPCode are for ICMP; -1 means an echo request
	// (type 8, or 128 for ICMPv6) with code 0.
	ICMPType, ICMPCode int
	// SrcIP and DstIP pin the addresses (the zero Addr: chosen, see Trace).
	SrcIP, DstIP netip.Addr
}

// DefaultSrcPort is the client port a trace uses when none is given: the
// first of the ephemeral range IANA and Windows use (49152–65535), which
// Linux's (32768–60999) also contains, so any client could have picked it:
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
const DefaultSrcPort = 49152

// Documentation addresses (RFC 5737, RFC 3849) stand for "some host on
// the internet" when a trace starts or ends there.
var (
	internetClient4 = netip.MustParseAddr("198.51.100.10")
	internetServer4 = netip.MustParseAddr("203.0.113.10")
	internetClient6 = netip.MustParseAddr("2001:db8:ffff::10")
	internetServer6 = netip.MustParseAddr("2001:db8:eeee::10")
)

// TraceResult is a packet's way there and its reply's way back.
type TraceResult struct {
	From, To *Endpoint
	// Start is where the packet leaves from and Packet what it is.
	Start  Start
	Packet packet.Packet
	// Forward is the packet's walk, recorded; ForwardOutcome its outcome
	// with the message. Arrived: it was delivered where To says.
	Forward        fastpath.Result
	ForwardOutcome dataplane.Outcome
	Arrived        bool
	// Return is the reply's walk (nil when the packet did not arrive, or
	// AWS's replies from where it arrived are not modelled — a gateway
	// endpoint's service). Reply is the reply as the server sends it.
	Return        *fastpath.Result
	Reply         packet.Packet
	ReturnOutcome dataplane.Outcome
	// Returned: the reply reached the client as the client expects it
	// (from the address and port it sent to).
	Returned bool
	Notes    []string
	// LB is the load balancer's leg to a target, when the packet arrived
	// at a load balancer node on a listener (loadbalancer.go).
	LB *LBLeg
	// Unmodelled lists what the packet's or the reply's walk crossed
	// resting on what vpcheck does not model (dataplane.Edge.Unmodelled:
	// Gateway Load Balancer appliances): a round trip across it is unknown.
	Unmodelled []dataplane.Outcome
}

// Verdict is the trace's answer in reach's terms: reachable when the
// packet arrives and its reply gets back to the client, unknown when either
// meets what vpcheck does not model, else unreachable.
func (t *TraceResult) Verdict() Verdict {
	switch {
	case t.Arrived && t.Returned && len(t.Unmodelled) == 0:
		return VerdictReachable
	case t.Arrived && t.Returned:
		return VerdictUnknown
	case t.ForwardOutcome.Code.Unmodelled(), t.Return != nil && t.ReturnOutcome.Code.Unmodelled():
		return VerdictUnknown
	}
	return VerdictUnreachable
}

// Disposition is the forward disposition.
func (t *TraceResult) Disposition(d *dataplane.Dataplane) dataplane.Disposition {
	return dataplane.DispositionOf(t.ForwardOutcome.Code, d.Nodes[t.Forward.Node].Kind)
}

// ReturnDisposition is the reply's disposition ("" without a reply).
func (t *TraceResult) ReturnDisposition(d *dataplane.Dataplane) dataplane.Disposition {
	if t.Return == nil {
		return ""
	}
	return dataplane.DispositionOf(t.ReturnOutcome.Code, d.Nodes[t.Return.Node].Kind)
}

// Trace resolves the query's endpoints and addresses, walks the packet on
// the fast path and, when it is delivered, walks its reply back with the
// sessions (NAT translations) the packet set up.
//
// Addresses, unless given: the source is the first address of From — an
// instance's or ENI's primary private IP, an on-premises site's first host,
// a subnet's first usable address (AWS reserves the first four), a
// documentation address for the internet. The destination is the address a
// person means by To seen from the source: a private IP from inside the
// network, a public IP (the ENI's or NAT gateway's, or an IPv6 address)
// from the internet, where private addresses are not routed; a
// documentation address when To is the internet.
func (a *Analyzer) Trace(q TraceQuery) (*TraceResult, error) {
	d := a.d
	from, err := a.Select(q.From)
	if err != nil {
		return nil, err
	}
	to, err := a.Select(q.To)
	if err != nil {
		return nil, err
	}
	t := &TraceResult{From: from, To: to}
	// The selectors' notes, less those about assumed addresses: of these,
	// only the addresses the packets use are worth a note (see below).
	assumed := map[string]bool{}
	for _, why := range d.Assumed {
		assumed[why] = true
	}
	for _, n := range append(append([]string(nil), from.Notes...), to.Notes...) {
		if !assumed[n] {
			t.Notes = append(t.Notes, n)
		}
	}
	defer func() {
		t.Notes = append(t.Notes, a.assumedNotes(t)...)
		t.Unmodelled = a.unmodelledOf(t)
		if t.Arrived && t.Returned {
			for _, o := range t.Unmodelled {
				t.Notes = append(t.Notes, "unknown: "+o.Message)
			}
		}
	}()
	if len(from.Starts) == 0 {
		return nil, &SelectorError{Selector: q.From, Problem: fmt.Sprintf("%s sends no packets vpcheck can trace (name an instance, network interface, subnet, on-prem network, address or internet)", from.Label)}
	}

	// The family: what a given address says, else IPv4 when both ends have it.
	v6 := q.SrcIP.Is6() || q.DstIP.Is6()
	if !q.SrcIP.IsValid() && !q.DstIP.IsValid() && hasFamily(from, true) && (!hasFamily(from, false) || onlyIPv6(to.Addrs)) {
		v6 = true
	}

	start, src, err := a.traceSource(q, from, v6)
	if err != nil {
		return nil, err
	}
	t.Start = start
	dst, note, err := a.traceDestination(q, to, start, v6)
	if err != nil {
		return nil, err
	}
	if note != "" {
		t.Notes = append(t.Notes, note)
	}
	if src.Is4() != dst.Is4() {
		return nil, &SelectorError{Selector: q.To, Problem: fmt.Sprintf("the source %s and the destination %s are of different IP versions", src, dst)}
	}
	p := packet.Packet{Proto: uint8(q.Protocol), Src: src, Dst: dst}
	switch {
	case q.Protocol.HasPorts():
		p.DstPort, p.SrcPort = q.DstPort, q.SrcPort
		if p.SrcPort == 0 {
			p.SrcPort = DefaultSrcPort
		}
	case q.Protocol.IsICMP():
		p.ICMPType, p.ICMPCode = packet.ICMPEchoRequest, 0
		if q.Protocol == model.ProtoICMPv6 {
			p.ICMPType = packet.ICMPv6EchoRequest
		}
		if q.ICMPType >= 0 {
			p.ICMPType = uint8(q.ICMPType)
		}
		if q.ICMPCode >= 0 {
			p.ICMPCode = uint8(q.ICMPCode)
		}
	}
	t.Packet = p

	var sess fastpath.Sessions
	fp := a.FastPath()
	t.Forward = fp.Forward(start.Node, p, &sess, true)
	t.ForwardOutcome = t.Forward.Explained()
	t.Arrived = t.Forward.Delivered && to.Terminals[t.Forward.Node]
	if t.Forward.Delivered && !t.Arrived {
		t.Notes = append(t.Notes, fmt.Sprintf("the packet is delivered (%s), but not to %s", t.ForwardOutcome.Message, to.Label))
	}
	if t.Forward.Delivered {
		if node := a.lbNodeOf(t.Forward.Node); node != nil {
			t.LB = a.LBForward(node, t.Forward.Final)
		}
	}
	if !t.Arrived {
		return t, nil
	}
	if !p.Answered() {
		t.Notes = append(t.Notes, fmt.Sprintf("an ICMP type %d message gets no reply vpcheck follows (only an echo request is answered): no reply is traced", p.ICMPType))
		t.Returned = true
		return t, nil
	}
	replyFrom := d.Nodes[t.Forward.Node].ReplyFrom
	if replyFrom < 0 {
		t.Notes = append(t.Notes, "replies from where the packet arrives are not modelled")
		t.Returned = true
		return t, nil
	}
	t.Reply = t.Forward.Final.Reply()
	back := fp.Reply(replyFrom, t.Reply, &sess, true)
	t.Return = &back
	t.ReturnOutcome = back.Explained()
	t.Returned = back.Node == start.Return
	if n := &d.Nodes[back.Node]; t.Returned && !n.Delivered {
		// The source is a hypothetical host on one of its subnet's free
		// addresses (reach assumes the same): the reply reaching that
		// address is delivered to it.
		t.ReturnOutcome = dataplane.Outcome{Code: dataplane.CodeAccepted, Component: n.Outcome.Component, Range: n.Outcome.Range,
			Message: fmt.Sprintf("delivered to the hypothetical host %s in %s", d.DisplayAddr(back.Final.Dst), model.Label(n.Outcome.Component))}
	}
	if t.Returned {
		// The client only takes a reply from the address and port it sent
		// to; one that comes back through another translation is not its.
		want := p.Reply()
		if got := back.Final; got.Src != want.Src || got.Dst != want.Dst || got.SrcPort != want.SrcPort || got.DstPort != want.DstPort {
			t.Returned = false
			t.ReturnOutcome = dataplane.Outcome{Code: dataplane.CodeAsymmetric, Component: t.ReturnOutcome.Component, Range: t.ReturnOutcome.Range,
				Message: fmt.Sprintf("the reply reaches the client as %s, not from %s, the address it sent to: the reply takes another path than the request and the client drops it",
					a.describeEnd(got), hostPort(d.DisplayAddr(want.Src), want.SrcPort))}
		}
	} else if back.Delivered {
		t.Notes = append(t.Notes, fmt.Sprintf("the reply is delivered (%s), but not to the client", t.ReturnOutcome.Message))
	}
	return t, nil
}

// unmodelledOf lists the unmodelled crossings of t's walks, once each.
func (a *Analyzer) unmodelledOf(t *TraceResult) []dataplane.Outcome {
	var out []dataplane.Outcome
	seen := map[string]bool{}
	walks := []*fastpath.Result{&t.Forward, t.Return}
	for _, w := range walks {
		if w == nil {
			continue
		}
		for _, h := range w.Hops {
			if o := a.d.Edges[h.Edge].Unmodelled; o != nil && !seen[o.Message] {
				seen[o.Message] = true
				out = append(out, *o)
			}
		}
	}
	return out
}

// assumedNotes explains the assumed addresses the trace's packets carry.
func (a *Analyzer) assumedNotes(t *TraceResult) []string {
	d := a.d
	var out []string
	seen := map[netip.Addr]bool{}
	for _, p := range []packet.Packet{t.Packet, t.Forward.Final, t.Reply, t.returnFinal()} {
		for _, a := range []netip.Addr{p.Src, p.Dst} {
			if why, ok := d.Assumed[a]; ok && !seen[a] {
				seen[a] = true
				out = append(out, why)
			}
		}
	}
	return out
}

func (t *TraceResult) returnFinal() packet.Packet {
	if t.Return == nil {
		return packet.Packet{}
	}
	return t.Return.Final
}

func (a *Analyzer) describeEnd(p packet.Packet) string {
	d := a.d
	return hostPort(d.DisplayAddr(p.Src), p.SrcPort) + " -> " + hostPort(d.DisplayAddr(p.Dst), p.DstPort)
}

// hostPort writes an address and a port as one, an IPv6 address in
// brackets (RFC 3986).
func hostPort(addr string, port uint16) string {
	if strings.Contains(addr, ":") {
		return fmt.Sprintf("[%s]:%d", addr, port)
	}
	return fmt.Sprintf("%s:%d", addr, port)
}

// onlyIPv6 reports whether every block is IPv6 (and there is one): a
// destination named by its IPv6 address.
func onlyIPv6(ps []netip.Prefix) bool {
	for _, p := range ps {
		if p.Addr().Is4() {
			return false
		}
	}
	return len(ps) > 0
}

// hasFamily reports whether an endpoint sends from addresses of a family.
func hasFamily(ep *Endpoint, v6 bool) bool {
	for _, st := range ep.Starts {
		for _, p := range st.Src {
			if p.Addr().Is6() == v6 {
				return true
			}
		}
	}
	return false
}

// traceSource picks the start and source address.
func (a *Analyzer) traceSource(q TraceQuery, from *Endpoint, v6 bool) (Start, netip.Addr, error) {
	d := a.d
	if a := q.SrcIP; a.IsValid() {
		for _, st := range from.Starts {
			if inAnyPrefix(st.Src, a) && !inAnyPrefix(st.Exclude, a) {
				return st, a, nil
			}
		}
		return Start{}, netip.Addr{}, &SelectorError{Selector: a.String(), Problem: fmt.Sprintf("--src-ip is not an address %s sends from", from.Label)}
	}
	for _, st := range from.Starts {
		// "internet" stands for any outside host: a documentation address.
		// An outside address or block the user named sends from itself
		// (a block's first host), as reach does.
		if st.Node == d.Internet && len(st.Exclude) > 0 {
			if v6 {
				return st, internetClient6, nil
			}
			return st, internetClient4, nil
		}
		for _, p := range st.Src {
			if p.Addr().Is6() == v6 {
				return st, firstHost(p, d.Nodes[st.Node].Kind == dataplane.NodeRouter), nil
			}
		}
	}
	return Start{}, netip.Addr{}, &SelectorError{Selector: from.Label, Problem: fmt.Sprintf("it has no IPv%d address to send from", familyNumber(v6))}
}

// traceDestination picks the destination address (and says why, when the
// choice needs saying).
func (a *Analyzer) traceDestination(q TraceQuery, to *Endpoint, start Start, v6 bool) (netip.Addr, string, error) {
	d := a.d
	if a := q.DstIP; a.IsValid() {
		if inAnyPrefix(to.Addrs, a) && !inAnyPrefix(to.Exclude, a) {
			return a, "", nil
		}
		return netip.Addr{}, "", &SelectorError{Selector: a.String(), Problem: fmt.Sprintf("--dst-ip is not an address of %s", to.Label)}
	}
	if to.Object == nil && len(to.Exclude) > 0 {
		// The internet.
		if v6 {
			return internetServer6, "", nil
		}
		return internetServer4, "", nil
	}
	var private, public []netip.Addr
	for _, p := range to.Addrs {
		if p.Addr().Is6() != v6 {
			continue
		}
		a := firstHost(p, inSubnet(d, p))
		if isPublic(d, a) {
			public = append(public, a)
		} else {
			private = append(private, a)
		}
	}
	fromInternet := start.Node == d.Internet
	switch {
	case fromInternet && len(public) > 0:
		return public[0], "", nil
	case !fromInternet && len(private) > 0:
		return private[0], "", nil
	case fromInternet && len(private) > 0:
		return private[0], fmt.Sprintf("%s has no public address: tracing its private address %s, which the internet does not route into a VPC", to.Label, private[0]), nil
	case len(public) > 0:
		return public[0], "", nil
	}
	return netip.Addr{}, "", &SelectorError{Selector: to.Label, Problem: fmt.Sprintf("it has no IPv%d address to send to", familyNumber(v6))}
}

// isPublic reports whether the internet routes a to this network: a public
// IP of an ENI or NAT gateway (placeholders included), or an IPv6 address
// outside the private ranges.
func isPublic(d *dataplane.Dataplane, a netip.Addr) bool {
	for _, x := range d.PublicAddr {
		if x == a {
			return true
		}
	}
	for _, h := range d.Hypothetical {
		if h.Public.IsValid() && h.Public == a {
			return true
		}
	}
	for _, x := range d.NATPublic {
		if x == a {
			return true
		}
	}
	return a.Is6() && !inAnyPrefix(privateSpace, a)
}

// firstHost is the first address of a block a host could have: the block's
// own address when it is one host; in a subnet, the first after the four
// AWS reserves (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html);
// else the first after the network address.
func firstHost(p netip.Prefix, subnet bool) netip.Addr {
	a := p.Masked().Addr()
	if p.IsSingleIP() || p.Bits() >= a.BitLen()-1 {
		return p.Addr()
	}
	skip := 1
	if subnet && p.Bits() <= a.BitLen()-3 {
		skip = 4
	}
	for range skip {
		a = a.Next()
	}
	return a
}

// inSubnet reports whether block p lies in one of the network's subnets.
func inSubnet(d *dataplane.Dataplane, p netip.Prefix) bool {
	for _, s := range d.Net.Subnets {
		for _, b := range []netip.Prefix{s.CIDR.Prefix, s.IPv6CIDR.Prefix} {
			if b.IsValid() && b.Addr().Is4() == p.Addr().Is4() && b.Bits() <= p.Bits() && b.Contains(p.Addr()) {
				return true
			}
		}
	}
	return false
}

func familyNumber(v6 bool) int {
	if v6 {
		return 6
	}
	return 4
}

func inAnyPrefix(ps []netip.Prefix, a netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
