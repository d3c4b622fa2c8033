// Package symbolic is the symbolic engine: it pushes sets of packets —
// every packet at once, exactly — through a compiled data plane
// (Engine.Explore, and Engine.ExploreReply for the replies of what
// arrived), and returns the leaves where the set split and ended, each
// with the packets it holds as they arrive and as the source sent them.
// Reachability answers, and the rules that judge packets, read it.
//
// Its sets are binary decision diagrams over packet headers: package
// packetset (built on package bdd) is the set algebra; Space adapts it to
// the data plane's vocabulary (dispatch fields, port ranges, NAT).
//
// # Semantics
//
// forms.go holds the set forms of tables (Partition), guards and filters
// (Allow, RuleMatch) — the third of the three semantics of guards and
// filters (package dataplane has the reference, package fastpath the
// compact one). The engine needs them to decide every packet at once.
// Package analyzer's agreement_test.go and FuzzAgreement tie them to the
// fast path (and through it to the reference): every concrete packet must
// lie in exactly the leaves that end the way its walk ends.
//
// # Imports
//
// symbolic imports dataplane, packet, packetset and model; it does not
// import the fast path, nor does that import it. Package analyzer builds
// an Engine on first use (Analyzer.Symbolic); package rules reads it
// through the Analyzer its Dataplane analysis holds.
package symbolic
