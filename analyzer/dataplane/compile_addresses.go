package dataplane

import (
	"fmt"
	"hash/fnv"
	"net/netip"

	"github.com/vpcheck/vpcheck/model"
)

// Placeholder address space. Values unknown before deployment (a public IP
// assigned at launch, the entries of an AWS-managed prefix list) get
// addresses from the IPv4 block reserved for future use, 240.0.0.0/4, which
// no real network or internet host uses; answers name them, never show them bare.
var (
	placeholderPublic = netip.MustParseAddr("240.0.0.0")
	placeholderPL     = netip.MustParseAddr("241.0.0.0")
	// placeholderHypothetical is the block of the hypothetical hosts'
	// public addresses.
	placeholderHypothetical = netip.MustParseAddr("242.0.0.0")
	// PlaceholderBlock contains every placeholder address.
	PlaceholderBlock = netip.MustParsePrefix("240.0.0.0/4")
)

// assume records an address vpcheck assumes, with its owner and why.
func (c *compiler) assume(a netip.Addr, owner model.Object, why string) {
	c.d.Assumed[a] = why
	c.d.Owner[a] = owner
}

func (c *compiler) newPublic(owner model.Object, why string) netip.Addr {
	c.nextPublic++
	b := placeholderPublic.As4()
	n := c.nextPublic
	a := netip.AddrFrom4([4]byte{b[0], byte(n >> 16), byte(n >> 8), byte(n)})
	c.assume(a, owner, why)
	return a
}

// assignAddresses fixes the private and public addresses of every ENI and
// NAT gateway, assuming addresses (and saying so) where the input leaves
// them to launch time.
func (c *compiler) assignAddresses() {
	used := map[netip.Addr]bool{}
	for _, e := range c.net.Interfaces {
		for _, a := range e.PrivateIPs {
			used[a] = true
		}
	}
	for _, g := range c.net.NATGateways {
		if g.PrivateIP.IsValid() {
			used[g.PrivateIP] = true
		}
	}
	for _, e := range c.net.Interfaces {
		addrs := append(append([]netip.Addr(nil), e.PrivateIPs...), e.IPv6s...)
		if len(e.PrivateIPs) == 0 {
			if s := e.SubnetOf(); s != nil {
				if a, ok := freeAddress(s.CIDR.Prefix, used); ok {
					used[a] = true
					addrs = append([]netip.Addr{a}, addrs...)
					c.assume(a, e, fmt.Sprintf("private IP of %s is assigned at launch; assumed %s in subnet %s", model.Label(e), a, s.Name))
				}
			}
		}
		c.d.Addrs[e] = addrs
		for _, a := range addrs {
			if _, ok := c.d.Owner[a]; !ok {
				c.d.Owner[a] = e
			}
		}
		switch e.PublicIPMode {
		case model.PublicIPKnown:
			c.d.PublicAddr[e] = e.PublicIP
			c.d.Owner[e.PublicIP] = c.d.DisplayOf(e)
		case model.PublicIPUnknown:
			c.d.PublicAddr[e] = c.newPublic(c.d.DisplayOf(e), fmt.Sprintf("public IP of %s, assigned at launch (unknown before deployment)", model.Label(c.d.DisplayOf(e))))
		}
	}
	for _, eip := range c.net.ElasticIPs {
		e := model.Target[*model.NetworkInterface](eip.Interface)
		if e == nil {
			if inst := model.Target[*model.Instance](eip.Instance); inst != nil {
				e = inst.Primary()
			}
		}
		if e == nil {
			continue
		}
		a := eip.PublicIP
		if !a.IsValid() {
			a = c.newPublic(c.d.DisplayOf(e), fmt.Sprintf("Elastic IP %s of %s, allocated on apply (unknown before deployment)", eip.Name, model.Label(c.d.DisplayOf(e))))
		}
		c.d.PublicAddr[e] = a
		c.d.Owner[a] = c.d.DisplayOf(e)
	}
	for _, g := range c.net.NATGateways {
		a := g.PrivateIP
		if !a.IsValid() {
			if ni := model.Target[*model.NetworkInterface](g.Interface); ni != nil && len(ni.PrivateIPs) > 0 {
				a = ni.PrivateIPs[0]
			} else if s := g.SubnetOf(); s != nil {
				if fa, ok := freeAddress(s.CIDR.Prefix, used); ok {
					a = fa
					used[a] = true
					c.assume(a, g, fmt.Sprintf("private IP of %s is assigned on creation; assumed %s in subnet %s", model.Label(g), a, s.Name))
				}
			}
		}
		if a.IsValid() {
			c.d.NATAddr[g] = a
			c.d.Owner[a] = g
		}
		if g.Private {
			continue
		}
		pub := g.PublicIP
		if !pub.IsValid() {
			if eip := model.Target[*model.ElasticIP](g.EIP); eip != nil && eip.PublicIP.IsValid() {
				pub = eip.PublicIP
			} else {
				pub = c.newPublic(g, fmt.Sprintf("Elastic IP of %s, allocated on apply (unknown before deployment)", model.Label(g)))
			}
		}
		c.d.NATPublic[g] = pub
		c.d.Owner[pub] = g
	}
	// Every subnet without a host is an endpoint: a hypothetical host on
	// its first free address stands for whatever is launched there (most
	// VPC and transit gateway module repositories describe no instance).
	// In a public subnet it has a placeholder public address, as an
	// instance launched there would; that address is derived from the
	// subnet alone, so that no other change to the network moves it (diff
	// compares the two sides packet by packet).
	//
	// A subnet holding a transit gateway attachment and no host is the
	// attachment's own subnet, which AWS advises keeping for the
	// attachment interfaces alone
	// (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-best-design-practices.html):
	// it gets no hypothetical host.
	attachment := map[*model.Subnet]bool{}
	for _, a := range c.net.TGWAttachments {
		for _, s := range model.Targets[*model.Subnet](a.Subnets) {
			attachment[s] = true
		}
	}
	taken := map[netip.Addr]bool{}
	for _, s := range c.net.Subnets {
		if !withoutHost(s) || attachment[s] {
			continue
		}
		a, ok := firstFree(s.CIDR.Prefix, used)
		if !ok {
			continue
		}
		used[a] = true
		h := HypotheticalHost{Private: a, Terminal: -1}
		if publicWithoutHost(s) {
			h.Public = hypotheticalPublic(s, taken)
			c.assume(h.Public, s, fmt.Sprintf("public IP of the hypothetical host %s of subnet %s, which maps public IPs on launch (an instance launched there gets one)", a, s.Name))
		}
		c.d.Hypothetical[s] = h
	}
}

// hypotheticalPublic is the placeholder public address of a public
// subnet's hypothetical host: in its own block, from a hash of what names
// the subnet (so it is the same on both sides of a diff whatever else
// changes), the next free one on a collision.
func hypotheticalPublic(s *model.Subnet, taken map[netip.Addr]bool) netip.Addr {
	m := s.Base()
	h := fnv.New32a()
	for _, x := range []string{m.TFAddr, m.AWSID, m.Name, s.CIDR.Prefix.String()} {
		h.Write([]byte(x))
		h.Write([]byte{0})
	}
	n := h.Sum32() & 0xffffff
	b := placeholderHypothetical.As4()
	for {
		a := netip.AddrFrom4([4]byte{b[0], byte(n >> 16), byte(n >> 8), byte(n)})
		if !taken[a] {
			taken[a] = true
			return a
		}
		n = (n + 1) & 0xffffff
	}
}

// withoutHost reports whether no instance (nor other interface that
// starts connections) is in s.
func withoutHost(s *model.Subnet) bool {
	for _, e := range s.Interfaces {
		if e.Type == "" || e.Type == model.ENIInstance {
			return false
		}
	}
	return true
}

// publicWithoutHost reports whether s is a public subnet without a host:
// it maps a public IPv4 address to the instances launched in it, its
// route table has a route to an internet gateway, and no instance (nor
// other interface that starts connections) is in it. Such a subnet gets a
// hypothetical host with a placeholder public address, as an instance
// launched there would: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html
// (public IPv4 addressing attribute of a subnet).
func publicWithoutHost(s *model.Subnet) bool {
	if !s.MapPublicIPOnLaunch || s.RouteTable == nil || !s.CIDR.Prefix.IsValid() || !withoutHost(s) {
		return false
	}
	for _, r := range s.RouteTable.Routes {
		if r.Target == model.TargetInternetGateway && r.Dest.IsValid() && r.Dest.Addr().Is4() {
			return true
		}
	}
	return false
}

// firstFree picks the first usable address of an IPv4 subnet that is not
// taken (AWS reserves the first four:
// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html),
// the address reach and trace send from for a host-less subnet.
func firstFree(p netip.Prefix, used map[netip.Addr]bool) (netip.Addr, bool) {
	if !p.IsValid() || !p.Addr().Is4() || p.Bits() > 29 {
		return netip.Addr{}, false
	}
	first, last := model.SubnetHosts(p)
	for a := first; a.Compare(last) <= 0; a = a.Next() {
		if !used[a] {
			return a, true
		}
	}
	return netip.Addr{}, false
}

// freeAddress picks the highest usable address of an IPv4 subnet that is
// not taken. AWS reserves the first four and the last address of every
// subnet: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
func freeAddress(p netip.Prefix, used map[netip.Addr]bool) (netip.Addr, bool) {
	if !p.IsValid() || !p.Addr().Is4() || p.Bits() > 29 {
		return netip.Addr{}, false
	}
	first, last := model.SubnetHosts(p)
	for a := last; a.Compare(first) >= 0; a = a.Prev() {
		if !used[a] {
			return a, true
		}
	}
	return netip.Addr{}, false
}

// prefixListBlocks returns a prefix list's entries; an AWS-managed list
// whose entries the input does not give gets a placeholder block.
func (c *compiler) prefixListBlocks(pl *model.PrefixList) []netip.Prefix {
	d := c.d
	if ps, ok := d.PrefixLists[pl]; ok {
		return ps
	}
	ps := pl.Prefixes()
	if len(ps) == 0 && pl.AWSManaged {
		c.nextPrefixBlock++
		b := placeholderPL.As4()
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{b[0], byte(c.nextPrefixBlock), 0, 0}), 16)
		c.assume(p.Addr(), pl, fmt.Sprintf("addresses of AWS-managed prefix list %s (its entries are AWS's)", pl.Name))
		ps = []netip.Prefix{p}
	}
	d.PrefixLists[pl] = ps
	return ps
}

// display renders an address, naming placeholders.
func (c *compiler) display(a netip.Addr) string { return c.d.DisplayAddr(a) }
