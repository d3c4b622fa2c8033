package dataplane

import (
	"net/netip"
	"slices"
)

// Table is a longest-prefix-match dispatch table: each entry sends the
// addresses of its prefix to an edge. Entries with equal prefixes must have
// been resolved by the compiler (AWS's tie-break order); Add keeps the first.
//
// For lookups, Freeze flattens the entries of each family into disjoint
// address ranges, each with the edge of the longest prefix covering it (or
// none): prefixes are nested or disjoint, so the ranges are what longest
// prefix match decides, computed once. A lookup is then a search for the
// last range starting at or below the address — a short linear scan for the
// tables most nodes have (an ENI's one route, a route table's few), a
// binary search for the thousands of routes of a transit gateway route
// table or the public addresses the internet node maps. Neither allocates.
type Table struct {
	Entries []TableEntry

	// index finds entries by prefix once a table is large, so that building
	// a table of n entries is not quadratic.
	index map[netip.Prefix]struct{}

	frozen bool
	// v4Start[i] is the first address of the i-th IPv4 range, ascending,
	// v4Start[0] == 0; v4Edge[i] its edge (NoEdge for a gap).
	v4Start []uint32
	v4Edge  []EdgeID
	// v6 is the same for IPv6 addresses as 128-bit numbers.
	v6Start []U128
	v6Edge  []EdgeID
}

// TableEntry is one prefix of a table.
type TableEntry struct {
	Prefix netip.Prefix
	Edge   EdgeID
}

// indexFrom is the size from which Add and Has use the index rather than
// scanning the entries.
const indexFrom = 16

// Add appends an entry unless the prefix is already present.
func (t *Table) Add(p netip.Prefix, e EdgeID) bool {
	p = p.Masked()
	if t.Has(p) {
		return false
	}
	t.Entries = append(t.Entries, TableEntry{p, e})
	if t.index != nil {
		t.index[p] = struct{}{}
	}
	t.frozen = false
	return true
}

// Has reports whether the table has an entry for exactly p.
func (t *Table) Has(p netip.Prefix) bool {
	p = p.Masked()
	if len(t.Entries) < indexFrom {
		for _, x := range t.Entries {
			if x.Prefix == p {
				return true
			}
		}
		return false
	}
	if t.index == nil || len(t.index) != len(t.Entries) {
		t.index = make(map[netip.Prefix]struct{}, 2*len(t.Entries))
		for _, x := range t.Entries {
			t.index[x.Prefix] = struct{}{}
		}
	}
	_, ok := t.index[p]
	return ok
}

// Freeze sorts entries longest prefix first (IPv4 before IPv6; the
// symbolic engine partitions the address space in this order) and builds
// the lookup ranges. Compile freezes every table of the graph; a table
// built elsewhere is frozen by Freeze, or by its first lookup.
func (t *Table) Freeze() { t.freeze(&freezeScratch{}) }

// freezeScratch holds Freeze's working lists. Compile freezes one table
// per node, most of them of a few entries: reusing the lists across its
// tables leaves the ranges a table keeps as the only allocations.
type freezeScratch struct {
	v4, v6, stack []span
	out           []rangeStart
}

// noStart4, noStart6 and noEdge are the ranges of a family without
// entries: one gap from address 0. Every such table shares them; nothing
// writes them.
var (
	noStart4 = []uint32{0}
	noStart6 = []U128{{}}
	noEdge   = []EdgeID{NoEdge}
)

func (t *Table) freeze(s *freezeScratch) {
	// slices' stable sort, unlike sort.SliceStable, allocates nothing.
	slices.SortStableFunc(t.Entries, func(x, y TableEntry) int {
		a, b := x.Prefix, y.Prefix
		if a.Addr().Is4() != b.Addr().Is4() {
			if a.Addr().Is4() {
				return -1
			}
			return 1
		}
		return b.Bits() - a.Bits()
	})
	s.v4, s.v6 = s.v4[:0], s.v6[:0]
	for _, e := range t.Entries {
		if e.Prefix.Addr().Is4() {
			s.v4 = append(s.v4, spanOf(e.Prefix, e.Edge))
		} else {
			s.v6 = append(s.v6, spanOf(e.Prefix, e.Edge))
		}
	}
	t.v4Start, t.v4Edge = noStart4, noEdge
	if len(s.v4) > 0 {
		s.out = flatten(s.v4, U128{Lo: 1<<32 - 1}, s.out[:0], &s.stack)
		t.v4Start, t.v4Edge = make([]uint32, len(s.out)), make([]EdgeID, len(s.out))
		for i, r := range s.out {
			t.v4Start[i], t.v4Edge[i] = uint32(r.lo.Lo), r.edge
		}
	}
	t.v6Start, t.v6Edge = noStart6, noEdge
	if len(s.v6) > 0 {
		s.out = flatten(s.v6, U128{^uint64(0), ^uint64(0)}, s.out[:0], &s.stack)
		t.v6Start, t.v6Edge = make([]U128, len(s.out)), make([]EdgeID, len(s.out))
		for i, r := range s.out {
			t.v6Start[i], t.v6Edge[i] = r.lo, r.edge
		}
	}
	t.frozen = true
}

// Ranges4 are the table's flattened IPv4 ranges: the first address of
// each, ascending from 0, and its edge (NoEdge for a gap).
func (t *Table) Ranges4() ([]uint32, []EdgeID) {
	if !t.frozen {
		t.Freeze()
	}
	return t.v4Start, t.v4Edge
}

// Ranges6 are the same for IPv6.
func (t *Table) Ranges6() ([]U128, []EdgeID) {
	if !t.frozen {
		t.Freeze()
	}
	return t.v6Start, t.v6Edge
}

// linearMax is the number of ranges up to which a lookup scans rather than
// bisects: a scan of a few consecutive words beats the unpredictable
// branches of a binary search.
const linearMax = 8

// Lookup returns the edge of the longest prefix containing a, or NoEdge.
func (t *Table) Lookup(a netip.Addr) EdgeID {
	if !t.frozen {
		t.Freeze()
	}
	if a.Is4() {
		return t.lookup4(U32(a))
	}
	if !a.IsValid() {
		return NoEdge
	}
	return t.lookup6(U128Of(a))
}

func (t *Table) lookup4(x uint32) EdgeID {
	starts := t.v4Start
	n := len(starts)
	if n <= linearMax {
		for i := n - 1; i >= 0; i-- {
			if starts[i] <= x {
				return t.v4Edge[i]
			}
		}
		return NoEdge
	}
	// The last range starting at or below x; starts[0] is 0, so there is one.
	lo, hi := 0, n
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if starts[mid] <= x {
			lo = mid
		} else {
			hi = mid
		}
	}
	return t.v4Edge[lo]
}

func (t *Table) lookup6(x U128) EdgeID {
	starts := t.v6Start
	n := len(starts)
	if n <= linearMax {
		for i := n - 1; i >= 0; i-- {
			if !x.Less(starts[i]) {
				return t.v6Edge[i]
			}
		}
		return NoEdge
	}
	lo, hi := 0, n
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if !x.Less(starts[mid]) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return t.v6Edge[lo]
}

// span is the address range of one prefix (last inclusive) with its edge.
type span struct {
	lo, last U128
	bits     int
	edge     EdgeID
}

func spanOf(p netip.Prefix, e EdgeID) span {
	if p.Addr().Is4() {
		lo := uint64(U32(p.Addr()))
		return span{lo: U128{Lo: lo}, last: U128{Lo: lo | uint64(^mask4(p.Bits()))}, bits: p.Bits(), edge: e}
	}
	lo := U128Of(p.Addr())
	var hostHi, hostLo uint64
	switch b := p.Bits(); {
	case b == 0:
		hostHi, hostLo = ^uint64(0), ^uint64(0)
	case b < 64:
		hostHi, hostLo = ^uint64(0)>>b, ^uint64(0)
	case b < 128:
		hostLo = ^uint64(0) >> (b - 64)
	}
	return span{lo: lo, last: U128{lo.Hi | hostHi, lo.Lo | hostLo}, bits: p.Bits(), edge: e}
}

// rangeStart is the start of a flattened range and its edge.
type rangeStart struct {
	lo   U128
	edge EdgeID
}

// flatten turns prefixes (nested or disjoint) into the ascending disjoint
// ranges that cover 0..last, each with the edge of the longest prefix
// containing it, or NoEdge where none does. Adjacent ranges with the same
// edge are merged. Of two equal prefixes the first given wins. The ranges
// are appended to out; stack is working space.
func flatten(spans []span, last U128, out []rangeStart, stack *[]span) []rangeStart {
	slices.SortStableFunc(spans, func(a, b span) int {
		if a.lo != b.lo {
			if a.lo.Less(b.lo) {
				return -1
			}
			return 1
		}
		return a.bits - b.bits
	})
	emit := func(lo U128, e EdgeID) {
		if n := len(out); n > 0 && out[n-1].edge == e {
			return
		}
		if n := len(out); n > 0 && out[n-1].lo == lo {
			out[n-1].edge = e
			if n > 1 && out[n-2].edge == e {
				out = out[:n-1]
			}
			return
		}
		out = append(out, rangeStart{lo, e})
	}
	// st holds the prefixes containing the current position, innermost last.
	st := (*stack)[:0]
	top := func() EdgeID {
		if len(st) == 0 {
			return NoEdge
		}
		return st[len(st)-1].edge
	}
	emit(U128{}, NoEdge)
	for i, s := range spans {
		if i > 0 && s.lo == spans[i-1].lo && s.bits == spans[i-1].bits {
			continue // an equal prefix: the first one given wins
		}
		for len(st) > 0 && st[len(st)-1].last.Less(s.lo) {
			end := st[len(st)-1].last
			st = st[:len(st)-1]
			if after, ok := end.Next(); ok {
				emit(after, top())
			}
		}
		st = append(st, s)
		emit(s.lo, s.edge)
	}
	for len(st) > 0 {
		end := st[len(st)-1].last
		st = st[:len(st)-1]
		if after, ok := end.Next(); ok && !last.Less(after) {
			emit(after, top())
		}
	}
	*stack = st
	return out
}
