package analyzer

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
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
	node      dataplane.NodeID
	code      dataplane.Code
	delivered bool
}

func keyOf(node dataplane.NodeID, o dataplane.Outcome, delivered bool) outcomeKey {
	if o.Code == dataplane.CodeLoop {
		node = -1
	}
	return outcomeKey{node, o.Code, delivered}
}

// agreement checks one network.
type agreement struct {
	name string
	d    *dataplane.Dataplane
	fast *fastpath.Engine
	sym  *symbolic.Engine
	ops  *symbolic.Space

	mu       sync.Mutex
	explored map[dataplane.NodeID]*exploration
	// Boundary values of the network, for drawing packets.
	*enginetest.Points
}

// exploration is one start explored symbolically.
type exploration struct {
	leaves []symbolic.Leaf
	// groups is the union of the origins of the leaves ending each way;
	// others, built on demand, the union of all the other leaves' origins.
	groups map[outcomeKey]symbolic.Set
	others map[outcomeKey]symbolic.Set
	all    symbolic.Set
	// replies are the reply leaves of each delivered leaf, on demand.
	replies map[int][]symbolic.Leaf
}

func newAgreement(name string, d *dataplane.Dataplane) *agreement {
	an := New(d)
	a := &agreement{name: name, d: d, fast: an.FastPath(), sym: an.Symbolic(), Points: enginetest.Collect(d), explored: map[dataplane.NodeID]*exploration{}}
	a.ops = a.sym.Space()
	return a
}

// explore returns the exploration of start, running it on first use.
func (a *agreement) explore(start dataplane.NodeID) *exploration {
	a.mu.Lock()
	defer a.mu.Unlock()
	if x, ok := a.explored[start]; ok {
		return x
	}
	ops := a.ops
	x := &exploration{leaves: a.sym.Explore(start, ops.All(), false), groups: map[outcomeKey]symbolic.Set{},
		others: map[outcomeKey]symbolic.Set{}, all: ops.None(), replies: map[int][]symbolic.Leaf{}}
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

func (a *agreement) othersOf(x *exploration, k outcomeKey) symbolic.Set {
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

func (a *agreement) repliesOf(x *exploration, i int) []symbolic.Leaf {
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
func (a *agreement) check(start dataplane.NodeID, p packet.Packet) error {
	d, ops := a.d, a.ops
	x := a.explore(start)
	var s fastpath.Sessions
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
	var holding []symbolic.Leaf
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

func (a *agreement) disagreement(what string, start dataplane.NodeID, p packet.Packet, res fastpath.Result, leaves []symbolic.Leaf) error {
	var b strings.Builder
	o := res.Explained()
	fmt.Fprintf(&b, "%s: %s %s from %s (node %d): fast path ends %s at node %d (%s), delivered=%v\n", a.name, what, p, a.d.Nodes[start].Label, start,
		o.Code, res.Node, o.Message, res.Delivered)
	var sess fastpath.Sessions
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

// run checks n packets spread over every start and fails on the first
// disagreements.
func (a *agreement) run(t *testing.T, n int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	failures := 0
	hit := map[dataplane.NodeID]map[outcomeKey]bool{}
	for i := range n {
		start := a.Starts[i%len(a.Starts)]
		p := a.Draw(r, start)
		if hit[start] == nil {
			hit[start] = map[outcomeKey]bool{}
		}
		var s fastpath.Sessions
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
	t.Logf("%s: %d packets from %d starts, %d disagreements; they ended %d of the %d ways paths end", a.name, n, len(a.Starts), failures, reached, ways)
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
			a := newAgreement(ex.Name, enginetest.Load(t, load.ExamplePrefix+ex.Name))
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
		// The unfiltered Amazon services (compile_services.go).
		{"testdata/cases/services.net.hcl"},
		{"testdata/cases/hostless.net.hcl"},
		{"testdata/loadbalancer/loadbalancer.net.hcl"},
		{"testdata/nlb-peering.net.hcl"},
		{"testdata/nlb-preserved/nlb-preserved.net.hcl"},
		// Network Firewall policies (compile_firewall.go).
		{"testdata/firewall/firewall.net.hcl"},
		{"testdata/firewall-suricata/firewall-suricata.net.hcl"},
		{"testdata/firewall-stateless/firewall-stateless.net.hcl"},
		{"testdata/firewall-tf"},
		// Gateway Load Balancer endpoints: judged appliances (compile_gwlb.go).
		{"testdata/gwlb/gwlb.net.hcl"},
		{"testdata/gwlb-tf"},
		{"testdata/gwlb-snapshot"},
		{"../cmd/vpcheck/testdata/snapshot-nlb"},
		// A Network Firewall snapshot (model/load/awsjson/firewall.go).
		{"../cmd/vpcheck/testdata/snapshot-firewall"},
		// Network-only Terraform: public subnets' hypothetical hosts.
		{"testdata/network-only"},
	} {
		name := strings.Join(files, "+")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := newAgreement(name, enginetest.Load(t, files...))
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
			a := newAgreement(dir.Name(), enginetest.Load(t, configs))
			a.run(t, packetsToCheck(), 3)
		})
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
		out = append(out, newAgreement(ex.Name, dataplane.Compile(net)))
	}
	net, diags := load.Paths([]string{"testdata/demo.net.hcl"}, load.Options{})
	if diags.HasErrors() {
		panic(diags.Error())
	}
	return append(out, newAgreement("demo", dataplane.Compile(net)))
})

// FuzzAgreement holds the engines to one answer on packets the fuzzer
// builds. Addresses are chosen among the network's boundaries (sel) and
// moved by delta, so that mutations stay where decisions change; a source
// selector divisible by 4 sends from the start's own address.
//
//	go test ./analyzer -run '^$' -fuzz FuzzAgreement -fuzztime 1m
func FuzzAgreement(f *testing.F) {
	f.Add(uint8(0), uint16(0), uint8(model.ProtoTCP), uint16(0), int8(0), uint16(1), int8(0), uint16(49152), uint16(443), uint8(0), uint8(0), false)
	f.Fuzz(func(t *testing.T, network uint8, start uint16, proto uint8, srcSel uint16, srcDelta int8,
		dstSel uint16, dstDelta int8, srcPort, dstPort uint16, icmpType, icmpCode uint8, v6 bool) {
		nets := fuzzNetworks()
		a := nets[int(network)%len(nets)]
		from := a.Starts[int(start)%len(a.Starts)]
		if v6 && len(a.Addrs6) == 0 {
			v6 = false
		}
		p := packet.Packet{Proto: proto, SrcPort: srcPort, DstPort: dstPort, ICMPType: icmpType, ICMPCode: icmpCode}
		p.Dst = a.Pick(dstSel, dstDelta, v6)
		p.Src = a.Pick(srcSel, srcDelta, v6)
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

// TestReachCatchesCorruptedDataplane: reach replays its witness on the fast
// path, so engines that disagree make it fail with an AgreementError rather
// than answer. The disagreement is planted by emptying a security group
// filter after the symbolic engine has cached what it allows: the symbolic
// engine still delivers, the fast path (whose compact copy the analyzer
// builds on first use, after the change) denies.
func TestReachCatchesCorruptedDataplane(t *testing.T) {
	d := enginetest.Load(t, "testdata/demo.net.hcl")
	an := New(d)
	sym := an.Symbolic()
	web, app := enginetest.ENIOf(t, d, "web-1"), enginetest.ENIOf(t, d, "app-1")
	sym.Explore(d.ENIOut[web], sym.Space().All(), false)
	d.SGFilter(app, dataplane.SGIngress).Rules = nil

	_, err := an.Reach(Query{From: "web-1", To: "app-1", Protocol: model.ProtoTCP, Ports: ports(8080, 8080)})
	var agree *AgreementError
	if !errors.As(err, &agree) {
		t.Fatalf("Reach on a corrupted data plane: err = %v, want an AgreementError", err)
	}
	if agree.Got.Code != dataplane.CodeSGIngressDeny {
		t.Errorf("the fast path should say %s, got %s (%s)", dataplane.CodeSGIngressDeny, agree.Got.Code, agree.Got.Message)
	}
}

// TestAgreementFirewallSweep holds the engines to one answer, replies
// included, on every TCP and UDP packet from each start to each boundary
// address and port of the Network Firewall networks: a reply whose request
// bypassed the stateful engine is decided by reply filters both engines
// must evaluate (compile_firewall.go), and random drawing meets those
// packets too rarely to catch a disagreement.
func TestAgreementFirewallSweep(t *testing.T) {
	for _, file := range []string{"testdata/firewall-stateless/firewall-stateless.net.hcl", "testdata/firewall/firewall.net.hcl", "../cmd/vpcheck/testdata/snapshot-firewall"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			a := newAgreement(file, enginetest.Load(t, file))
			n, failures := 0, 0
			for _, start := range a.Starts {
				for _, dst := range a.Addrs4 {
					for _, port := range a.Ports {
						for _, proto := range []model.Protocol{model.ProtoTCP, model.ProtoUDP} {
							p := packet.Packet{Proto: uint8(proto), Dst: dst, DstPort: port, SrcPort: 49152}
							p.Src = netip.MustParseAddr("198.51.100.10")
							if e, ok := a.d.Nodes[start].Component.(*model.NetworkInterface); ok && len(a.d.Addrs[e]) > 0 {
								p.Src = a.d.Addrs[e][0]
							}
							n++
							if err := a.check(start, p); err != nil {
								t.Error(err)
								if failures++; failures >= 5 {
									t.Fatalf("stopping after %d disagreements", failures)
								}
							}
						}
					}
				}
			}
			t.Logf("%s: %d packets swept", file, n)
		})
	}
}
