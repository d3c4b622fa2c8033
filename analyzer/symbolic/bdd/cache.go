package bdd

// cacheEntry memoises one operation: key (a, b, c), result r.
//
// Every lookup has a >= 1 — the constant cases of each operation are answered
// before the cache is consulted and 0 (False) is always one of them — so a
// zeroed entry never matches and needs no separate valid flag.
type cacheEntry struct {
	a, b, c, r uint32
}

// opCache is a direct-mapped, lossy memo table: a collision overwrites.
// A cache other than the apply cache is allocated on the first operation
// that uses it (ready): most engines never compute some of them, and an
// unused cache would cost as much as a used one.
type opCache struct {
	entries []cacheEntry
	mask    uint64
	// size is what the cache is, or will be once ready, as the node
	// table's size asks.
	size int
}

// resize sets the cache's size, reallocating it (its entries dropped,
// harmless for a lossy cache) only when it is in use.
func (c *opCache) resize(n int) {
	c.size = n
	if c.entries != nil {
		c.ready()
	}
}

// ready allocates the cache at its size.
func (c *opCache) ready() {
	if len(c.entries) == c.size {
		return
	}
	c.entries = make([]cacheEntry, c.size)
	c.mask = uint64(c.size - 1)
}

func (c *opCache) lookup(a, b, k uint32) (Node, bool) {
	e := &c.entries[hash3(a, b, k)&c.mask]
	if e.a == a && e.b == b && e.c == k {
		return Node(e.r), true
	}
	return 0, false
}

func (c *opCache) store(a, b, k uint32, r Node) {
	c.entries[hash3(a, b, k)&c.mask] = cacheEntry{a, b, k, uint32(r)}
}
