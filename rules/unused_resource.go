package rules

import (
	"fmt"

	"github.com/vpcheck/vpcheck/model"
)

// UnusedResource reports objects nothing uses. They cost nothing in
// traffic but confuse every reader (and an Elastic IP that is not
// associated is billed: https://aws.amazon.com/vpc/pricing/).
var UnusedResource = &Rule{
	ID:       "unused-resource",
	Severity: Notice,
	Run: func(p *Pass) error {
		net := p.Network
		used := map[model.Object]bool{}
		use := func(r model.Ref) {
			if r.Obj != nil {
				used[r.Obj] = true
			}
		}
		for _, g := range net.SecurityGroups {
			for i := range g.Rules {
				if g.Rules[i].Peer.Obj != model.Object(g) {
					use(g.Rules[i].Peer)
				}
			}
		}
		for _, e := range net.Endpoints {
			for _, r := range e.SecurityGroups {
				use(r)
			}
			use(e.PrefixList)
		}
		for _, e := range net.Interfaces {
			for _, r := range e.SecurityGroups {
				use(r)
			}
		}
		for _, t := range net.RouteTables {
			for i := range t.Routes {
				use(t.Routes[i].DestPrefixList)
			}
		}
		for _, t := range net.TGWRouteTables {
			for i := range t.Routes {
				use(t.Routes[i].DestPrefixList)
			}
		}
		for _, g := range net.NATGateways {
			use(g.EIP)
		}
		for _, c := range net.VPNConnections {
			use(c.CustomerGateway)
		}

		report := func(o model.Object, why, fix string) {
			if o.Base().Implicit || used[o] {
				return
			}
			p.Report(Finding{
				Message:  fmt.Sprintf("%s %s", name(o), why),
				Range:    o.Base().Range,
				Resource: Address(o),
				Fix:      fix,
			})
		}
		for _, g := range net.SecurityGroups {
			if !g.Default && len(g.Members) == 0 {
				report(g, "is attached to nothing and referenced by no rule", "Delete the security group, or attach it to the interfaces it was written for.")
			}
		}
		for _, a := range net.NetworkACLs {
			if !a.Default && len(model.Targets[*model.Subnet](a.Subnets)) == 0 {
				report(a, "is associated with no subnet", "Delete the network ACL, or associate it with its subnets.")
			}
		}
		for _, t := range net.RouteTables {
			if !t.Main && len(model.Targets[*model.Subnet](t.Subnets)) == 0 && len(t.Gateways) == 0 {
				report(t, "is associated with no subnet and no gateway", "Delete the route table, or associate it with its subnets.")
			}
		}
		for _, e := range net.ElasticIPs {
			if !e.Interface.Set() && !e.Instance.Set() {
				report(e, "is associated with nothing (aws bills idle elastic ips)", "Release the Elastic IP, or associate it with an instance, interface or NAT gateway.")
			}
		}
		for _, pl := range net.PrefixLists {
			if !pl.AWSManaged {
				report(pl, "is referenced by no route, rule or endpoint", "Delete the prefix list, or reference it where it was meant to be used.")
			}
		}
		for _, g := range net.CustomerGateways {
			report(g, "is used by no vpn connection", "Delete the customer gateway, or create the VPN connection it was meant for.")
		}
		return nil
	},
}
