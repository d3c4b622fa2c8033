package bdd

import (
	"math/bits"
	"math/rand/v2"
	"testing"
)

// The property tests compare every operation against brute-force truth
// tables over a few variables. A table is a 256-bit set: bit a is the
// function's value on assignment a, where variable v is bit (n-1-v) of a.
const tvars = 8

type table [4]uint64

func (t table) get(a int) bool { return t[a>>6]>>(a&63)&1 != 0 }
func (t *table) set(a int)     { t[a>>6] |= 1 << (a & 63) }

func tableOf(pred func(a int) bool) table {
	var t table
	for a := range 1 << tvars {
		if pred(a) {
			t.set(a)
		}
	}
	return t
}

func varValue(a, v int) bool { return a>>(tvars-1-v)&1 != 0 }

// packed is assignment a in the bit-packed layout Eval and SatOne use.
func packed(a int) []uint64 {
	var w uint64
	for v := range tvars {
		if varValue(a, v) {
			w |= 1 << (63 - v)
		}
	}
	return []uint64{w}
}

func unpacked(w []uint64) int {
	a := 0
	for v := range tvars {
		if w[0]>>(63-v)&1 != 0 {
			a |= 1 << (tvars - 1 - v)
		}
	}
	return a
}

// build makes the canonical diagram of t by Shannon expansion, independently
// of the operations under test (it only uses Ite on fresh variables).
func build(f *Factory, t table) Node {
	var rec func(level, base int) Node
	rec = func(level, base int) Node {
		if level == tvars {
			if t.get(base) {
				return True
			}
			return False
		}
		lo := rec(level+1, base)
		hi := rec(level+1, base|1<<(tvars-1-level))
		if lo == hi {
			return lo
		}
		return f.mk(uint32(level), lo, hi)
	}
	return rec(0, 0)
}

type formula struct {
	n Node
	t table
}

type gen struct {
	f    *Factory
	r    *rand.Rand
	sets []VarSet
	setT [][]int
	rens []Renaming
	renT [][tvars]int
}

func newGen(seed uint64) *gen { return newGenOn(New(tvars), seed) }

// newGenOn is newGen on a given factory (a Reset one).
func newGenOn(f *Factory, seed uint64) *gen {
	g := &gen{f: f, r: rand.New(rand.NewPCG(seed, 7))}
	for range 6 {
		var vs []int
		for v := range tvars {
			if g.r.IntN(3) == 0 {
				vs = append(vs, v)
			}
		}
		g.sets = append(g.sets, g.f.NewVarSet(vs...))
		g.setT = append(g.setT, vs)
	}
	for range 6 {
		var to [tvars]int
		var from, dst []int
		perm := g.r.Perm(tvars)
		collapse := g.r.IntN(3) == 0 // a non-injective substitution
		for v := range tvars {
			to[v] = perm[v]
			if collapse && v%3 == 0 {
				to[v] = perm[0]
			}
			from = append(from, v)
			dst = append(dst, to[v])
		}
		g.rens = append(g.rens, g.f.NewRenaming(from, dst))
		g.renT = append(g.renT, to)
	}
	// The classic reversal: the worst case for an order-changing rename.
	var rev [tvars]int
	var from, dst []int
	for v := range tvars {
		rev[v] = tvars - 1 - v
		from = append(from, v)
		dst = append(dst, rev[v])
	}
	g.rens = append(g.rens, g.f.NewRenaming(from, dst))
	g.renT = append(g.renT, rev)
	return g
}

func (g *gen) formula(depth int) formula {
	f := g.f
	if depth == 0 || g.r.IntN(8) == 0 {
		v := g.r.IntN(tvars)
		switch g.r.IntN(10) {
		case 0:
			return formula{True, tableOf(func(int) bool { return true })}
		case 1:
			return formula{False, table{}}
		case 2, 3, 4:
			return formula{f.NVar(v), tableOf(func(a int) bool { return !varValue(a, v) })}
		default:
			return formula{f.Var(v), tableOf(func(a int) bool { return varValue(a, v) })}
		}
	}
	a := g.formula(depth - 1)
	b := g.formula(depth - 1)
	switch g.r.IntN(10) {
	case 0:
		return formula{f.And(a.n, b.n), tableOf(func(x int) bool { return a.t.get(x) && b.t.get(x) })}
	case 1:
		return formula{f.Or(a.n, b.n), tableOf(func(x int) bool { return a.t.get(x) || b.t.get(x) })}
	case 2:
		return formula{f.Xor(a.n, b.n), tableOf(func(x int) bool { return a.t.get(x) != b.t.get(x) })}
	case 3:
		return formula{f.Diff(a.n, b.n), tableOf(func(x int) bool { return a.t.get(x) && !b.t.get(x) })}
	case 4:
		return formula{f.Not(a.n), tableOf(func(x int) bool { return !a.t.get(x) })}
	case 5:
		c := g.formula(depth - 1)
		return formula{f.Ite(c.n, a.n, b.n), tableOf(func(x int) bool {
			if c.t.get(x) {
				return a.t.get(x)
			}
			return b.t.get(x)
		})}
	case 6:
		i := g.r.IntN(len(g.sets))
		return formula{f.Exists(a.n, g.sets[i]), existsTable(a.t, g.setT[i])}
	case 7:
		i := g.r.IntN(len(g.sets))
		both := tableOf(func(x int) bool { return a.t.get(x) && b.t.get(x) })
		return formula{f.AndExists(a.n, b.n, g.sets[i]), existsTable(both, g.setT[i])}
	default:
		i := g.r.IntN(len(g.rens))
		return formula{f.Replace(a.n, g.rens[i]), replaceTable(a.t, g.renT[i])}
	}
}

func existsTable(t table, vs []int) table {
	for _, v := range vs {
		prev := t
		t = tableOf(func(a int) bool { return prev.get(a) || prev.get(a^1<<(tvars-1-v)) })
	}
	return t
}

// replaceTable is t with every variable x replaced by to[x]: the result on
// assignment a is t on the assignment whose x is a's to[x].
func replaceTable(t table, to [tvars]int) table {
	return tableOf(func(a int) bool {
		b := 0
		for x := range tvars {
			if varValue(a, to[x]) {
				b |= 1 << (tvars - 1 - x)
			}
		}
		return t.get(b)
	})
}

func TestOperationsMatchTruthTables(t *testing.T) {
	for seed := range uint64(40) {
		g := newGen(seed)
		for range 150 {
			fm := g.formula(5)
			for a := range 1 << tvars {
				if got := g.f.Eval(fm.n, packed(a)); got != fm.t.get(a) {
					t.Fatalf("seed %d: assignment %08b: Eval = %v, truth table says %v", seed, a, got, fm.t.get(a))
				}
			}
			// Canonicity: the same function built independently is the same Node.
			if c := build(g.f, fm.t); c != fm.n {
				t.Fatalf("seed %d: formula node %d, canonical node %d for the same function", seed, fm.n, c)
			}
		}
	}
}

func TestSatOneFollowsPreference(t *testing.T) {
	g := newGen(99)
	for range 3000 {
		fm := g.formula(4)
		pa := g.r.IntN(1 << tvars)
		out := make([]uint64, 1)
		ok := g.f.SatOne(fm.n, packed(pa), out)
		if ok != (fm.t != table{}) {
			t.Fatalf("SatOne ok = %v for a function with table %x", ok, fm.t)
		}
		if !ok {
			continue
		}
		got := unpacked(out)
		if !fm.t.get(got) {
			t.Fatalf("SatOne gave %08b, not a model", got)
		}
		// Greedy in the order means: the result is the model with the longest
		// common prefix with the preference, ties broken the same way below.
		// Equivalently, among models it minimises got XOR pa as an integer.
		best := -1
		for a := range 1 << tvars {
			if fm.t.get(a) && (best < 0 || a^pa < best^pa) {
				best = a
			}
		}
		if got != best {
			t.Fatalf("SatOne(prefer %08b) = %08b, closest model is %08b", pa, got, best)
		}
	}
}

func TestSatCountImpliesDisjoint(t *testing.T) {
	g := newGen(5)
	for range 2000 {
		a, b := g.formula(4), g.formula(4)
		want := 0
		for _, w := range a.t {
			want += bits.OnesCount64(w)
		}
		if got := g.f.SatCount(a.n); got != float64(want) {
			t.Fatalf("SatCount = %v, want %d", got, want)
		}
		imp := true
		for x := range 1 << tvars {
			if a.t.get(x) && !b.t.get(x) {
				imp = false
			}
		}
		if got := g.f.Implies(a.n, b.n); got != imp {
			t.Fatalf("Implies = %v, want %v", got, imp)
		}
		disjoint := true
		for x := range 1 << tvars {
			if a.t.get(x) && b.t.get(x) {
				disjoint = false
			}
		}
		if got := g.f.Disjoint(a.n, b.n); got != disjoint {
			t.Fatalf("Disjoint = %v, want %v", got, disjoint)
		}
	}
}

func TestSatCountWide(t *testing.T) {
	f := New(300)
	if got := f.SatCount(True); got != pow2(300) {
		t.Fatalf("SatCount(True) = %v over 300 variables", got)
	}
	if got := f.SatCount(f.Var(299)); got != pow2(299) {
		t.Fatalf("SatCount(x299) = %v", got)
	}
}

func TestNodeCount(t *testing.T) {
	f := New(16)
	cube := True
	for v := 15; v >= 0; v -= 2 {
		cube = f.And(f.Var(v), cube)
	}
	if got := f.NodeCount(cube); got != 8 {
		t.Fatalf("a cube of 8 literals has %d nodes", got)
	}
	if f.NodeCount(True) != 0 || f.NodeCount(False) != 0 {
		t.Fatal("constants have no decision nodes")
	}
}

// TestGrowth drives the table through many doublings and checks identities
// that only hold if hash-consing stayed canonical across rehashes.
// checkFormulas holds n random formulas of g to their truth tables and to
// canonicity.
func checkFormulas(t *testing.T, g *gen, n int, what string) {
	t.Helper()
	for range n {
		fm := g.formula(5)
		for a := range 1 << tvars {
			if got := g.f.Eval(fm.n, packed(a)); got != fm.t.get(a) {
				t.Fatalf("%s: assignment %08b: Eval = %v, truth table says %v", what, a, got, fm.t.get(a))
			}
		}
		if c := build(g.f, fm.t); c != fm.n {
			t.Fatalf("%s: formula node %d, canonical node %d for the same function", what, fm.n, c)
		}
	}
}

// TestReset checks that a Reset factory is as good as a new one: every
// operation (whose caches held results naming the nodes Reset dropped)
// still matches the truth tables, on new variable sets and renamings.
func TestReset(t *testing.T) {
	for seed := range uint64(20) {
		g := newGen(seed)
		checkFormulas(t, g, 100, "before reset")
		grown := g.f.Size()
		g.f.Reset()
		if g.f.Size() != 2+2*tvars || g.f.Size() >= grown {
			t.Fatalf("seed %d: %d nodes after Reset (%d before)", seed, g.f.Size(), grown)
		}
		checkFormulas(t, newGenOn(g.f, seed+1000), 150, "after reset")
	}
}

// TestCollect keeps some formulas through a Collect: they still compute
// their truth tables, are still canonical, and the factory goes on
// working (its caches named the nodes Collect renumbered).
func TestCollect(t *testing.T) {
	for seed := range uint64(20) {
		g := newGen(seed)
		var kept []formula
		for i := range 200 {
			fm := g.formula(5)
			if i%10 == 0 {
				kept = append(kept, fm)
			}
		}
		grown := g.f.Size()
		g.f.Collect(func(each func(*Node)) {
			for i := range kept {
				each(&kept[i].n)
			}
		})
		if g.f.Size() >= grown {
			t.Fatalf("seed %d: %d nodes after Collect, %d before", seed, g.f.Size(), grown)
		}
		for _, fm := range kept {
			for a := range 1 << tvars {
				if got := g.f.Eval(fm.n, packed(a)); got != fm.t.get(a) {
					t.Fatalf("seed %d: kept formula, assignment %08b: Eval = %v, truth table says %v", seed, a, got, fm.t.get(a))
				}
			}
			if c := build(g.f, fm.t); c != fm.n {
				t.Fatalf("seed %d: kept formula node %d, canonical node %d", seed, fm.n, c)
			}
		}
		checkFormulas(t, g, 150, "after collect")
	}
}

func TestGrowth(t *testing.T) {
	const n = 24
	f := New(n)
	r := rand.New(rand.NewPCG(1, 2))
	random := func() Node {
		x := False
		for range 8 {
			c := True
			for range 5 {
				v := r.IntN(n)
				if r.IntN(2) == 0 {
					c = f.And(c, f.Var(v))
				} else {
					c = f.And(c, f.NVar(v))
				}
			}
			x = f.Or(x, c)
		}
		return x
	}
	for range 300 {
		a, b := random(), random()
		if f.Xor(a, b) != f.Or(f.Diff(a, b), f.Diff(b, a)) {
			t.Fatal("a xor b != (a-b) | (b-a)")
		}
		if f.Not(f.And(a, b)) != f.Or(f.Not(a), f.Not(b)) {
			t.Fatal("De Morgan fails")
		}
		if f.Ite(a, b, False) != f.And(a, b) {
			t.Fatal("ite(a, b, 0) != a & b")
		}
	}
	t.Logf("%d nodes", f.Size())
	if f.Size() < 1<<14 {
		t.Fatalf("test did not grow the table: %d nodes", f.Size())
	}
}

// TestSwapDistantBlocks checks Replace on the packet layer's real use: two
// blocks of variables far apart in the order trade places.
func TestSwapDistantBlocks(t *testing.T) {
	const w = 12
	f := New(3 * w)
	var from, to []int
	for i := range w {
		from = append(from, i, 2*w+i)
		to = append(to, 2*w+i, i)
	}
	swap := f.NewRenaming(from, to)
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		a, b := r.IntN(1<<w), r.IntN(1<<w)
		block := func(base, val int) Node {
			c := True
			for i := w - 1; i >= 0; i-- {
				if val>>(w-1-i)&1 != 0 {
					c = f.And(f.Var(base+i), c)
				} else {
					c = f.And(f.NVar(base+i), c)
				}
			}
			return c
		}
		x := f.And(block(0, a), block(2*w, b))
		y := f.And(block(0, b), block(2*w, a))
		if got := f.Replace(x, swap); got != y {
			t.Fatalf("swap(%x,%x) wrong", a, b)
		}
		if f.Replace(f.Replace(x, swap), swap) != x {
			t.Fatal("swap is not an involution")
		}
	}
}

func TestProgrammerErrorsPanic(t *testing.T) {
	f := New(4)
	for name, fn := range map[string]func(){
		"var out of range":    func() { f.Var(4) },
		"foreign node":        func() { f.And(Node(1<<20), True) },
		"renaming mismatched": func() { f.NewRenaming([]int{1}, nil) },
		"varset out of range": func() { f.NewVarSet(9) },
		"zero variables":      func() { New(0) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			fn()
		}()
	}
}

func TestBranch(t *testing.T) {
	f := New(4)
	x := f.Branch(1, f.Var(3), f.NVar(2))
	if x != f.Ite(f.Var(1), f.NVar(2), f.Var(3)) {
		t.Fatal("Branch != Ite")
	}
	if f.Branch(0, x, x) != x {
		t.Fatal("Branch does not reduce")
	}
	defer func() {
		if recover() == nil {
			t.Fatal("Branch below a child did not panic")
		}
	}()
	f.Branch(2, x, True)
}

// TestImport: a diagram copied into another factory is the same function
// there (every assignment of a few variables evaluates alike), and copying
// it twice gives the same node.
func TestImport(t *testing.T) {
	const vars = 8
	a, b := New(vars), New(vars)
	// Build unrelated nodes in b first, so that node numbers differ.
	_ = b.Or(b.And(b.Var(7), b.Var(6)), b.NVar(5))
	x := a.Or(a.And(a.Var(0), a.NVar(3)), a.Xor(a.Var(5), a.Var(2)))
	im := b.ImporterFrom(a)
	y := im.Node(x)
	if y2 := b.ImporterFrom(a).Node(x); y2 != y {
		t.Fatalf("two imports of one node: %d and %d", y, y2)
	}
	for m := range uint64(1 << vars) {
		bits := []uint64{m << (64 - vars)} // variable 0 is the top bit
		if a.Eval(x, bits) != b.Eval(y, bits) {
			t.Fatalf("assignment %08b: %v in the source, %v imported", m, a.Eval(x, bits), b.Eval(y, bits))
		}
	}
	if im.Node(True) != True || im.Node(False) != False {
		t.Error("constants do not import as themselves")
	}
}
