package fastpath

import (
	"fmt"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

// Forward walks a new packet from a node; Reply walks the reply of an
// established flow (stateful filters pass it; NAT sessions translate it back).
// When record is false no hop is kept and the walk does not allocate.
func (fp *Engine) Forward(start dataplane.NodeID, p packet.Packet, s *Sessions, record bool) Result {
	return fp.walk(start, p, false, s, record)
}

// Reply walks the reply of a flow whose forward walk filled s.
func (fp *Engine) Reply(start dataplane.NodeID, p packet.Packet, s *Sessions, record bool) Result {
	return fp.walk(start, p, true, s, record)
}

func (fp *Engine) walk(n dataplane.NodeID, p packet.Packet, reply bool, s *Sessions, record bool) Result {
	d := fp.d
	var res Result
	// slot is n's line in the compact copy (see Engine).
	slot := fp.lineOf[n]
	fn := &fp.lines[slot]
	meta := fn.meta
	for hops := 0; hops < dataplane.MaxHops; hops++ {
		if meta&metaTerminal != 0 {
			// A terminal keeps its node in its (unused) ranges.
			n = dataplane.NodeID(fn.inline[0].start)
			res.Delivered, res.Node, res.Final = fn.delivered(), n, p
			if record {
				res.Outcome = d.Nodes[n].Outcome
			} else {
				// The outcome's code only; Explained reads the rest.
				res.Outcome.Code, res.end = fp.codes[fn.r4], &d.Nodes[n]
			}
			return res
		}
		addr := p.Dst
		if meta&metaSrc != 0 {
			addr = p.Src
		}
		es := fp.lookup(slot, fn, addr)
		if es < 0 {
			n = dataplane.NodeID(fp.idOf[slot])
			res.Outcome, res.Node, res.Final = d.Nodes[n].Miss, n, p
			return res
		}
		fe := fp.edgeAt(es)
		mode, xform := fe.mode(), fe.xform()
		// The next node, loaded now: its cache miss overlaps the guards' and
		// filters' work instead of following it. An edge to a terminal says
		// itself how the walk ends, and the terminal is not read.
		var next *fastNode
		var nextMeta uint32
		if fe.flags&edgeTerminal == 0 {
			next = &fp.lines[fe.to]
			nextMeta = next.meta
		}
		var hop *Hop
		if record {
			res.Hops = append(res.Hops, Hop{Node: fe.from, Edge: dataplane.EdgeID(fp.idOf[es])})
			hop = &res.Hops[len(res.Hops)-1]
		}
		if (mode == dataplane.ModeReplyOnly && !reply) || (mode == dataplane.ModeForwardOnly && reply) {
			res.Outcome, res.Node, res.Final = d.Edges[fp.idOf[es]].Refused(), fe.from, p
			return res
		}
		for i := range int(fe.guards) {
			if !fp.guardAt(fe, es, i).pass(fp, &p) {
				res.Outcome, res.Node, res.Final = d.Edges[fp.idOf[es]].Guards[i].Fail, fe.from, p
				return res
			}
		}
		for i := range int(fe.filters) {
			ff := fp.filterAt(fe, es, i)
			if ff.dir != dirBoth && reply != (ff.dir == dirReply) {
				// A stateful filter passes a reply, a reply filter a new
				// packet, unevaluated.
				if hop != nil && reply && !fp.firewallDecidesReply(fe, es, i, ff) {
					hop.Filters = append(hop.Filters, FilterVerdict{Filter: fp.filterOf[ff.rule], Allowed: true, Rule: -1, Skipped: true})
				}
				continue
			}
			ok, rule := ff.eval(fp, es, &p)
			// A firewall's unknown filter has the rules of the filter before
			// it: when it allows, it says again what that one said.
			if hop != nil && (!ok || ff.kind != dataplane.FirewallUnmodelled) && !repeats(hop, fp.filterOf[ff.rule], ok, rule) {
				if !ok && ff.kind == dataplane.FirewallUnmodelled && sameRule(hop, fp.filterOf[ff.rule], rule) {
					// The rules filter let the packet on by the entry that
					// this filter finds unknown: the unknown is the verdict.
					hop.Filters = hop.Filters[:len(hop.Filters)-1]
				}
				hop.Filters = append(hop.Filters, FilterVerdict{Filter: fp.filterOf[ff.rule], Allowed: ok, Rule: rule})
			}
			if !ok {
				f := fp.filterOf[ff.rule]
				res.DeniedBy, res.DenyRule, res.Node, res.Final = f, rule, fe.from, p
				res.Outcome.Code = ff.kind.DenyCode()
				if record {
					res.Outcome = f.Denial(rule)
				}
				return res
			}
		}
		if xform != dataplane.XformNone {
			edge := &d.Edges[fp.idOf[es]]
			before := p
			if !rewrite(edge, &p, s) {
				res.Outcome = dataplane.Outcome{Code: dataplane.CodeNATInbound, Component: edge.Xform.NAT}
				res.noSession, res.Node, res.Final = edge.Xform.NAT, fe.from, p
				if record {
					res.Outcome = natNoSession(edge.Xform.NAT)
				}
				return res
			}
			if hop != nil {
				hop.Rewrite = fp.describeRewrite(before, p)
			}
		}
		if next == nil {
			n = dataplane.NodeID(fe.to)
			res.Delivered, res.Node, res.Final = fe.flags&edgeDelivered != 0, n, p
			if record {
				res.Outcome = d.Nodes[n].Outcome
			} else {
				res.Outcome.Code, res.end = fp.codes[fe.code], &d.Nodes[n]
			}
			return res
		}
		slot, fn, meta = fe.to, next, nextMeta
	}
	res.Outcome = dataplane.Outcome{Code: dataplane.CodeLoop, Message: loopMessage}
	res.Node, res.Final = dataplane.NodeID(fp.idOf[slot]), p
	return res
}

// repeats reports whether a firewall filter's allow by rule says again what
// the hop's last verdict said: a policy's stateless pass decides in its
// stateless filter, and its stateful filter, which holds the whole
// decision list, allows by the same rule.
func repeats(hop *Hop, f *dataplane.Filter, ok bool, rule int) bool {
	n := len(hop.Filters)
	if !ok || rule < 0 || n == 0 || (f.Kind != dataplane.FirewallRules && f.Kind != dataplane.FirewallUnmodelled) {
		return false
	}
	return sameRule(hop, f, rule)
}

// sameRule reports whether the hop's last verdict is an allow, by a rule
// of the same firewall policy with the same description as f's rule.
func sameRule(hop *Hop, f *dataplane.Filter, rule int) bool {
	n := len(hop.Filters)
	if n == 0 || rule < 0 {
		return false
	}
	last := hop.Filters[n-1]
	return last.Allowed && last.Rule >= 0 && last.Filter.Component == f.Component && last.Filter.Rules[last.Rule].Desc == f.Rules[rule].Desc
}

// firewallDecidesReply reports whether stateful filter i (of edge es) is
// a firewall's whose reply filters, later on the edge, decide the reply:
// its "reply of an allowed flow" would say less than they do, or the
// contrary. A firewall's unknown filter only repeats its rules filter.
func (fp *Engine) firewallDecidesReply(fe *fastEdge, es int32, i int, ff *fastFilter) bool {
	switch ff.kind {
	case dataplane.FirewallUnmodelled:
		return true
	case dataplane.FirewallRules:
		for j := i + 1; j < int(fe.filters); j++ {
			if fp.filterAt(fe, es, j).dir == dirReply {
				return true
			}
		}
	}
	return false
}

var loopMessage = fmt.Sprintf("routing loop: the packet is still travelling after %d hops", dataplane.MaxHops)

func rewrite(e *dataplane.Edge, p *packet.Packet, s *Sessions) bool {
	x := &e.Xform
	switch x.Kind {
	case dataplane.XformSetSrc:
		p.Src = x.Addr
	case dataplane.XformSetDst:
		p.Dst = x.Addr
	case dataplane.XformSNAT:
		orig, origPort := p.Src, p.SrcPort
		port := p.SrcPort
		if port < x.Ports.From || port > x.Ports.To {
			port = x.Ports.From + port%(x.Ports.To-x.Ports.From+1)
		}
		if p.Proto != uint8(model.ProtoTCP) && p.Proto != uint8(model.ProtoUDP) {
			port = 0
		}
		p.Src, p.SrcPort = x.Addr, port
		if s != nil {
			s.remember(natSession{gw: x.NAT, addr: x.Addr, port: port, origAddr: orig, origPort: origPort})
		}
	case dataplane.XformUnNAT:
		if s == nil {
			return false
		}
		sess, ok := s.lookup(x.NAT, p.Dst, p.DstPort)
		if !ok {
			return false
		}
		p.Dst, p.DstPort = sess.origAddr, sess.origPort
	}
	return true
}

func (fp *Engine) describeRewrite(before, after packet.Packet) string {
	d := fp.d
	switch {
	case before.Src != after.Src || before.SrcPort != after.SrcPort:
		return fmt.Sprintf("source %s:%d -> %s:%d", d.DisplayAddr(before.Src), before.SrcPort, d.DisplayAddr(after.Src), after.SrcPort)
	case before.Dst != after.Dst || before.DstPort != after.DstPort:
		return fmt.Sprintf("destination %s:%d -> %s:%d", d.DisplayAddr(before.Dst), before.DstPort, d.DisplayAddr(after.Dst), after.DstPort)
	}
	return ""
}
