package dataplane

import (
	"fmt"

	"github.com/vpcheck/vpcheck/model"
)

// Elastic Load Balancing. A load balancer's node is an ENI in each enabled
// subnet; a packet addressed to a node is accepted by the load balancer
// only on its listeners' protocols and ports, and dropped there otherwise
// (Batfish: DENIED_IN; Reachability Analyzer: ELB_LISTENER_PORT_RESTRICTION).
// What the node then sends to a target is a connection of its own (an
// Application or Classic Load Balancer is a proxy) or the client's packet
// with its destination rewritten (a Network Load Balancer): the analyzer
// walks that second leg from the node (analyzer/loadbalancer.go). See
// https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html

// LBFilter returns the listener filter of a load balancer of the graph,
// nil for one the graph does not hold.
func (d *Dataplane) LBFilter(b *model.LoadBalancer) *Filter { return d.lbFilters[b] }

// listenerFilter builds, once, a load balancer's listener filter: one
// allow rule per listener and transport protocol, from any source. A
// listener whose default action is a redirect or fixed response accepts
// too (the load balancer answers itself). The filter is stateful: the
// node's replies to what it accepted pass.
func (c *compiler) listenerFilter(b *model.LoadBalancer) *Filter {
	d := c.d
	if f, ok := d.lbFilters[b]; ok {
		return f
	}
	f := &Filter{ID: c.nextFilterID(), Kind: LBListeners, Component: b, Stateful: true, Range: b.Range}
	// A Gateway Load Balancer's listener takes what its endpoints send it,
	// encapsulated; nothing addressed to its nodes is a client's.
	// https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/introduction.html
	for _, l := range b.Listeners {
		if b.Type == model.LBGateway {
			break
		}
		for _, p := range model.Transport(l.Protocol) {
			f.Rules = append(f.Rules, FilterRule{Proto: p, Ports: model.PortRange{From: l.Port, To: l.Port}, Peers: AllAddresses,
				Owner: l, Desc: "any client", Range: l.Range})
		}
	}
	d.lbFilters[b] = f
	return f
}

// nextFilterID is the ID of the next filter built.
func (c *compiler) nextFilterID() int {
	n := len(c.d.sgFilters) + len(c.d.naclFilters) + len(c.d.lbFilters)
	for _, fs := range c.d.fwFilters {
		n += len(fs)
	}
	return n
}

// lbNodeSends reports whether ENI e is a node of a Network Load Balancer,
// which sends to targets with the client's address when it preserves
// client IPs: its source/destination check does not apply to what it
// forwards.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
func lbNodeSends(e *model.NetworkInterface) bool {
	b := model.LoadBalancerOf(e)
	return b != nil && b.Type == model.LBNetwork
}

// acceptAtLB puts the listener filter on the edge delivering to a node.
func (c *compiler) acceptAtLB(e *model.NetworkInterface, edge EdgeID) {
	if b := model.LoadBalancerOf(e); b != nil {
		c.d.Edges[edge].Filters = append(c.d.Edges[edge].Filters, c.listenerFilter(b))
		c.d.Edges[edge].Via = fmt.Sprintf("addressed to %s (node in subnet %s)", model.Label(b), e.SubnetOf().Name)
	}
}
