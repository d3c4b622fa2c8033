package analyzer

import (
	"sort"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

// NewWithEngine prepares questions on a compiled network whose symbolic
// engine is sym (built with symbolic.NewInSpace, so that two networks'
// answers share one packet space and can be compared).
func NewWithEngine(d *dataplane.Dataplane, sym *symbolic.Engine) *Analyzer {
	a := New(d)
	a.symOnce.Do(func() { a.sym = sym })
	return a
}

// EndpointOf is the endpoint an object stands for, as Select resolves it.
func (a *Analyzer) EndpointOf(o model.Object) (*Endpoint, error) { return a.objectEndpoint(o) }

// Internet is the internet as an endpoint.
func (a *Analyzer) Internet() *Endpoint { return a.internetEndpoint() }

// DefaultHeader is the packets Reach asks about when a query names no
// protocol or port: every protocol, TCP and UDP from ephemeral client ports.
func (a *Analyzer) DefaultHeader() symbolic.Set { return a.headerSet(Query{Protocol: model.ProtoAll}) }

// Answered returns, for each destination in tos, the packets of header from
// from that arrive there and whose replies come back (as Reach's
// "reachable" with return "ok" means; a delivery whose replies are not
// modelled counts as answered, as Reach reports it reachable). One
// exploration per start of from serves every destination: the set
// explored is restricted to the destinations' addresses.
func (a *Analyzer) Answered(from *Endpoint, tos []*Endpoint, header symbolic.Set) []symbolic.Set {
	s := a.Symbolic()
	d, ops := a.d, s.Space()
	out := make([]symbolic.Set, len(tos))
	dsts := make([]symbolic.Set, len(tos))
	all := ops.None()
	// The destinations each terminal counts for (anyTerminal: those that
	// take any delivery).
	byTerminal := map[dataplane.NodeID][]int{}
	var anyTerminal []int
	for i, to := range tos {
		out[i] = ops.None()
		dsts[i] = ops.Minus(ops.Prefixes(dataplane.FieldDst, to.Addrs), ops.Prefixes(dataplane.FieldDst, to.Exclude))
		all = ops.Union(all, dsts[i])
		if len(to.Terminals) == 0 {
			anyTerminal = append(anyTerminal, i)
		}
		for t := range to.Terminals {
			byTerminal[t] = append(byTerminal[t], i)
		}
	}
	for _, st := range from.Starts {
		src := ops.Minus(ops.Prefixes(dataplane.FieldSrc, st.Src), ops.Prefixes(dataplane.FieldSrc, st.Exclude))
		set := ops.Intersect(ops.Intersect(src, all), header)
		if ops.IsEmpty(set) {
			continue
		}
		for _, l := range s.Explore(st.Node, set, false) {
			if !l.Delivered || ops.IsEmpty(l.Origin) {
				continue
			}
			var hit []int
			for _, list := range [][]int{byTerminal[l.Node], anyTerminal} {
				for _, i := range list {
					if ops.Overlaps(l.Origin, dsts[i]) {
						hit = append(hit, i)
					}
				}
			}
			sort.Ints(hit)
			if len(hit) == 0 {
				continue
			}
			answered := l.Origin
			if d.Nodes[l.Node].ReplyFrom >= 0 {
				back := ops.None()
				for _, rl := range s.ExploreReply(l) {
					if rl.Node == st.Return {
						back = ops.Union(back, rl.Set)
					}
				}
				answered = ops.Intersect(l.Origin, ops.ReplyInverse(back))
			}
			for _, i := range hit {
				out[i] = ops.Union(out[i], ops.Intersect(answered, dsts[i]))
			}
		}
	}
	return out
}
