package impact

import (
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/analyzer/symbolic/packetset"
	"github.com/vpcheck/vpcheck/model"
)

// describe writes a packet set per protocol: the destination ports of TCP
// and UDP, and the source blocks when the set holds only part of what the
// source sends from. Every protocol with every port is "all".
func describe(ops *symbolic.Space, set symbolic.Set, src *endpoint) []Packets {
	type acc struct {
		ports  []packetset.Range
		any    bool // every port
		srcs   []netip.Prefix
		anySrc bool
	}
	var protos [256]*acc
	for _, f := range ops.Flows(set) {
		prs := f.Protocols
		if len(prs) == 0 {
			prs = []packetset.Range{{Lo: 0, Hi: 255}}
		}
		for _, r := range prs {
			for p := int(r.Lo); p <= int(r.Hi) && p < 256; p++ {
				a := protos[p]
				if a == nil {
					a = &acc{}
					protos[p] = a
				}
				if len(f.DstPorts) == 0 || !model.Protocol(p).HasPorts() {
					a.any = true
				} else {
					a.ports = append(a.ports, f.DstPorts...)
				}
				if len(f.Src) == 0 {
					a.anySrc = true
				} else {
					a.srcs = append(a.srcs, f.Src...)
				}
			}
		}
	}
	fams := ops.None()
	full := ops.None()
	if ops.Overlaps(set, ops.IPv4()) {
		fams = ops.Union(fams, ops.IPv4())
	}
	if ops.Overlaps(set, ops.IPv6()) {
		fams = ops.Union(fams, ops.IPv6())
	}
	if src != nil {
		for _, st := range src.ep.Starts {
			full = ops.Union(full, ops.Minus(ops.Prefixes(dataplane.FieldSrc, st.Src), ops.Prefixes(dataplane.FieldSrc, st.Exclude)))
		}
	}
	sources := func(a *acc) string {
		if a.anySrc || src == nil {
			return ""
		}
		if ops.Subset(ops.Intersect(full, fams), ops.Prefixes(dataplane.FieldSrc, a.srcs)) {
			return ""
		}
		ps := mergePrefixes(a.srcs)
		// The shorter of the blocks and "all but" the blocks left out.
		var rest []netip.Prefix
		for _, f := range ops.Flows(ops.Minus(ops.Intersect(full, fams), ops.Prefixes(dataplane.FieldSrc, a.srcs))) {
			rest = append(rest, f.Src...)
		}
		rest = mergePrefixes(rest)
		prefix := ""
		if len(rest) > 0 && len(rest) < len(ps) {
			ps, prefix = rest, "all but "
		}
		parts := make([]string, len(ps))
		for i, p := range ps {
			parts[i] = p.String()
		}
		return prefix + strings.Join(parts, ",")
	}
	portsText := func(a *acc) string {
		if a.any {
			return ""
		}
		rs := mergeRanges(a.ports)
		if len(rs) == 1 && rs[0].Lo == 0 && rs[0].Hi == 65535 {
			return ""
		}
		parts := make([]string, len(rs))
		for i, r := range rs {
			parts[i] = model.PortRange{From: r.Lo, To: r.Hi}.String()
		}
		return strings.Join(parts, ",")
	}
	every := true
	for p := range protos {
		a := protos[p]
		if a == nil || portsText(a) != "" || sources(a) != "" {
			every = false
			break
		}
	}
	if every {
		return []Packets{{Protocol: "all"}}
	}
	var out []Packets
	named := []int{int(model.ProtoTCP), int(model.ProtoUDP), int(model.ProtoICMP), int(model.ProtoICMPv6)}
	done := map[int]bool{}
	for _, p := range named {
		done[p] = true
		if a := protos[p]; a != nil {
			out = append(out, Packets{Protocol: model.Protocol(p).String(), Ports: portsText(a), Sources: sources(a)})
		}
	}
	// Other protocols: one entry per run of consecutive numbers with the
	// same sources.
	for p := 0; p < 256; p++ {
		a := protos[p]
		if a == nil || done[p] {
			continue
		}
		q := p
		for q+1 < 256 && protos[q+1] != nil && !done[q+1] && sources(protos[q+1]) == sources(a) {
			q++
		}
		name := strconv.Itoa(p)
		if q > p {
			name += "-" + strconv.Itoa(q)
		}
		out = append(out, Packets{Protocol: name, Sources: sources(a)})
		p = q
	}
	return out
}

func mergeRanges(rs []packetset.Range) []packetset.Range {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Lo < rs[j].Lo })
	var out []packetset.Range
	for _, r := range rs {
		if n := len(out); n > 0 && int(r.Lo) <= int(out[n-1].Hi)+1 {
			if r.Hi > out[n-1].Hi {
				out[n-1].Hi = r.Hi
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// mergePrefixes sorts and de-duplicates blocks, dropping those inside another.
func mergePrefixes(ps []netip.Prefix) []netip.Prefix {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].Addr() != ps[j].Addr() {
			return ps[i].Addr().Less(ps[j].Addr())
		}
		return ps[i].Bits() < ps[j].Bits()
	})
	var out []netip.Prefix
	for _, p := range ps {
		if n := len(out); n > 0 && out[n-1].Contains(p.Addr()) && out[n-1].Bits() <= p.Bits() {
			continue
		}
		out = append(out, p)
	}
	return out
}
