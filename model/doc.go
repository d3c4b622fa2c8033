// Package model is vpcheck's typed graph of an AWS-style network.
//
// Every loader (native .net.hcl, Terraform, AWS API snapshots) produces a
// *Network; every engine and rule reads one. The model is plain data: objects
// carry their kind, their addresses (the name they were given, a Terraform
// address and an AWS id where known) and the source range they came from, so
// that any finding can point back at the line a user wrote.
//
// Loaders fill objects and refer to other objects with Ref values holding the
// name, id or address as written. Link resolves every Ref against an index of
// all objects, reporting unknown references with "did you mean" suggestions,
// and derives the relations the engines need (a subnet's effective route
// table and network ACL, the ENIs of a subnet, and so on). Validate then checks
// what can be checked without the engines: duplicates, malformed or misplaced
// CIDRs, ports, protocols.
package model
