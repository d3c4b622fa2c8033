// Package analyzer compiles a model.Network into a Dataplane — the one
// forwarding graph both engines interpret — and answers questions on it.
//
// The graph's nodes are locations a packet can be at (an ENI sending or
// receiving, a subnet's VPC router, an internet gateway, a NAT gateway, a
// transit gateway route table, an on-premises site, the internet). Each node
// dispatches an arriving packet to one outgoing edge by a longest-prefix
// table on the destination (or, at an internet gateway's egress, the source)
// address. Each edge carries what happens on the way: guards (conditions AWS
// imposes, each with the reason a packet fails it), filters (security groups
// and network ACLs, in evaluation order) and a header transformation (IGW
// one-to-one NAT, NAT gateway source NAT).
//
// AWS semantics live in Compile, written once. The fast-path engine
// (FastPath) walks the graph with one concrete packet; the symbolic engine
// (package-level Explore) pushes packet sets through it. Because both read the
// same graph, they can only disagree where an engine is wrong, which is what
// the agreement tests look for.
package analyzer
