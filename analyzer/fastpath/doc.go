// Package fastpath is the concrete engine: it walks one packet at a time
// through a compiled data plane, hop by hop, forward (Engine.Forward) and
// back (Engine.Reply, with the NAT sessions the forward walk set up in
// Sessions), and says where the packet ended (Result) and, when asked to
// record, every hop with the filters' verdicts (Hop). Trace, flow-log
// replay and the replay of every symbolic witness run on it.
//
// An Engine owns a compact copy of the graph (plane.go), built once by New
// from a *dataplane.Dataplane and only read afterwards: a hop decision
// reads a few dense arrays, never the data plane's nodes and edges, and a
// walk that does not record allocates nothing. Budget: 100 ns per hop
// decision on one core (fastpath_bench_test.go reports ns/hop).
//
// # Semantics
//
// decide.go holds the compact forms of a table lookup, Guard.Pass and
// Filter.Eval — the second of the three semantics of guards and filters
// (package dataplane has the reference, package symbolic the set forms).
// The engine needs them for speed; plane_test.go checks them against the
// reference packet by packet, and package analyzer's agreement tests hold
// this engine and the symbolic one to one answer.
//
// # Imports
//
// fastpath imports dataplane, packet and model; it does not import the
// symbolic engine, nor does that import it. Package analyzer builds an
// Engine on first use (Analyzer.FastPath) and shares it between questions.
package fastpath
