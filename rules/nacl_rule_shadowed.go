package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// NACLRuleShadowed reports network ACL rules that can never match. "Rules are
// evaluated starting with the lowest numbered rule. As soon as a rule matches
// traffic, it's applied regardless of any higher-numbered rule that might
// contradict it." https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
//
// The check is exact: each rule matches a box of packets (an address range
// × a protocol range × a destination port range × an ICMP type range × an
// ICMP code range), and a rule is shadowed when the boxes of the rules
// before it cover its box entirely — computed by box subtraction, not by
// sampling.
var NACLRuleShadowed = &Rule{
	ID:       "nacl-rule-shadowed",
	Severity: Warning,
	Run: func(p *Pass) error {
		for _, a := range p.Network.NetworkACLs {
			if a.Implicit {
				continue
			}
			for _, dir := range []model.Direction{model.Ingress, model.Egress} {
				var rules []*model.NACLRule
				for i := range a.Rules {
					if a.Rules[i].Direction == dir && a.Rules[i].CIDR.IsValid() {
						rules = append(rules, &a.Rules[i])
					}
				}
				sort.SliceStable(rules, func(i, j int) bool { return rules[i].Number < rules[j].Number })
				for i, r := range rules {
					checkShadowed(p, a, r, rules[:i])
				}
			}
		}
		return nil
	},
}

// maxBoxes bounds the pieces a rule may be cut into while earlier rules
// are subtracted; past it the rule is taken as not shadowed (never a false
// report). Real ACLs (20 rules per direction by default, 40 at most) stay
// far below it.
const maxBoxes = 1 << 14

func checkShadowed(p *Pass, a *model.NetworkACL, r *model.NACLRule, earlier []*model.NACLRule) {
	rest := []packetBox{naclBox(r)}
	var covering []*model.NACLRule
	for _, e := range earlier {
		if e.CIDR.Addr().Is4() != r.CIDR.Addr().Is4() {
			continue
		}
		eb := naclBox(e)
		var next []packetBox
		hit := false
		for _, b := range rest {
			if !b.intersects(eb) {
				next = append(next, b)
				continue
			}
			hit = true
			next = append(next, b.minus(eb)...)
		}
		if hit {
			covering = append(covering, e)
		}
		rest = next
		if len(rest) == 0 || len(rest) > maxBoxes {
			break
		}
	}
	if len(rest) != 0 {
		return
	}
	same := true
	var names []string
	var related []Related
	for _, e := range covering {
		if e.Action != r.Action {
			same = false
		}
		names = append(names, fmt.Sprintf("rule %d (%s)", e.Number, describeNACLRule(e)))
		related = append(related, Related{Message: fmt.Sprintf("rule %d", e.Number), Resource: naclResource(a, e), Range: e.Range})
	}
	covers := strings.Join(names, " and ")
	if same {
		p.Report(Finding{
			Severity: Notice,
			Message: fmt.Sprintf("network acl %s %s rule %d (%s) is redundant: %s already %s all of its traffic",
				a.Name, r.Direction, r.Number, describeNACLRule(r), covers, pluralVerb(r.Action, len(covering))),
			Range: r.Range, Resource: naclResource(a, r), Related: related,
			Fix: fmt.Sprintf("Delete rule %d; it changes nothing.", r.Number),
		})
		return
	}
	p.Report(Finding{
		Message: fmt.Sprintf("network acl %s %s rule %d (%s) never matches: %s %s all of its traffic first",
			a.Name, r.Direction, r.Number, describeNACLRule(r), covers, map[bool]string{true: "matches", false: "match"}[len(covering) == 1]),
		Range: r.Range, Resource: naclResource(a, r), Related: related,
		Fix: fmt.Sprintf("Give rule %d a number below the rules that cover it (rules are evaluated lowest first), or narrow those rules.", r.Number),
	})
}

func pluralVerb(a model.NACLAction, n int) string {
	verb := "allows"
	if a == model.Deny {
		verb = "denies"
	}
	if n > 1 {
		return strings.TrimSuffix(verb, "s")
	}
	return verb
}

func naclResource(a *model.NetworkACL, r *model.NACLRule) string {
	if r.Addr != "" {
		return r.Addr
	}
	return Address(a)
}

// describeNACLRule is a rule in words: "allow tcp 443 from 10.0.0.0/16".
func describeNACLRule(r *model.NACLRule) string {
	var what string
	switch {
	case r.Protocol == model.ProtoAll:
		what = "all traffic"
	case r.Protocol.HasPorts():
		what = fmt.Sprintf("%s %s", r.Protocol, r.Ports)
	case r.Protocol.IsICMP() && r.ICMP.Type >= 0:
		what = fmt.Sprintf("%s type %d", r.Protocol, r.ICMP.Type)
		if r.ICMP.Code >= 0 {
			what += fmt.Sprintf(" code %d", r.ICMP.Code)
		}
	default:
		what = r.Protocol.String()
	}
	dir := "from"
	if r.Direction == model.Egress {
		dir = "to"
	}
	return fmt.Sprintf("%s %s %s %s", r.Action, what, dir, r.CIDR)
}

// packetBox is a set of packets that is a product of ranges: addresses
// (the rule's CIDR block), IP protocol, destination port, ICMP type and
// ICMP code. Fields a protocol does not have are full ranges, so boxes of
// different protocols compare correctly.
type packetBox struct {
	addr addrRange
	// dims are inclusive ranges: protocol, port, ICMP type, ICMP code.
	dims [4][2]int
}

func naclBox(r *model.NACLRule) packetBox {
	b := packetBox{addr: prefixRange(r.CIDR), dims: [4][2]int{{0, 255}, {0, 65535}, {0, 255}, {0, 255}}}
	if r.Protocol == model.ProtoAll {
		return b
	}
	b.dims[0] = [2]int{int(r.Protocol), int(r.Protocol)}
	switch {
	case r.Protocol.HasPorts():
		b.dims[1] = [2]int{int(r.Ports.From), int(r.Ports.To)}
	case r.Protocol.IsICMP():
		if r.ICMP.Type >= 0 {
			b.dims[2] = [2]int{int(r.ICMP.Type), int(r.ICMP.Type)}
		}
		if r.ICMP.Code >= 0 {
			b.dims[3] = [2]int{int(r.ICMP.Code), int(r.ICMP.Code)}
		}
	}
	return b
}

func (b packetBox) intersects(o packetBox) bool {
	if !sameFamily(b.addr.lo, o.addr.lo) || b.addr.hi.Less(o.addr.lo) || o.addr.hi.Less(b.addr.lo) {
		return false
	}
	for d := range b.dims {
		if b.dims[d][1] < o.dims[d][0] || o.dims[d][1] < b.dims[d][0] {
			return false
		}
	}
	return true
}

// minus returns b with o removed, as disjoint boxes: for each dimension in
// turn, the parts of b outside o in that dimension (the dimensions before
// it narrowed to the overlap).
func (b packetBox) minus(o packetBox) []packetBox {
	var out []packetBox
	cur := b
	if cur.addr.lo.Less(o.addr.lo) {
		piece := cur
		piece.addr.hi = o.addr.lo.Prev()
		out = append(out, piece)
		cur.addr.lo = o.addr.lo
	}
	if o.addr.hi.Less(cur.addr.hi) {
		piece := cur
		piece.addr.lo = o.addr.hi.Next()
		out = append(out, piece)
		cur.addr.hi = o.addr.hi
	}
	for d := range cur.dims {
		if cur.dims[d][0] < o.dims[d][0] {
			piece := cur
			piece.dims[d][1] = o.dims[d][0] - 1
			out = append(out, piece)
			cur.dims[d][0] = o.dims[d][0]
		}
		if o.dims[d][1] < cur.dims[d][1] {
			piece := cur
			piece.dims[d][0] = o.dims[d][1] + 1
			out = append(out, piece)
			cur.dims[d][1] = o.dims[d][1]
		}
	}
	return out
}
