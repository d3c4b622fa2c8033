package fastpath

import (
	"net/netip"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/packet"
)

// lookup is Table.Lookup on the compact copy: the slot of the edge, or -1.
func (fp *Engine) lookup(slot int32, fn *fastNode, a netip.Addr) int32 {
	if a.Is4() {
		x := dataplane.U32(a)
		var rs []range4
		if n4 := fn.n4(); n4 <= uint32(len(fn.inline)) {
			rs = fn.inline[:n4]
		} else {
			rs = fp.r4[fn.r4 : fn.r4+n4]
		}
		if len(rs) > scanMax {
			// Find the block in the sample, then the range in the block.
			smp := fp.samples[fn.inline[0].start : fn.inline[0].start+uint32(fn.inline[0].edge)]
			lo, hi := 0, len(smp)
			for hi-lo > 1 {
				mid := int(uint(lo+hi) >> 1)
				if smp[mid] <= x {
					lo = mid
				} else {
					hi = mid
				}
			}
			rs = rs[lo*sampleEvery : min(lo*sampleEvery+sampleEvery, len(rs))]
		}
		for i := len(rs) - 1; i >= 0; i-- {
			if rs[i].start <= x {
				return rs[i].edge
			}
		}
		return -1
	}
	n6 := fp.nodes6[slot]
	if !a.IsValid() || n6.n6 == 0 {
		return -1
	}
	rs := fp.r6[n6.r6 : n6.r6+n6.n6]
	x := dataplane.U128Of(a)
	lo, hi := 0, len(rs)
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if !x.Less(rs[mid].start) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return rs[lo].edge
}

// has reports whether a is in the set.
func (fp *Engine) has(as addrSet, a netip.Addr) bool {
	if a.Is4() {
		x := dataplane.U32(a)
		if as.n6 == inlineSpan {
			return as.off4 <= x && x <= as.n4
		}
		ss := fp.peers4[as.off4 : as.off4+as.n4]
		if len(ss) <= scanMax {
			for _, s := range ss {
				if s.lo <= x && x <= s.hi {
					return true
				}
			}
			return false
		}
		lo, hi := 0, len(ss)
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if ss[mid].hi < x {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return lo < len(ss) && ss[lo].lo <= x
	}
	if !a.IsValid() || as.n6 == 0 || as.n6 == inlineSpan {
		return false
	}
	ss := fp.peers6[as.off6 : as.off6+as.n6]
	x := dataplane.U128Of(a)
	lo, hi := 0, len(ss)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ss[mid].hi.Less(x) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo < len(ss) && !x.Less(ss[lo].lo)
}

// pass is Guard.Pass on the compact copy.
func (g *fastGuard) pass(fp *Engine, p *packet.Packet) bool {
	if g.flags&guardNever != 0 {
		return false
	}
	if g.flags&guardAnyProto == 0 && fp.protoSets[g.protos][p.Proto>>6]&(1<<(p.Proto&63)) == 0 {
		return false
	}
	return (g.flags&guardAnySrc != 0 || fp.has(g.src, p.Src)) && (g.flags&guardAnyDst != 0 || fp.has(g.dst, p.Dst))
}

// eval is Filter.Eval on the compact copy, for the filter of the edge at
// line es: allowed, and the index of the deciding rule (-1 when the
// implicit default decided).
func (f *fastFilter) eval(fp *Engine, es int32, p *packet.Packet) (bool, int) {
	peer := p.Dst
	if f.flags&filterIngress != 0 {
		peer = p.Src
	}
	var rules []fastRule
	if f.flags&filterInline != 0 {
		rules = fp.rulesAt(es+1, f.rules)
	} else {
		rules = fp.rules[f.rule : f.rule+f.rules]
	}
	for i := range rules {
		r := &rules[i]
		if r.proto != -1 {
			if uint8(r.proto) != p.Proto {
				continue
			}
			switch {
			case r.ports:
				if p.DstPort < r.lo || p.DstPort > r.hi {
					continue
				}
				if r.srcPorts && (p.SrcPort < r.slo || p.SrcPort > r.shi) {
					continue
				}
			case r.icmp:
				if r.icmpType >= 0 && int16(p.ICMPType) != r.icmpType {
					continue
				}
				if r.icmpCode >= 0 && int16(p.ICMPCode) != r.icmpCode {
					continue
				}
			}
		}
		if !fp.has(r.peers, peer) || !r.anyDst && !fp.has(r.dsts, p.Dst) {
			continue
		}
		if f.flags&filterFirstMatch != 0 {
			return !r.deny, i
		}
		return true, i
	}
	return false, -1
}
