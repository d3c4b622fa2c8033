package rules

import (
	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

// Exposure is what the internet can send to one ENI.
type Exposure struct {
	ENI *model.NetworkInterface
	// Delivered is the packets delivered to the ENI, as sent from the internet.
	Delivered symbolic.Set
	// Leaves are the delivering branches (for paths and replies), those
	// across appliances vpcheck does not model included: their packets are
	// in Unknown, not in Delivered.
	Leaves []symbolic.Leaf
	// Unknown is the packets addressed to the ENI that meet what vpcheck
	// does not model on the way (as they are there: the destination
	// translated, ports as sent), and Unmodelled what they meet: whether
	// they arrive is unknown.
	Unknown    symbolic.Set
	Unmodelled []dataplane.Outcome
}

// Exposures explores, once per run, every packet from the internet to every
// public address of the network and returns what each ENI receives: the
// exact answer to "which ports of which hosts does the internet reach",
// after routing, translation, network ACLs and security groups
// (sg-world-exposed reads it, and Asymmetries follows its replies). Its sets
// are the symbolic engine's, which is not safe for concurrent use.
var Exposures = &Analysis{
	Name:     "exposures",
	Requires: []*Analysis{Dataplane},
	Serial:   true,
	Run: func(p *Pass) (any, error) {
		return exposures(analyzerOf(p)), nil
	},
}

func exposuresOf(p *Pass) []Exposure { return mustResultOf[[]Exposure](p, Exposures) }

func exposures(an *analyzer.Analyzer) []Exposure {
	s := an.Symbolic()
	d, ops := an.Dataplane(), s.Space()
	src := ops.Minus(ops.All(), ops.Prefixes(dataplane.FieldSrc, an.NotInternet()))
	byTerminal := map[dataplane.NodeID]*model.NetworkInterface{}
	for e, t := range d.Accept {
		byTerminal[t] = e
	}
	index := map[*model.NetworkInterface]int{}
	var out []Exposure
	at := func(e *model.NetworkInterface) *Exposure {
		i, seen := index[e]
		if !seen {
			i = len(out)
			index[e] = i
			out = append(out, Exposure{ENI: e, Delivered: ops.None(), Unknown: ops.None()})
		}
		return &out[i]
	}
	var unknown []symbolic.Leaf
	for _, l := range s.Explore(d.Internet, src, false) {
		if l.Outcome.Code.Unmodelled() && !ops.IsEmpty(l.Set) {
			unknown = append(unknown, l)
			continue
		}
		e, ok := byTerminal[l.Node]
		if !ok || !l.Delivered || ops.IsEmpty(l.Origin) {
			continue
		}
		x := at(e)
		x.Leaves = append(x.Leaves, l)
		if u, ok := crossedUnmodelled(d, l.Path); ok {
			// Delivered only if appliances vpcheck does not model pass the
			// packets (a Gateway Load Balancer's): not proven exposed.
			x.Unknown = ops.Union(x.Unknown, l.Set)
			x.Unmodelled = append(x.Unmodelled, u)
			continue
		}
		x.Delivered = ops.Union(x.Delivered, l.Origin)
	}
	// Packets that meet what is not modelled may still reach any ENI they
	// are addressed to (by then, to its private address).
	if len(unknown) > 0 {
		for _, e := range d.Net.Interfaces {
			if _, ok := d.Accept[e]; !ok {
				continue
			}
			own := ops.Prefixes(dataplane.FieldDst, dataplane.HostPrefixes(d.Addrs[e]))
			for _, l := range unknown {
				if m := ops.Intersect(l.Set, own); !ops.IsEmpty(m) {
					x := at(e)
					x.Unknown = ops.Union(x.Unknown, m)
					x.Unmodelled = append(x.Unmodelled, l.Outcome)
				}
			}
		}
	}
	return out
}

// crossedUnmodelled is the first edge of path whose crossing rests on what
// vpcheck does not model (dataplane.Edge.Unmodelled).
func crossedUnmodelled(d *dataplane.Dataplane, path []symbolic.Step) (dataplane.Outcome, bool) {
	for _, st := range path {
		if st.Edge >= 0 && d.Edges[st.Edge].Unmodelled != nil {
			return *d.Edges[st.Edge].Unmodelled, true
		}
	}
	return dataplane.Outcome{}, false
}
