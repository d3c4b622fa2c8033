package packetset

import "strconv"

// The variable layout, top of the order first. doc.go explains the order.
const (
	famVar    = 0   // 0 = IPv4, 1 = IPv6
	dstBase   = 1   // 128 bits, most significant first; IPv4 uses the top 32
	srcBase   = 129 // 128 bits, likewise
	protoBase = 257 // 8 bits
	dportBase = 265 // 16 bits
	sportBase = 281 // 16 bits
	typeBase  = 297 // 8 bits: ICMP / ICMPv6 type
	codeBase  = 305 // 8 bits: ICMP / ICMPv6 code
	numVars   = 313

	// words is the size of a bit-packed assignment (bdd.Factory.Eval).
	words = (numVars + 63) / 64
)

// Field names a header field for Forget.
type Field uint8

// The header fields, in variable order.
const (
	FieldDstIP Field = iota
	FieldSrcIP
	FieldProtocol
	FieldDstPort
	FieldSrcPort
	FieldICMPType
	FieldICMPCode
	numFields
)

var fieldNames = [numFields]string{"dst-ip", "src-ip", "protocol", "dst-port", "src-port", "icmp-type", "icmp-code"}

func (f Field) String() string {
	if f < numFields {
		return fieldNames[f]
	}
	return "field(" + strconv.Itoa(int(f)) + ")"
}

// span is the block of variables a field occupies.
type span struct{ base, width int }

var fieldSpans = [numFields]span{
	FieldDstIP:    {dstBase, 128},
	FieldSrcIP:    {srcBase, 128},
	FieldProtocol: {protoBase, 8},
	FieldDstPort:  {dportBase, 16},
	FieldSrcPort:  {sportBase, 16},
	FieldICMPType: {typeBase, 8},
	FieldICMPCode: {codeBase, 8},
}

// assignment is a packet header as a bit-packed variable assignment.
type assignment [words]uint64

// put writes the low width bits of val (width <= 64), most significant
// first, at variable off.
func (w *assignment) put(off, width int, val uint64) {
	word, bit := off>>6, off&63
	if bit+width <= 64 {
		w[word] |= val << (64 - bit - width)
		return
	}
	over := bit + width - 64
	w[word] |= val >> over
	w[word+1] |= val << (64 - over)
}

// get reads width bits (width <= 64) at variable off.
func (w *assignment) get(off, width int) uint64 {
	word, bit := off>>6, off&63
	mask := uint64(1)<<width - 1
	if width == 64 {
		mask = ^uint64(0)
	}
	if bit+width <= 64 {
		return w[word] >> (64 - bit - width) & mask
	}
	over := bit + width - 64
	return (w[word]<<over | w[word+1]>>(64-over)) & mask
}
