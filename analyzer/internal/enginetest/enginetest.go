package enginetest

import (
	"math/rand/v2"
	"net/netip"
	"sort"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/fixtures/generate"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// Load loads networks (files, directories, example:NAME) into one compiled
// data plane, failing the test on any input error.
func Load(tb testing.TB, paths ...string) *dataplane.Dataplane {
	tb.Helper()
	net, diags := load.Paths(paths, load.Options{})
	if diags.HasErrors() {
		tb.Fatalf("load %v: %s", paths, diags.Error())
	}
	return dataplane.Compile(net)
}

// Linked is the generated network of the given size (fixtures/generate),
// linked.
func Linked(tb testing.TB, vpcs int) *model.Network {
	tb.Helper()
	net := generate.Network(generate.Default(vpcs))
	if diags := net.Link(); diags.HasErrors() {
		tb.Fatalf("link: %s", diags.Error())
	}
	return net
}

// Generated is the generated network of the given size, compiled.
func Generated(tb testing.TB, vpcs int) *dataplane.Dataplane {
	return dataplane.Compile(Linked(tb, vpcs))
}

// ENIOf is the primary network interface of the instance named.
func ENIOf(tb testing.TB, d *dataplane.Dataplane, instance string) *model.NetworkInterface {
	tb.Helper()
	for _, o := range d.Net.Lookup(model.KindInstance, instance) {
		return o.(*model.Instance).Primary()
	}
	tb.Fatalf("no instance %s", instance)
	return nil
}

// NaiveLookup is longest prefix match by definition: the longest entry
// containing a, the first of equal ones.
func NaiveLookup(entries []dataplane.TableEntry, a netip.Addr) dataplane.EdgeID {
	best, bits := dataplane.NoEdge, -1
	for _, e := range entries {
		if e.Prefix.Addr().Is4() == a.Is4() && e.Prefix.Contains(a) && e.Prefix.Bits() > bits {
			best, bits = e.Edge, e.Prefix.Bits()
		}
	}
	return best
}

// Points are a network's boundary values — the prefixes its tables, guards
// and rules test, the addresses it assigns, the ports and protocols its
// rules name — and the places packets start from, for drawing packets
// where the engines' decisions change.
type Points struct {
	d              *dataplane.Dataplane
	Addrs4, Addrs6 []netip.Addr
	Blocks         []netip.Prefix
	Ports          []uint16
	Protos         []uint8
	ICMPTypes      []uint8
	ICMPCodes      []uint8
	// Starts are the nodes packets start from: each sending ENI, the
	// internet, each on-premises site.
	Starts []dataplane.NodeID
}

// Collect gathers the network's boundaries: every prefix any table, guard
// or rule tests, every address the network assigns, every port a rule names.
func Collect(d *dataplane.Dataplane) *Points {
	a := &Points{d: d}
	blocks := map[netip.Prefix]bool{}
	ports := map[uint16]bool{0: true, 1: true, 22: true, 443: true, 1023: true, 1024: true, 32767: true, 32768: true,
		49151: true, 49152: true, 60999: true, 61000: true, 65534: true, 65535: true}
	types := map[uint8]bool{0: true, 3: true, 8: true, 11: true, 128: true, 129: true, 255: true}
	codes := map[uint8]bool{0: true, 1: true, 4: true, 255: true}
	protos := map[uint8]bool{0: true, 1: true, 6: true, 17: true, 50: true, 58: true, 255: true}
	for i := range d.Nodes {
		if t := d.Nodes[i].Table; t != nil {
			for _, e := range t.Entries {
				blocks[e.Prefix] = true
			}
		}
	}
	seen := map[*dataplane.Filter]bool{}
	for i := range d.Edges {
		e := &d.Edges[i]
		for _, g := range e.Guards {
			for _, p := range append(append([]netip.Prefix(nil), g.Src...), g.Dst...) {
				blocks[p] = true
			}
			for _, p := range g.Protocols {
				protos[p] = true
			}
		}
		if e.Xform.Addr.IsValid() {
			blocks[netip.PrefixFrom(e.Xform.Addr, e.Xform.Addr.BitLen())] = true
		}
		for _, f := range e.Filters {
			if seen[f] {
				continue
			}
			seen[f] = true
			for _, r := range f.Rules {
				for _, p := range r.Peers {
					blocks[p] = true
				}
				for _, p := range r.Dsts {
					blocks[p] = true
				}
				if r.Proto != model.ProtoAll {
					protos[uint8(r.Proto)] = true
				}
				edges := []uint16{r.Ports.From, r.Ports.To}
				if r.MatchSrcPorts {
					edges = append(edges, r.SrcPorts.From, r.SrcPorts.To)
				}
				for _, x := range edges {
					ports[x] = true
					ports[x-1] = true
					ports[x+1] = true
				}
				if r.ICMP.Type >= 0 {
					types[uint8(r.ICMP.Type)], types[uint8(r.ICMP.Type)+1], types[uint8(r.ICMP.Type)-1] = true, true, true
				}
				if r.ICMP.Code >= 0 {
					codes[uint8(r.ICMP.Code)], codes[uint8(r.ICMP.Code)+1], codes[uint8(r.ICMP.Code)-1] = true, true, true
				}
			}
		}
	}
	for _, as := range d.Addrs {
		for _, x := range as {
			blocks[netip.PrefixFrom(x, x.BitLen())] = true
		}
	}
	for _, x := range d.PublicAddr {
		blocks[netip.PrefixFrom(x, x.BitLen())] = true
	}
	for _, x := range d.NATAddr {
		blocks[netip.PrefixFrom(x, x.BitLen())] = true
	}
	for _, x := range d.NATPublic {
		blocks[netip.PrefixFrom(x, x.BitLen())] = true
	}
	addrs := map[netip.Addr]bool{}
	for p := range blocks {
		if !p.IsValid() {
			continue
		}
		p = p.Masked()
		a.Blocks = append(a.Blocks, p)
		first := p.Addr()
		last := model.LastAddr(p)
		for _, x := range []netip.Addr{first, last, first.Prev(), last.Next()} {
			if x.IsValid() {
				addrs[x] = true
			}
		}
	}
	for x := range addrs {
		if x.Is4() {
			a.Addrs4 = append(a.Addrs4, x)
		} else {
			a.Addrs6 = append(a.Addrs6, x)
		}
	}
	sortAddrs(a.Addrs4)
	sortAddrs(a.Addrs6)
	sort.Slice(a.Blocks, func(i, j int) bool { return a.Blocks[i].String() < a.Blocks[j].String() })
	for p := range ports {
		a.Ports = append(a.Ports, p)
	}
	sort.Slice(a.Ports, func(i, j int) bool { return a.Ports[i] < a.Ports[j] })
	for p := range protos {
		a.Protos = append(a.Protos, p)
	}
	sort.Slice(a.Protos, func(i, j int) bool { return a.Protos[i] < a.Protos[j] })
	for t := range types {
		a.ICMPTypes = append(a.ICMPTypes, t)
	}
	sort.Slice(a.ICMPTypes, func(i, j int) bool { return a.ICMPTypes[i] < a.ICMPTypes[j] })
	for c := range codes {
		a.ICMPCodes = append(a.ICMPCodes, c)
	}
	sort.Slice(a.ICMPCodes, func(i, j int) bool { return a.ICMPCodes[i] < a.ICMPCodes[j] })
	for _, id := range d.ENIOut {
		a.Starts = append(a.Starts, id)
	}
	a.Starts = append(a.Starts, d.Internet)
	for _, id := range d.OnPrem {
		a.Starts = append(a.Starts, id)
	}
	sort.Slice(a.Starts, func(i, j int) bool { return a.Starts[i] < a.Starts[j] })
	return a
}

func sortAddrs(as []netip.Addr) { sort.Slice(as, func(i, j int) bool { return as[i].Less(as[j]) }) }

// Draw makes a packet from start, on the network's boundaries most of the time.
func (a *Points) Draw(r *rand.Rand, start dataplane.NodeID) packet.Packet {
	var p packet.Packet
	p.Proto = a.Protos[r.IntN(len(a.Protos))]
	switch k := r.IntN(10); {
	case k < 4:
		p.Proto = uint8(model.ProtoTCP)
	case k < 6:
		p.Proto = uint8(model.ProtoUDP)
	}
	v6 := r.IntN(5) == 0 && len(a.Addrs6) > 0
	p.Dst = a.addr(r, v6)
	p.Src = a.source(r, start, v6)
	if model.Protocol(p.Proto).HasPorts() {
		p.DstPort, p.SrcPort = a.port(r), a.port(r)
	} else if r.IntN(20) == 0 {
		// Ports mean nothing outside TCP and UDP; a stray value must not matter.
		p.DstPort, p.SrcPort = a.port(r), a.port(r)
	}
	if model.Protocol(p.Proto).IsICMP() || r.IntN(20) == 0 {
		p.ICMPType = a.ICMPTypes[r.IntN(len(a.ICMPTypes))]
		p.ICMPCode = a.ICMPCodes[r.IntN(len(a.ICMPCodes))]
		if r.IntN(4) == 0 {
			p.ICMPType, p.ICMPCode = uint8(r.IntN(256)), uint8(r.IntN(256))
		}
	}
	return p
}

func (a *Points) port(r *rand.Rand) uint16 {
	if r.IntN(4) == 0 {
		return uint16(r.IntN(65536))
	}
	return a.Ports[r.IntN(len(a.Ports))]
}

// addr draws an address: a boundary (60%), one inside a block the network
// tests (20%), or any (20%).
func (a *Points) addr(r *rand.Rand, v6 bool) netip.Addr {
	pool := a.Addrs4
	if v6 {
		pool = a.Addrs6
	}
	switch k := r.IntN(10); {
	case k < 6 && len(pool) > 0:
		return pool[r.IntN(len(pool))]
	case k < 8 && len(a.Blocks) > 0:
		for range 8 {
			b := a.Blocks[r.IntN(len(a.Blocks))]
			if b.Addr().Is6() == v6 {
				return RandomIn(r, b)
			}
		}
	}
	if v6 {
		return RandomIn(r, netip.MustParsePrefix("::/0"))
	}
	return RandomIn(r, netip.MustParsePrefix("0.0.0.0/0"))
}

// source draws a source address for start: mostly one it may send from.
func (a *Points) source(r *rand.Rand, start dataplane.NodeID, v6 bool) netip.Addr {
	if r.IntN(5) > 0 {
		switch o := a.d.Nodes[start].Component.(type) {
		case *model.NetworkInterface:
			var own []netip.Addr
			for _, x := range a.d.Addrs[o] {
				if x.Is6() == v6 {
					own = append(own, x)
				}
			}
			if len(own) > 0 {
				return own[r.IntN(len(own))]
			}
		case *model.OnPrem:
			var own []netip.Prefix
			for _, b := range o.CIDRs {
				if b.Prefix.Addr().Is6() == v6 {
					own = append(own, b.Prefix)
				}
			}
			if len(own) > 0 {
				return RandomIn(r, own[r.IntN(len(own))])
			}
		}
	}
	return a.addr(r, v6)
}

// RandomIn is a random address of a prefix.
func RandomIn(r *rand.Rand, p netip.Prefix) netip.Addr {
	if p.Addr().Is4() {
		host := uint32(r.Uint64()) &^ netMask4(p.Bits())
		return dataplane.AddrFrom32(dataplane.U32(p.Addr()) | host)
	}
	b := p.Addr().As16()
	for i := range 16 {
		bits := p.Bits() - 8*i
		switch {
		case bits >= 8:
		case bits <= 0:
			b[i] = byte(r.IntN(256))
		default:
			b[i] |= byte(r.IntN(256)) & (0xff >> bits)
		}
	}
	return netip.AddrFrom16(b)
}

// Pick is the sel-th boundary address of the family, moved by delta.
func (a *Points) Pick(sel uint16, delta int8, v6 bool) netip.Addr {
	if !v6 {
		x := dataplane.U32(a.Addrs4[int(sel)%len(a.Addrs4)]) + uint32(int32(delta))
		return dataplane.AddrFrom32(x)
	}
	b := a.Addrs6[int(sel)%len(a.Addrs6)].As16()
	lo := uint64(0)
	for i := 8; i < 16; i++ {
		lo = lo<<8 | uint64(b[i])
	}
	lo += uint64(int64(delta))
	for i := 15; i >= 8; i-- {
		b[i], lo = byte(lo), lo>>8
	}
	return netip.AddrFrom16(b)
}

func netMask4(bits int) uint32 {
	if bits == 0 {
		return 0
	}
	return ^uint32(0) << (32 - bits)
}
