package rules

import (
	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

// LBTargetChecks are, for every load balancer, its nodes' legs to the
// targets of its listeners, walked on the fast path for a representative
// client (analyzer.CheckTargets): shared by the load balancer rules.
var LBTargetChecks = &Analysis{
	Name:     "lb-target-checks",
	Requires: []*Analysis{Dataplane},
	Run: func(p *Pass) (any, error) {
		an := analyzerOf(p)
		out := map[*model.LoadBalancer][]analyzer.TargetCheck{}
		for _, b := range p.Network.LoadBalancers {
			out[b] = an.CheckTargets(b, packet.Packet{Src: an.RepresentativeClient(b)})
		}
		return out, nil
	},
}

func lbTargetChecksOf(p *Pass) map[*model.LoadBalancer][]analyzer.TargetCheck {
	v, err := p.ResultOf(LBTargetChecks)
	if err != nil {
		panic(err) // walking cannot fail
	}
	return v.(map[*model.LoadBalancer][]analyzer.TargetCheck)
}
