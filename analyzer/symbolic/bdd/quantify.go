package bdd

import "fmt"

// VarSet is a set of variables registered with a Factory, used by Exists and
// AndExists. Its identity is part of their cache keys, so create each set
// once and reuse it. The zero VarSet is the empty set.
type VarSet struct{ id uint32 }

type varSet struct {
	member []bool // indexed by level
	last   int    // deepest member level, -1 when empty
}

// NewVarSet registers the set of the given variables.
func (f *Factory) NewVarSet(vars ...int) VarSet {
	vs := varSet{member: make([]bool, f.numVars), last: -1}
	for _, v := range vars {
		if v < 0 || v >= int(f.numVars) {
			panic(fmt.Sprintf("bdd: variable %d out of range 0..%d", v, f.numVars-1))
		}
		vs.member[v] = true
		vs.last = max(vs.last, v)
	}
	f.varSets = append(f.varSets, vs)
	return VarSet{id: uint32(len(f.varSets) - 1)}
}

// Exists quantifies the variables of vs away: the result is true for an
// assignment when n is true for some values of those variables.
func (f *Factory) Exists(n Node, vs VarSet) Node {
	f.checkNode(n)
	set := &f.varSets[vs.id]
	if set.last < 0 {
		return n
	}
	f.quantCache.ready()
	return f.exists(n, set, vs.id)
}

func (f *Factory) exists(n Node, set *varSet, id uint32) Node {
	nd := f.nodes[n]
	// Below the deepest quantified variable nothing changes; constants too.
	if int(nd.level) > set.last {
		return n
	}
	if r, ok := f.quantCache.lookup(uint32(n), id, 0); ok {
		return r
	}
	lo := f.exists(nd.low, set, id)
	var r Node
	if set.member[nd.level] {
		if lo == True {
			r = True
		} else {
			r = f.apply(opOr, lo, f.exists(nd.high, set, id))
		}
	} else {
		r = f.mk(nd.level, lo, f.exists(nd.high, set, id))
	}
	f.quantCache.store(uint32(n), id, 0, r)
	return r
}

// AndExists is the relational product Exists(And(a, b), vs), computed in one
// pass so the full conjunction is never built.
func (f *Factory) AndExists(a, b Node, vs VarSet) Node {
	f.checkNode(a)
	f.checkNode(b)
	set := &f.varSets[vs.id]
	if set.last < 0 {
		return f.apply(opAnd, a, b)
	}
	f.quantCache.ready()
	f.relprodCache.ready()
	return f.andExists(a, b, set, vs.id)
}

func (f *Factory) andExists(a, b Node, set *varSet, id uint32) Node {
	switch {
	case a == False || b == False:
		return False
	case a == True || a == b:
		return f.exists(b, set, id)
	case b == True:
		return f.exists(a, set, id)
	}
	if a > b {
		a, b = b, a
	}
	na, nb := f.nodes[a], f.nodes[b]
	level := min(na.level, nb.level)
	if int(level) > set.last {
		return f.apply(opAnd, a, b)
	}
	if r, ok := f.relprodCache.lookup(uint32(a), uint32(b), id); ok {
		return r
	}
	a0, a1 := cofactors(a, na, level)
	b0, b1 := cofactors(b, nb, level)
	lo := f.andExists(a0, b0, set, id)
	var r Node
	if set.member[level] {
		if lo == True {
			r = True
		} else {
			r = f.apply(opOr, lo, f.andExists(a1, b1, set, id))
		}
	} else {
		r = f.mk(level, lo, f.andExists(a1, b1, set, id))
	}
	f.relprodCache.store(uint32(a), uint32(b), id, r)
	return r
}
