package impact

import (
	"fmt"
	"net/netip"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/analyzer/symbolic/packetset"
	"github.com/vpcheck/vpcheck/internal/parallel"
	"github.com/vpcheck/vpcheck/model"
)

// Result is what a change does to reachability.
type Result struct {
	Model   *ModelDiff
	Gained  []Change
	Lost    []Change
	Stats   Stats
	Before  *analyzer.Analyzer
	After   *analyzer.Analyzer
	Space   *symbolic.Space
	Changed bool

	byB, byA map[string]*endpoint
	// gb, ga are the two sides' graphs (nil when nothing was compiled).
	gb, ga *graph
}

// Stats say how much was computed: the cost follows the change.
type Stats struct {
	Endpoints       int `json:"endpoints"`
	AffectedEdges   int `json:"affected_edges"`
	CandidatePairs  int `json:"candidate_pairs"`
	ExploredSources int `json:"explored_sources"`
}

// Change is one pair whose answered packets differ.
type Change struct {
	From, To EndpointRef
	// Set is the packets gained (in AFTER, not BEFORE) or lost, in Space.
	Set symbolic.Set
	// Packets describe Set per protocol.
	Packets []Packets
	// Example is one packet of Set, replayed on the fast path of the side
	// that delivers it.
	Example packet.Packet
	// ExampleDisplay names the example's addresses as that side knows them.
	ExampleSrc, ExampleDst string
	Causes                 []Cause
}

// Packets is the part of a change with one protocol.
type Packets struct {
	// Protocol is tcp, udp, icmp, icmpv6, all or a protocol number.
	Protocol string
	// Ports are the destination ports ("" when every port).
	Ports string
	// Sources are the source blocks when only part of the source's
	// addresses changed ("" otherwise).
	Sources string
}

// Cause is a changed object on the path of a change.
type Cause struct {
	Resource string
	// Kind is what changed in it: security_group_rule, route, nacl_rule,
	// association, or the object's kind when it was added or removed.
	Kind   string
	Change string
	// Location is where, on the side where it matters.
	Location hcl.Range
	// Object is the object's kind.
	Object model.Kind
}

// Compare computes what changes between two networks: objects, then the
// graph edges they touch, then reachability for the endpoint pairs whose
// paths can cross those edges. Networks that differ only in how they are
// written compute nothing past the model diff.
func Compare(before, after *model.Network) (*Result, error) {
	return CompareWith(before, after, nil)
}

// Progress is told, during Compare's longest step, how many of the
// candidate sources have been compared (done of total). It is called from
// the goroutines comparing them, so it must be safe for concurrent use.
type Progress func(done, total int)

// CompareWith is Compare telling progress how far it is (nil: nobody).
func CompareWith(before, after *model.Network, progress Progress) (*Result, error) {
	res := &Result{Model: DiffModels(before, after)}
	if res.Model.Empty() {
		return res, nil
	}
	res.Changed = true
	// The two sides are independent until they share a symbolic space:
	// compile and index them at the same time.
	var gb *graph
	var sigB *signs
	var wg sync.WaitGroup
	wg.Go(func() {
		gb = newGraph(dataplane.Compile(before))
		sigB = gb.signatures()
	})
	ga := newGraph(dataplane.Compile(after))
	sigA := ga.signatures()
	wg.Wait()
	db, da := gb.d, ga.d
	ops := symbolic.NewSpace()
	res.Space = ops
	res.Before = analyzer.NewWithEngine(db, symbolic.NewInSpace(db, ops))
	res.After = analyzer.NewWithEngine(da, symbolic.NewInSpace(da, ops))
	res.gb, res.ga = gb, ga
	markAffected(gb, ga, sigB, sigA, res.Before.Symbolic(), res.After.Symbolic())
	for _, g := range []*graph{gb, ga} {
		for _, x := range g.affected {
			if x {
				res.Stats.AffectedEdges++
			}
		}
	}
	if !gb.anyAffected() && !ga.anyAffected() {
		return res, nil
	}
	eb, ea := endpoints(res.Before), endpoints(res.After)
	eb, ea = comparable(eb, db, da), comparable(ea, da, db)
	keys := map[string]bool{}
	byB, byA := map[string]*endpoint{}, map[string]*endpoint{}
	for _, e := range eb {
		byB[e.ref.Key], keys[e.ref.Key] = e, true
	}
	for _, e := range ea {
		byA[e.ref.Key], keys[e.ref.Key] = e, true
	}
	res.Stats.Endpoints = len(keys)
	res.byB, res.byA = byB, byA
	cands := map[string]map[string]symbolic.Set{}
	candidates(gb, eb, cands, ops)
	candidates(ga, ea, cands, ops)
	header := res.After.DefaultHeader()

	srcKeys := sortedKeys(cands)
	for _, sk := range srcKeys {
		res.Stats.CandidatePairs += len(cands[sk])
		res.Stats.ExploredSources++
	}
	// Each source is compared on its own, in its own packet space when
	// there are enough of them to share out: a space and its engines are
	// not safe for concurrent use, and the sources are independent. The
	// changes found come back in source order, their sets imported into
	// res.Space.
	found := make([]sourceChanges, len(srcKeys))
	var done atomic.Int64
	compare := func(x **comparer, j int) {
		sk := srcKeys[j]
		found[j] = (*x).source(sk, (*x).cands[sk])
		if progress != nil {
			progress(int(done.Add(1)), len(srcKeys))
		}
	}
	workers := runtime.GOMAXPROCS(0)
	if len(srcKeys) < parallelSources {
		workers = 1
	}
	main := &comparer{res: res, ops: ops, before: res.Before, after: res.After, header: header, cands: cands}
	if workers == 1 {
		for j := range srcKeys {
			compare(&main, j)
		}
	} else {
		// One goroutine works in res.Space, with the engines whose tables
		// are already built; the others import their inputs from a frozen
		// copy of them, since res.Space changes under the first.
		frozen := &comparer{ops: symbolic.NewSpace(), cands: map[string]map[string]symbolic.Set{}}
		im := frozen.ops.ImporterFrom(ops.Space)
		frozen.header = im.Set(header)
		for _, sk := range srcKeys {
			frozen.cands[sk] = map[string]symbolic.Set{}
			for dk, x := range cands[sk] {
				frozen.cands[sk][dk] = im.Set(x)
			}
		}
		var first atomic.Bool
		parallel.Each(len(srcKeys), workers, func() *comparer {
			if first.CompareAndSwap(false, true) {
				return main
			}
			return res.worker(frozen)
		}, compare)
	}
	back := map[*comparer]*packetset.Importer{}
	for _, f := range found {
		if f.err != nil {
			return nil, f.err
		}
		in := func(x symbolic.Set) symbolic.Set { return x }
		if f.by.imp != nil {
			if back[f.by] == nil {
				back[f.by] = ops.ImporterFrom(f.by.ops.Space)
			}
			in = back[f.by].Set
		}
		for _, c := range f.gained {
			c.Set = in(c.Set)
			res.Gained = append(res.Gained, c)
		}
		for _, c := range f.lost {
			c.Set = in(c.Set)
			res.Lost = append(res.Lost, c)
		}
	}
	return res, nil
}

// parallelSources is the number of candidate sources from which Compare
// shares them out between goroutines: below it, making each goroutine's
// engines costs more than it saves.
const parallelSources = 16

// comparer compares sources in one packet space: res.Space (imp nil), or a
// worker's own, into which it imports its inputs.
type comparer struct {
	res           *Result
	ops           *symbolic.Space
	before, after *analyzer.Analyzer
	// header is the default header, in ops.
	header symbolic.Set
	// cands are the candidate pairs' packets: in ops, or in the space imp
	// imports from.
	cands map[string]map[string]symbolic.Set
	imp   *packetset.Importer
}

// worker is a comparer with a packet space and engines of its own, taking
// its inputs from those of from (which must not change while it works).
func (res *Result) worker(from *comparer) *comparer {
	ops := symbolic.NewSpace()
	db, da := res.Before.Dataplane(), res.After.Dataplane()
	x := &comparer{res: res, ops: ops, imp: ops.ImporterFrom(from.ops.Space), cands: from.cands,
		before: analyzer.NewWithEngine(db, symbolic.NewInSpace(db, ops)),
		after:  analyzer.NewWithEngine(da, symbolic.NewInSpace(da, ops))}
	x.header = x.in(from.header)
	return x
}

// in is a set of the space the comparer imports from, in its own.
func (x *comparer) in(s symbolic.Set) symbolic.Set {
	if x.imp == nil {
		return s
	}
	return x.imp.Set(s)
}

// sourceChanges are the changes of one source's pairs, with their sets in
// by's space.
type sourceChanges struct {
	gained, lost []Change
	by           *comparer
	err          error
}

// source compares one source with the destinations its candidate pairs
// name, each with the packets that can change.
func (x *comparer) source(sk string, cands map[string]symbolic.Set) sourceChanges {
	res, ops := x.res, x.ops
	out := sourceChanges{by: x}
	byB, byA := res.byB, res.byA
	dkeys := sortedKeys(cands)
	within := ops.None()
	sets := make([]symbolic.Set, len(dkeys))
	for i, dk := range dkeys {
		sets[i] = x.in(cands[dk])
		within = ops.Union(within, sets[i])
	}
	// Only packets some affected edge treats differently can change:
	// explore those alone, on both sides.
	h := ops.Intersect(x.header, within)
	setsB := answered(x.before, byB[sk], byB, dkeys, h, ops)
	setsA := answered(x.after, byA[sk], byA, dkeys, h, ops)
	for i, dk := range dkeys {
		setsB[i] = ops.Intersect(setsB[i], sets[i])
		setsA[i] = ops.Intersect(setsA[i], sets[i])
		from, to := pick(byA[sk], byB[sk]), pick(byA[dk], byB[dk])
		if g := ops.Minus(setsA[i], setsB[i]); !ops.IsEmpty(g) {
			c, err := x.change(from, to, g, byA[sk], byA[dk], x.after, x.before, res.ga, res.gb, true)
			if err != nil {
				out.err = err
				return out
			}
			out.gained = append(out.gained, c)
		}
		if l := ops.Minus(setsB[i], setsA[i]); !ops.IsEmpty(l) {
			c, err := x.change(from, to, l, byB[sk], byB[dk], x.before, x.after, res.gb, res.ga, false)
			if err != nil {
				out.err = err
				return out
			}
			out.lost = append(out.lost, c)
		}
	}
	return out
}

// comparable drops from one side's endpoints the subnets that are another
// kind of endpoint on the other side: a subnet without a host is a
// hypothetical host (anything launched there, with no security group
// restriction), which the instances that are there on the other side
// replace, and which a subnet given over to a transit gateway attachment
// does not have. Comparing the two would report as lost (or gained) what
// no real host ever had; the instances' own flows are reported instead.
func comparable(eps []*endpoint, mine, other *dataplane.Dataplane) []*endpoint {
	kind := func(d *dataplane.Dataplane) map[string]string {
		out := map[string]string{}
		for _, s := range d.Net.Subnets {
			_, hyp := d.Hypothetical[s]
			switch {
			case !withoutHost(s):
				out[Identity(s)] = "hosts"
			case hyp:
				out[Identity(s)] = "hypothetical"
			default:
				out[Identity(s)] = "none"
			}
		}
		return out
	}
	here, there := kind(mine), kind(other)
	out := eps[:0:0]
	for _, x := range eps {
		if k, ok := there[x.ref.Key]; ok && x.ref.Kind == string(model.KindSubnet) && k != here[x.ref.Key] {
			continue
		}
		out = append(out, x)
	}
	return out
}

func pick(a, b *endpoint) *endpoint {
	if a != nil {
		return a
	}
	return b
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// candidates adds the pairs of one side whose paths can cross an affected
// edge with packets the edge treats differently: forward (the source can
// reach the edge with packets to the destination, which they can reach
// afterwards) or for the replies (the same with the roles swapped). A
// source whose address cannot have been rewritten on the way is kept only
// if its addresses are in the edge's delta.
//
// Each pair comes with the packets that can change: the edges' deltas,
// with the fields rewritten on the way from the source forgotten (the
// source sent them with other values); all packets for pairs whose replies
// cross an edge.
func candidates(g *graph, eps []*endpoint, out map[string]map[string]symbolic.Set, ops *symbolic.Space) {
	if !g.anyAffected() {
		return
	}
	startAt := map[dataplane.NodeID][]*endpoint{}
	replyAt := map[dataplane.NodeID][]*endpoint{}
	for _, e := range eps {
		for _, n := range e.starts {
			startAt[n] = append(startAt[n], e)
		}
		for _, n := range e.replyFrom {
			replyAt[n] = append(replyAt[n], e)
		}
	}
	add := func(s, d *endpoint, within symbolic.Set) {
		if s == d || len(s.starts) == 0 {
			return
		}
		if out[s.ref.Key] == nil {
			out[s.ref.Key] = map[string]symbolic.Set{}
		}
		old, ok := out[s.ref.Key][d.ref.Key]
		if !ok {
			old = ops.None()
		}
		out[s.ref.Key][d.ref.Key] = ops.Union(old, within)
	}
	var edges []dataplane.EdgeID
	for i, aff := range g.affected {
		if aff {
			edges = append(edges, dataplane.EdgeID(i))
		}
	}
	nat := natPrefixes(g.d)
	natDst := ops.Prefixes(dataplane.FieldDst, nat)
	natSrc := ops.Prefixes(dataplane.FieldSrc, nat)
	rewrote := map[[2]*endpoint]bool{}
	rewrites := func(s, d *endpoint) bool {
		k := [2]*endpoint{s, d}
		v, ok := rewrote[k]
		if !ok {
			v = g.rewritesOnWay(s.starts, d.dst)
			rewrote[k] = v
		}
		return v
	}
	for _, id := range edges {
		full := g.delta[id]
		// The packets of the delta addressed to a NAT gateway may be
		// replies to anyone behind it: an edge that carries some is
		// followed for them toward any destination. The rest of the delta
		// is followed toward each endpoint's own addresses.
		rest, viaNAT := full, ops.None()
		var loose *[2]reach
		if len(nat) > 0 && g.carries(id, nat) && ops.Overlaps(full, natDst) {
			rest, viaNAT = ops.Minus(full, natDst), ops.Intersect(full, natDst)
			loose = &[2]reach{g.reachOf(id, nat, false), g.reachOf(id, nat, true)}
		}
		restPart, natPart := newPart(ops, rest), newPart(ops, viaNAT)
		for _, x := range eps {
			if !ops.IsEmpty(rest) && g.carries(id, x.dst) && (x.dst == nil || ops.Overlaps(rest, ops.Prefixes(dataplane.FieldDst, x.dst))) {
				var rr reach
				r := g.reachOf(id, x.dst, false)
				if !g.forwardOnly[id] {
					rr = g.reachOf(id, x.dst, true)
				}
				// x as destination.
				restPart.toward(x, r, startAt, add)
				// x as source: its replies cross the edge. Only the
				// requests whose replies are in the delta can change: the
				// replies of the delta (with the fields rewritten between
				// the reply's start and the edge forgotten), unless the
				// request itself may have been rewritten on its way to d,
				// which leaves its reply unrelated to its origin's header
				// (all packets then).
				if !g.forwardOnly[id] && anyIn(x.returns, rr.fwd) {
					restPart.replies(x, rr, replyAt, func(s, d *endpoint, mask uint8) {
						within := ops.All()
						if !rewrites(s, d) {
							within = restPart.inverse(mask)
						}
						add(s, d, within)
					})
				}
			}
			if loose == nil {
				continue
			}
			natPart.toward(x, loose[0], startAt, add)
			// A reply addressed to a NAT gateway answers a request the
			// gateway translated on its way (or one sent from the
			// gateway's own address): all its packets can change.
			if !g.forwardOnly[id] && anyIn(x.returns, loose[1].fwd) {
				natPart.replies(x, loose[1], replyAt, func(s, d *endpoint, _ uint8) {
					if rewrites(s, d) || ops.Overlaps(s.srcSet(ops), natSrc) {
						add(s, d, ops.All())
					}
				})
			}
		}
	}
}

// part is one piece of an affected edge's delta, with the forms it is
// matched in cached by the header fields rewritten on the way.
type part struct {
	ops             *symbolic.Space
	delta           symbolic.Set
	forgot, inverts map[uint8]symbolic.Set
}

func newPart(ops *symbolic.Space, delta symbolic.Set) *part {
	return &part{ops: ops, delta: delta, forgot: map[uint8]symbolic.Set{}, inverts: map[uint8]symbolic.Set{}}
}

// pulled is the delta with the fields rewritten on the way (mask)
// forgotten: the source sent them with other values.
func (p *part) pulled(mask uint8) symbolic.Set {
	if x, ok := p.forgot[mask]; ok {
		return x
	}
	var fs []packetset.Field
	if mask&rewroteSrc != 0 {
		fs = append(fs, packetset.FieldSrcIP, packetset.FieldSrcPort)
	}
	if mask&rewroteDst != 0 {
		fs = append(fs, packetset.FieldDstIP, packetset.FieldDstPort)
	}
	x := p.delta
	if len(fs) > 0 {
		x = p.ops.Forget(p.delta, fs...)
	}
	p.forgot[mask] = x
	return x
}

// inverse is the requests whose replies are in pulled(mask).
func (p *part) inverse(mask uint8) symbolic.Set {
	if x, ok := p.inverts[mask]; ok {
		return x
	}
	x := p.ops.ReplyInverse(p.pulled(mask))
	p.inverts[mask] = x
	return x
}

// toward adds the pairs whose packets to x can cross the edge (r) with
// packets of the delta.
func (p *part) toward(x *endpoint, r reach, startAt map[dataplane.NodeID][]*endpoint, add func(s, d *endpoint, within symbolic.Set)) {
	if p.ops.IsEmpty(p.delta) || !anyIn(x.terminals, r.fwd) {
		return
	}
	for n, mask := range r.back {
		within := p.pulled(mask)
		for _, s := range startAt[n] {
			if mask&rewroteSrc != 0 || p.ops.Overlaps(within, s.srcSet(p.ops)) {
				add(s, x, within)
			}
		}
	}
}

// replies calls f for the pairs from x whose replies can cross the edge
// (rr) with packets of the delta.
func (p *part) replies(x *endpoint, rr reach, replyAt map[dataplane.NodeID][]*endpoint, f func(s, d *endpoint, mask uint8)) {
	if p.ops.IsEmpty(p.delta) {
		return
	}
	for n, mask := range rr.back {
		for _, d := range replyAt[n] {
			if mask&rewroteSrc != 0 || p.ops.Overlaps(p.delta, d.replySrcSet(p.ops)) {
				f(x, d, mask)
			}
		}
	}
}

func anyIn(ns []dataplane.NodeID, set map[dataplane.NodeID]bool) bool {
	for _, n := range ns {
		if set[n] {
			return true
		}
	}
	return false
}

// answered is the answered set from the source to each destination on one
// side (none where either is missing on that side).
func answered(an *analyzer.Analyzer, src *endpoint, side map[string]*endpoint, dkeys []string, header symbolic.Set, ops *symbolic.Space) []symbolic.Set {
	out := make([]symbolic.Set, len(dkeys))
	for i := range out {
		out[i] = ops.None()
	}
	if src == nil {
		return out
	}
	var tos []*analyzer.Endpoint
	var idx []int
	for i, k := range dkeys {
		if d := side[k]; d != nil {
			tos = append(tos, d.ep)
			idx = append(idx, i)
		}
	}
	if len(tos) == 0 {
		return out
	}
	for j, s := range an.Answered(src.ep, tos, header) {
		out[idx[j]] = s
	}
	return out
}

// change describes one pair's difference: set is delivered on side `on`
// (AFTER for gained) and not on `other`.
func (x *comparer) change(from, to *endpoint, set symbolic.Set, srcOn, dstOn *endpoint, on, other *analyzer.Analyzer, gOn, gOther *graph, gained bool) (Change, error) {
	res, ops := x.res, x.ops
	c := Change{From: from.ref, To: to.ref, Set: set, Packets: describe(ops, set, srcOn)}
	p, start, err := example(on, ops, set, srcOn, dstOn)
	if err != nil {
		return c, err
	}
	c.Example = p
	c.ExampleSrc, c.ExampleDst = on.Dataplane().DisplayAddr(p.Src), on.Dataplane().DisplayAddr(p.Dst)
	_ = start
	// Causes: the changed objects on the path the packets take where they
	// are delivered, and where they are stopped on the other side.
	touched := map[string]bool{}
	collect := func(g *graph, an *analyzer.Analyzer, relaxed bool, ep *endpoint) {
		if ep == nil {
			return
		}
		s := an.Symbolic()
		for _, st := range ep.ep.Starts {
			src := ops.Minus(ops.Prefixes(dataplane.FieldSrc, st.Src), ops.Prefixes(dataplane.FieldSrc, st.Exclude))
			in := ops.Intersect(set, src)
			if ops.IsEmpty(in) {
				continue
			}
			for _, l := range s.Explore(st.Node, in, relaxed) {
				for _, step := range l.Path {
					if g.affected[step.Edge] {
						touchEdge(g.d, step.Edge, touched)
					}
				}
				if l.At != dataplane.NoEdge && g.affected[l.At] {
					touchEdge(g.d, l.At, touched)
				}
				if l.Outcome.Component != nil {
					touched[Identity(l.Outcome.Component)] = true
				}
				if l.Delivered && d(an).Nodes[l.Node].ReplyFrom >= 0 {
					for _, rl := range s.ExploreReply(l) {
						for _, step := range rl.Path {
							if g.affected[step.Edge] {
								touchEdge(g.d, step.Edge, touched)
							}
						}
						if rl.At != dataplane.NoEdge && g.affected[rl.At] {
							touchEdge(g.d, rl.At, touched)
						}
						if rl.Outcome.Component != nil && !rl.Delivered {
							touched[Identity(rl.Outcome.Component)] = true
						}
					}
				}
			}
		}
	}
	collect(gOn, on, false, srcOn)
	var srcOther *endpoint
	if gained {
		srcOther = pickSide(res, from.ref.Key, false)
	} else {
		srcOther = pickSide(res, from.ref.Key, true)
	}
	collect(gOther, other, true, srcOther)
	c.Causes = res.causes(touched, gained)
	return c, nil
}

func d(an *analyzer.Analyzer) *dataplane.Dataplane { return an.Dataplane() }

// pickSide finds the source endpoint on the before (after=false) or after side.
func pickSide(res *Result, key string, after bool) *endpoint {
	if after {
		return res.byA[key]
	}
	return res.byB[key]
}

// touchEdge records the objects an edge involves.
func touchEdge(d *dataplane.Dataplane, id dataplane.EdgeID, out map[string]bool) {
	e := &d.Edges[id]
	add := func(o model.Object) {
		if o != nil {
			out[Identity(o)] = true
		}
	}
	add(e.ViaObj)
	add(d.Nodes[e.From].Component)
	add(d.Nodes[e.To].Component)
	for _, f := range e.Filters {
		add(f.Component)
		for _, g := range f.Groups {
			add(g)
		}
		for _, r := range f.Rules {
			add(r.Owner)
		}
	}
	for _, g := range e.Guards {
		add(g.Fail.Component)
	}
	add(e.Refused().Component)
}

// causes turns touched objects into the model changes among them.
//
// A security group only allows: packets gained come from rules added, lost
// ones from rules removed, so the other rules of a changed group are left
// out. Other parts (routes, network ACL rules, associations) can act
// either way and are all listed.
func (res *Result) causes(touched map[string]bool, gained bool) []Cause {
	var out []Cause
	for _, id := range sortedKeys(touched) {
		ch := res.Model.Of(id)
		if ch == nil {
			continue
		}
		o := ch.Object()
		for _, p := range ch.Parts {
			if p.Kind == "security_group_rule" && (p.Change == Added) != gained {
				continue
			}
			out = append(out, Cause{Resource: address(o), Kind: p.Kind, Change: p.Change, Location: p.Range, Object: o.Kind()})
		}
	}
	return out
}

// example picks one packet of set, close to what a person would try, and
// replays it on the fast path of the side that delivers it. A packet the
// fast path does not deliver is an engine disagreement: an error, never an
// answer.
func example(an *analyzer.Analyzer, ops *symbolic.Space, set symbolic.Set, src, dst *endpoint) (packet.Packet, dataplane.NodeID, error) {
	prefer := packet.Packet{Proto: uint8(model.ProtoTCP), SrcPort: analyzer.DefaultSrcPort, DstPort: 443}
	for _, pk := range describe(ops, set, src) {
		if pk.Protocol == model.ProtoTCP.String() && pk.Ports != "" {
			if r, err := model.ParsePortRange(strings.SplitN(pk.Ports, ",", 2)[0]); err == nil {
				prefer.DstPort = r.From
			}
			break
		}
	}
	if src.ref.Kind == KindInternet {
		prefer.Src = netip.MustParseAddr("198.51.100.10")
	}
	switch {
	case dst != nil && dst.ref.Kind == KindInternet:
		// A documentation address (RFC 5737) reads as "some host on the
		// internet", as reach shows it.
		prefer.Dst = netip.MustParseAddr("203.0.113.10")
	case dst != nil && len(dst.ep.Addrs) > 0:
		prefer.Dst = dst.ep.Addrs[0].Addr()
	}
	for _, st := range src.ep.Starts {
		in := ops.Intersect(set, ops.Minus(ops.Prefixes(dataplane.FieldSrc, st.Src), ops.Prefixes(dataplane.FieldSrc, st.Exclude)))
		if ops.IsEmpty(in) {
			continue
		}
		if src.ref.Kind != KindInternet && len(st.Src) > 0 {
			prefer.Src = st.Src[0].Addr()
			if p := st.Src[0]; !p.IsSingleIP() && p.Addr().Is4() && p.Bits() <= 28 {
				// A hypothetical host in a subnet: its first usable
				// address (AWS reserves the first four), as reach picks.
				prefer.Src = dataplane.AddrFrom32(dataplane.U32(p.Addr()) + 4)
			}
		}
		p, ok := ops.Witness(in, prefer)
		if !ok {
			continue
		}
		var sess fastpath.Sessions
		r := an.FastPath().Forward(st.Node, p, &sess, false)
		if !r.Delivered {
			return p, st.Node, &analyzer.AgreementError{Witness: p, Got: r.Outcome}
		}
		return p, st.Node, nil
	}
	return packet.Packet{}, -1, fmt.Errorf("internal error: a change with no packet from %s", src.ref.Name)
}
