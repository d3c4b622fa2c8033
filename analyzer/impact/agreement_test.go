package impact

import (
	"fmt"
	"math/rand"
	"net/netip"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// mutation changes one object of a network in a way that can change what
// it does; it reports false when the network has nothing it applies to.
type mutation struct {
	name  string
	apply func(n *model.Network, r *rand.Rand) (string, bool)
}

var mutations = []mutation{
	{"sg rule opened to the world", func(n *model.Network, r *rand.Rand) (string, bool) {
		g, i, ok := pickSGRule(n, r, func(x model.SGRule) bool { return x.PeerKind == model.PeerCIDR && x.CIDR.Bits() > 0 })
		if !ok {
			return "", false
		}
		g.Rules[i].CIDR = netip.MustParsePrefix("0.0.0.0/0")
		return label(g), true
	}},
	{"sg rule to every port", func(n *model.Network, r *rand.Rand) (string, bool) {
		g, i, ok := pickSGRule(n, r, func(x model.SGRule) bool { return x.Protocol.HasPorts() && !x.Ports.IsAll() })
		if !ok {
			return "", false
		}
		g.Rules[i].Ports = model.AllPorts
		return label(g), true
	}},
	{"sg rule removed", func(n *model.Network, r *rand.Rand) (string, bool) {
		g, i, ok := pickSGRule(n, r, func(model.SGRule) bool { return true })
		if !ok {
			return "", false
		}
		g.Rules = append(g.Rules[:i:i], g.Rules[i+1:]...)
		return label(g), true
	}},
	{"nacl rule action flipped", func(n *model.Network, r *rand.Rand) (string, bool) {
		var cands [][2]int
		for ai, a := range n.NetworkACLs {
			for ri := range a.Rules {
				cands = append(cands, [2]int{ai, ri})
			}
		}
		if len(cands) == 0 {
			return "", false
		}
		c := cands[r.Intn(len(cands))]
		rule := &n.NetworkACLs[c[0]].Rules[c[1]]
		rule.Action = 1 - rule.Action
		return label(n.NetworkACLs[c[0]]), true
	}},
	{"route removed", func(n *model.Network, r *rand.Rand) (string, bool) {
		var cands [][2]int
		for ti, t := range n.RouteTables {
			for ri := range t.Routes {
				cands = append(cands, [2]int{ti, ri})
			}
		}
		if len(cands) == 0 {
			return "", false
		}
		c := cands[r.Intn(len(cands))]
		t := n.RouteTables[c[0]]
		t.Routes = append(t.Routes[:c[1]:c[1]], t.Routes[c[1]+1:]...)
		return label(t), true
	}},
	{"transit gateway route removed", func(n *model.Network, r *rand.Rand) (string, bool) {
		var cands [][2]int
		for ti, t := range n.TGWRouteTables {
			for ri := range t.Routes {
				cands = append(cands, [2]int{ti, ri})
			}
		}
		if len(cands) == 0 {
			return "", false
		}
		c := cands[r.Intn(len(cands))]
		t := n.TGWRouteTables[c[0]]
		t.Routes = append(t.Routes[:c[1]:c[1]], t.Routes[c[1]+1:]...)
		return label(t), true
	}},
	// Hub-wide changes: one object many paths share, whose effect is on
	// the replies (a NACL is stateless, its ephemeral-port rule decides
	// which replies come back:
	// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html)
	// or on a whole segment (a transit gateway attachment's one association
	// and its propagations decide which routes its traffic is looked up in:
	// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html).
	{"nacl rule ports narrowed", func(n *model.Network, r *rand.Rand) (string, bool) {
		var cands [][2]int
		for ai, a := range n.NetworkACLs {
			for ri, x := range a.Rules {
				if x.Protocol.HasPorts() && x.Ports.To > x.Ports.From {
					cands = append(cands, [2]int{ai, ri})
				}
			}
		}
		if len(cands) == 0 {
			return "", false
		}
		c := cands[r.Intn(len(cands))]
		rule := &n.NetworkACLs[c[0]].Rules[c[1]]
		rule.Ports.From += (rule.Ports.To-rule.Ports.From)/2 + 1
		return label(n.NetworkACLs[c[0]]), true
	}},
	{"transit gateway association moved", func(n *model.Network, r *rand.Rand) (string, bool) {
		type c struct {
			a  *model.TGWAttachment
			to *model.TGWRouteTable
		}
		var cs []c
		for _, a := range n.TGWAttachments {
			if a.Association.Obj == nil {
				continue
			}
			for _, t := range n.TGWRouteTables {
				if t != a.Association.Obj && t.TransitGateway.Obj == a.TransitGateway.Obj {
					cs = append(cs, c{a, t})
				}
			}
		}
		if len(cs) == 0 {
			return "", false
		}
		x := cs[r.Intn(len(cs))]
		x.a.Association = model.Ref{Kind: model.KindTGWRouteTable, Key: x.to.Name, Range: x.a.Association.Range, Obj: x.to}
		return label(x.a), true
	}},
	{"transit gateway propagation removed", func(n *model.Network, r *rand.Rand) (string, bool) {
		var cands [][2]int
		for ai, a := range n.TGWAttachments {
			for pi := range a.Propagations {
				cands = append(cands, [2]int{ai, pi})
			}
		}
		if len(cands) == 0 {
			return "", false
		}
		c := cands[r.Intn(len(cands))]
		a := n.TGWAttachments[c[0]]
		a.Propagations = append(a.Propagations[:c[1]:c[1]], a.Propagations[c[1]+1:]...)
		return label(a), true
	}},
}

func label(o model.Object) string { return model.Label(o) }

func pickSGRule(n *model.Network, r *rand.Rand, ok func(model.SGRule) bool) (*model.SecurityGroup, int, bool) {
	type c struct {
		g *model.SecurityGroup
		i int
	}
	var cs []c
	for _, g := range n.SecurityGroups {
		for i, x := range g.Rules {
			if ok(x) {
				cs = append(cs, c{g, i})
			}
		}
	}
	if len(cs) == 0 {
		return nil, 0, false
	}
	x := cs[r.Intn(len(cs))]
	return x.g, x.i, true
}

func loadExample(t *testing.T, name string) *model.Network {
	t.Helper()
	n, diags := load.Paths([]string{load.ExamplePrefix + name}, load.Options{})
	if diags.HasErrors() || n == nil {
		t.Fatalf("example %s: %v", name, diags)
	}
	return n
}

// TestAgreement mutates one object of each example at a time and checks
// the impact analysis against the exhaustive answer: every pair of
// endpoints recomputed on both sides, with nothing pruned. A pair the
// pruning skipped must be unchanged, and every reported change must be
// exactly the exhaustive difference; each reported change is then
// confirmed by Reach on the side that delivers it.
func TestAgreement(t *testing.T) {
	r := rand.New(rand.NewSource(14))
	runs, changes := 0, 0
	for _, ex := range fixtures.Examples() {
		for _, m := range mutations {
			for k := 0; k < 2; k++ {
				before, after := loadExample(t, ex.Name), loadExample(t, ex.Name)
				what, ok := m.apply(after, r)
				if !ok {
					break
				}
				name := fmt.Sprintf("%s/%s/%s/%d", ex.Name, m.name, what, k)
				res, err := Compare(before, after)
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				runs++
				changes += len(res.Gained) + len(res.Lost)
				checkExhaustive(t, name, res)
				confirmWithReach(t, name, res)
			}
		}
	}
	t.Logf("%d mutations, %d changes reported and confirmed", runs, changes)
	if runs < 20 || changes == 0 {
		t.Fatalf("too few mutations (%d) or changes (%d) to mean anything", runs, changes)
	}
}

func checkExhaustive(t *testing.T, name string, res *Result) {
	t.Helper()
	if !res.Changed || res.Before == nil {
		if len(res.Gained)+len(res.Lost) > 0 {
			t.Errorf("%s: changes reported without a model change", name)
		}
		return
	}
	ops := res.Space
	header := res.After.DefaultHeader()
	keys := map[string]bool{}
	for k := range res.byB {
		keys[k] = true
	}
	for k := range res.byA {
		keys[k] = true
	}
	all := sortedKeys(keys)
	reported := map[[2]string][2]symbolic.Set{}
	for _, c := range res.Gained {
		v := reported[[2]string{c.From.Key, c.To.Key}]
		v[0] = c.Set
		reported[[2]string{c.From.Key, c.To.Key}] = v
	}
	for _, c := range res.Lost {
		v := reported[[2]string{c.From.Key, c.To.Key}]
		v[1] = c.Set
		reported[[2]string{c.From.Key, c.To.Key}] = v
	}
	for _, sk := range all {
		var dks []string
		for _, dk := range all {
			if dk != sk {
				dks = append(dks, dk)
			}
		}
		sb := answered(res.Before, res.byB[sk], res.byB, dks, header, ops)
		sa := answered(res.After, res.byA[sk], res.byA, dks, header, ops)
		for i, dk := range dks {
			want := reported[[2]string{sk, dk}]
			gained, lost := ops.Minus(sa[i], sb[i]), ops.Minus(sb[i], sa[i])
			if !ops.Equal(gained, orNone(ops, want[0])) {
				t.Errorf("%s: %s -> %s gained differs from the exhaustive answer (reported %v, exhaustive %v)", name, sk, dk, ops.Flows(orNone(ops, want[0])), ops.Flows(gained))
			}
			if !ops.Equal(lost, orNone(ops, want[1])) {
				t.Errorf("%s: %s -> %s lost differs from the exhaustive answer (reported %v, exhaustive %v)", name, sk, dk, ops.Flows(orNone(ops, want[1])), ops.Flows(lost))
			}
		}
	}
}

func orNone(ops *symbolic.Space, s symbolic.Set) symbolic.Set {
	var zero symbolic.Set
	if s == zero {
		return ops.None()
	}
	return s
}

// confirmWithReach asks Reach, on the side that delivers each change's
// example packet, for exactly that packet's protocol and ports: it must
// be reachable with replies.
func confirmWithReach(t *testing.T, name string, res *Result) {
	t.Helper()
	check := func(c Change, an *analyzer.Analyzer, side string) {
		p := c.Example
		proto := model.Protocol(p.Proto)
		if !proto.HasPorts() {
			return
		}
		from, to := selectorOf(c.From), selectorOf(c.To)
		if c.From.Kind == "subnet" {
			// A subnet sends from all its free addresses, whose replies may
			// fare differently: ask about the example's own source.
			from = p.Src.String()
		}
		fresh := analyzer.New(an.Dataplane())
		port := model.PortRange{From: p.DstPort, To: p.DstPort}
		sport := model.PortRange{From: p.SrcPort, To: p.SrcPort}
		ans, err := fresh.Reach(analyzer.Query{From: from, To: to, Protocol: proto, Ports: &port, SrcPorts: &sport})
		if err != nil {
			t.Errorf("%s: reach %s -> %s on %s: %v", name, from, to, side, err)
			return
		}
		if !ans.Arrives || ans.Return != analyzer.ReturnOK && c.From.Kind != KindInternet {
			t.Errorf("%s: %s -> %s %s: diff reports it answered on %s, reach says %s, return=%s", name, from, to, p, side, ans.Verdict, ans.Return)
		}
	}
	for _, c := range res.Gained {
		check(c, res.After, "AFTER")
	}
	for _, c := range res.Lost {
		check(c, res.Before, "BEFORE")
	}
}

func selectorOf(e EndpointRef) string {
	if e.Kind == KindInternet {
		return "internet"
	}
	return e.Kind + ":" + e.Name
}
