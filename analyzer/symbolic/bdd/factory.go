package bdd

import "fmt"

// Node names a Boolean function owned by a Factory. Equal functions have
// equal Nodes.
type Node uint32

const (
	// False is the empty set / constant 0.
	False Node = 0
	// True is the universe / constant 1.
	True Node = 1
)

// node is one decision: if variable level is 1 go to high, else to low.
type node struct {
	level     uint32
	low, high Node
}

// MaxVars bounds the number of variables; it keeps the level field and the
// per-variable tables small and is far above the packet layout's needs.
const MaxVars = 1 << 16

const (
	initialNodes = 1 << 10
	// The apply cache serves And/Or/Diff, the bulk of the work, so it may grow
	// larger than the others: 2^20 entries is 16 MiB.
	maxApplyCache = 1 << 20
	maxOtherCache = 1 << 17
	// Below these a cache thrashes on a single mid-sized operation; they cost
	// 256 KiB (apply) and 64 KiB (each other cache) in a fresh Factory.
	minApplyCache = 1 << 14
	minOtherCache = 1 << 12
)

// Factory owns the nodes, the unique table and the operation caches.
// The zero value is not usable; call New.
type Factory struct {
	nodes   []node
	buckets []uint32 // unique table: node index, 0 = empty slot
	numVars uint32

	vars, nvars []Node // the literal x_i and NOT x_i for every variable

	applyCache, iteCache, quantCache, relprodCache, replaceCache opCache

	varSets   []varSet
	renamings []renaming
}

// New returns a Factory over numVars variables, numbered 0..numVars-1 in
// their order (variable 0 is tested first).
func New(numVars int) *Factory {
	if numVars < 1 || numVars > MaxVars {
		panic(fmt.Sprintf("bdd: variable count %d out of range 1..%d", numVars, MaxVars))
	}
	f := &Factory{
		nodes:   make([]node, 2, initialNodes),
		buckets: make([]uint32, 2*initialNodes),
		numVars: uint32(numVars),
	}
	f.nodes[False] = node{level: f.numVars}
	f.nodes[True] = node{level: f.numVars, low: True, high: True}
	f.sizeCaches()
	f.vars = make([]Node, numVars)
	f.nvars = make([]Node, numVars)
	for i := range numVars {
		f.vars[i] = f.mk(uint32(i), False, True)
		f.nvars[i] = f.mk(uint32(i), True, False)
	}
	// VarSet and Renaming zero values are the empty set and the identity.
	f.varSets = []varSet{{last: -1}}
	f.renamings = []renaming{{last: -1}}
	return f
}

// NumVars is the number of variables.
func (f *Factory) NumVars() int { return int(f.numVars) }

// Size is the number of nodes in the table, constants included. It only
// grows, but for Reset; callers use it to decide when to start afresh.
func (f *Factory) Size() int { return len(f.nodes) }

// Reset empties the factory back to what New made, keeping the memory of
// its tables (nodes, unique table, caches) for what comes next: a worker
// that starts afresh per batch of jobs allocates its tables once. Every
// Node, VarSet and Renaming made before, but the constants and the
// literals (Var, NVar), is invalid afterwards.
func (f *Factory) Reset() {
	f.nodes = f.nodes[:2+2*len(f.vars)]
	f.rehash()
	// Cached results name nodes that are gone, whose numbers new nodes
	// will take: no entry may survive.
	f.clearCaches()
	f.varSets = f.varSets[:1]
	f.renamings = f.renamings[:1]
}

// Var is the function "variable i is 1".
func (f *Factory) Var(i int) Node { return f.vars[i] }

// NVar is the function "variable i is 0".
func (f *Factory) NVar(i int) Node { return f.nvars[i] }

// Level is the variable n tests, or NumVars for the constants.
func (f *Factory) Level(n Node) int { return int(f.nodes[n].level) }

// Low is n's child for the variable being 0 (the constants are their own
// children).
func (f *Factory) Low(n Node) Node { return f.nodes[n].low }

// High is n's child for the variable being 1.
func (f *Factory) High(n Node) Node { return f.nodes[n].high }

// Branch is the function "if variable v then high else low", built directly
// as one node: no operation, no cache. v must be above every variable low
// and high test — the caller builds bottom-up, as for a cube, a prefix or a
// comparator chain — otherwise Branch panics (use Ite for the general case).
func (f *Factory) Branch(v int, low, high Node) Node {
	f.checkNode(low)
	f.checkNode(high)
	if v < 0 || uint32(v) >= f.nodes[low].level || uint32(v) >= f.nodes[high].level {
		panic(fmt.Sprintf("bdd: Branch on variable %d above children at levels %d and %d",
			v, f.nodes[low].level, f.nodes[high].level))
	}
	return f.mk(uint32(v), low, high)
}

// hash3 mixes three words; the final fold brings the well-mixed high half of
// the product into the low bits that the power-of-two tables index by.
func hash3(a, b, c uint32) uint64 {
	h := uint64(a)*0x9E3779B97F4A7C15 + uint64(b)
	h = h*0xC2B2AE3D27D4EB4F + uint64(c)
	h *= 0x165667B19E3779F9
	return h ^ h>>32
}

// mk returns the unique node (level, low, high), applying the reduction rule.
// Callers guarantee level is above the levels of low and high.
func (f *Factory) mk(level uint32, low, high Node) Node {
	if low == high {
		return low
	}
	mask := uint64(len(f.buckets) - 1)
	h := hash3(uint32(low), uint32(high), level) & mask
	for {
		i := f.buckets[h]
		if i == 0 {
			break
		}
		if n := f.nodes[i]; n.level == level && n.low == low && n.high == high {
			return Node(i)
		}
		h = (h + 1) & mask
	}
	if len(f.nodes) == 1<<32-1 {
		panic("bdd: node table full (2^32-1 nodes)")
	}
	idx := uint32(len(f.nodes))
	if len(f.nodes) == cap(f.nodes) {
		grown := make([]node, len(f.nodes), 2*cap(f.nodes))
		copy(grown, f.nodes)
		f.nodes = grown
	}
	f.nodes = append(f.nodes, node{level: level, low: low, high: high})
	f.buckets[h] = idx
	if 2*len(f.nodes) > len(f.buckets) {
		f.growBuckets()
		f.sizeCaches()
	}
	return Node(idx)
}

func (f *Factory) growBuckets() {
	f.buckets = make([]uint32, 2*len(f.buckets))
	f.rehash()
}

// rehash rebuilds the unique table from the node table: every node but
// the constants, by open addressing.
func (f *Factory) rehash() {
	clear(f.buckets)
	mask := uint64(len(f.buckets) - 1)
	for i := 2; i < len(f.nodes); i++ {
		n := f.nodes[i]
		h := hash3(uint32(n.low), uint32(n.high), n.level) & mask
		for f.buckets[h] != 0 {
			h = (h + 1) & mask
		}
		f.buckets[h] = uint32(i)
	}
}

// sizeCaches keeps every cache about half as large as the node table (the
// apply cache) or an eighth of it (the rest), within the bounds. Resizing
// drops the cached entries, which is harmless for a lossy cache.
func (f *Factory) sizeCaches() {
	n := len(f.buckets) / 2
	f.applyCache.resize(min(max(n/2, minApplyCache), maxApplyCache))
	f.applyCache.ready()
	other := min(max(n/8, minOtherCache), maxOtherCache)
	f.iteCache.resize(other)
	f.quantCache.resize(other)
	f.relprodCache.resize(other)
	f.replaceCache.resize(other)
}

// Collect frees every node no root reaches: roots calls each on every
// Node the caller keeps, and is called twice — once to find them, once,
// after the table is compacted, to renumber them in place (so it must
// name the same Nodes both times). Nodes the caller does not name are
// invalid afterwards; the constants and the literals (Var, NVar) keep
// their numbers, and variable sets and renamings stay valid. The memory
// of the tables is kept.
func (f *Factory) Collect(roots func(each func(*Node))) {
	n := len(f.nodes)
	live := make([]bool, n)
	fixed := 2 + 2*len(f.vars)
	for i := range fixed {
		live[i] = true
	}
	roots(func(r *Node) {
		f.checkNode(*r)
		live[*r] = true
	})
	// A node's children were made before it: one pass from the newest
	// marks everything the roots reach.
	for i := n - 1; i >= fixed; i-- {
		if live[i] {
			live[f.nodes[i].low] = true
			live[f.nodes[i].high] = true
		}
	}
	renum := make([]Node, n)
	next := 0
	for i := range n {
		if !live[i] {
			continue
		}
		nd := f.nodes[i]
		if i >= 2 {
			nd.low, nd.high = renum[nd.low], renum[nd.high]
		}
		f.nodes[next] = nd
		renum[i] = Node(next)
		next++
	}
	f.nodes = f.nodes[:next]
	f.rehash()
	f.clearCaches()
	roots(func(r *Node) { *r = renum[*r] })
}

// clearCaches drops every cached result: they name nodes by number.
func (f *Factory) clearCaches() {
	for _, c := range []*opCache{&f.applyCache, &f.iteCache, &f.quantCache, &f.relprodCache, &f.replaceCache} {
		clear(c.entries)
	}
}

// checkNode panics on a Node this Factory never made; a programmer error.
func (f *Factory) checkNode(n Node) {
	if int(n) >= len(f.nodes) {
		panic(fmt.Sprintf("bdd: node %d not in this factory (%d nodes)", n, len(f.nodes)))
	}
}
