package model

import "github.com/hashicorp/hcl/v2"

// Omission is something the input defines that the network leaves out: a
// resource of a type vpcheck does not model (a load balancer, a Network
// Firewall), a module it could not read, a resource whose instances are not
// known before apply, a route whose table is unknown. The rest of the input
// is still analysed; answers that depend on what was left out are
// incomplete, and say so.
type Omission struct {
	// Resource is the address as the input writes it: aws_lb.web,
	// module.vpc, module.net.aws_route.to_firewall[0].
	Resource string
	// Reason says what is left out and what that affects, e.g. "load
	// balancer not modelled: traffic to its listeners is unknown".
	Reason string
	// Range is where the resource is defined.
	Range hcl.Range
}
