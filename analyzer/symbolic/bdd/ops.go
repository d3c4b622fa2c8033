package bdd

// Binary apply operations share one cache; the operation is part of the key.
const (
	opAnd uint32 = iota + 1
	opOr
	opXor
	opDiff
	opImplies  // a Boolean answer stored as True/False
	opDisjoint // likewise
)

// And is the conjunction (set intersection).
func (f *Factory) And(a, b Node) Node { return f.apply2(opAnd, a, b) }

// Or is the disjunction (set union).
func (f *Factory) Or(a, b Node) Node { return f.apply2(opOr, a, b) }

// Xor is the exclusive or (symmetric difference).
func (f *Factory) Xor(a, b Node) Node { return f.apply2(opXor, a, b) }

// Diff is a AND NOT b (set difference), computed without building NOT b.
func (f *Factory) Diff(a, b Node) Node { return f.apply2(opDiff, a, b) }

// Not is the complement. Without complement edges it costs a walk of a
// (cached), so prefer Diff where the complement is only an intermediate.
func (f *Factory) Not(a Node) Node { return f.apply2(opDiff, True, a) }

// Implies reports whether a implies b (a is a subset of b). It walks both
// diagrams and stops at the first counterexample, building no nodes.
func (f *Factory) Implies(a, b Node) bool {
	f.checkNode(a)
	f.checkNode(b)
	return f.implies(a, b)
}

func (f *Factory) implies(a, b Node) bool {
	switch {
	case a == False || b == True || a == b:
		return true
	case a == True || b == False:
		return false
	}
	if r, ok := f.applyCache.lookup(uint32(a), uint32(b), opImplies); ok {
		return r == True
	}
	na, nb := f.nodes[a], f.nodes[b]
	level := min(na.level, nb.level)
	a0, a1 := cofactors(a, na, level)
	b0, b1 := cofactors(b, nb, level)
	ok := f.implies(a0, b0) && f.implies(a1, b1)
	r := False
	if ok {
		r = True
	}
	f.applyCache.store(uint32(a), uint32(b), opImplies, r)
	return ok
}

// Disjoint reports whether a AND b is False, building no nodes.
func (f *Factory) Disjoint(a, b Node) bool {
	f.checkNode(a)
	f.checkNode(b)
	return f.disjoint(a, b)
}

func (f *Factory) disjoint(a, b Node) bool {
	switch {
	case a == False || b == False:
		return true
	case a == True || b == True || a == b:
		return false
	}
	if a > b {
		a, b = b, a
	}
	if r, ok := f.applyCache.lookup(uint32(a), uint32(b), opDisjoint); ok {
		return r == True
	}
	na, nb := f.nodes[a], f.nodes[b]
	level := min(na.level, nb.level)
	a0, a1 := cofactors(a, na, level)
	b0, b1 := cofactors(b, nb, level)
	ok := f.disjoint(a0, b0) && f.disjoint(a1, b1)
	r := False
	if ok {
		r = True
	}
	f.applyCache.store(uint32(a), uint32(b), opDisjoint, r)
	return ok
}

func (f *Factory) apply2(op uint32, a, b Node) Node {
	f.checkNode(a)
	f.checkNode(b)
	return f.apply(op, a, b)
}

func (f *Factory) apply(op uint32, a, b Node) Node {
	// Constant cases; every path that reaches the cache has a >= 1.
	switch op {
	case opAnd:
		if a == b || b == True {
			return a
		}
		if a == False || b == False {
			return False
		}
		if a == True {
			return b
		}
		if a > b {
			a, b = b, a
		}
	case opOr:
		if a == b || b == False {
			return a
		}
		if a == True || b == True {
			return True
		}
		if a == False {
			return b
		}
		if a > b {
			a, b = b, a
		}
	case opXor:
		if a == b {
			return False
		}
		if a == False {
			return b
		}
		if b == False {
			return a
		}
		if a > b {
			a, b = b, a
		}
	case opDiff:
		if a == b || a == False || b == True {
			return False
		}
		if b == False {
			return a
		}
	}
	if r, ok := f.applyCache.lookup(uint32(a), uint32(b), op); ok {
		return r
	}
	// Copy the nodes: the recursion may reallocate the table.
	na, nb := f.nodes[a], f.nodes[b]
	level := min(na.level, nb.level)
	a0, a1 := a, a
	if na.level == level {
		a0, a1 = na.low, na.high
	}
	b0, b1 := b, b
	if nb.level == level {
		b0, b1 = nb.low, nb.high
	}
	r := f.mk(level, f.apply(op, a0, b0), f.apply(op, a1, b1))
	f.applyCache.store(uint32(a), uint32(b), op, r)
	return r
}

// Ite is if-then-else: (c AND g) OR (NOT c AND h).
func (f *Factory) Ite(c, g, h Node) Node {
	f.checkNode(c)
	f.checkNode(g)
	f.checkNode(h)
	f.iteCache.ready()
	return f.iteRec(c, g, h)
}

func (f *Factory) iteRec(c, g, h Node) Node {
	switch {
	case c == True || g == h:
		return g
	case c == False:
		return h
	case g == True && h == False:
		return c
	// The remaining two-operand shapes go to the apply cache, which is larger
	// and shared with the rest of the engine.
	case g == True || c == g:
		return f.apply(opOr, c, h)
	case h == False || c == h:
		return f.apply(opAnd, c, g)
	case g == False:
		return f.apply(opDiff, h, c)
	}
	if r, ok := f.iteCache.lookup(uint32(c), uint32(g), uint32(h)); ok {
		return r
	}
	nc, ng, nh := f.nodes[c], f.nodes[g], f.nodes[h]
	level := min(nc.level, ng.level, nh.level)
	c0, c1 := cofactors(c, nc, level)
	g0, g1 := cofactors(g, ng, level)
	h0, h1 := cofactors(h, nh, level)
	r := f.mk(level, f.iteRec(c0, g0, h0), f.iteRec(c1, g1, h1))
	f.iteCache.store(uint32(c), uint32(g), uint32(h), r)
	return r
}

// cofactors are n's restrictions to the variable at level being 0 and 1.
func cofactors(n Node, nd node, level uint32) (Node, Node) {
	if nd.level == level {
		return nd.low, nd.high
	}
	return n, n
}
