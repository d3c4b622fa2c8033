package rules

import (
	"fmt"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/fastpath"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

// lbExposure is a world-open security group rule of a load balancer's
// target that admits what the internet sends through the load balancer:
// the target has no public address of its own, but the listener forwards
// the internet to it (for a Network Load Balancer, with the client's
// address, which the world-open rule admits).
type lbExposure struct {
	rule  *model.SGRule
	group *model.SecurityGroup
	host  string
	port  string
	admin bool
}

// lbExposures follows what the internet delivers to an internet-facing
// load balancer's node (exposure x) on to the targets: every listener the
// internet reaches, every target the node reaches for an internet client,
// and the world-open rule that admitted it there. Listeners on 80 and 443
// are how public services are meant to be reached and are left out, as
// for hosts.
func lbExposures(an *analyzer.Analyzer, sym *symbolic.Engine, x Exposure, checks map[*model.LoadBalancer][]analyzer.TargetCheck) []lbExposure {
	b := model.LoadBalancerOf(x.ENI)
	if b == nil || b.Internal {
		return nil
	}
	cs, ok := checks[b]
	if !ok {
		cs = an.CheckTargets(b, packet.Packet{Src: an.RepresentativeClient(b)})
		checks[b] = cs
	}
	var out []lbExposure
	for _, c := range cs {
		if c.Node != x.ENI || !c.Reachable || c.Target == nil || c.HealthCheck {
			continue
		}
		l := c.Listener
		proto := model.Protocol(c.Packet.Proto)
		if proto == model.ProtoTCP && (l.Port == 80 || l.Port == 443) {
			continue
		}
		reached := sym.Space().Intersect(x.Delivered, sym.Match(proto, model.PortRange{From: l.Port, To: l.Port}, model.AnyICMP))
		if sym.Space().IsEmpty(reached) {
			continue
		}
		r, g := admittingWorldRule(c.Walk.Hops)
		if r == nil {
			continue
		}
		out = append(out, lbExposure{rule: r, group: g,
			host:  fmt.Sprintf("%s through %s listener %s %d", targetName(c), model.Label(b), proto, l.Port),
			port:  fmt.Sprintf("%s %d", proto, c.Packet.DstPort),
			admin: adminPorts[l.Port] || adminPorts[c.Packet.DstPort]})
	}
	return out
}

// admittingWorldRule returns the world-open security group rule (0.0.0.0/0
// or ::/0) that admitted a walk at its destination, if that is what did.
func admittingWorldRule(hops []fastpath.Hop) (*model.SGRule, *model.SecurityGroup) {
	for i := len(hops) - 1; i >= 0; i-- {
		for _, v := range hops[i].Filters {
			if v.Filter.Kind != dataplane.SGIngress || !v.Allowed || v.Rule < 0 {
				continue
			}
			fr := &v.Filter.Rules[v.Rule]
			g, ok := fr.Owner.(*model.SecurityGroup)
			if !ok {
				return nil, nil
			}
			for j := range g.Rules {
				r := &g.Rules[j]
				if r.Range == fr.Range && r.Direction == model.Ingress && r.PeerKind == model.PeerCIDR && r.CIDR.Bits() == 0 {
					return r, g
				}
			}
			return nil, nil
		}
	}
	return nil, nil
}
