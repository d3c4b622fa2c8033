package rules

import (
	"net/netip"
	"sort"
)

// prefixIndex finds which of many CIDR blocks overlap a given one in time
// proportional to the answer, not to the number of blocks.
//
// Two CIDR blocks are either disjoint or one contains the other, so sorted
// by first address (the larger block first on ties), each block's
// overlapping predecessors are exactly its enclosing blocks: one pass with a
// stack of open blocks gives every block its parent, and every overlap is a
// (block, ancestor) pair. That makes an overlap check of 15,000 VPCs a sort
// and a walk rather than 10^8 comparisons.
type prefixIndex[T any] struct {
	entries []indexEntry[T]
}

type indexEntry[T any] struct {
	prefix netip.Prefix
	r      addrRange
	value  T
	// parent is the index of the nearest enclosing entry, or -1.
	parent int
}

// newPrefixIndex indexes the given blocks. Entries keep the order of equal
// blocks as given, so results are deterministic.
func newPrefixIndex[T any](prefixes []netip.Prefix, values []T) *prefixIndex[T] {
	ix := &prefixIndex[T]{entries: make([]indexEntry[T], 0, len(prefixes))}
	for i, p := range prefixes {
		if !p.IsValid() {
			continue
		}
		p = p.Masked()
		ix.entries = append(ix.entries, indexEntry[T]{prefix: p, r: prefixRange(p), value: values[i], parent: -1})
	}
	sort.SliceStable(ix.entries, func(i, j int) bool {
		a, b := ix.entries[i].prefix, ix.entries[j].prefix
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c < 0
		}
		return a.Bits() < b.Bits()
	})
	var stack []int
	for i := range ix.entries {
		e := &ix.entries[i]
		for len(stack) > 0 && !ix.entries[stack[len(stack)-1]].contains(e.r) {
			stack = stack[:len(stack)-1]
		}
		if n := len(stack); n > 0 {
			e.parent = stack[n-1]
		}
		stack = append(stack, i)
	}
	return ix
}

func (e *indexEntry[T]) contains(r addrRange) bool {
	return sameFamily(e.r.lo, r.lo) && !r.lo.Less(e.r.lo) && !e.r.hi.Less(r.hi)
}

// overlapping calls fn for every entry that shares an address with p:
// first the enclosing ones (innermost first), then those inside p in order.
func (ix *prefixIndex[T]) overlapping(p netip.Prefix, fn func(e *indexEntry[T])) {
	q := prefixRange(p)
	// The last entry starting before p; the entries enclosing p are it or
	// its ancestors.
	i := sort.Search(len(ix.entries), func(i int) bool { return !ix.entries[i].r.lo.Less(q.lo) }) - 1
	for ; i >= 0; i = ix.entries[i].parent {
		if ix.entries[i].contains(addrRange{q.lo, q.lo}) {
			break
		}
	}
	for ; i >= 0; i = ix.entries[i].parent {
		fn(&ix.entries[i])
	}
	for j := sort.Search(len(ix.entries), func(i int) bool { return !ix.entries[i].r.lo.Less(q.lo) }); j < len(ix.entries); j++ {
		e := &ix.entries[j]
		if q.hi.Less(e.r.lo) || !sameFamily(e.r.lo, q.lo) {
			break
		}
		fn(e)
	}
}

// pairs calls fn once for every pair of overlapping entries (a after b in
// index order, so b encloses a).
func (ix *prefixIndex[T]) pairs(fn func(a, b *indexEntry[T])) {
	for i := range ix.entries {
		for j := ix.entries[i].parent; j >= 0; j = ix.entries[j].parent {
			fn(&ix.entries[i], &ix.entries[j])
		}
	}
}
