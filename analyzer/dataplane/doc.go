// Package dataplane compiles a model.Network into a Dataplane — the one
// forwarding graph both engines interpret — and holds the reference
// semantics of what the graph's parts do to one packet.
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
// AWS semantics live in Compile (compile*.go, one file per part of the
// network), written once. Compile's state stays in its compiler: once it
// returns, a Dataplane is an immutable graph that any number of engines
// read at once, each keeping what it derives from it.
//
// # Three semantics of guards and filters
//
// Guard.Pass, Filter.Eval and Table.Lookup here are the reference: what a
// guard, a filter and a table decide for one packet, written for reading.
// The engines need faster forms of the same decisions and keep them: the
// fast path (package fastpath) a compact integer copy, the symbolic engine
// (package symbolic) packet sets. The copies are tied to the reference by
// tests: fastpath's plane_test.go checks the compact copy against
// Guard.Pass, Filter.Eval and longest prefix match packet by packet, and
// analyzer's agreement_test.go (with FuzzAgreement) holds the two engines to
// one answer on every path.
//
// # Imports
//
// dataplane imports model and packet; the engines (fastpath, symbolic)
// import dataplane, and never each other; package analyzer, the questions
// users ask, imports all three.
package dataplane
