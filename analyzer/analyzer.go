package analyzer

import (
	"net/netip"
	"strings"
	"sync"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
)

// Analyzer answers questions on one compiled network: it resolves
// selectors, answers reachability (Reach), traces packets (Trace) and
// replays flow logs (NewReplayer), with the two engines it builds on first
// use — the fast path, and the symbolic engine. An Analyzer's fast path may
// be used concurrently; its symbolic engine may not (see Symbolic).
type Analyzer struct {
	d *dataplane.Dataplane

	fastOnce sync.Once
	fast     *fastpath.Engine
	symOnce  sync.Once
	sym      *symbolic.Engine

	internetOnce   sync.Once
	internetBlocks []string
}

// New prepares questions on a compiled network.
func New(d *dataplane.Dataplane) *Analyzer { return &Analyzer{d: d} }

// Dataplane is the compiled network the questions are about.
func (a *Analyzer) Dataplane() *dataplane.Dataplane { return a.d }

// FastPath is the concrete engine, built on first use.
func (a *Analyzer) FastPath() *fastpath.Engine {
	a.fastOnce.Do(func() { a.fast = fastpath.New(a.d) })
	return a.fast
}

// Symbolic is the symbolic engine, built on first use. Its packet sets are
// not safe for concurrent use: neither are the questions that use it
// (Reach).
func (a *Analyzer) Symbolic() *symbolic.Engine {
	a.symOnce.Do(func() { a.sym = symbolic.New(a.d) })
	return a.sym
}

// IsInternetSpace reports whether blocks are exactly the IPv4 or IPv6
// internet space (as a flow summary lists it), so it can be named.
func (a *Analyzer) IsInternetSpace(ps []netip.Prefix) bool {
	a.internetOnce.Do(func() {
		ops := symbolic.NewSpace()
		all := ops.Minus(ops.All(), ops.Prefixes(dataplane.FieldSrc, notInternet(a.d)))
		for _, f := range ops.Flows(all) {
			a.internetBlocks = append(a.internetBlocks, prefixKey(f.Src))
		}
	})
	k := prefixKey(ps)
	for _, b := range a.internetBlocks {
		if b == k {
			return true
		}
	}
	return false
}

func prefixKey(ps []netip.Prefix) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String())
		b.WriteByte(',')
	}
	return b.String()
}
