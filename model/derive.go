package model

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
)

// derive rebuilds every field marked "Derived by Link" from the resolved references.
func (n *Network) derive() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, v := range n.VPCs {
		v.Subnets, v.RouteTables, v.MainRouteTable, v.DefaultNetworkACL = nil, nil, nil, nil
		v.InternetGateway, v.EgressOnlyIGW, v.VPNGateways, v.SecurityGroups = nil, nil, nil, nil
		v.Endpoints, v.Peerings, v.TransitAttachments, v.NetworkACLs, v.NATGateways = nil, nil, nil, nil, nil
	}
	for _, s := range n.Subnets {
		s.RouteTable, s.NetworkACL, s.Interfaces = nil, nil, nil
		if v := s.VPCOf(); v != nil {
			v.Subnets = append(v.Subnets, s)
		}
	}
	for _, t := range n.RouteTables {
		v := t.VPCOf()
		if v == nil {
			continue
		}
		v.RouteTables = append(v.RouteTables, t)
		if t.Main {
			if v.MainRouteTable != nil && !v.MainRouteTable.Implicit {
				diags = append(diags, dup("route table", "main route table", t, v.MainRouteTable))
				continue
			}
			v.MainRouteTable = t
		}
	}
	for _, t := range n.RouteTables {
		for _, r := range t.Subnets {
			s := Target[*Subnet](r)
			if s == nil {
				continue
			}
			if s.RouteTable != nil && s.RouteTable != t {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  fmt.Sprintf("subnet %q is associated with two route tables", s.Name),
					Detail:   fmt.Sprintf("It is associated with route table %q and route table %q; a subnet can be associated with only one route table.", s.RouteTable.Name, t.Name),
					Subject:  rangePtr(r.Range),
				})
				continue
			}
			s.RouteTable = t
		}
	}
	for _, a := range n.NetworkACLs {
		v := Target[*VPC](a.VPC)
		if v == nil {
			continue
		}
		v.NetworkACLs = append(v.NetworkACLs, a)
		if a.Default {
			if v.DefaultNetworkACL != nil && !v.DefaultNetworkACL.Implicit {
				diags = append(diags, dup("network ACL", "default network ACL", a, v.DefaultNetworkACL))
				continue
			}
			v.DefaultNetworkACL = a
		}
		for _, r := range a.Subnets {
			s := Target[*Subnet](r)
			if s == nil {
				continue
			}
			if s.NetworkACL != nil && s.NetworkACL != a {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  fmt.Sprintf("subnet %q is associated with two network ACLs", s.Name),
					Detail:   fmt.Sprintf("It is associated with network ACL %q and network ACL %q; a subnet is associated with exactly one network ACL.", s.NetworkACL.Name, a.Name),
					Subject:  rangePtr(r.Range),
				})
				continue
			}
			s.NetworkACL = a
		}
	}
	for _, s := range n.Subnets {
		v := s.VPCOf()
		if v == nil {
			continue
		}
		if s.RouteTable == nil {
			s.RouteTable = v.MainRouteTable
		}
		if s.NetworkACL == nil {
			s.NetworkACL = v.DefaultNetworkACL
		}
	}
	for _, g := range n.SecurityGroups {
		g.Members = nil
		if v := Target[*VPC](g.VPC); v != nil {
			v.SecurityGroups = append(v.SecurityGroups, g)
		}
	}
	for _, g := range n.InternetGateways {
		if v := Target[*VPC](g.VPC); v != nil {
			if v.InternetGateway != nil {
				diags = append(diags, dup("internet gateway", "internet gateway attached to vpc "+v.Name, g, v.InternetGateway))
				continue
			}
			v.InternetGateway = g
		}
	}
	for _, g := range n.EgressOnlyIGWs {
		if v := Target[*VPC](g.VPC); v != nil && v.EgressOnlyIGW == nil {
			v.EgressOnlyIGW = g
		}
	}
	for _, g := range n.VPNGateways {
		if v := Target[*VPC](g.VPC); v != nil {
			v.VPNGateways = append(v.VPNGateways, g)
		}
	}
	for _, g := range n.NATGateways {
		if s := g.SubnetOf(); s != nil && s.VPCOf() != nil {
			s.VPCOf().NATGateways = append(s.VPCOf().NATGateways, g)
		}
	}
	for _, e := range n.Endpoints {
		if v := Target[*VPC](e.VPC); v != nil {
			v.Endpoints = append(v.Endpoints, e)
		}
	}
	for _, p := range n.Peerings {
		for _, side := range []Ref{p.Requester, p.Accepter} {
			if v := Target[*VPC](side); v != nil {
				v.Peerings = append(v.Peerings, p)
			}
		}
	}
	for _, g := range n.TransitGateways {
		g.RouteTables, g.Attachments = nil, nil
	}
	for _, t := range n.TGWRouteTables {
		t.Associated, t.Propagating = nil, nil
		if g := Target[*TransitGateway](t.TransitGateway); g != nil {
			g.RouteTables = append(g.RouteTables, t)
		}
	}
	for _, a := range n.TGWAttachments {
		if g := Target[*TransitGateway](a.TransitGateway); g != nil {
			g.Attachments = append(g.Attachments, a)
		}
		if v := Target[*VPC](a.VPC); v != nil {
			v.TransitAttachments = append(v.TransitAttachments, a)
		}
		if t := Target[*TGWRouteTable](a.Association); t != nil {
			t.Associated = append(t.Associated, a)
		}
		for _, r := range a.Propagations {
			if t := Target[*TGWRouteTable](r); t != nil {
				t.Propagating = append(t.Propagating, a)
			}
		}
	}
	n.deriveLoadBalancers()
	n.deriveFirewalls()
	diags = append(diags, n.linkInterfaces()...)
	return diags
}

// linkInterfaces places ENIs in subnets and security groups, and makes the
// instance↔ENI relation agree in both directions whichever side the input wrote.
func (n *Network) linkInterfaces() hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, e := range n.Interfaces {
		if s := e.SubnetOf(); s != nil {
			s.Interfaces = append(s.Interfaces, e)
		}
		for _, g := range Targets[*SecurityGroup](e.SecurityGroups) {
			g.Members = append(g.Members, e)
		}
		// An instance or endpoint interface launched without a group gets
		// the VPC's default group:
		// https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
		if len(e.SecurityGroups) == 0 && (e.Type == "" || e.Type == ENIInstance || e.Type == ENIEndpoint) {
			if s := e.SubnetOf(); s != nil && s.VPCOf() != nil {
				for _, g := range s.VPCOf().SecurityGroups {
					if g.Default {
						g.Members = append(g.Members, e)
					}
				}
			}
		}
		inst := Target[*Instance](e.Instance)
		if inst == nil {
			continue
		}
		listed := false
		for _, r := range inst.Interfaces {
			if r.Obj == Object(e) {
				listed = true
			}
		}
		if !listed {
			inst.Interfaces = append(inst.Interfaces, To(e))
		}
	}
	for _, inst := range n.Instances {
		for _, r := range inst.Interfaces {
			e := Target[*NetworkInterface](r)
			if e == nil {
				continue
			}
			if other := Target[*Instance](e.Instance); other != nil && other != inst {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  fmt.Sprintf("network interface %q is attached to two instances", e.Name),
					Detail:   fmt.Sprintf("It is attached to instance %q and instance %q.", other.Name, inst.Name),
					Subject:  rangePtr(r.Range),
				})
				continue
			}
			e.Instance = To(inst)
		}
		sort.SliceStable(inst.Interfaces, func(i, j int) bool {
			a, b := Target[*NetworkInterface](inst.Interfaces[i]), Target[*NetworkInterface](inst.Interfaces[j])
			return a != nil && b != nil && a.DeviceIndex < b.DeviceIndex
		})
	}
	return diags
}

func dup(kind, role string, o, prev Object) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("two %ss: %q and %q", role, prev.Base().Name, o.Base().Name),
		Detail:   fmt.Sprintf("%s %q (at %s) is already the %s.", kind, prev.Base().Name, prev.Base().Range.String(), role),
		Subject:  rangePtr(o.Base().Range),
	}
}
