// Package packetset represents sets of IPv4 and IPv6 packet headers exactly
// and canonically, as reduced ordered BDDs (package bdd). It is the
// symbolic engine's currency: a route table, a security group or a network
// ACL compiles to a Set, forwarding and filtering are Intersect/Minus, NAT is
// SetSrcIP, and the return path starts from Reply.
//
// # Header fields and encoding
//
// A packet is (family, dst IP, src IP, protocol, dst port, src port, ICMP
// type, ICMP code): 313 Boolean variables.
//
//	var  0        family (0 IPv4, 1 IPv6)
//	vars 1-128    destination address, most significant bit first
//	vars 129-256  source address
//	vars 257-264  IP protocol
//	vars 265-280  destination port
//	vars 281-296  source port
//	vars 297-304  ICMP type
//	vars 305-312  ICMP code
//
// Both families share the address variables: an IPv4 address is the top 32
// bits of the 128-bit field and the other 96 stay unconstrained in every
// IPv4 set. A set therefore never pays for the bits it does not test (an IPv4
// /24 is 25 nodes with the family test, an IPv6 /64 is 65), one Reply
// renaming serves both families, and route tables of both families live in
// one diagram under a single family split. Every constructor and operation
// keeps the invariant "IPv4 sets do not depend on the low 96 bits", so
// canonicity holds at the level of packets, not only of bit vectors:
// equal packet sets are equal Sets.
//
// Ports and ICMP type/code are separate fields rather than one overlaid
// field: AWS rules constrain them independently (an "all traffic" rule with
// ports, ICMP rules with -1 wildcards), so overlaying them would make the
// meaning of a bit depend on the protocol and break Forget and Reply.
// Unconstrained fields cost nothing.
//
// # Variable order
//
// Family first: every address constraint depends on it, and testing it once
// at the root lets IPv4 and IPv6 halves share everything below.
//
// Then destination, then source: routing (route tables, transit gateway
// tables, longest-prefix match over thousands of routes, gateway route
// tables) tests only the destination, so forwarding sets are a destination
// trie with True below — as small as the route table itself. Security-group
// and NACL rules are products "address prefix × protocol × port range". For a
// product of independent fields the ordered BDD is the concatenation of the
// per-field diagrams, so keeping each field's variables contiguous (rather
// than interleaving source and destination bits, which turns a product of
// two prefix tries into something closer to their product) keeps such sets
// linear.
//
// Addresses above protocol and ports: in a union of 60 rules the address
// tries are the big part and the (protocol, ports) parts are few and
// repeated (tcp/443, tcp/22, all). With the tries on top, each trie leaf
// points at one of a handful of shared (protocol, ports) sub-diagrams; in
// the opposite order every distinct port region would carry its own copy of a
// prefix trie. Protocol comes before the ports because ports only mean
// something under TCP/UDP, so all port structure hangs below one protocol
// decision and is shared; ICMP type and code come last because they only
// matter under protocol 1/58.
//
// The cost of this order is Reply: swapping source and destination moves a
// whole 128-variable block past another. A plain bdd.Replace does it
// correctly but pushes every destination node below the renamed source part
// one at a time. Reply instead splits the set at the end of the destination
// block into parts D_i(family, dst) AND R_i(src, ...), renames each side
// (order-preserving inside its block, so built node by node) and conjoins
// them; the ICMP echo mapping then rewrites only the few distinct
// sub-diagrams below the addresses. Reply is called once per reachability
// query while the products above are built and intersected at every hop, so
// the order favours the latter.
//
// Port ranges use the comparator construction (lo <= x and x <= hi, one
// chain of at most 16 nodes per bound), never a union of prefix blocks.
//
// # Semantics worth knowing
//
//   - An IPv4 prefix implies IPv4 and an IPv6 prefix implies IPv6, as in AWS
//     rules: 0.0.0.0/0 is all IPv4 and ::/0 all IPv6. IPv4-mapped IPv6
//     addresses are IPv6.
//   - Ports, protocol and ICMP fields are plain header fields: DstPorts(22,22)
//     alone does not imply TCP. Compilers of AWS rules intersect with the
//     protocol themselves.
//   - Reply maps ICMP echo request to echo reply (8->0, ICMPv6 128->129) and
//     keeps other ICMP types, so Reply(Reply(a)) == a only for sets without
//     echo requests or replies.
//   - SetSrcIP/SetDstIP keep only packets of the new address's family (no
//     NAT64).
//
// # Performance
//
// Set is a four-byte value (one node); equality and emptiness are one
// comparison. Contains walks one root-to-leaf path with the packet's bits
// and allocates nothing. A Space never frees nodes; see bdd for why and for
// how long-running callers bound memory (a fresh Space per job).
package packetset
