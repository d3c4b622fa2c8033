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
type opCache struct {
	entries []cacheEntry
	mask    uint64
}

func (c *opCache) resize(n int) {
	if n == len(c.entries) {
		return
	}
	c.entries = make([]cacheEntry, n)
	c.mask = uint64(n - 1)
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
