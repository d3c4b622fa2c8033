package bdd

import "fmt"

// Renaming is a simultaneous substitution of variables for variables,
// registered with a Factory and used by Replace. Its identity is part of the
// cache key, so create it once and reuse it. The zero Renaming is the
// identity.
type Renaming struct{ id uint32 }

type renaming struct {
	to   []uint32 // indexed by level: the variable that replaces it
	last int      // deepest renamed level, -1 for the identity
}

// NewRenaming registers the substitution from[i] -> to[i] for every i; the
// other variables are left alone. The substitution is simultaneous, so a
// swap is written as from = {x, y}, to = {y, x}. Any pairing is allowed,
// including ones that reverse the order or map two variables to one.
func (f *Factory) NewRenaming(from, to []int) Renaming {
	if len(from) != len(to) {
		panic(fmt.Sprintf("bdd: renaming of %d variables to %d", len(from), len(to)))
	}
	rn := renaming{to: make([]uint32, f.numVars), last: -1}
	for i := range rn.to {
		rn.to[i] = uint32(i)
	}
	seen := make([]bool, f.numVars)
	for i, v := range from {
		w := to[i]
		if v < 0 || v >= int(f.numVars) || w < 0 || w >= int(f.numVars) {
			panic(fmt.Sprintf("bdd: renaming %d -> %d out of range 0..%d", v, w, f.numVars-1))
		}
		if seen[v] {
			panic(fmt.Sprintf("bdd: variable %d renamed twice", v))
		}
		seen[v] = true
		rn.to[v] = uint32(w)
		if v != w {
			rn.last = max(rn.last, v)
		}
	}
	f.renamings = append(f.renamings, rn)
	return Renaming{id: uint32(len(f.renamings) - 1)}
}

// Replace applies the renaming to n. It is a compose-style recursion:
// substitution is a homomorphism, so
//
//	n[x := y] = Ite(y, high[x := y], low[x := y])
//
// which is correct whatever the relative order of x, y and the children.
// When y is above both renamed children (an order-preserving rename, the
// common case) the node is built directly instead of through Ite.
func (f *Factory) Replace(n Node, r Renaming) Node {
	f.checkNode(n)
	rn := &f.renamings[r.id]
	if rn.last < 0 {
		return n
	}
	f.replaceCache.ready()
	f.iteCache.ready()
	return f.replaceRec(n, rn, r.id)
}

func (f *Factory) replaceRec(n Node, rn *renaming, id uint32) Node {
	nd := f.nodes[n]
	if int(nd.level) > rn.last {
		return n
	}
	if r, ok := f.replaceCache.lookup(uint32(n), id, 0); ok {
		return r
	}
	lo := f.replaceRec(nd.low, rn, id)
	hi := f.replaceRec(nd.high, rn, id)
	v := rn.to[nd.level]
	var r Node
	if v < f.nodes[lo].level && v < f.nodes[hi].level {
		r = f.mk(v, lo, hi)
	} else {
		r = f.iteRec(f.vars[v], hi, lo)
	}
	f.replaceCache.store(uint32(n), id, 0, r)
	return r
}
