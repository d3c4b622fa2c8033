package bdd

// Assignments are bit-packed: variable v is bit 63-v%64 of word v/64, so a
// fixed-width field laid out in consecutive variables reads most significant
// bit first, like a big-endian integer. Callers size the slice to
// (NumVars+63)/64 words.

// Eval reports whether the assignment satisfies n. It walks one path and
// allocates nothing; this is the membership test the engines call millions
// of times.
func (f *Factory) Eval(n Node, bits []uint64) bool {
	nodes := f.nodes
	for n > True {
		nd := &nodes[n]
		// Branch-free child selection: the bit is data, so a branch here
		// would mispredict about half the time and dominate the walk.
		b := uint32(bits[nd.level>>6] >> (63 - nd.level&63) & 1)
		n = nd.low ^ (nd.low^nd.high)&Node(-b)
	}
	return n == True
}

// SatOne writes into out an assignment satisfying n and reports whether one
// exists. It follows prefer wherever n allows: at each decision it takes the
// preferred branch unless that branch is False, and variables n does not
// constrain take their preferred value. The result is therefore the
// satisfying assignment closest to prefer in the variable order (it agrees
// with prefer on the longest possible prefix of variables, then on the longest
// possible prefix after that, and so on). A nil prefer means all zeros.
func (f *Factory) SatOne(n Node, prefer, out []uint64) bool {
	f.checkNode(n)
	if n == False {
		return false
	}
	for i := range out {
		if i < len(prefer) {
			out[i] = prefer[i]
		} else {
			out[i] = 0
		}
	}
	for n != True {
		nd := f.nodes[n]
		word, bit := nd.level>>6, uint64(1)<<(63-nd.level&63)
		next, other, val := nd.low, nd.high, false
		if out[word]&bit != 0 {
			next, other, val = nd.high, nd.low, true
		}
		// A reduced diagram has no dead ends: any non-False child is
		// satisfiable, so one greedy step never needs to backtrack.
		if next == False {
			next, val = other, !val
		}
		if val {
			out[word] |= bit
		} else {
			out[word] &^= bit
		}
		n = next
	}
	return true
}

// SatCount is the number of satisfying assignments over all NumVars
// variables, as a float64 (exact up to 2^53, approximate beyond).
func (f *Factory) SatCount(n Node) float64 {
	f.checkNode(n)
	memo := make(map[Node]float64)
	var count func(Node) float64 // assignments of the variables at and below n's level
	count = func(n Node) float64 {
		if n <= True {
			return float64(n)
		}
		if c, ok := memo[n]; ok {
			return c
		}
		nd := f.nodes[n]
		c := 0.0
		for _, child := range [2]Node{nd.low, nd.high} {
			gap := f.nodes[child].level - nd.level - 1
			c += count(child) * pow2(gap)
		}
		memo[n] = c
		return c
	}
	return count(n) * pow2(f.nodes[n].level)
}

func pow2(k uint32) float64 {
	r := 1.0
	for ; k >= 62; k -= 62 {
		r *= float64(uint64(1) << 62)
	}
	return r * float64(uint64(1)<<k)
}

// NodeCount is the number of decision nodes reachable from n (the constants
// are not counted).
func (f *Factory) NodeCount(n Node) int {
	f.checkNode(n)
	seen := make(map[Node]struct{})
	stack := []Node{n}
	for len(stack) > 0 {
		m := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if m <= True {
			continue
		}
		if _, ok := seen[m]; ok {
			continue
		}
		seen[m] = struct{}{}
		stack = append(stack, f.nodes[m].low, f.nodes[m].high)
	}
	return len(seen)
}
