package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

// SGWorldExposed reports security group rules open to the whole internet
// (0.0.0.0/0 or ::/0) on ports the internet really reaches: the instance
// has a public address, its subnet routes to an internet gateway, the
// network ACLs let the packets in and the replies out. A rule open to the
// world on a host the internet cannot reach is not reported — that is the
// difference from scanners that match CIDR strings.
var SGWorldExposed = &Rule{
	ID:       "sg-world-exposed",
	Severity: Warning,
	Requires: []*Analysis{Dataplane, Exposures},
	// What the internet delivers (Exposures), and the rules of the
	// security groups on the way (the exposed hosts', a load balancer
	// target's); load balancers are read from the model.
	Locality: &impact.Explorations{Internet: true, PathKinds: []model.Kind{model.KindSecurityGroup}, Kinds: []model.Kind{model.KindLoadBalancer, model.KindLBListener, model.KindTargetGroup}},
	Run: func(p *Pass) error {
		sym := symbolicOf(p)
		d := sym.Dataplane()
		type hit struct {
			rule  *model.SGRule
			group *model.SecurityGroup
			hosts map[string]bool
			ports map[string]bool
			admin bool
		}
		hits := map[*model.SGRule]*hit{}
		lbChecks := map[*model.LoadBalancer][]analyzer.TargetCheck{}
		var order []*model.SGRule
		type maybe struct {
			group *model.SecurityGroup
			hosts map[string]bool
			why   string
			at    hcl.Range
		}
		maybes := map[*model.SGRule]*maybe{}
		var maybeOrder []*model.SGRule
		for _, x := range exposuresOf(p) {
			host := model.Label(d.DisplayOf(x.ENI))
			if pub, ok := d.PublicAddr[x.ENI]; ok {
				host += " (" + d.DisplayAddr(pub) + ")"
			}
			for _, g := range model.Targets[*model.SecurityGroup](x.ENI.SecurityGroups) {
				for i := range g.Rules {
					r := &g.Rules[i]
					if r.Direction != model.Ingress || r.PeerKind != model.PeerCIDR || r.CIDR.Bits() != 0 {
						continue
					}
					if len(x.Unmodelled) > 0 && !sym.Space().IsEmpty(sym.Space().Intersect(x.Unknown, sym.Match(r.Protocol, r.Ports, r.ICMP))) {
						m, ok := maybes[r]
						if !ok {
							m = &maybe{group: g, hosts: map[string]bool{}, why: x.Unmodelled[0].Message, at: x.Unmodelled[0].Range}
							maybes[r] = m
							maybeOrder = append(maybeOrder, r)
						}
						m.hosts[host] = true
					}
					exposed := sym.Space().Intersect(x.Delivered, sym.Match(r.Protocol, r.Ports, r.ICMP))
					if sym.Space().IsEmpty(exposed) {
						continue
					}
					ports, admin, web := exposedPorts(sym, exposed)
					if web {
						continue
					}
					h, ok := hits[r]
					if !ok {
						h = &hit{rule: r, group: g, hosts: map[string]bool{}, ports: map[string]bool{}}
						hits[r] = h
						order = append(order, r)
					}
					h.hosts[host] = true
					for _, pt := range ports {
						h.ports[pt] = true
					}
					h.admin = h.admin || admin
				}
			}
			// Through a public load balancer, its targets (lb_exposure.go).
			for _, lx := range lbExposures(analyzerOf(p), sym, x, lbChecks) {
				h, ok := hits[lx.rule]
				if !ok {
					h = &hit{rule: lx.rule, group: lx.group, hosts: map[string]bool{}, ports: map[string]bool{}}
					hits[lx.rule] = h
					order = append(order, lx.rule)
				}
				h.hosts[lx.host] = true
				h.ports[lx.port] = true
				h.admin = h.admin || lx.admin
			}
		}
		for _, r := range order {
			h := hits[r]
			sev := Warning
			if h.admin {
				sev = Error
			}
			p.Report(Finding{
				Severity: sev,
				Message: fmt.Sprintf("security group %s allows %s from %s and the internet reaches %s on %s",
					h.group.Name, ruleTraffic(r), r.CIDR, joinSorted(h.hosts), joinSorted(h.ports)),
				Range:    r.Range,
				Resource: Address(h.group),
				Fix:      "restrict the rule's source to known addresses (an office range, a prefix list, a load balancer's security group), or reach the hosts through Systems Manager Session Manager",
			})
		}
		// Incomplete, not asserted: where the internet's packets cross
		// what vpcheck does not model, whether they reach the hosts is
		// unknown (docs/architecture.md, "How a packet moves").
		for _, r := range maybeOrder {
			if hits[r] != nil {
				continue
			}
			m := maybes[r]
			p.Report(Finding{
				Severity: Notice,
				Message: fmt.Sprintf("security group %s allows %s from %s on %s; whether the internet reaches them is unknown (incomplete): %s",
					m.group.Name, ruleTraffic(r), r.CIDR, joinSorted(m.hosts), m.why),
				Range:    r.Range,
				Resource: Address(m.group),
				Related:  []Related{{Message: "not modelled: " + m.why, Range: m.at}},
				Fix:      "check by hand what the unmodelled component lets through, or restrict the rule's source to known addresses",
			})
		}
		return nil
	},
}

// adminPorts are ports no one should open to the internet.
var adminPorts = map[uint16]bool{21: true, 22: true, 23: true, 445: true, 1433: true, 1521: true, 2375: true, 2376: true,
	3306: true, 3389: true, 5432: true, 5900: true, 6379: true, 9200: true, 11211: true, 27017: true}

// exposedPorts summarises the exposed packets as "tcp 22" strings, and
// says whether an admin port is among them and whether the exposure is only
// the web (tcp 80 and 443).
func exposedPorts(sym *symbolic.Engine, exposed symbolic.Set) (ports []string, admin, webOnly bool) {
	webOnly = true
	for _, f := range sym.Space().Flows(exposed) {
		for _, pr := range f.Protocols {
			for proto := int(pr.Lo); proto <= int(pr.Hi); proto++ {
				name := model.Protocol(proto).String()
				if !model.Protocol(proto).HasPorts() {
					ports = append(ports, name)
					webOnly = false
					if pr.Hi-pr.Lo > 8 {
						ports[len(ports)-1] = "every protocol"
						proto = int(pr.Hi)
					}
					continue
				}
				for _, r := range f.DstPorts {
					ports = append(ports, fmt.Sprintf("%s %s", name, model.PortRange{From: r.Lo, To: r.Hi}))
					for a := range adminPorts {
						if r.Lo <= a && a <= r.Hi {
							admin = true
						}
					}
					if !(model.Protocol(proto) == model.ProtoTCP && (r.Lo == 80 || r.Lo == 443) && r.Lo == r.Hi) {
						webOnly = false
					}
				}
			}
		}
	}
	return ports, admin, webOnly
}

func ruleTraffic(r *model.SGRule) string {
	switch {
	case r.Protocol == model.ProtoAll:
		return "all traffic"
	case r.Protocol.HasPorts():
		return r.Protocol.String() + " " + r.Ports.String()
	}
	return r.Protocol.String()
}

func joinSorted(m map[string]bool) string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
