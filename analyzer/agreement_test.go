package analyzer

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// The fast path and the symbolic engine interpret one data plane; these
// tests hold them to the same answer. For every network, every start (each
// sending ENI, the internet, each on-premises site) is explored once
// symbolically with every packet; then many concrete packets, drawn to sit
// on the boundaries where decisions change, are walked on the fast path,
// and each must lie in the origin of exactly the symbolic leaves that end
// the way the walk ended (same code, same node, delivered or not) — and in
// no leaf that ends another way. The origin is the packets as the source
// sent them, so a NAT gateway's concrete choice of source port does not
// matter. Delivered packets' replies are compared the same way.

// agreementPackets is the number of packets per network (fewer with -short).
const agreementPackets = 100_000

// outcomeKey is how a path ended, as both engines can say it. Loops are
// compared by code alone: the fast path stops after MaxHops wherever it
// is, the symbolic engine where the path first comes back.
type outcomeKey struct {
	node      NodeID
	code      Code
	delivered bool
}

func keyOf(node NodeID, o Outcome, delivered bool) outcomeKey {
	if o.Code == CodeLoop {
		node = -1
	}
	return outcomeKey{node, o.Code, delivered}
}

// agreement checks one network.
type agreement struct {
	name string
	d    *Dataplane
	fast *FastPath
	sym  *Symbolic
	ops  *Space

	mu       sync.Mutex
	explored map[NodeID]*exploration
	// Boundary values of the network, for drawing packets.
	addrs4, addrs6 []netip.Addr
	blocks         []netip.Prefix
	ports          []uint16
	protos         []uint8
	icmpTypes      []uint8
	icmpCodes      []uint8
	starts         []NodeID
}

// exploration is one start explored symbolically.
type exploration struct {
	leaves []Leaf
	// groups is the union of the origins of the leaves ending each way;
	// others, built on demand, the union of all the other leaves' origins.
	groups map[outcomeKey]Set
	others map[outcomeKey]Set
	all    Set
	// replies are the reply leaves of each delivered leaf, on demand.
	replies map[int][]Leaf
}

func newAgreement(name string, d *Dataplane) *agreement {
	an := New(d)
	a := &agreement{name: name, d: d, fast: an.FastPath(), sym: an.Symbolic(), explored: map[NodeID]*exploration{}}
	a.ops = a.sym.ops
	a.collect()
	return a
}

// collect gathers the network's boundaries: every prefix any table, guard
// or rule tests, every address the network assigns, every port a rule names.
func (a *agreement) collect() {
	d := a.d
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
	seen := map[*Filter]bool{}
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
				if r.Proto != model.ProtoAll {
					protos[uint8(r.Proto)] = true
				}
				for _, x := range []uint16{r.Ports.From, r.Ports.To} {
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
		a.blocks = append(a.blocks, p)
		first := p.Addr()
		last := lastAddr(p)
		for _, x := range []netip.Addr{first, last, first.Prev(), last.Next()} {
			if x.IsValid() {
				addrs[x] = true
			}
		}
	}
	for x := range addrs {
		if x.Is4() {
			a.addrs4 = append(a.addrs4, x)
		} else {
			a.addrs6 = append(a.addrs6, x)
		}
	}
	sortAddrs(a.addrs4)
	sortAddrs(a.addrs6)
	sort.Slice(a.blocks, func(i, j int) bool { return a.blocks[i].String() < a.blocks[j].String() })
	for p := range ports {
		a.ports = append(a.ports, p)
	}
	sort.Slice(a.ports, func(i, j int) bool { return a.ports[i] < a.ports[j] })
	for p := range protos {
		a.protos = append(a.protos, p)
	}
	sort.Slice(a.protos, func(i, j int) bool { return a.protos[i] < a.protos[j] })
	for t := range types {
		a.icmpTypes = append(a.icmpTypes, t)
	}
	sort.Slice(a.icmpTypes, func(i, j int) bool { return a.icmpTypes[i] < a.icmpTypes[j] })
	for c := range codes {
		a.icmpCodes = append(a.icmpCodes, c)
	}
	sort.Slice(a.icmpCodes, func(i, j int) bool { return a.icmpCodes[i] < a.icmpCodes[j] })
	for _, id := range d.ENIOut {
		a.starts = append(a.starts, id)
	}
	a.starts = append(a.starts, d.Internet)
	for _, id := range d.OnPrem {
		a.starts = append(a.starts, id)
	}
	sort.Slice(a.starts, func(i, j int) bool { return a.starts[i] < a.starts[j] })
}

func sortAddrs(as []netip.Addr) { sort.Slice(as, func(i, j int) bool { return as[i].Less(as[j]) }) }

func lastAddr(p netip.Prefix) netip.Addr {
	s := spanOf(p, 0)
	if p.Addr().Is4() {
		return addrFrom32(uint32(s.last.lo))
	}
	var b [16]byte
	for i := range 8 {
		b[i] = byte(s.last.hi >> (56 - 8*i))
		b[8+i] = byte(s.last.lo >> (56 - 8*i))
	}
	return netip.AddrFrom16(b)
}

// explore returns the exploration of start, running it on first use.
func (a *agreement) explore(start NodeID) *exploration {
	a.mu.Lock()
	defer a.mu.Unlock()
	if x, ok := a.explored[start]; ok {
		return x
	}
	ops := a.ops
	x := &exploration{leaves: a.sym.Explore(start, ops.All(), false), groups: map[outcomeKey]Set{},
		others: map[outcomeKey]Set{}, all: ops.None(), replies: map[int][]Leaf{}}
	for _, l := range x.leaves {
		k := keyOf(l.Node, l.Outcome, l.Delivered)
		g, ok := x.groups[k]
		if !ok {
			g = ops.None()
		}
		x.groups[k] = ops.Union(g, l.Origin)
		x.all = ops.Union(x.all, l.Origin)
	}
	a.explored[start] = x
	return x
}

func (a *agreement) othersOf(x *exploration, k outcomeKey) Set {
	a.mu.Lock()
	defer a.mu.Unlock()
	if o, ok := x.others[k]; ok {
		return o
	}
	o := a.ops.None()
	for k2, g := range x.groups {
		if k2 != k {
			o = a.ops.Union(o, g)
		}
	}
	x.others[k] = o
	return o
}

func (a *agreement) repliesOf(x *exploration, i int) []Leaf {
	a.mu.Lock()
	defer a.mu.Unlock()
	if r, ok := x.replies[i]; ok {
		return r
	}
	r := a.sym.ExploreReply(x.leaves[i])
	x.replies[i] = r
	return r
}

// check walks p from start on the fast path and compares with the
// symbolic leaves; it returns a description of any disagreement.
func (a *agreement) check(start NodeID, p packet.Packet) error {
	d, ops := a.d, a.ops
	x := a.explore(start)
	var s Sessions
	res := a.fast.Forward(start, p, &s, false)
	k := keyOf(res.Node, res.Outcome, res.Delivered)
	if g, ok := x.groups[k]; !ok || !ops.Contains(g, p) || ops.Contains(a.othersOf(x, k), p) {
		return a.disagreement("forward", start, p, res, x.leaves)
	}
	// The leaf the packet took must hold the packet as it arrived.
	leaf := -1
	for i, l := range x.leaves {
		if keyOf(l.Node, l.Outcome, l.Delivered) == k && ops.Contains(l.Origin, p) && ops.Contains(l.Set, res.Final) {
			leaf = i
			break
		}
	}
	if leaf < 0 {
		return a.disagreement("forward (no leaf holds the packet as it arrived)", start, p, res, x.leaves)
	}
	if !res.Delivered || d.Nodes[res.Node].ReplyFrom < 0 {
		return nil
	}
	from := d.Nodes[res.Node].ReplyFrom
	q := res.Final.Reply()
	back := a.fast.Reply(from, q, &s, false)
	bk := keyOf(back.Node, back.Outcome, back.Delivered)
	var matched, contradicted bool
	var holding []Leaf
	for _, l := range a.repliesOf(x, leaf) {
		if !ops.Contains(l.Origin, q) || !ops.Contains(l.Set, back.Final) {
			continue
		}
		holding = append(holding, l)
		if keyOf(l.Node, l.Outcome, l.Delivered) == bk {
			matched = true
		} else {
			contradicted = true
		}
	}
	if !matched || contradicted {
		return a.disagreement(fmt.Sprintf("reply %s of forward %s", q, p), from, q, back, holding)
	}
	return nil
}

func (a *agreement) disagreement(what string, start NodeID, p packet.Packet, res Result, leaves []Leaf) error {
	var b strings.Builder
	o := res.Explained()
	fmt.Fprintf(&b, "%s: %s %s from %s (node %d): fast path ends %s at node %d (%s), delivered=%v\n", a.name, what, p, a.d.Nodes[start].Label, start,
		o.Code, res.Node, o.Message, res.Delivered)
	var sess Sessions
	trace := a.fast.Forward(start, p, &sess, true)
	for _, h := range trace.Hops {
		fmt.Fprintf(&b, "    fast hop: %s via %s %s\n", a.d.Nodes[h.Node].Label, a.d.Edges[h.Edge].Via, h.Rewrite)
	}
	for _, l := range leaves {
		if a.ops.Contains(l.Origin, p) {
			fmt.Fprintf(&b, "  symbolic leaf holding it: %s at node %d (%s) delivered=%v\n", l.Outcome.Code, l.Node, l.Outcome.Message, l.Delivered)
			for _, st := range l.Path {
				fmt.Fprintf(&b, "    symbolic step: %s\n", a.d.Edges[st.Edge].Via)
			}
		}
	}
	return fmt.Errorf("%s", b.String())
}

// draw makes a packet from start, on the network's boundaries most of the time.
func (a *agreement) draw(r *rand.Rand, start NodeID) packet.Packet {
	var p packet.Packet
	p.Proto = a.protos[r.IntN(len(a.protos))]
	switch k := r.IntN(10); {
	case k < 4:
		p.Proto = 6
	case k < 6:
		p.Proto = 17
	}
	v6 := r.IntN(5) == 0 && len(a.addrs6) > 0
	p.Dst = a.addr(r, v6)
	p.Src = a.source(r, start, v6)
	if model.Protocol(p.Proto).HasPorts() {
		p.DstPort, p.SrcPort = a.port(r), a.port(r)
	} else if r.IntN(20) == 0 {
		// Ports mean nothing outside TCP and UDP; a stray value must not matter.
		p.DstPort, p.SrcPort = a.port(r), a.port(r)
	}
	if model.Protocol(p.Proto).IsICMP() || r.IntN(20) == 0 {
		p.ICMPType = a.icmpTypes[r.IntN(len(a.icmpTypes))]
		p.ICMPCode = a.icmpCodes[r.IntN(len(a.icmpCodes))]
		if r.IntN(4) == 0 {
			p.ICMPType, p.ICMPCode = uint8(r.IntN(256)), uint8(r.IntN(256))
		}
	}
	return p
}

func (a *agreement) port(r *rand.Rand) uint16 {
	if r.IntN(4) == 0 {
		return uint16(r.IntN(65536))
	}
	return a.ports[r.IntN(len(a.ports))]
}

// addr draws an address: a boundary (60%), one inside a block the network
// tests (20%), or any (20%).
func (a *agreement) addr(r *rand.Rand, v6 bool) netip.Addr {
	pool := a.addrs4
	if v6 {
		pool = a.addrs6
	}
	switch k := r.IntN(10); {
	case k < 6 && len(pool) > 0:
		return pool[r.IntN(len(pool))]
	case k < 8 && len(a.blocks) > 0:
		for range 8 {
			b := a.blocks[r.IntN(len(a.blocks))]
			if b.Addr().Is6() == v6 {
				return randomIn(r, b)
			}
		}
	}
	if v6 {
		return randomIn(r, netip.MustParsePrefix("::/0"))
	}
	return randomIn(r, netip.MustParsePrefix("0.0.0.0/0"))
}

// source draws a source address for start: mostly one it may send from.
func (a *agreement) source(r *rand.Rand, start NodeID, v6 bool) netip.Addr {
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
				return randomIn(r, own[r.IntN(len(own))])
			}
		}
	}
	return a.addr(r, v6)
}

func randomIn(r *rand.Rand, p netip.Prefix) netip.Addr {
	if p.Addr().Is4() {
		host := uint32(r.Uint64()) &^ mask4(p.Bits())
		return addrFrom32(u32(p.Addr()) | host)
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

// run checks n packets spread over every start and fails on the first
// disagreements.
func (a *agreement) run(t *testing.T, n int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	failures := 0
	hit := map[NodeID]map[outcomeKey]bool{}
	for i := range n {
		start := a.starts[i%len(a.starts)]
		p := a.draw(r, start)
		if hit[start] == nil {
			hit[start] = map[outcomeKey]bool{}
		}
		var s Sessions
		res := a.fast.Forward(start, p, &s, false)
		hit[start][keyOf(res.Node, res.Outcome, res.Delivered)] = true
		if err := a.check(start, p); err != nil {
			t.Error(err)
			if failures++; failures >= 5 {
				t.Fatalf("%s: stopping after %d disagreements in %d packets", a.name, failures, i+1)
			}
		}
	}
	// How many of the ways a path can end the packets reached: a check of
	// the drawing, not of the engines.
	ways, reached := 0, 0
	for start, x := range a.explored {
		for k, g := range x.groups {
			if !a.ops.IsEmpty(g) {
				ways++
				if hit[start][k] {
					reached++
				}
			}
		}
	}
	t.Logf("%s: %d packets from %d starts, %d disagreements; they ended %d of the %d ways paths end", a.name, n, len(a.starts), failures, reached, ways)
}

func packetsToCheck() int {
	if testing.Short() {
		return agreementPackets / 10
	}
	return agreementPackets
}

// TestAgreementExamples holds the engines to one answer on every embedded example.
func TestAgreementExamples(t *testing.T) {
	for _, ex := range fixtures.Examples() {
		t.Run(ex.Name, func(t *testing.T) {
			t.Parallel()
			a := newAgreement(ex.Name, loadDataplane(t, load.ExamplePrefix+ex.Name))
			a.run(t, packetsToCheck(), 1)
		})
	}
}

// TestAgreementTestdata does the same on the analyzer's own test networks.
func TestAgreementTestdata(t *testing.T) {
	for _, files := range [][]string{
		{"testdata/demo.net.hcl"},
		{"testdata/demo.net.hcl", "testdata/asymmetric.net.hcl"},
		{"testdata/overlap.net.hcl"},
	} {
		name := strings.Join(files, "+")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := newAgreement(name, loadDataplane(t, files...))
			a.run(t, packetsToCheck()/4, 2)
		})
	}
}

// TestAgreementCorpus does the same on the Batfish AWS snapshots, when the
// corpus is beside the repository (../shared/corpus/batfish-aws).
func TestAgreementCorpus(t *testing.T) {
	corpus := filepath.Join("..", "..", "shared", "corpus", "batfish-aws")
	dirs, err := os.ReadDir(corpus)
	if err != nil {
		t.Skipf("no Batfish corpus at %s", corpus)
	}
	for _, dir := range dirs {
		configs := filepath.Join(corpus, dir.Name(), "aws_configs")
		if _, err := os.Stat(configs); err != nil {
			continue
		}
		t.Run(dir.Name(), func(t *testing.T) {
			t.Parallel()
			a := newAgreement(dir.Name(), loadDataplane(t, configs))
			a.run(t, packetsToCheck(), 3)
		})
	}
}

// TestPlaneAgreesWithReference checks the fast path's compact copy of
// tables, guards and filters against Table.Lookup's definition,
// Guard.Pass and Filter.Eval, packet by packet.
func TestPlaneAgreesWithReference(t *testing.T) {
	for _, ex := range fixtures.Examples() {
		d := loadDataplane(t, load.ExamplePrefix+ex.Name)
		a := newAgreement(ex.Name, d)
		fp := NewFastPath(d)
		r := rand.New(rand.NewPCG(5, 6))
		for range 20_000 {
			start := a.starts[r.IntN(len(a.starts))]
			p := a.draw(r, start)
			for n := range d.Nodes {
				if t0 := d.Nodes[n].Table; t0 != nil {
					got := NoEdge
					if es := fp.lookup(&fp.nodes[fp.slotOf[n]], p.Dst); es >= 0 {
						got = fp.edgeOf[es]
					}
					if want := naiveLookup(t0.Entries, p.Dst); got != want {
						t.Fatalf("%s: node %d lookup %s = %d, want %d", ex.Name, n, p.Dst, got, want)
					}
				}
			}
			for es, e := range fp.edgeOf {
				edge, fe := &d.Edges[e], &fp.edges[es]
				if fp.nodeOf[fe.to] != edge.To {
					t.Fatalf("%s: edge %d leads to %d, want %d", ex.Name, e, fp.nodeOf[fe.to], edge.To)
				}
				for i := range edge.Guards {
					if got, want := fp.guards[int(fe.guard)+i].pass(fp, &p), edge.Guards[i].Pass(&p); got != want {
						t.Fatalf("%s: edge %d guard %d on %s: %v, want %v", ex.Name, e, i, p, got, want)
					}
				}
				for i, f := range edge.Filters {
					ff := &fe.first
					if i > 0 {
						ff = &fp.moreFilters[int(fe.more)+i-1]
					}
					gotOK, gotRule := ff.eval(fp, &p)
					wantOK, wantRule := f.Eval(&p)
					if gotOK != wantOK || gotRule != wantRule {
						t.Fatalf("%s: edge %d filter %s on %s: (%v, %d), want (%v, %d)", ex.Name, e, f.Kind, p, gotOK, gotRule, wantOK, wantRule)
					}
				}
			}
		}
	}
}

// fuzzNetworks are the networks FuzzAgreement draws from: the embedded
// examples, by name, then the demo network.
var fuzzNetworks = sync.OnceValue(func() []*agreement {
	var out []*agreement
	for _, ex := range fixtures.Examples() {
		net, diags := load.Paths([]string{load.ExamplePrefix + ex.Name}, load.Options{})
		if diags.HasErrors() {
			panic(diags.Error())
		}
		out = append(out, newAgreement(ex.Name, Compile(net)))
	}
	net, diags := load.Paths([]string{"testdata/demo.net.hcl"}, load.Options{})
	if diags.HasErrors() {
		panic(diags.Error())
	}
	return append(out, newAgreement("demo", Compile(net)))
})

// FuzzAgreement holds the engines to one answer on packets the fuzzer
// builds. Addresses are chosen among the network's boundaries (sel) and
// moved by delta, so that mutations stay where decisions change; a source
// selector divisible by 4 sends from the start's own address.
//
//	go test ./analyzer -run '^$' -fuzz FuzzAgreement -fuzztime 1m
func FuzzAgreement(f *testing.F) {
	f.Add(uint8(0), uint16(0), uint8(6), uint16(0), int8(0), uint16(1), int8(0), uint16(49152), uint16(443), uint8(0), uint8(0), false)
	f.Fuzz(func(t *testing.T, network uint8, start uint16, proto uint8, srcSel uint16, srcDelta int8,
		dstSel uint16, dstDelta int8, srcPort, dstPort uint16, icmpType, icmpCode uint8, v6 bool) {
		nets := fuzzNetworks()
		a := nets[int(network)%len(nets)]
		from := a.starts[int(start)%len(a.starts)]
		if v6 && len(a.addrs6) == 0 {
			v6 = false
		}
		p := packet.Packet{Proto: proto, SrcPort: srcPort, DstPort: dstPort, ICMPType: icmpType, ICMPCode: icmpCode}
		p.Dst = a.pick(dstSel, dstDelta, v6)
		p.Src = a.pick(srcSel, srcDelta, v6)
		if srcSel%4 == 0 {
			if e, ok := a.d.Nodes[from].Component.(*model.NetworkInterface); ok {
				for _, x := range a.d.Addrs[e] {
					if x.Is6() == v6 {
						p.Src = x
						break
					}
				}
			}
		}
		if err := a.check(from, p); err != nil {
			t.Fatal(err)
		}
	})
}

// pick is the sel-th boundary address of the family, moved by delta.
func (a *agreement) pick(sel uint16, delta int8, v6 bool) netip.Addr {
	if !v6 {
		x := u32(a.addrs4[int(sel)%len(a.addrs4)]) + uint32(int32(delta))
		return addrFrom32(x)
	}
	b := a.addrs6[int(sel)%len(a.addrs6)].As16()
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

// TestReachCatchesCorruptedDataplane: reach replays its witness on the fast
// path, so engines that disagree make it fail with an AgreementError rather
// than answer. The disagreement is planted by emptying a security group
// filter after the symbolic engine has cached what it allows: the symbolic
// engine still delivers, the fast path (whose compact copy the analyzer
// builds on first use, after the change) denies.
func TestReachCatchesCorruptedDataplane(t *testing.T) {
	d := loadDataplane(t, "testdata/demo.net.hcl")
	an := New(d)
	sym := an.Symbolic()
	web, app := eniOf(t, d, "web-1"), eniOf(t, d, "app-1")
	sym.Explore(d.ENIOut[web], sym.ops.All(), false)
	d.SGFilter(app, SGIngress).Rules = nil

	_, err := an.Reach(Query{From: "web-1", To: "app-1", Protocol: model.ProtoTCP, Ports: ports(8080, 8080)})
	var agree *AgreementError
	if !errors.As(err, &agree) {
		t.Fatalf("Reach on a corrupted data plane: err = %v, want an AgreementError", err)
	}
	if agree.Got.Code != CodeSGIngressDeny {
		t.Errorf("the fast path should say %s, got %s (%s)", CodeSGIngressDeny, agree.Got.Code, agree.Got.Message)
	}
}

// TestPlaneLookupLargeTables checks the sampled lookup of large tables
// (the internet's public addresses, transit gateway route tables) on a
// generated network, at every entry's edges and at random.
func TestPlaneLookupLargeTables(t *testing.T) {
	d := generatedDataplane(t, 60)
	fp := NewFastPath(d)
	r := rand.New(rand.NewPCG(3, 4))
	large := 0
	for n := range d.Nodes {
		tab := d.Nodes[n].Table
		if tab == nil || len(tab.v4Start) <= linearMax {
			continue
		}
		large++
		var probes []netip.Addr
		for _, e := range tab.Entries {
			if e.Prefix.Addr().Is4() {
				first, last := e.Prefix.Masked().Addr(), lastAddr(e.Prefix)
				probes = append(probes, first, last, first.Prev(), last.Next())
			}
		}
		for range 1000 {
			probes = append(probes, addrFrom32(uint32(r.Uint64())))
		}
		for _, a := range probes {
			if !a.IsValid() || !a.Is4() {
				continue
			}
			got := NoEdge
			if es := fp.lookup(&fp.nodes[fp.slotOf[n]], a); es >= 0 {
				got = fp.edgeOf[es]
			}
			if want := naiveLookup(tab.Entries, a); got != want {
				t.Fatalf("node %d (%s, %d ranges): lookup %s = %d, want %d", n, d.Nodes[n].Label, len(tab.v4Start), a, got, want)
			}
		}
	}
	if large == 0 {
		t.Fatal("no large table to test")
	}
}
