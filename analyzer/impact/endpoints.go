package impact

import (
	"net/netip"
	"sort"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

// Endpoint kinds besides model kinds.
const (
	KindInternet = "internet"
)

// EndpointRef names an endpoint as the diff reports it, the same on both
// sides: Key matches it across them.
type EndpointRef struct {
	Key     string
	Kind    string
	Name    string
	Address string
	ID      string
	// Subnet is the subnet an instance or interface is in, for grouping.
	Subnet string
}

// endpoint is an EndpointRef resolved on one side.
type endpoint struct {
	ref EndpointRef
	ep  *analyzer.Endpoint
	// dst is the destination blocks packets to it carry on their way, nil
	// for the internet (any). Replies addressed to a NAT gateway before it
	// translates them back are handled by candidates.
	dst []netip.Prefix
	// starts are the nodes its packets leave from, returns where replies
	// to them arrive; terminals where packets to it arrive, replyFrom
	// where its replies start.
	starts, returns, terminals, replyFrom []dataplane.NodeID

	src, replySrc *symbolic.Set
}

// srcSet is the source addresses its packets leave with.
func (x *endpoint) srcSet(ops *symbolic.Space) symbolic.Set {
	if x.src == nil {
		s := ops.None()
		for _, st := range x.ep.Starts {
			s = ops.Union(s, ops.Minus(ops.Prefixes(dataplane.FieldSrc, st.Src), ops.Prefixes(dataplane.FieldSrc, st.Exclude)))
		}
		x.src = &s
	}
	return *x.src
}

// replySrcSet is the source addresses its replies leave with.
func (x *endpoint) replySrcSet(ops *symbolic.Space) symbolic.Set {
	if x.replySrc == nil {
		s := ops.Minus(ops.Prefixes(dataplane.FieldSrc, x.ep.Addrs), ops.Prefixes(dataplane.FieldSrc, x.ep.Exclude))
		x.replySrc = &s
	}
	return *x.replySrc
}

// address is how findings name an object: its Terraform address, else
// kind.name.
func address(o model.Object) string {
	if m := o.Base(); m.TFAddr != "" {
		return m.TFAddr
	}
	return string(o.Kind()) + "." + o.Base().Name
}

func refOf(o model.Object) EndpointRef {
	m := o.Base()
	r := EndpointRef{Key: Identity(o), Kind: string(o.Kind()), Name: m.Name, Address: address(o), ID: m.AWSID}
	switch o := o.(type) {
	case *model.Instance:
		if es := model.Targets[*model.NetworkInterface](o.Interfaces); len(es) > 0 {
			if s := model.Target[*model.Subnet](es[0].Subnet); s != nil {
				r.Subnet = s.Name
			}
		}
	case *model.NetworkInterface:
		if s := model.Target[*model.Subnet](o.Subnet); s != nil {
			r.Subnet = s.Name
		}
	}
	return r
}

// endpoints lists what users query on one side: the internet, each
// on-premises network, each instance, each interface not attached to an
// instance (load balancer nodes included), each interface endpoint, and
// each subnet with no host (a hypothetical host, as reach does).
func endpoints(an *analyzer.Analyzer) []*endpoint {
	d := an.Dataplane()
	net := d.Net
	var objs []model.Object
	for _, o := range net.OnPrem {
		objs = append(objs, o)
	}
	for _, o := range net.Instances {
		objs = append(objs, o)
	}
	for _, e := range net.Interfaces {
		if e.Instance.Obj != nil {
			continue
		}
		switch e.Type {
		case "", model.ENIInstance, model.ENILoadBalancer:
			objs = append(objs, e)
		}
	}
	for _, v := range net.Endpoints {
		if len(v.Interfaces) > 0 {
			objs = append(objs, v)
		}
	}
	for _, s := range net.Subnets {
		if withoutHost(s) {
			objs = append(objs, s)
		}
	}
	out := []*endpoint{resolved(d, EndpointRef{Key: KindInternet, Kind: KindInternet, Name: KindInternet}, an.Internet(), nil)}
	seen := map[string]bool{}
	for _, o := range objs {
		ep, err := an.EndpointOf(o)
		if err != nil {
			continue
		}
		r := refOf(o)
		if seen[r.Key] {
			continue
		}
		seen[r.Key] = true
		out = append(out, resolved(d, r, ep, append([]netip.Prefix{}, ep.Addrs...)))
	}
	return out
}

// withoutHost reports whether no instance (nor other interface that
// starts connections) is in s: such a subnet is an endpoint of its own, a
// hypothetical host.
func withoutHost(s *model.Subnet) bool {
	for _, e := range s.Interfaces {
		if e.Type == "" || e.Type == model.ENIInstance {
			return false
		}
	}
	return true
}

func resolved(d *dataplane.Dataplane, r EndpointRef, ep *analyzer.Endpoint, dst []netip.Prefix) *endpoint {
	x := &endpoint{ref: r, ep: ep, dst: dst}
	for _, st := range ep.Starts {
		x.starts = append(x.starts, st.Node)
		x.returns = append(x.returns, st.Return)
	}
	for t := range ep.Terminals {
		x.terminals = append(x.terminals, t)
		if f := d.Nodes[t].ReplyFrom; f >= 0 {
			x.replyFrom = append(x.replyFrom, f)
		}
	}
	return x
}

// natPrefixes are the NAT gateways' addresses: replies to a client behind
// one are addressed to it until it translates them back.
func natPrefixes(d *dataplane.Dataplane) []netip.Prefix {
	var nat []netip.Prefix
	for _, a := range d.NATAddr {
		nat = append(nat, netip.PrefixFrom(a, a.BitLen()))
	}
	for _, a := range d.NATPublic {
		nat = append(nat, netip.PrefixFrom(a, a.BitLen()))
	}
	sort.Slice(nat, func(i, j int) bool { return nat[i].Addr().Less(nat[j].Addr()) })
	return nat
}
