// Package analyzer is the query layer over vpcheck's engines: it answers the
// questions users ask of a compiled network.
//
//   - Select resolves a selector (a name, Terraform address, AWS id,
//     kind:name, address or block, "internet", an on-premises site) to an
//     Endpoint: where its packets start and where they count as arriving.
//   - Reach answers which packets get from one endpoint to another, exactly
//     (the symbolic engine), says whether their replies come back and, when
//     none arrive, what blocks them; its witness packet is replayed on the
//     fast path, and a disagreement is an AgreementError, never an answer.
//   - Trace walks one packet and its reply on the fast path.
//   - A Replayer replays VPC Flow Log records (read by model/load/flowlog)
//     on the fast path and reports the flows the network would drop.
//
// An Analyzer holds one data plane and builds each engine on first use.
//
// # Packages and imports
//
//	model ← packet ← dataplane ← fastpath ─┐
//	                           ← symbolic ─┴─ analyzer ← rules ← report ← cmd
//
// Package dataplane compiles the model into the graph both engines read and
// holds the reference semantics; fastpath is the concrete engine, symbolic
// the set engine (with its bdd and packetset libraries); the engines import
// dataplane and never each other. This package imports all of them;
// package rules reads the engines through an Analyzer.
//
// agreement_test.go, with FuzzAgreement, holds the two engines to one
// answer on every network of the examples, the tests and the Batfish
// corpus: the tie between the symbolic semantics of guards and filters and
// the others (see package dataplane).
package analyzer
