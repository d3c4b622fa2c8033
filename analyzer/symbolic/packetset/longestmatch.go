package packetset

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcheck/vpcheck/analyzer/symbolic/bdd"
)

// LongestMatch is a prefix table split by longest-prefix match: the
// packets each label takes, and those no prefix holds.
type LongestMatch struct {
	// ByLabel[l] is the packets whose address field's longest matching
	// prefix has label l (among equal prefixes, the first).
	ByLabel []Set
	// Miss is the packets no prefix holds.
	Miss Set
	// Reached[i] says whether entry i takes any packet: false when equal
	// or longer prefixes cover all of it.
	Reached []bool
}

// Match splits the packet space by the longest prefix of ps holding the
// packet's address field f (FieldDstIP or FieldSrcIP), labels[i] naming
// what ps[i] leads to (0 <= labels[i] < numLabels).
//
// It gives what subtracting, prefix by prefix from the longest, the
// prefixes already met would give, but builds each label's diagram bottom
// up from a binary trie of the prefixes, one node per trie node it keeps,
// with no operation on diagrams: subtracting re-walks the growing union of
// the prefixes met at every step, and an internet table (a /32 per public
// address of the network, thousands) made that the engines' largest cost.
func (s *Space) Match(f Field, ps []netip.Prefix, labels []int, numLabels int) LongestMatch {
	if f != FieldDstIP && f != FieldSrcIP {
		panic(fmt.Sprintf("packetset: Match on field %v, not an address", f))
	}
	// The trie's memory is the Space's, kept from one table to the next:
	// an engine partitions tens of thousands of small tables, and
	// allocating a trie for each was a tenth of a lint's allocation.
	t := &s.trie
	t.nodes = t.nodes[:0]
	t.entries = slices.Grow(t.entries[:0], len(ps))[:len(ps)]
	t.roots = [2]int32{t.add(), t.add()}
	for i, p := range ps {
		if !p.IsValid() {
			panic(fmt.Sprintf("packetset: invalid prefix %v", p))
		}
		p = p.Masked()
		n := t.roots[famIndex(familyOfAddr(p.Addr()))]
		hi, lo := addrWords(p.Addr())
		for d := range p.Bits() {
			b := addrBit(hi, lo, d)
			if t.nodes[n].child[b] < 0 {
				c := t.add()
				t.nodes[n].child[b] = c
			}
			n = t.nodes[n].child[b]
		}
		t.entries[i] = n
		if t.nodes[n].entry < 0 {
			t.nodes[n].entry = int32(i)
		}
	}
	out := LongestMatch{ByLabel: make([]Set, numLabels), Reached: make([]bool, len(ps))}
	for _, r := range t.roots {
		t.full(r)
	}
	for i, n := range t.entries {
		nd := &t.nodes[n]
		out.Reached[i] = nd.entry == int32(i) && !nd.childrenFull
	}
	b := &matchBuilder{s: s, t: t, labels: labels, base: fieldSpans[f].base}
	// The entries by label: label l's are byLabel[start[l]:start[l+1]].
	start := slices.Grow(t.start[:0], numLabels+1)[:numLabels+1]
	clear(start)
	for _, l := range labels {
		start[l+1]++
	}
	for l := range numLabels {
		start[l+1] += start[l]
	}
	byLabel := slices.Grow(t.byLabel[:0], len(labels))[:len(labels)]
	next := slices.Grow(t.next[:0], numLabels)[:numLabels]
	copy(next, start)
	for i, l := range labels {
		byLabel[next[l]] = i
		next[l]++
	}
	t.start, t.byLabel, t.next = start, byLabel, next
	for l := range numLabels {
		entries := byLabel[start[l]:start[l+1]]
		if len(entries) == 0 {
			continue
		}
		// Mark the trie nodes above the label's prefixes: the walk goes
		// down only those, and under the nodes whose match is the label.
		for _, i := range entries {
			p := ps[i].Masked()
			n := t.roots[famIndex(familyOfAddr(p.Addr()))]
			hi, lo := addrWords(p.Addr())
			for d := 0; ; d++ {
				t.nodes[n].mark = int32(l)
				if d == p.Bits() {
					break
				}
				n = t.nodes[n].child[addrBit(hi, lo, d)]
			}
		}
		out.ByLabel[l] = Set{b.root(int32(l))}
	}
	out.Miss = Set{b.root(noLabel)}
	return out
}

// noLabel is the label of the packets no prefix holds.
const noLabel = -1

// addrBit is bit d (0 the most significant) of an address as addrWords
// gives it.
func addrBit(hi, lo uint64, d int) int {
	if d < 64 {
		return int(hi >> (63 - d) & 1)
	}
	return int(lo >> (127 - d) & 1)
}

// trie is a binary trie of prefixes, one root per family.
type trie struct {
	nodes   []trieNode
	roots   [2]int32
	entries []int32 // the node of each prefix
	// Match's scratch: the entries grouped by label.
	start, byLabel, next []int
}

type trieNode struct {
	child [2]int32 // -1: none
	// entry is the first prefix ending here, -1 if none.
	entry int32
	// childrenFull says the longer prefixes below cover the whole node.
	childrenFull bool
	// mark is the label whose walk last passed here (see Match).
	mark int32
}

func (t *trie) add() int32 {
	t.nodes = append(t.nodes, trieNode{child: [2]int32{-1, -1}, entry: -1, mark: -2})
	return int32(len(t.nodes) - 1)
}

// full reports whether prefixes at or below n cover all of it, recording
// for n whether those strictly below do.
func (t *trie) full(n int32) bool {
	if n < 0 {
		return false
	}
	c := t.nodes[n].child
	below := t.full(c[0])
	below = t.full(c[1]) && below
	t.nodes[n].childrenFull = below
	return below || t.nodes[n].entry >= 0
}

type matchBuilder struct {
	s      *Space
	t      *trie
	labels []int
	base   int
}

// root is the packets whose match is label l (noLabel: no match), both
// families.
func (b *matchBuilder) root(l int32) bdd.Node {
	v4 := b.walk(b.t.roots[0], 0, noLabel, l)
	v6 := b.walk(b.t.roots[1], 0, noLabel, l)
	return b.s.f.Branch(famVar, v4, v6)
}

// walk is the packets under trie node n (at depth d, its longest match so
// far in) whose match is label l, built bottom up. A node that no prefix
// of l lies under, matched by another label, holds none of l's packets.
func (b *matchBuilder) walk(n int32, d int, in, l int32) bdd.Node {
	if n < 0 {
		return constant(in == l)
	}
	nd := &b.t.nodes[n]
	if nd.entry >= 0 {
		in = int32(b.labels[nd.entry])
	}
	if in != l && (l == noLabel || nd.mark != l) {
		return bdd.False
	}
	if nd.child[0] < 0 && nd.child[1] < 0 {
		return constant(in == l)
	}
	low := b.walk(nd.child[0], d+1, in, l)
	high := b.walk(nd.child[1], d+1, in, l)
	return b.s.f.Branch(b.base+d, low, high)
}

func constant(b bool) bdd.Node {
	if b {
		return bdd.True
	}
	return bdd.False
}
