package fastpath

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"
	"unsafe"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/internal/enginetest"
	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// The fast path's compact graph is one of the three semantics of guards,
// filters and tables (package dataplane's doc): these tests tie it to the
// reference.

// TestPlaneAgreesWithReference checks the fast path's compact copy of
// tables, guards and filters against the reference semantics of package
// dataplane — longest prefix match by definition, Guard.Pass and
// Filter.Eval — packet by packet, on packets drawn on each network's
// boundaries.
func TestPlaneAgreesWithReference(t *testing.T) {
	for _, ex := range fixtures.Examples() {
		d := enginetest.Load(t, load.ExamplePrefix+ex.Name)
		a := enginetest.Collect(d)
		fp := New(d)
		r := rand.New(rand.NewPCG(5, 6))
		for range 20_000 {
			start := a.Starts[r.IntN(len(a.Starts))]
			p := a.Draw(r, start)
			for n := range d.Nodes {
				if t0 := d.Nodes[n].Table; t0 != nil {
					got := dataplane.NoEdge
					if es := fp.lookup(fp.lineOf[n], &fp.lines[fp.lineOf[n]], p.Dst); es >= 0 {
						got = dataplane.EdgeID(fp.idOf[es])
					}
					if want := enginetest.NaiveLookup(t0.Entries, p.Dst); got != want {
						t.Fatalf("%s: node %d lookup %s = %d, want %d", ex.Name, n, p.Dst, got, want)
					}
				}
			}
			for _, es := range fp.edgeLines {
				e := dataplane.EdgeID(fp.idOf[es])
				edge, fe := &d.Edges[e], fp.edgeAt(es)
				to := dataplane.NodeID(fp.idOf[fe.to])
				if fe.flags&edgeTerminal != 0 {
					to = dataplane.NodeID(fe.to)
					if tn := &d.Nodes[to]; fp.codes[fe.code] != tn.Outcome.Code || (fe.flags&edgeDelivered != 0) != tn.Delivered {
						t.Fatalf("%s: edge %d ends as %s (delivered %v), want %s", ex.Name, e, fp.codes[fe.code], fe.flags&edgeDelivered != 0, tn.Outcome.Code)
					}
				}
				if to != edge.To || fp.edgeLine[e] < 0 || fe.mode() != edge.Mode || fe.xform() != edge.Xform.Kind {
					t.Fatalf("%s: edge %d leads to %d, want %d", ex.Name, e, to, edge.To)
				}
				if from := d.Nodes[fe.from].Table; fe.from != edge.From && (from == nil || !slices.ContainsFunc(from.Entries, func(te dataplane.TableEntry) bool { return te.Edge == e })) {
					t.Fatalf("%s: edge %d leaves %d, whose table does not lead to it", ex.Name, e, fe.from)
				}
				for i := range edge.Guards {
					if got, want := fp.guardAt(fe, es, i).pass(fp, &p), edge.Guards[i].Pass(&p); got != want {
						t.Fatalf("%s: edge %d guard %d on %s: %v, want %v", ex.Name, e, i, p, got, want)
					}
				}
				for i, f := range edge.Filters {
					ff := fp.filterAt(fe, es, i)
					if fp.filterOf[ff.rule] != f {
						t.Fatalf("%s: edge %d filter %d names another filter", ex.Name, e, i)
					}
					gotOK, gotRule := ff.eval(fp, es, &p)
					wantOK, wantRule := f.Eval(&p)
					if gotOK != wantOK || gotRule != wantRule {
						t.Fatalf("%s: edge %d filter %s on %s: (%v, %d), want (%v, %d)", ex.Name, e, f.Kind, p, gotOK, gotRule, wantOK, wantRule)
					}
				}
			}
		}
	}
}

// TestPlaneLayout holds the compact copy's nodes and edges to a cache line
// each, which is what a hop's cost rests on (see fastNode, fastEdge).
func TestPlaneLayout(t *testing.T) {
	if n, e := unsafe.Sizeof(fastNode{}), unsafe.Sizeof(fastEdge{}); n != 64 || e != 64 {
		t.Fatalf("fastNode is %d bytes, fastEdge %d: want 64 each", n, e)
	}
}

// TestPlaneLookupLargeTables checks the sampled lookup of large tables
// (the internet's public addresses, transit gateway route tables) on a
// generated network, at every entry's edges and at random.
func TestPlaneLookupLargeTables(t *testing.T) {
	d := enginetest.Generated(t, 60)
	fp := New(d)
	r := rand.New(rand.NewPCG(3, 4))
	large := 0
	for n := range d.Nodes {
		tab := d.Nodes[n].Table
		if tab == nil {
			continue
		}
		if starts, _ := tab.Ranges4(); len(starts) <= scanMax {
			continue
		}
		large++
		var probes []netip.Addr
		for _, e := range tab.Entries {
			if e.Prefix.Addr().Is4() {
				first, last := e.Prefix.Masked().Addr(), model.LastAddr(e.Prefix)
				probes = append(probes, first, last, first.Prev(), last.Next())
			}
		}
		for range 1000 {
			probes = append(probes, dataplane.AddrFrom32(uint32(r.Uint64())))
		}
		for _, a := range probes {
			if !a.IsValid() || !a.Is4() {
				continue
			}
			got := dataplane.NoEdge
			if es := fp.lookup(fp.lineOf[n], &fp.lines[fp.lineOf[n]], a); es >= 0 {
				got = dataplane.EdgeID(fp.idOf[es])
			}
			if want := enginetest.NaiveLookup(tab.Entries, a); got != want {
				t.Fatalf("node %d (%s, %d entries): lookup %s = %d, want %d", n, d.Nodes[n].Label, len(tab.Entries), a, got, want)
			}
		}
	}
	if large == 0 {
		t.Fatal("no large table to test")
	}
}
