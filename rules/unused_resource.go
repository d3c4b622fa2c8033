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
	Doc: Doc{
		Title: "a security group, network acl, route table, elastic ip, prefix list or customer gateway is not used",
		Text: `Reports objects that nothing in the network uses:

- a security group no interface is in, no rule references and no endpoint uses;
- a network ACL (not the default) associated with no subnet;
- a route table (not the main one) associated with no subnet and no gateway;
- an Elastic IP associated with nothing (AWS bills idle Elastic IPs);
- a customer-managed prefix list no route, rule or endpoint references;
- a customer gateway no VPN connection uses.

Objects AWS creates itself (a VPC's main route table, default network ACL
and default security group) are never reported. Fix: delete the object, or
attach it where it was meant to go.`,
		Bad: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

security_group "legacy" {
  vpc = vpc.prod
}`,
		Good: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

security_group "app" {
  vpc = vpc.prod
}

instance "app-1" {
  subnet          = subnet.app
  security_groups = [security_group.app]
}`,
	},
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
