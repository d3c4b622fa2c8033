package analyzer

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// The outcomes Batfish observed on real AWS deployments
// (../shared/corpus/README.md), one test per row of its table, through
// both engines: the symbolic answer (Reach) and one concrete packet on the
// fast path (Forward, and Reply where the row speaks of the reply).
//
// "Delivered, denied by SG" rows: every destination in these snapshots
// keeps a launch-wizard group that admits tcp/22 from anywhere and nothing
// else, so the row is two facts here: a tcp/80 packet is routed to the
// destination and denied there (SG_INGRESS_DENY at the instance), and
// tcp/22 arrives along the route the row describes.

// corpusRoot returns ../shared/corpus/batfish-aws beside the repository
// root, skipping the test when it is absent (a clone elsewhere has no
// ../shared).
func corpusRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("skipping: no go.mod above the test directory, so no ../shared/corpus to find")
		}
		dir = parent
	}
	root := filepath.Join(dir, "..", "shared", "corpus", "batfish-aws")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("skipping: the Batfish AWS corpus is not at %s (only a checkout beside shared/ has it)", root)
	}
	return root
}

// corpusRow is one row of the corpus README's table.
type corpusRow struct {
	scenario string
	// row is the README's words for the flow and outcome.
	row      string
	from, to string
	proto    model.Protocol
	port     string

	reachable bool
	// code and component (a name or AWS id): the first blocker of an
	// unreachable answer, and the fast path's outcome for the packet.
	code      dataplane.Code
	component string
	// via: components the witness passes, in order, each a label
	// ("internet"), a name or an AWS id; a transit gateway's id also
	// matches its attachments and route tables.
	via []string
	// ret is checked when non-empty (rows that speak of the reply).
	ret string
	// arrivesFrom: the witness's source address as it arrives.
	arrivesFrom string
	// why explains a verdict that reads differently from the README's
	// words (the README states Batfish's model; the doc is AWS's).
	why string
	bug string
	// fastCode, when set, is the fast path's outcome where it differs from
	// the first blocker's code (a packet that leaves to the internet).
	fastCode dataplane.Code
}

// vpnGatewayOnPrem is the on-premises side of test-vpn-gateway, which the
// snapshot does not describe.
const vpnGatewayOnPrem = "testdata/cases/corpus-vpn-gateway-onprem.net.hcl"

var corpusRows = []corpusRow{
	{scenario: "test-subnet", row: "i-08ef86e76fceabd8d -> 10.10.1.44 (same subnet): delivered, denied by SG",
		from: "i-08ef86e76fceabd8d", to: "10.10.1.44", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeSGIngressDeny, component: "i-07519d6ba3f9497e4"},
	{scenario: "test-subnet", row: "i-08ef86e76fceabd8d -> 10.10.1.44: the routing delivers (tcp/22, which the group admits)",
		from: "i-08ef86e76fceabd8d", to: "10.10.1.44", proto: model.ProtoTCP, port: "22",
		reachable: true, via: []string{"eni-010f649a7fc5c1e34", "eni-029bf1092de61fb40"}},
	{scenario: "test-subnet", row: "i-08ef86e76fceabd8d -> 10.10.0.1 (in the VPC block, in no subnet): dropped in the VPC",
		from: "i-08ef86e76fceabd8d", to: "10.10.0.1", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeNoSubnet, component: "vpc-062867d29dbf9386f"},

	{scenario: "test-public-subnet", row: "internet 8.8.8.8 -> 18.216.80.133 tcp/80: IGW translates to 10.0.0.91, delivered, denied by SG",
		from: "8.8.8.8", to: "18.216.80.133", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeSGIngressDeny, component: "i-06669a407b2ef3ae5"},
	{scenario: "test-public-subnet", row: "internet 8.8.8.8 -> 18.216.80.133: the gateway translates to 10.0.0.91 (tcp/22)",
		from: "8.8.8.8", to: "18.216.80.133", proto: model.ProtoTCP, port: "22",
		reachable: true, via: []string{"internet", "igw-0a409e562d251f766", "i-06669a407b2ef3ae5"}},
	{scenario: "test-public-subnet", row: "i-06669a407b2ef3ae5 -> 8.8.8.8 any flow: exits through igw-0a409e562d251f766 with source 18.216.80.133",
		from: "i-06669a407b2ef3ae5", to: "8.8.8.8", proto: model.ProtoAll,
		reachable: true, via: []string{"igw-0a409e562d251f766", "internet"}, arrivesFrom: "18.216.80.133"},
	{scenario: "test-public-subnet", row: "10.0.0.92 (no public IP) -> 8.8.8.8 tcp/80: dropped at the IGW",
		from: "10.0.0.92", to: "8.8.8.8", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeIGWNoPublicIP, component: "igw-0a409e562d251f766"},
	{scenario: "test-public-subnet", row: "internet -> 10.0.0.91 (a private address): not routed to the VPC",
		from: "internet", to: "10.0.0.91", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeNoRoute, fastCode: dataplane.CodeExitsNetwork,
		why: "the concrete packet stays on the internet: no VPC is reached through 10.0.0.91"},

	{scenario: "test-public-private-subnet", row: "i-099cf38911942421c (private) -> 8.8.8.8: default route to the VGW, on-prem does not carry it",
		from: "i-099cf38911942421c", to: "8.8.8.8", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeVGWNoRoute, component: "vgw-070087240d6fa2989"},
	{scenario: "test-public-private-subnet", row: "i-099cf38911942421c -> 13.58.55.60 (public IP of the public instance): goes towards the VGW",
		from: "i-099cf38911942421c", to: "13.58.55.60", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeVGWNoRoute, component: "vgw-070087240d6fa2989"},
	{scenario: "test-public-private-subnet", row: "i-099cf38911942421c -> 10.0.0.47: delivered, denied by SG",
		from: "i-099cf38911942421c", to: "10.0.0.47", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeSGIngressDeny, component: "i-094a9e5b545a4fde4"},
	{scenario: "test-public-private-subnet", row: "i-099cf38911942421c -> 10.0.0.47: the local route delivers (tcp/22)",
		from: "i-099cf38911942421c", to: "10.0.0.47", proto: model.ProtoTCP, port: "22",
		reachable: true, via: []string{"eni-07c1506e49d784fe0", "eni-09da8cad43844dc1f"}},
	{scenario: "test-public-private-subnet", row: "i-094a9e5b545a4fde4 -> 8.8.8.8: exits through igw-0eac198308206c358",
		from: "i-094a9e5b545a4fde4", to: "8.8.8.8", proto: model.ProtoAll,
		reachable: true, via: []string{"igw-0eac198308206c358", "internet"}, arrivesFrom: "13.58.55.60"},
	{scenario: "test-public-private-subnet", row: "i-094a9e5b545a4fde4 -> 19.168.0.1: to the internet (no route to the VGW in the public subnet)",
		from: "i-094a9e5b545a4fde4", to: "19.168.0.1", proto: model.ProtoAll,
		reachable: true, via: []string{"igw-0eac198308206c358", "internet"}},
	{scenario: "test-public-private-subnet", row: "i-099cf38911942421c -> 19.168.0.1: leaves through the VGW over the VPN",
		from: "i-099cf38911942421c", to: "19.168.0.1", proto: model.ProtoAll,
		reachable: true, via: []string{"vgw-070087240d6fa2989", "vpn-05044757278685fd3"}},

	{scenario: "test-nat-gateway", row: "i-0a128d26e59be60f3 -> 8.8.8.8 tcp/80: through the NAT gateway (10.1.250.210, then 3.135.127.225 at the IGW), reply the same way",
		from: "i-0a128d26e59be60f3", to: "8.8.8.8", proto: model.ProtoTCP, port: "80",
		reachable: true, ret: ReturnOK, via: []string{"nat-07ab4846da51f4612", "internet"}, arrivesFrom: "3.135.127.225"},
	{scenario: "test-nat-gateway", row: "i-0a128d26e59be60f3 -> 8.8.8.8, protocol other than TCP/UDP/ICMP: dropped at the NAT gateway",
		from: "i-0a128d26e59be60f3", to: "8.8.8.8", proto: model.Protocol(47),
		code: dataplane.CodeNATProtocol, component: "nat-07ab4846da51f4612"},

	{scenario: "test-vpc-peering", row: "A i-06ba034d88c84ef07 -> 192.168.1.106 (B): crosses the peering, delivered, denied by SG",
		from: "i-06ba034d88c84ef07", to: "192.168.1.106", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeSGIngressDeny, component: "i-0b14080af811fda3d"},
	{scenario: "test-vpc-peering", row: "A -> 192.168.1.106: crosses the peering (tcp/22)",
		from: "i-06ba034d88c84ef07", to: "192.168.1.106", proto: model.ProtoTCP, port: "22",
		reachable: true, via: []string{"A-B", "i-0b14080af811fda3d"}},
	{scenario: "test-vpc-peering", row: "B i-0b14080af811fda3d -> 10.10.10.157 (A): likewise",
		from: "i-0b14080af811fda3d", to: "10.10.10.157", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeSGIngressDeny, component: "i-06ba034d88c84ef07"},
	{scenario: "test-vpc-peering", row: "B -> 10.10.10.157: crosses the peering (tcp/22)",
		from: "i-0b14080af811fda3d", to: "10.10.10.157", proto: model.ProtoTCP, port: "22",
		reachable: true, via: []string{"A-B", "i-06ba034d88c84ef07"}},
	{scenario: "test-vpc-peering", row: "A -> 192.168.100.1 (B's and C's shared block, no route in A's table): no route at A's subnet",
		from: "i-06ba034d88c84ef07", to: "192.168.100.1", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeNoRoute, component: "rtb-0891861fffaea6d52"},
	{scenario: "test-vpc-peering", row: "B -> 10.10.100.1 (A's block, no subnet): crosses the peering, dropped in VPC A",
		from: "i-0b14080af811fda3d", to: "10.10.100.1", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeNoSubnet, component: "VPC A"},
	{scenario: "test-vpc-peering", row: "B -> 10.10.10.11 (A's subnet, no ENI): reaches A's subnet, no host",
		from: "i-0b14080af811fda3d", to: "10.10.10.11", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeNoHost, component: "subnet A"},

	{scenario: "test-transit-gateway", row: "A i-06ba034d88c84ef07 -> B via tgw-044be4464fcc69aff: delivered, denied by SG",
		from: "i-06ba034d88c84ef07", to: "i-0b14080af811fda3d", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeSGIngressDeny, component: "i-0b14080af811fda3d"},
	{scenario: "test-transit-gateway", row: "A -> B via the transit gateway (tcp/22)",
		from: "i-06ba034d88c84ef07", to: "i-0b14080af811fda3d", proto: model.ProtoTCP, port: "22",
		reachable: true, via: []string{"tgw-044be4464fcc69aff", "i-0b14080af811fda3d"}},
	{scenario: "test-transit-gateway", row: "B i-0b14080af811fda3d -> A: delivered, denied by SG",
		from: "i-0b14080af811fda3d", to: "i-06ba034d88c84ef07", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeSGIngressDeny, component: "i-06ba034d88c84ef07"},
	{scenario: "test-transit-gateway", row: "B -> A via the transit gateway (tcp/22)",
		from: "i-0b14080af811fda3d", to: "i-06ba034d88c84ef07", proto: model.ProtoTCP, port: "22",
		reachable: true, via: []string{"tgw-044be4464fcc69aff", "i-06ba034d88c84ef07"}},
	{scenario: "test-transit-gateway", row: "A2 i-075e846ed41670385 -> 192.168.1.106: dropped at A2's subnet: no route",
		from: "i-075e846ed41670385", to: "192.168.1.106", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeTGWAttachmentAZ, component: "tgw-attach-07f5ec59e9f540021",
		why: "A2's subnet (us-east-2a) uses the main table, which has the route to the transit gateway; the attachment has a subnet only in us-east-2c, and a transit gateway takes traffic only from zones where its attachment has a subnet " + docTGWAttachments},
	{scenario: "test-transit-gateway", row: "B -> 10.10.20.154 (A2): delivered, denied by SG",
		from: "i-0b14080af811fda3d", to: "10.10.20.154", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeSGIngressDeny, component: "i-075e846ed41670385"},
	{scenario: "test-transit-gateway", row: "B -> 10.10.20.154 (A2): delivered (tcp/22); A2's zone only hurts its own outgoing traffic",
		from: "i-0b14080af811fda3d", to: "10.10.20.154", proto: model.ProtoTCP, port: "22",
		reachable: true, via: []string{"tgw-044be4464fcc69aff", "i-075e846ed41670385"}},

	{scenario: "test-transit-gateway-multi-table", row: "A -> B through separate association and propagation tables: delivered, denied by SG",
		from: "i-06ba034d88c84ef07", to: "i-0b14080af811fda3d", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeSGIngressDeny, component: "i-0b14080af811fda3d"},
	{scenario: "test-transit-gateway-multi-table", row: "A -> B through the transit gateway (tcp/22)",
		from: "i-06ba034d88c84ef07", to: "i-0b14080af811fda3d", proto: model.ProtoTCP, port: "22",
		reachable: true, via: []string{"tgw-044be4464fcc69aff", "i-0b14080af811fda3d"}},
	{scenario: "test-transit-gateway-multi-table", row: "B -> A: delivered, denied by SG",
		from: "i-0b14080af811fda3d", to: "i-06ba034d88c84ef07", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeSGIngressDeny, component: "i-06ba034d88c84ef07"},
	{scenario: "test-transit-gateway-multi-table", row: "B -> A through the transit gateway (tcp/22)",
		from: "i-0b14080af811fda3d", to: "i-06ba034d88c84ef07", proto: model.ProtoTCP, port: "22",
		reachable: true, via: []string{"tgw-044be4464fcc69aff", "i-06ba034d88c84ef07"}},

	{scenario: "test-vpn-gateway", row: "on-prem -> 10.0.1.204: through vgw-0c09bd7fadac961bf, delivered, denied by SG",
		from: "on_prem:cgw-router", to: "10.0.1.204", proto: model.ProtoTCP, port: "80",
		code: dataplane.CodeSGIngressDeny, component: "i-099cf38911942421c"},
	{scenario: "test-vpn-gateway", row: "on-prem -> 10.0.1.204: through the VGW (tcp/22)",
		from: "on_prem:cgw-router", to: "10.0.1.204", proto: model.ProtoTCP, port: "22",
		reachable: true, via: []string{"cgw-router", "vgw-0c09bd7fadac961bf", "i-099cf38911942421c"}},
	{scenario: "test-vpn-gateway", row: "on-prem -> 10.0.1.205 (in the subnet, no ENI): no host",
		from: "on_prem:cgw-router", to: "10.0.1.205", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeNoHost, component: "subnet-0f263105946ad1a1d"},
	{scenario: "test-vpn-gateway", row: "on-prem -> 10.0.2.1 (in the VPC, in no subnet): dropped in the VPC",
		from: "on_prem:cgw-router", to: "10.0.2.1", proto: model.ProtoTCP, port: "22",
		code: dataplane.CodeNoSubnet, component: "vpc-0b966fdeb36d5e43f"},
	{scenario: "test-vpn-gateway", row: "i-099cf38911942421c -> 8.8.8.8: to the VGW and on to on-prem (which announces a default route)",
		from: "i-099cf38911942421c", to: "8.8.8.8", proto: model.ProtoTCP, port: "80",
		reachable: true, via: []string{"vgw-0c09bd7fadac961bf", "vpn-03701a53bba3c48b7", "cgw-router"}},
}

// corpusNets compiles each scenario once.
var corpusNets sync.Map // scenario -> *caseNetwork

func corpusNetwork(t *testing.T, root, scenario string) (*dataplane.Dataplane, *Analyzer) {
	t.Helper()
	v, _ := corpusNets.LoadOrStore(scenario, &caseNetwork{})
	n := v.(*caseNetwork)
	n.once.Do(func() {
		paths := []string{filepath.Join(root, scenario, "aws_configs")}
		if scenario == "test-vpn-gateway" {
			paths = append(paths, vpnGatewayOnPrem)
		}
		net, diags := load.Paths(paths, load.Options{})
		if diags.HasErrors() {
			t.Fatalf("load %v: %s", paths, diags.Error())
		}
		n.d = dataplane.Compile(net)
		n.an = New(n.d)
	})
	if n.d == nil {
		t.Fatalf("scenario %s did not load", scenario)
	}
	return n.d, n.an
}

func TestCorpusOutcomes(t *testing.T) {
	root := corpusRoot(t)
	for _, r := range corpusRows {
		t.Run(r.scenario+"/"+r.row, func(t *testing.T) {
			if r.bug != "" && !runEngineBugs {
				t.Skip("engine bug: " + r.bug)
			}
			d, an := corpusNetwork(t, root, r.scenario)
			q := Query{From: r.from, To: r.to, Protocol: r.proto}
			if r.port != "" {
				p, err := model.ParsePortRange(r.port)
				if err != nil {
					t.Fatal(err)
				}
				q.Ports = &p
			}
			a, err := an.Reach(q)
			if err != nil {
				t.Fatalf("reach: %v", err)
			}
			if a.Arrives != r.reachable {
				t.Fatalf("reachable=%v, want %v (blocked by %s)%s", a.Arrives, r.reachable, describeBlockers(a.BlockedBy), whyNote(r.why))
			}
			if r.reachable {
				checkCorpusWitness(t, d, r, a)
			} else {
				if len(a.BlockedBy) == 0 {
					t.Fatalf("no blocker, want %s at %s", r.code, r.component)
				}
				if b := a.BlockedBy[0]; b.Code != r.code || (r.component != "" && !isComponent(b.Component, r.component)) {
					t.Errorf("first blocker %s@%s, want %s@%s (all: %s)%s", b.Code, blockerName(b), r.code, r.component, describeBlockers(a.BlockedBy), whyNote(r.why))
				}
			}
			checkCorpusFastPath(t, an, r)
		})
	}
}

func whyNote(why string) string {
	if why == "" {
		return ""
	}
	return "; " + why
}

func checkCorpusWitness(t *testing.T, d *dataplane.Dataplane, r corpusRow, a *Answer) {
	t.Helper()
	if a.Witness == nil || a.WitnessTrace == nil || !a.WitnessTrace.Delivered {
		t.Fatalf("no delivered witness")
	}
	if !passes(d, a.WitnessTrace.Hops, r.via) {
		t.Errorf("witness path %q does not pass %q in order", hopLabels(d, a.WitnessTrace.Hops), r.via)
	}
	if r.arrivesFrom != "" && a.WitnessTrace.Final.Src != netip.MustParseAddr(r.arrivesFrom) {
		t.Errorf("witness arrives from %s, want %s", a.WitnessTrace.Final.Src, r.arrivesFrom)
	}
	if r.ret != "" && a.Return != r.ret {
		t.Errorf("return %s, want %s (replies blocked by %s)", a.Return, r.ret, describeBlockers(a.ReturnBlockedBy))
	}
}

// checkCorpusFastPath sends one concrete packet of the row on the fast
// path: it must end as the symbolic answer says, and for a row about the
// reply, the reply must come back.
func checkCorpusFastPath(t *testing.T, an *Analyzer, r corpusRow) {
	t.Helper()
	d := an.Dataplane()
	from, err := an.Select(r.from)
	if err != nil || len(from.Starts) == 0 || len(from.Starts[0].Src) == 0 {
		t.Fatalf("source %s: %v", r.from, err)
	}
	start := from.Starts[0]
	dst, err := netip.ParseAddr(r.to)
	if err != nil {
		to, err := an.Select(r.to)
		if err != nil || len(to.Addrs) == 0 {
			t.Fatalf("destination %s: %v", r.to, err)
		}
		dst = to.Addrs[0].Addr()
	}
	p := packet.Packet{Proto: uint8(r.proto), Src: start.Src[0].Addr(), Dst: dst, SrcPort: 49152, DstPort: 80}
	switch {
	case r.proto == model.ProtoAll:
		p.Proto = uint8(model.ProtoTCP)
	case r.proto == model.ProtoICMP:
		p.ICMPType, p.SrcPort, p.DstPort = packet.ICMPEchoRequest, 0, 0
	case !r.proto.HasPorts():
		p.SrcPort, p.DstPort = 0, 0
	}
	if r.port != "" {
		pr, _ := model.ParsePortRange(r.port)
		p.DstPort = pr.From
	}
	var s fastpath.Sessions
	res := an.FastPath().Forward(start.Node, p, &s, true)
	if r.reachable {
		if !res.Delivered {
			t.Fatalf("fast path: %s ends %s (%s), want delivered", p, res.Outcome.Code, res.Explained().Message)
		}
		if r.ret == ReturnOK {
			back := an.FastPath().Reply(d.Nodes[res.Node].ReplyFrom, res.Final.Reply(), &s, true)
			if !back.Delivered || back.Node != start.Return {
				t.Errorf("fast path: the reply to %s ends %s (%s)", p, back.Outcome.Code, back.Explained().Message)
			}
		}
		return
	}
	o := res.Explained()
	if r.fastCode != "" {
		if o.Code != r.fastCode {
			t.Errorf("fast path: %s ends %s, want %s", p, o.Code, r.fastCode)
		}
		return
	}
	if o.Code != r.code || (r.component != "" && !isComponent(o.Component, r.component)) {
		name := ""
		if o.Component != nil {
			name = o.Component.Base().Name
		}
		t.Errorf("fast path: %s ends %s@%s, want %s@%s", p, o.Code, name, r.code, r.component)
	}
}

// isComponent reports whether o is the object named (by name or AWS id).
func isComponent(o model.Object, name string) bool {
	if o == nil {
		return false
	}
	return o.Base().Name == name || o.Base().AWSID == name
}

// passes reports whether the hops pass the components in order, each
// named by label, name or AWS id; a transit gateway's id also names its
// attachments and route tables, and an instance's its interfaces.
func passes(d *dataplane.Dataplane, hops []fastpath.Hop, via []string) bool {
	i := 0
	for _, h := range hops {
		if i == len(via) {
			break
		}
		n := d.Nodes[h.Node]
		if n.Label == via[i] || (n.Component != nil && namedBy(n.Component, via[i])) {
			i++
		}
	}
	return i == len(via)
}

func namedBy(o model.Object, s string) bool {
	if isComponent(o, s) || model.Label(o) == s {
		return true
	}
	switch o := o.(type) {
	case *model.TGWAttachment:
		return isComponent(model.Target[*model.TransitGateway](o.TransitGateway), s)
	case *model.TGWRouteTable:
		return isComponent(model.Target[*model.TransitGateway](o.TransitGateway), s)
	case *model.NetworkInterface:
		return isComponent(model.Target[*model.Instance](o.Instance), s)
	}
	return false
}

// TestCorpusOutcomesCoverTheReadme keeps the table in step with the
// README: each scenario the README's table names has rows here.
func TestCorpusOutcomesCoverTheReadme(t *testing.T) {
	root := corpusRoot(t)
	readme, err := os.ReadFile(filepath.Join(root, "..", "README.md"))
	if err != nil {
		t.Skipf("no corpus README: %v", err)
	}
	have := map[string]int{}
	for _, r := range corpusRows {
		have[r.scenario]++
	}
	want := map[string]int{}
	for _, line := range strings.Split(string(readme), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "test-") {
			continue
		}
		want[strings.TrimSpace(cells[1])]++
	}
	if len(want) == 0 {
		t.Fatal("no rows found in the corpus README's table")
	}
	for s, n := range want {
		if have[s] < n {
			t.Errorf("scenario %s: the README has %d rows, the test %d", s, n, have[s])
		}
	}
}
