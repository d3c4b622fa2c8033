// Package packet is the one concrete packet header vpcheck's engines read:
// the data plane's reference semantics (Guard.Pass, Filter.Eval), the fast
// path's walk, and the symbolic engine's sets (membership, witnesses) all
// take a Packet, so a packet one engine produces is one any other reads
// without conversion.
//
// It is a leaf: it imports only the model (for protocol numbers and names),
// and every engine package imports it.
package packet
