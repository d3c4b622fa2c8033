package analyzer

import (
	"github.com/vpcheck/vpcheck/model"
)

// Exposure is what the internet can send to one ENI.
type Exposure struct {
	ENI *model.NetworkInterface
	// Delivered is the packets delivered to the ENI, as sent from the internet.
	Delivered Set
	// Leaves are the delivering branches (for paths and replies).
	Leaves []Leaf
}

// Exposures explores, once, every packet from the internet to every public
// address of the network and returns what each ENI receives: the exact
// answer to "which ports of which hosts does the internet reach", after
// routing, translation, network ACLs and security groups.
func (an *Analyzer) Exposures() []Exposure {
	s := an.Symbolic()
	if an.exposures != nil {
		return *an.exposures
	}
	ops := s.ops
	src := ops.Minus(ops.All(), ops.Prefixes(FieldSrc, notInternet(s.d)))
	byTerminal := map[NodeID]*model.NetworkInterface{}
	for e, t := range s.d.Accept {
		byTerminal[t] = e
	}
	index := map[*model.NetworkInterface]int{}
	var out []Exposure
	for _, l := range s.Explore(s.d.Internet, src, false) {
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
	an.exposures = &out
	return out
}

// Match is the set of packets of one protocol, destination port range and
// ICMP type/code — what a security group or NACL rule matches, without its
// peer.
func (s *Symbolic) Match(proto model.Protocol, ports model.PortRange, icmp model.ICMPMatch) Set {
	r := Rule{Proto: proto, Ports: ports, ICMP: icmp, Peers: allAddr}
	return s.RuleMatch(&Filter{Kind: SGIngress}, &r)
}

// Dataplane returns the data plane the engine reads.
func (s *Symbolic) Dataplane() *Dataplane { return s.d }
