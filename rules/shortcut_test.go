package rules

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	examples "github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/fixtures/generate"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// shortcutNetworks are the networks the packet-level analyses' shortcuts
// are held to their full computations on: every rule fixture, the engine
// test cases, the embedded examples, and generated networks whose network
// ACLs are scrambled so that replies are dropped in many ways.
func shortcutNetworks(t *testing.T) map[string]*model.Network {
	t.Helper()
	nets := map[string]*model.Network{}
	var paths []string
	for _, glob := range []string{"testdata/*/*.net.hcl", "testdata/*/*/*.net.hcl", "../analyzer/testdata/cases/*.net.hcl", "../analyzer/testdata/*.net.hcl"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	for _, ex := range examples.Examples() {
		paths = append(paths, "example:"+ex.Name)
	}
	for _, p := range paths {
		// Some engine cases need a configuration (on-premises sites): those
		// that do not load alone are left out.
		if net, diags := load.Paths([]string{p}, load.Options{}); net != nil && !diags.HasErrors() {
			nets[p] = net
		}
	}
	if len(nets) < 30 {
		t.Fatalf("only %d test networks load", len(nets))
	}
	for seed := range uint64(6) {
		net := generate.Network(generate.Default(12))
		r := rand.New(rand.NewPCG(seed, 17))
		scrambleACLs(net, r)
		// Drop a route now and then, so that replies lose their way back.
		for _, rt := range net.RouteTables {
			if len(rt.Routes) > 1 && r.IntN(4) == 0 {
				i := r.IntN(len(rt.Routes))
				rt.Routes = append(rt.Routes[:i:i], rt.Routes[i+1:]...)
			}
		}
		if diags := net.Link(); diags.HasErrors() {
			t.Fatalf("scrambled network does not link: %v", diags)
		}
		nets["generated/scrambled-"+string(rune('a'+seed))] = net
	}
	if _, err := os.Stat("../../shared/corpus"); err == nil {
		for _, dir := range []string{"../../shared/corpus/batfish-aws"} {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.IsDir() {
					p := filepath.Join(dir, e.Name())
					if net, diags := load.Paths([]string{p}, load.Options{}); net != nil && !diags.HasErrors() {
						nets[p] = net
					}
				}
			}
		}
	}
	return nets
}

// scrambleACLs narrows, widens and flips the network ACL rules at random.
func scrambleACLs(net *model.Network, r *rand.Rand) {
	ports := []model.PortRange{{From: 1024, To: 65535}, {From: 32768, To: 60999}, {From: 49152, To: 65535}, {From: 443, To: 443}, {From: 1024, To: 32767}, {From: 0, To: 65535}}
	cidrs := []string{"0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16", "10.0.32.0/20"}
	for _, acl := range net.NetworkACLs {
		for i := range acl.Rules {
			ru := &acl.Rules[i]
			switch r.IntN(5) {
			case 0:
				ru.Ports = ports[r.IntN(len(ports))]
				if ru.Protocol == model.ProtoAll {
					ru.Protocol = model.ProtoTCP
				}
			case 1:
				ru.Protocol = []model.Protocol{model.ProtoTCP, model.ProtoUDP, model.ProtoAll}[r.IntN(3)]
				if ru.Protocol == model.ProtoAll {
					ru.Ports = model.PortRange{}
				} else if ru.Ports == (model.PortRange{}) {
					ru.Ports = ports[r.IntN(len(ports))]
				}
			case 2:
				ru.CIDR = netip.MustParsePrefix(cidrs[r.IntN(len(cidrs))])
			case 3:
				if ru.Action == model.Allow {
					ru.Action = model.Deny
				} else {
					ru.Action = model.Allow
				}
			}
		}
	}
}

// TestEphemeralShortcut holds ephemeralGaps, which skips the replies it
// can prove allowed, to the full computation; and to itself with every
// worker's engine started afresh (Reset, or new when gaps hold its sets)
// after each shard.
func TestEphemeralShortcut(t *testing.T) {
	gapsFound := 0
	same := func(name, what string, an *analyzer.Analyzer, got, want []EphemeralGap) {
		if len(got) != len(want) {
			t.Errorf("%s: %d gaps %s, %d without", name, len(got), what, len(want))
			return
		}
		for i := range got {
			a, b := got[i], want[i]
			ok := a.ACL == b.ACL && a.Direction == b.Direction && gapSets(a) == gapSets(b) &&
				a.Rule == b.Rule && a.Partial == b.Partial && a.Range == b.Range && len(a.Subnets) == len(b.Subnets)
			for j := range a.Subnets {
				ok = ok && j < len(b.Subnets) && a.Subnets[j] == b.Subnets[j]
			}
			if !ok {
				t.Errorf("%s: gap %d differs:\n%s %s\nwithout  %s", name, i, what, describeGap(an, a), describeGap(an, b))
			}
		}
	}
	for name, net := range shortcutNetworks(t) {
		an := analyzer.New(dataplane.Compile(net))
		fast, full := collectGaps(an.Dataplane(), false), collectGaps(an.Dataplane(), true)
		gapsFound += len(full)
		same(name, "with the shortcut", an, fast, full)
		limit := engineLimit
		engineLimit = 1
		afresh := collectGaps(an.Dataplane(), false)
		engineLimit = limit
		same(name, "with engines afresh", an, afresh, fast)
	}
	if gapsFound < 20 {
		t.Errorf("only %d gaps in the test networks: the comparison proves little", gapsFound)
	}
}

// gapSets renders a gap's sets exactly (their flows), so that gaps computed
// on different engines compare.
func gapSets(g EphemeralGap) string {
	ops := g.Engine.Space()
	return fmt.Sprint(ops.Flows(g.Denied[0]), ops.Flows(g.Denied[1]), ops.Flows(g.Denied[2]), ops.Flows(g.Denied[3]), ops.Flows(g.Replies))
}

// TestEnginesCollected holds the worker engines that are collected
// between jobs (engineGC) to themselves uncollected: route-dead-end's
// findings and the peerings' and transit gateways' asymmetries, with a
// collection whenever an engine has doubled since the last one.
func TestEnginesCollected(t *testing.T) {
	found := 0
	for name, net := range shortcutNetworks(t) {
		d := dataplane.Compile(net)
		regs := routeRegionsOf(net)
		render := func() string {
			var b strings.Builder
			for _, f := range routeDeadEnds(d, regs, 1) {
				fmt.Fprintf(&b, "%s %v %s %v\n", f.Message, f.Range, f.Resource, f.Related)
			}
			for _, a := range startPeerings(analyzer.New(d), 1)() {
				fmt.Fprintf(&b, "%s %s %v %v %v\n", a.Kind, a.Message, a.Range, a.Forward, a.Reply)
			}
			return b.String()
		}
		limit := collectFrom
		collectFrom = 1 << 62
		want := render()
		collectFrom = 0
		got := render()
		collectFrom = limit
		found += strings.Count(want, "\n")
		if got != want {
			t.Errorf("%s: collected engines differ:\ncollected\n%s\nuncollected\n%s", name, got, want)
		}
	}
	t.Logf("%d findings and asymmetries compared", found)
	if found < 5 {
		t.Errorf("only %d findings: the comparison proves little", found)
	}
}

// TestAsymmetriesInParallel holds the asymmetries found with the peerings
// and the transit gateways' flows explored on worker engines to those found on the analyzer's one engine.
func TestAsymmetriesInParallel(t *testing.T) {
	found := 0
	for name, net := range shortcutNetworks(t) {
		one := analyzer.New(dataplane.Compile(net))
		want := asymmetries(one, exposures(one))
		many := analyzer.New(dataplane.Compile(net))
		peerings := startPeerings(many, 3)
		got := asymmetriesWith(many, exposures(many), peerings())
		found += len(want)
		if len(got) != len(want) {
			t.Errorf("%s: %d asymmetries in parallel, %d on one engine", name, len(got), len(want))
			continue
		}
		for i := range got {
			if g, w := fmt.Sprintf("%s %s %v %v %v", got[i].Kind, got[i].Message, got[i].Range, got[i].Forward, got[i].Reply),
				fmt.Sprintf("%s %s %v %v %v", want[i].Kind, want[i].Message, want[i].Range, want[i].Forward, want[i].Reply); g != w ||
				got[i].Destination != want[i].Destination || got[i].Component != want[i].Component {
				t.Errorf("%s: asymmetry %d differs:\nparallel   %s\none engine %s", name, i, g, w)
			}
		}
	}
	t.Logf("%d asymmetries compared", found)
	if found < 5 {
		t.Errorf("only %d asymmetries in the test networks: the comparison proves little", found)
	}
}
