// Package bdd is a small reduced ordered binary decision diagram (ROBDD)
// package, written for the symbolic engine's packet sets.
//
// # Representation
//
// A Factory owns every node. Nodes live in one flat slice of
// {level, low, high} triples and are named by their uint32 index, the Node
// type: 0 is the constant false, 1 the constant true. There is no
// pointer-per-node allocation, so the garbage collector sees three slices,
// not millions of objects. The variable order is fixed: variable i is at
// level i, and the constants sit below every variable at level NumVars.
//
// Nodes are hash-consed through an open-addressed unique table (linear
// probing, load factor at most 1/2, doubled and rehashed when full), so a
// Boolean function has exactly one Node: two sets are equal exactly when
// their Nodes are equal, and that comparison is a single integer compare.
//
// There are no complement edges. They would make Not constant-time but
// complicate every operation and the structural walks the packet layer
// relies on (Eval, SatOne, the flow decomposition); Diff (a AND NOT b) is a
// primitive instead, so the common "minus" never materialises a complement.
//
// # Operations
//
// Var/NVar are the literals; Branch builds one node directly when the caller
// constructs bottom-up (cubes, prefixes, range comparators) and so skips the
// operation caches. And, Or, Xor, Diff, Not and Ite are the Boolean
// operations; Implies and Disjoint answer subset and overlap questions by a
// walk that stops at the first counterexample and builds no node. Exists
// quantifies a VarSet away and AndExists is the relational product. Replace
// applies a Renaming, any simultaneous substitution of variables for
// variables (swaps, order reversals, non-adjacent pairings), by a
// compose-style recursion that falls back to Ite where the renamed variable
// lands below its children. Eval tests one assignment by walking one path
// (no allocation); SatOne picks a model as close as possible to a preferred
// assignment; SatCount and NodeCount measure.
//
// # Caches
//
// Each operation kind (the binary apply operations, Ite, Exists, AndExists,
// Replace) has its own fixed-size, direct-mapped, lossy cache: a colliding
// entry simply overwrites the old one. The caches grow with the node table up
// to a cap, so small jobs stay small and large jobs keep a useful hit rate.
// Because nodes are never freed, a cached result never goes stale and the
// caches never need to be flushed.
//
// # Memory
//
// Version 1 has no garbage collection: nodes live as long as their Factory.
// That is the right trade-off for vpcheck's jobs (one analysis builds its sets,
// answers, and is dropped), keeps every operation free of reference counting,
// and makes Node a plain value that can be stored anywhere. Long-running
// callers bound growth by watching Size and starting a fresh Factory per job
// (or when Size passes a budget); a Node is meaningless outside the Factory
// that made it. The table is limited to 2^32-1 nodes; going beyond panics.
//
// # Concurrency
//
// A Factory is not safe for concurrent use: every operation may add nodes and
// write caches. Read-only walks (Eval, SatOne, SatCount, NodeCount, Level,
// Low, High) may run concurrently with each other, but not with operations.
// Engines that want parallelism use one Factory per goroutine.
//
// # Errors
//
// Valid use never panics. Programmer errors — a variable index out of range,
// a VarSet or Renaming from another Factory, a Node that was never returned by
// this Factory — may panic.
package bdd
