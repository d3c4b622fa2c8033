package terraform

import (
	"fmt"
	"math/big"
	"net/netip"
	"strconv"
	"strings"

	"github.com/seancfoley/ipaddress-go/ipaddr"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// The IP network functions follow Terraform's documented behaviour
// (https://developer.hashicorp.com/terraform/language/functions/cidrsubnet,
// …/cidrsubnets, …/cidrhost, …/cidrnetmask), including its quirks:
// IPv4 octets with leading zeros are read as decimal, a prefix with host bits
// set is taken as its network, an IPv4-mapped IPv6 prefix is treated as the
// IPv4 prefix it maps, and a negative host number counts from the end of the
// range. Arithmetic is done on ipaddress-go values; results are printed in
// Go's canonical form (RFC 5952 for IPv6), as Terraform prints them.

// cidrNetwork is a parsed prefix argument.
type cidrNetwork struct {
	// block is the prefix block (host bits zero), with its prefix length.
	block *ipaddr.IPAddress
	bits  int // prefix length
	width int // 32 or 128
}

// parseCIDRArg parses a prefix the way Terraform does.
func parseCIDRArg(s string) (cidrNetwork, error) {
	addrText, lenText, ok := strings.Cut(s, "/")
	if !ok {
		return cidrNetwork{}, fmt.Errorf("invalid CIDR expression: invalid CIDR address: %s", s)
	}
	bits, err := strconv.Atoi(lenText)
	if err != nil || bits < 0 || lenText == "" || strings.HasPrefix(lenText, "+") {
		return cidrNetwork{}, fmt.Errorf("invalid CIDR expression: invalid CIDR address: %s", s)
	}
	addr, ok := parseIPv4Decimal(addrText)
	if !ok {
		a, err := netip.ParseAddr(addrText)
		if err != nil || a.Zone() != "" || a.Is4() {
			return cidrNetwork{}, fmt.Errorf("invalid CIDR expression: invalid CIDR address: %s", s)
		}
		addr = a
	}
	width := addr.BitLen()
	if bits > width {
		return cidrNetwork{}, fmt.Errorf("invalid CIDR expression: invalid CIDR address: %s", s)
	}
	if addr.Is4In6() && bits >= 96 {
		addr, bits, width = addr.Unmap(), bits-96, 32
	}
	p, err := addr.Prefix(bits)
	if err != nil {
		return cidrNetwork{}, fmt.Errorf("invalid CIDR expression: %w", err)
	}
	block, aerr := ipaddr.NewIPAddressFromNetNetIPPrefix(p)
	if aerr != nil {
		return cidrNetwork{}, fmt.Errorf("invalid CIDR expression: %w", aerr)
	}
	return cidrNetwork{block: block.ToPrefixBlock(), bits: bits, width: width}, nil
}

// parseIPv4Decimal reads a dotted quad whose octets may carry leading zeros
// (read as decimal, Terraform's historical behaviour).
func parseIPv4Decimal(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return netip.Addr{}, false
	}
	var b [4]byte
	for i, p := range parts {
		if p == "" || len(p) > 3 {
			return netip.Addr{}, false
		}
		n := 0
		for _, c := range p {
			if c < '0' || c > '9' {
				return netip.Addr{}, false
			}
			n = n*10 + int(c-'0')
		}
		if n > 255 {
			return netip.Addr{}, false
		}
		b[i] = byte(n)
	}
	return netip.AddrFrom4(b), true
}

// base returns the network's first address as an integer.
func (n cidrNetwork) base() *big.Int { return n.block.GetValue() }

// addressOf builds an address of the network's family from an integer.
func (n cidrNetwork) addressOf(v *big.Int) (netip.Addr, error) {
	var a *ipaddr.IPAddress
	if n.width == 32 {
		a = ipaddr.NewIPv4AddressFromUint32(uint32(v.Uint64())).ToIP()
	} else {
		v6, err := ipaddr.NewIPv6AddressFromInt(v)
		if err != nil {
			return netip.Addr{}, err
		}
		a = v6.ToIP()
	}
	return a.GetNetNetIPAddr(), nil
}

func (n cidrNetwork) prefixString(v *big.Int, bits int) (string, error) {
	a, err := n.addressOf(v)
	if err != nil {
		return "", err
	}
	return netip.PrefixFrom(a, bits).String(), nil
}

// contains reports whether the integer address v lies in the network.
func (n cidrNetwork) contains(v *big.Int) bool {
	a, err := n.addressOf(v)
	if err != nil {
		return false
	}
	return n.block.Contains(ipaddr.NewIPAddressFromNetNetIPAddr(a))
}

// wholeNumber converts a cty number argument to an integer, rejecting fractions.
func wholeNumber(v cty.Value) (*big.Int, error) {
	f := v.AsBigFloat()
	if !f.IsInt() {
		return nil, fmt.Errorf("value must be a whole number, got %s", f.Text('f', -1))
	}
	i, _ := f.Int(nil)
	return i, nil
}

func smallWholeNumber(v cty.Value) (int, error) {
	i, err := wholeNumber(v)
	if err != nil {
		return 0, err
	}
	if !i.IsInt64() || i.Int64() > 1<<20 || i.Int64() < -(1<<20) {
		return 0, fmt.Errorf("value %s is out of range", i)
	}
	return int(i.Int64()), nil
}

var cidrSubnetFunc = function.New(&function.Spec{
	Description: "Calculates a subnet address within a given IP network address prefix.",
	Params: []function.Parameter{
		{Name: "prefix", Type: cty.String},
		{Name: "newbits", Type: cty.Number},
		{Name: "netnum", Type: cty.Number},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		newbits, err := smallWholeNumber(args[1])
		if err != nil {
			return cty.UnknownVal(cty.String), function.NewArgError(1, err)
		}
		netnum, err := wholeNumber(args[2])
		if err != nil {
			return cty.UnknownVal(cty.String), function.NewArgError(2, err)
		}
		n, err := parseCIDRArg(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), function.NewArgError(0, err)
		}
		newLen := n.bits + newbits
		if newbits < 0 || newLen > n.width {
			return cty.UnknownVal(cty.String), fmt.Errorf("insufficient address space to extend prefix of %d by %d", n.bits, newbits)
		}
		if netnum.Sign() < 0 || netnum.BitLen() > newbits {
			return cty.UnknownVal(cty.String), fmt.Errorf("prefix extension of %d does not accommodate a subnet numbered %s", newbits, netnum)
		}
		v := new(big.Int).Lsh(netnum, uint(n.width-newLen))
		v.Or(v, n.base())
		s, err := n.prefixString(v, newLen)
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		return cty.StringVal(s), nil
	},
})

var cidrHostFunc = function.New(&function.Spec{
	Description: "Calculates a full host IP address within a given IP network address prefix.",
	Params: []function.Parameter{
		{Name: "prefix", Type: cty.String},
		{Name: "hostnum", Type: cty.Number},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		hostnum, err := wholeNumber(args[1])
		if err != nil {
			return cty.UnknownVal(cty.String), function.NewArgError(1, err)
		}
		n, err := parseCIDRArg(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), function.NewArgError(0, err)
		}
		hostBits := uint(n.width - n.bits)
		size := new(big.Int).Lsh(big.NewInt(1), hostBits)
		num := new(big.Int).Set(hostnum)
		if num.Sign() < 0 {
			// -1 is the last address of the range, -size the first.
			num.Add(num, size)
		}
		if num.Sign() < 0 || num.Cmp(size) >= 0 {
			return cty.UnknownVal(cty.String), fmt.Errorf("prefix of %d does not accommodate a host numbered %s", n.bits, hostnum)
		}
		a, err := n.addressOf(num.Or(num, n.base()))
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		return cty.StringVal(a.String()), nil
	},
})

var cidrNetmaskFunc = function.New(&function.Spec{
	Description: "Converts an IPv4 address prefix given in CIDR notation into a subnet mask address.",
	Params:      []function.Parameter{{Name: "prefix", Type: cty.String}},
	Type:        function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		n, err := parseCIDRArg(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), function.NewArgError(0, err)
		}
		if n.width != 32 {
			return cty.UnknownVal(cty.String), fmt.Errorf("IPv6 addresses cannot have a netmask: %s", args[0].AsString())
		}
		return cty.StringVal(n.block.GetNetworkMask().GetNetNetIPAddr().String()), nil
	},
})

var cidrSubnetsFunc = function.New(&function.Spec{
	Description: "Calculates a sequence of consecutive subnet prefixes of possibly different lengths under a common base prefix.",
	Params:      []function.Parameter{{Name: "prefix", Type: cty.String}},
	VarParam:    &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:        function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		n, err := parseCIDRArg(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.List(cty.String)), function.NewArgError(0, err)
		}
		if len(args) == 1 {
			return cty.ListValEmpty(cty.String), nil
		}
		out := make([]cty.Value, 0, len(args)-1)
		// Terraform starts from the block of the first requested size just
		// before the network and, for each request, takes the next aligned
		// block of that size after the current one; running past the top of
		// the address space or out of the network is an error. (For a
		// network at address zero the "previous" block wraps to the top of
		// the space, so Terraform reports an error there too; kept as is.)
		space := new(big.Int).Lsh(big.NewInt(1), uint(n.width))
		curLen := n.bits
		if first, err := smallWholeNumber(args[1]); err == nil && first >= 1 && n.bits+first <= n.width {
			curLen = n.bits + first
		}
		cur := new(big.Int).Sub(n.base(), blockSize(n.width, curLen))
		cur.Mod(cur, space)
		for i, a := range args[1:] {
			extend, err := smallWholeNumber(a)
			if err != nil {
				return cty.UnknownVal(cty.List(cty.String)), function.NewArgError(i+1, err)
			}
			if extend < 1 {
				return cty.UnknownVal(cty.List(cty.String)), function.NewArgErrorf(i+1, "must extend prefix by at least one bit")
			}
			if extend > 32 {
				return cty.UnknownVal(cty.List(cty.String)), function.NewArgErrorf(i+1, "may not extend prefix by more than 32 bits")
			}
			length := n.bits + extend
			if length > n.width {
				family := "IPv4"
				if n.width == 128 {
					family = "IPv6"
				}
				return cty.UnknownVal(cty.List(cty.String)), function.NewArgErrorf(i+1, "would extend prefix to %d bits, which is too long for an %s address", length, family)
			}
			size := blockSize(n.width, length)
			lastOfCur := new(big.Int).Add(cur, blockSize(n.width, curLen))
			lastOfCur.Sub(lastOfCur, big.NewInt(1))
			next := new(big.Int).Div(lastOfCur, size)
			next.Add(next, big.NewInt(1)).Mul(next, size)
			rollover := next.Cmp(space) >= 0
			if rollover || !n.contains(next) {
				after, _ := n.prefixString(cur, curLen)
				return cty.UnknownVal(cty.List(cty.String)), function.NewArgErrorf(i+1, "not enough remaining address space for a subnet with a prefix of %d bits after %s", length, after)
			}
			s, err := n.prefixString(next, length)
			if err != nil {
				return cty.UnknownVal(cty.List(cty.String)), err
			}
			out = append(out, cty.StringVal(s))
			cur, curLen = next, length
		}
		return cty.ListVal(out), nil
	},
})

// blockSize is the number of addresses in a prefix of length bits.
func blockSize(width, bits int) *big.Int {
	return new(big.Int).Lsh(big.NewInt(1), uint(width-bits))
}
