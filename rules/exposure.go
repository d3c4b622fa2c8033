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
	// Leaves are the delivering branches (for paths and replies).
	Leaves []symbolic.Leaf
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
	for _, l := range s.Explore(d.Internet, src, false) {
		e, ok := byTerminal[l.Node]
		if !ok || !l.Delivered || ops.IsEmpty(l.Origin) {
			continue
		}
		i, seen := index[e]
		if !seen {
			i = len(out)
			index[e] = i
			out = append(out, Exposure{ENI: e, Delivered: ops.None()})
		}
		out[i].Delivered = ops.Union(out[i].Delivered, l.Origin)
		out[i].Leaves = append(out[i].Leaves, l)
	}
	return out
}
