package analyzer

import (
	"net/netip"
	"sort"
)

// Table is a longest-prefix-match dispatch table: each entry sends the
// addresses of its prefix to an edge. Entries with equal prefixes must have
// been resolved by the compiler (AWS's tie-break order); Add keeps the first.
type Table struct {
	Entries []TableEntry

	// Lookup structures, built by freeze: per prefix length, longest first,
	// a map from the masked address to the entry.
	frozen bool
	v4     []lengthMap4
	v6     []lengthMap6
}

// TableEntry is one prefix of a table.
type TableEntry struct {
	Prefix netip.Prefix
	Edge   EdgeID
}

type lengthMap4 struct {
	bits int
	mask uint32
	m    map[uint32]EdgeID
}

type lengthMap6 struct {
	bits int
	m    map[[16]byte]EdgeID
}

// Add appends an entry unless the prefix is already present.
func (t *Table) Add(p netip.Prefix, e EdgeID) bool {
	p = p.Masked()
	for _, x := range t.Entries {
		if x.Prefix == p {
			return false
		}
	}
	t.Entries = append(t.Entries, TableEntry{p, e})
	t.frozen = false
	return true
}

// Has reports whether the table has an entry for exactly p.
func (t *Table) Has(p netip.Prefix) bool {
	for _, x := range t.Entries {
		if x.Prefix == p.Masked() {
			return true
		}
	}
	return false
}

// freeze sorts entries longest prefix first and builds the lookup maps.
func (t *Table) freeze() {
	sort.SliceStable(t.Entries, func(i, j int) bool {
		a, b := t.Entries[i].Prefix, t.Entries[j].Prefix
		if a.Addr().Is4() != b.Addr().Is4() {
			return a.Addr().Is4()
		}
		return a.Bits() > b.Bits()
	})
	t.v4, t.v6 = nil, nil
	for _, e := range t.Entries {
		if e.Prefix.Addr().Is4() {
			if len(t.v4) == 0 || t.v4[len(t.v4)-1].bits != e.Prefix.Bits() {
				t.v4 = append(t.v4, lengthMap4{bits: e.Prefix.Bits(), mask: mask4(e.Prefix.Bits()), m: map[uint32]EdgeID{}})
			}
			t.v4[len(t.v4)-1].m[u32(e.Prefix.Addr())] = e.Edge
		} else {
			if len(t.v6) == 0 || t.v6[len(t.v6)-1].bits != e.Prefix.Bits() {
				t.v6 = append(t.v6, lengthMap6{bits: e.Prefix.Bits(), m: map[[16]byte]EdgeID{}})
			}
			t.v6[len(t.v6)-1].m[e.Prefix.Addr().As16()] = e.Edge
		}
	}
	t.frozen = true
}

// Lookup returns the edge of the longest prefix containing a, or NoEdge.
func (t *Table) Lookup(a netip.Addr) EdgeID {
	if a.Is4() {
		x := u32(a)
		for i := range t.v4 {
			l := &t.v4[i]
			if e, ok := l.m[x&l.mask]; ok {
				return e
			}
		}
		return NoEdge
	}
	for i := range t.v6 {
		l := &t.v6[i]
		p, _ := a.Prefix(l.bits)
		if e, ok := l.m[p.Addr().As16()]; ok {
			return e
		}
	}
	return NoEdge
}

func u32(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func mask4(bits int) uint32 {
	if bits == 0 {
		return 0
	}
	return ^uint32(0) << (32 - bits)
}
