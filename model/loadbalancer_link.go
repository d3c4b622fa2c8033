package model

import "net/netip"

// addLoadBalancerInterfaces gives each load balancer a node ENI in each of
// its subnets that the input does not list one for: AWS creates one
// network interface per enabled subnet, owned by the load balancer, with
// the load balancer's security groups (none for a Network Load Balancer
// created without them):
// https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
// Their private addresses are assigned by AWS and stay unknown; an
// internet-facing load balancer's nodes have public addresses.
func (n *Network) addLoadBalancerInterfaces() {
	for _, b := range n.LoadBalancers {
		// A Gateway Load Balancer has no scheme: it is reached only through
		// its endpoints, never from the internet.
		// https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/introduction.html
		if b.Type == LBGateway {
			b.Internal = true
		}
		have := map[*Subnet]bool{}
		for _, e := range Targets[*NetworkInterface](b.Interfaces) {
			have[e.SubnetOf()] = true
		}
		for i, sr := range b.Subnets {
			s := Target[*Subnet](sr)
			if s == nil || have[s] {
				continue
			}
			have[s] = true
			eni := &NetworkInterface{
				Meta:            Meta{Name: b.Name + "/" + s.Name, Range: b.Range, Implicit: true},
				Subnet:          To(s),
				SecurityGroups:  append([]Ref(nil), b.SecurityGroups...),
				SourceDestCheck: true,
				Type:            ENILoadBalancer,
				Owner:           To(b),
			}
			if i < len(b.NodeIPs) && b.NodeIPs[i].IsValid() {
				eni.PrivateIPs = []netip.Addr{b.NodeIPs[i]}
			}
			if !b.Internal {
				eni.PublicIPMode = PublicIPUnknown
				if i < len(b.NodePublicIPs) && b.NodePublicIPs[i].IsValid() {
					eni.PublicIP, eni.PublicIPMode = b.NodePublicIPs[i], PublicIPKnown
				}
			}
			n.addIndexed(eni)
			b.Interfaces = append(b.Interfaces, To(eni))
		}
	}
}

// deriveLoadBalancers lists each load balancer's listeners and marks its
// node ENIs as owned by it.
func (n *Network) deriveLoadBalancers() {
	for _, b := range n.LoadBalancers {
		b.Listeners = nil
		// The load balancer's VPC is its subnets' when the input does not say.
		if b.VPC.Obj == nil {
			for _, s := range Targets[*Subnet](b.Subnets) {
				if v := s.VPCOf(); v != nil {
					b.VPC = To(v)
					break
				}
			}
		}
		for _, e := range Targets[*NetworkInterface](b.Interfaces) {
			e.Owner = To(b)
			e.Type = ENILoadBalancer
			// A node has its load balancer's groups.
			if len(e.SecurityGroups) == 0 {
				e.SecurityGroups = append([]Ref(nil), b.SecurityGroups...)
			}
		}
	}
	for _, l := range n.LBListeners {
		if b := Target[*LoadBalancer](l.LoadBalancer); b != nil {
			b.Listeners = append(b.Listeners, l)
		}
	}
}

// LoadBalancerOf returns the load balancer whose node e is, or nil.
func LoadBalancerOf(e *NetworkInterface) *LoadBalancer {
	if e == nil || e.Type != ENILoadBalancer {
		return nil
	}
	return Target[*LoadBalancer](e.Owner)
}

// Nodes returns the load balancer's node ENIs that are resolved.
func (b *LoadBalancer) Nodes() []*NetworkInterface {
	return Targets[*NetworkInterface](b.Interfaces)
}

// Zone returns the Availability Zone of an ENI's subnet ("" when unknown).
func Zone(e *NetworkInterface) string {
	if s := e.SubnetOf(); s != nil {
		return s.AZ
	}
	return ""
}
