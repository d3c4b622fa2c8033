package fastpath

import (
	"fmt"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/packet"
	"github.com/vpcheck/vpcheck/model"
)

// Hop is one step of a recorded path.
type Hop struct {
	Node dataplane.NodeID
	Edge dataplane.EdgeID
	// Filters met on the edge with their verdicts.
	Filters []FilterVerdict
	// Rewrite describes a header rewrite on the edge ("" for none).
	Rewrite string
}

// FilterVerdict is a filter's decision on one packet.
type FilterVerdict struct {
	Filter  *dataplane.Filter
	Allowed bool
	// Rule is the deciding rule's index, -1 for the implicit default.
	Rule int
	// Skipped: a stateful filter passed a reply without evaluation.
	Skipped bool
}

// Result is where one packet ended.
type Result struct {
	Outcome   dataplane.Outcome
	Delivered bool
	// Node is the last node reached (the terminal, or where it was dropped).
	Node dataplane.NodeID
	// Final is the packet as it arrived (after any rewrites).
	Final packet.Packet
	Hops  []Hop
	// DeniedBy is the filter that dropped the packet (nil when none did)
	// and DenyRule its deciding rule's index (-1: the implicit default).
	// A walk that does not record sets only the Code of such an outcome:
	// Explained gives the rest.
	DeniedBy *dataplane.Filter
	DenyRule int
	// noSession is the NAT gateway that had no session for a reply.
	noSession *model.NATGateway
	// end is the terminal a walk that does not record ended at, whose
	// outcome it leaves Explained to read.
	end *dataplane.Node
}

// Explained returns the whole outcome. A walk that does not record sets
// only the code of a terminal's outcome or a filter's denial (and no
// message for a NAT gateway's missing session) and leaves the rest to be
// filled in here, on demand: ending a walk then costs neither formatting
// nor a visit to the node's or filter's description.
func (r *Result) Explained() dataplane.Outcome {
	switch {
	case r.Outcome.Message != "":
	case r.end != nil:
		return r.end.Outcome
	case r.DeniedBy != nil:
		return r.DeniedBy.Denial(r.DenyRule)
	case r.noSession != nil:
		return natNoSession(r.noSession)
	}
	return r.Outcome
}

func natNoSession(g *model.NATGateway) dataplane.Outcome {
	return dataplane.Outcome{Code: dataplane.CodeNATInbound, Component: g, Message: fmt.Sprintf("nat gateway %s has no session for the reply", g.Name)}
}

// Describe renders a filter verdict for a hop: "security group egress web:
// allow tcp 443 to 0.0.0.0/0".
func (v FilterVerdict) Describe() string {
	f := v.Filter
	name := model.Label(f.Component)
	switch {
	case v.Skipped:
		return fmt.Sprintf("%s of %s: reply of an allowed flow (stateful)", f.Kind, name)
	case v.Rule >= 0:
		return f.DescribeRule(v.Rule)
	case v.Allowed:
		return fmt.Sprintf("%s of %s: allowed", f.Kind, name)
	case f.FirstMatch:
		return fmt.Sprintf("%s %s: denied by the final * rule", f.Kind, name)
	}
	return fmt.Sprintf("%s of %s: no rule allows it", f.Kind, name)
}
