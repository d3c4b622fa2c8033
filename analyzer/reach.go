package analyzer

import (
	"fmt"
	"net/netip"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

// Query is a reachability question.
type Query struct {
	From, To string
	// Protocol is ProtoAll for every protocol.
	Protocol model.Protocol
	// Ports restricts destination ports (nil: all); with ProtoAll it
	// restricts the question to TCP and UDP.
	Ports *model.PortRange
	// SrcPorts are the client's source ports (nil: the ephemeral range
	// 1024–65535, which AWS advises NACLs to allow for replies:
	// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
	SrcPorts *model.PortRange
}

// Return statuses: whether replies of the reachable flows come back.
const (
	ReturnOK      = "ok"
	ReturnBlocked = "blocked"
	ReturnPartial = "partial"
	ReturnNA      = "n/a"
)

// Answer is the answer to a Query.
type Answer struct {
	From, To *Endpoint
	// Verdict is the answer: reachable only when packets arrive and their
	// replies come back.
	Verdict Verdict
	// Arrives: some packet of the question is delivered (the forward leg
	// alone, replies aside).
	Arrives bool
	// Flows summarise every packet that arrives, as the source sends it.
	Flows []symbolic.Flow
	// Return says whether the replies of those flows come back.
	Return string
	// ReturnBlockedBy explains replies that do not come back.
	ReturnBlockedBy []Blocker
	// Witness is one arriving packet, replayed on the fast path.
	Witness      *packet.Packet
	WitnessTrace *fastpath.Result
	WitnessStart dataplane.NodeID
	// BlockedBy lists what stops the packets when none arrive.
	BlockedBy []Blocker
	// Unknown lists what vpcheck does not model that some of the packets
	// (or their replies) meet: where they go from there is not known.
	Unknown []Blocker
	Notes   []string
	// Paths are the edges taken by the arriving packets, one list per
	// branch of the exploration, and ReplyPaths those of the replies that
	// come back (for drawing which edges carry the allowed packets).
	Paths, ReplyPaths [][]dataplane.EdgeID
}

// Blocker is one component that stops packets, and why.
type Blocker struct {
	Component model.Object
	Code      dataplane.Code
	Message   string
	Range     hcl.Range
}

// Kind is the blocking component's kind for JSON ("security_group",
// "network_acl", "route_table", …).
func (b Blocker) Kind() string {
	switch b.Code {
	case dataplane.CodeSGEgressDeny, dataplane.CodeSGIngressDeny:
		return "security_group"
	case dataplane.CodeNACLEgressDeny, dataplane.CodeNACLIngressDeny:
		return "network_acl"
	}
	if b.Component == nil {
		return ""
	}
	return string(b.Component.Kind())
}

// AgreementError is an internal disagreement between the engines: the
// symbolic engine reported a witness the fast path does not deliver.
type AgreementError struct {
	Witness packet.Packet
	Got     dataplane.Outcome
}

func (e *AgreementError) Error() string {
	return fmt.Sprintf("engines disagree: the symbolic engine says %s arrives, the fast path says %s (%s)", e.Witness, e.Got.Code, e.Got.Message)
}

// Reach answers a query exactly: every packet, not samples.
func (a *Analyzer) Reach(q Query) (*Answer, error) {
	s := a.Symbolic()
	d, ops := a.d, s.Space()
	from, err := a.Select(q.From)
	if err != nil {
		return nil, err
	}
	to, err := a.Select(q.To)
	if err != nil {
		return nil, err
	}
	ans := &Answer{From: from, To: to, Return: ReturnNA}
	ans.Notes = append(append(ans.Notes, from.Notes...), to.Notes...)
	header := a.headerSet(q)
	dst := ops.Minus(ops.Prefixes(dataplane.FieldDst, to.Addrs), ops.Prefixes(dataplane.FieldDst, to.Exclude))
	// A packet arrives only when it is delivered where To receives: a
	// packet that leaves the network (EXITS_NETWORK) has not arrived at a
	// private address no interface owns.
	arrives := func(l symbolic.Leaf) bool { return l.Delivered && to.Terminals[l.Node] }
	var results []startLeaves
	delivered := ops.None()
	for _, st := range from.Starts {
		src := ops.Minus(ops.Prefixes(dataplane.FieldSrc, st.Src), ops.Prefixes(dataplane.FieldSrc, st.Exclude))
		set := ops.Intersect(ops.Intersect(src, dst), header)
		if ops.IsEmpty(set) {
			continue
		}
		var ok []symbolic.Leaf
		for _, l := range s.Explore(st.Node, set, false) {
			switch {
			case ops.IsEmpty(l.Origin):
			case arrives(l) && a.crossesUnmodelled(l.Path):
				// Delivered only if appliances vpcheck does not model pass
				// it (dataplane.Edge.Unmodelled): not proven to arrive.
				u, _ := d.PathUnmodelled(stepEdges(l.Path))
				ans.Unknown = append(ans.Unknown, blockerOf(u))
			case arrives(l):
				ok = append(ok, l)
				ans.Paths = append(ans.Paths, stepEdges(l.Path))
				delivered = ops.Union(delivered, l.Origin)
			case l.Outcome.Code.Unmodelled():
				ans.Unknown = append(ans.Unknown, blockerOf(l.Outcome))
			}
		}
		results = append(results, startLeaves{st, set, ok})
	}
	ans.Arrives = !ops.IsEmpty(delivered)
	ans.Verdict = VerdictUnreachable
	if !ans.Arrives {
		ans.Unknown = dedupeBlockers(ans.Unknown)
		if len(ans.Unknown) > 0 {
			ans.Verdict = VerdictUnknown
		}
		for _, r := range results {
			ans.BlockedBy = append(ans.BlockedBy, a.explain(r.start.Node, r.set, to, arrives)...)
		}
		ans.BlockedBy = dedupeBlockers(ans.BlockedBy)
		if ans.Verdict == VerdictUnknown {
			// What is not modelled is listed as such, not as a blocker.
			kept := ans.BlockedBy[:0]
			for _, b := range ans.BlockedBy {
				if !b.Code.Unmodelled() {
					kept = append(kept, b)
				}
			}
			ans.BlockedBy = kept
		}
		if len(results) == 0 {
			ans.BlockedBy = append(ans.BlockedBy, Blocker{Code: dataplane.CodeNoRoute, Message: fmt.Sprintf("no packet matches: %s has no address that %s could send to with this protocol and port", to.Label, from.Label)})
		}
		return ans, nil
	}
	ans.Flows = ops.Flows(delivered)
	// Replies, per delivered branch.
	full, none := true, true
	modelled := false
	var replyUnknown []Blocker
	for _, r := range results {
		for _, l := range r.leaves {
			replies := s.ExploreReply(l)
			if d.Nodes[l.Node].ReplyFrom < 0 {
				continue
			}
			modelled = true
			back := ops.None()
			for _, rl := range replies {
				switch {
				case rl.Node == r.start.Return && a.crossesUnmodelled(rl.Path):
					u, _ := d.PathUnmodelled(stepEdges(rl.Path))
					replyUnknown = append(replyUnknown, blockerOf(u))
				case rl.Node == r.start.Return:
					// Delivered back to the source (for a hypothetical host,
					// to its subnet's free addresses).
					back = ops.Union(back, rl.Set)
					if !ops.IsEmpty(rl.Set) {
						ans.ReplyPaths = append(ans.ReplyPaths, stepEdges(rl.Path))
					}
				case ops.IsEmpty(rl.Set):
				case rl.Outcome.Code.Unmodelled():
					replyUnknown = append(replyUnknown, blockerOf(rl.Outcome))
				case rl.Delivered:
					ans.ReturnBlockedBy = append(ans.ReturnBlockedBy, Blocker{Component: rl.Outcome.Component, Code: dataplane.CodeNoRoute, Range: rl.Outcome.Range,
						Message: "the replies go elsewhere: " + rl.Outcome.Message})
				default:
					ans.ReturnBlockedBy = append(ans.ReturnBlockedBy, Blocker{Component: rl.Outcome.Component, Code: rl.Outcome.Code, Message: rl.Outcome.Message, Range: rl.Outcome.Range})
				}
			}
			answered := ops.Intersect(l.Origin, ops.ReplyInverse(back))
			if !ops.IsEmpty(answered) {
				none = false
			}
			if !ops.IsEmpty(ops.Minus(l.Origin, answered)) {
				full = false
			}
		}
	}
	ans.ReturnBlockedBy = dedupeBlockers(ans.ReturnBlockedBy)
	switch {
	case !modelled:
		ans.Return = ReturnNA
	case full:
		ans.Return = ReturnOK
	case none:
		ans.Return = ReturnBlocked
	default:
		ans.Return = ReturnPartial
	}
	// Packets proven to make the round trip make the answer reachable,
	// whatever becomes of others; when none do, what vpcheck does not
	// model on the way makes it unknown.
	ans.Unknown = dedupeBlockers(append(ans.Unknown, replyUnknown...))
	switch {
	case ans.Return != ReturnBlocked:
		ans.Verdict = VerdictReachable
	case len(replyUnknown) > 0:
		ans.Verdict = VerdictUnknown
	}
	if ans.Verdict == VerdictReachable && len(ans.Unknown) > 0 {
		ans.Notes = append(ans.Notes, "some of the packets or their replies meet what vpcheck does not model: "+ans.unknownText())
	}
	return ans, a.witness(ans, q, results)
}

// crossesUnmodelled reports whether a branch's path crosses an edge that
// rests on what vpcheck does not model (dataplane.Edge.Unmodelled).
func (a *Analyzer) crossesUnmodelled(path []symbolic.Step) bool {
	for _, st := range path {
		if st.Edge >= 0 && a.d.Edges[st.Edge].Unmodelled != nil {
			return true
		}
	}
	return false
}

// stepEdges are the edges of a branch's path.
func stepEdges(path []symbolic.Step) []dataplane.EdgeID {
	out := make([]dataplane.EdgeID, len(path))
	for i, st := range path {
		out[i] = st.Edge
	}
	return out
}

// startLeaves are the arriving leaves of the exploration from one start.
type startLeaves struct {
	start  Start
	set    symbolic.Set
	leaves []symbolic.Leaf
}

// witness picks one arriving packet, close to what a person would try, and
// replays it on the fast path. A disagreement is an internal error, never
// a silent wrong answer.
func (a *Analyzer) witness(ans *Answer, q Query, rs []startLeaves) error {
	s := a.Symbolic()
	for _, r := range rs {
		if len(r.leaves) == 0 {
			continue
		}
		l := r.leaves[0]
		// A packet of the family the arriving set has, as close to what a
		// person would try as the set allows.
		p, ok := s.Space().Witness(l.Origin, a.preferred(ans, q, r.start, false))
		if ok && p.Src.Is6() {
			p, ok = s.Space().Witness(l.Origin, a.preferred(ans, q, r.start, true))
		}
		if !ok {
			continue
		}
		var sess fastpath.Sessions
		res := a.FastPath().Forward(r.start.Node, p, &sess, true)
		ans.Witness, ans.WitnessTrace, ans.WitnessStart = &p, &res, r.start.Node
		if !res.Delivered || !ans.To.Terminals[res.Node] {
			return &AgreementError{Witness: p, Got: res.Outcome}
		}
		return nil
	}
	return nil
}

// preferred is the packet of one family a person would try first: the
// query's protocol and first port from the ephemeral client port; from the
// source's first address of the family (a hypothetical host's first usable
// one, a documentation address for the internet) to the destination's.
func (a *Analyzer) preferred(ans *Answer, q Query, st Start, v6 bool) packet.Packet {
	prefer := packet.Packet{Proto: uint8(model.ProtoTCP), SrcPort: DefaultSrcPort, DstPort: 443}
	if q.Ports != nil {
		prefer.DstPort = q.Ports.From
	}
	if q.Protocol != model.ProtoAll {
		prefer.Proto = uint8(q.Protocol)
	}
	prefer.Src, prefer.Dst = netip.IPv4Unspecified(), netip.IPv4Unspecified()
	if v6 {
		prefer.Src, prefer.Dst = netip.IPv6Unspecified(), netip.IPv6Unspecified()
	}
	first := func(ps []netip.Prefix) (netip.Prefix, bool) {
		for _, p := range ps {
			if p.Addr().Is6() == v6 {
				return p, true
			}
		}
		return netip.Prefix{}, false
	}
	switch p, ok := first(st.Src); {
	case st.Node == a.d.Internet && len(st.Exclude) > 0:
		// "internet": some host on it, a documentation address (RFC 5737,
		// RFC 3849).
		prefer.Src = internetClient4
		if v6 {
			prefer.Src = internetClient6
		}
	case ok:
		// A block's first host, as trace picks it: in a subnet (a
		// hypothetical host) the first usable address (AWS reserves the
		// first four).
		prefer.Src = firstHost(p, a.d.Nodes[st.Node].Kind == dataplane.NodeRouter)
	}
	if ans.To.Object == nil && len(ans.To.Exclude) > 0 {
		prefer.Dst = internetServer4
		if v6 {
			prefer.Dst = internetServer6
		}
	} else if p, ok := first(ans.To.Addrs); ok {
		prefer.Dst = p.Addr()
	}
	return prefer
}

// explain finds what blocks packets from start: first with filters relaxed,
// to see whether routing reaches the destination at all; the filters that
// would drop packets on those paths are the blockers. When routing itself
// fails, the blockers are those on the path that went furthest.
func (a *Analyzer) explain(start dataplane.NodeID, set symbolic.Set, to *Endpoint, arrives func(symbolic.Leaf) bool) []Blocker {
	s := a.Symbolic()
	leaves := s.Explore(start, set, true)
	var out []Blocker
	reached := false
	for _, l := range leaves {
		if arrives(l) {
			reached = true
			out = append(out, a.blockers(l)...)
		}
	}
	if reached {
		return out
	}
	best := -1
	for i, l := range leaves {
		if l.Delivered && arrives(l) {
			continue
		}
		if best < 0 || len(l.Path) > len(leaves[best].Path) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	l := leaves[best]
	out = a.blockers(l)
	o := l.Outcome
	switch {
	case l.Delivered && start == a.d.Internet && to.Object != nil:
		o = dataplane.Outcome{Code: dataplane.CodeIGWNoPublicIP, Component: to.Object, Range: to.Object.Base().Range,
			Message: fmt.Sprintf("%s has no public IP address: the internet does not route its private addresses into the VPC", to.Label)}
	case l.Delivered && start == a.d.Internet:
		o = dataplane.Outcome{Code: dataplane.CodeNoRoute, Message: fmt.Sprintf("%s is not a public address of the network: the internet does not route it into any VPC", to.Label)}
	case l.Delivered && o.Component != nil && o.Component.Kind() == model.KindOnPrem:
		o = dataplane.Outcome{Code: dataplane.CodeOnPremNoRoute, Component: o.Component, Range: o.Range,
			Message: fmt.Sprintf("%s keeps the packets: the destination is inside its own address blocks", model.Label(o.Component))}
	case l.Delivered:
		o = dataplane.Outcome{Code: dataplane.CodeNoRoute, Component: o.Component, Message: "the packets go elsewhere: " + o.Message, Range: o.Range}
	}
	return append(out, Blocker{Component: o.Component, Code: o.Code, Message: o.Message, Range: o.Range})
}

func (a *Analyzer) blockers(l symbolic.Leaf) []Blocker {
	s := a.Symbolic()
	var out []Blocker
	for _, b := range l.Denials {
		o := s.Denial(b.Filter, b.Denied)
		out = append(out, Blocker{Component: b.Filter.Component, Code: o.Code, Message: o.Message, Range: o.Range})
	}
	return out
}

func blockerOf(o dataplane.Outcome) Blocker {
	return Blocker{Component: o.Component, Code: o.Code, Message: o.Message, Range: o.Range}
}

func dedupeBlockers(bs []Blocker) []Blocker {
	seen := map[string]bool{}
	var out []Blocker
	for _, b := range bs {
		k := string(b.Code) + "\x00" + b.Message + "\x00" + b.Range.String()
		if !seen[k] {
			seen[k] = true
			out = append(out, b)
		}
	}
	return out
}

// headerSet is the protocols and ports a query asks about.
func (a *Analyzer) headerSet(q Query) symbolic.Set {
	ops := a.Symbolic().Space()
	eph := model.PortRange{From: 1024, To: 65535}
	if q.SrcPorts != nil {
		eph = *q.SrcPorts
	}
	dports := model.AllPorts
	if q.Ports != nil {
		dports = *q.Ports
	}
	tcp, udp := uint8(model.ProtoTCP), uint8(model.ProtoUDP)
	ported := func(p uint8) symbolic.Set {
		return ops.Intersect(ops.Intersect(ops.Proto(p), ops.DstPortRange(dports)), ops.SrcPortRange(eph))
	}
	switch {
	case q.Protocol == model.ProtoAll && q.Ports != nil:
		return ops.Union(ported(tcp), ported(udp))
	case q.Protocol == model.ProtoAll:
		// Every protocol; TCP and UDP clients use ephemeral source ports.
		other := ops.Minus(ops.All(), ops.Union(ops.Proto(tcp), ops.Proto(udp)))
		return ops.Union(other, ops.Union(ported(tcp), ported(udp)))
	case q.Protocol.HasPorts():
		return ported(uint8(q.Protocol))
	}
	return ops.Proto(uint8(q.Protocol))
}
