package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/analyzer/impact"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

// NACLEphemeralGap reports network ACLs that drop the replies of flows the
// security groups and network ACLs let through: network ACLs are stateless,
// so a reply to a client's ephemeral port needs a rule of its own
// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
var NACLEphemeralGap = &Rule{
	ID:       "nacl-ephemeral-gap",
	Severity: Error,
	Requires: []*Analysis{EphemeralGaps},
	// Each subnet's hosts' and NAT gateways' own flows and the replies of
	// what they serve; per network ACL, the filters of its subnets (the
	// ACL, the hosts' security groups), read directly for any client.
	Locality:  &impact.Explorations{Inside: true, Replies: true},
	Footprint: gapFootprint,
	Run: func(p *Pass) error {
		for _, g := range ephemeralGapsOf(p) {
			sym := g.Engine
			if !g.Denies() {
				// Incomplete, not asserted: the replies meet what vpcheck
				// does not model (docs/architecture.md, "How a packet moves").
				if len(g.Unknown) > 0 {
					reportUnknownGap(p, &g)
				}
				continue
			}
			var kinds []string
			for i, k := range ClientKinds {
				if sym.Space().IsEmpty(g.Denied[i]) {
					continue
				}
				kinds = append(kinds, fmt.Sprintf("%s (%s clients)", deniedPorts(sym, g.Denied[i]), k.Name))
			}
			var subnets []string
			for _, s := range g.Subnets {
				subnets = append(subnets, s.Name)
			}
			where, verb := "leaving", "to"
			if g.Direction == model.Ingress {
				where, verb = "entering", "to"
			}
			// The peers a fix must name are the replies' far end: the
			// clients (their destinations) for replies leaving a server's
			// subnet, the servers (their sources) for replies entering a
			// client's.
			peers, who := peersText(sym, g.Denied, dataplane.FieldDst), "clients"
			if g.Direction == model.Ingress {
				peers, who = peersText(sym, g.Denied, dataplane.FieldSrc), "servers"
			}
			noun := "subnet"
			if len(subnets) > 1 {
				noun = "subnets"
			}
			msg := fmt.Sprintf("network acl %s denies replies %s %s %s %s client ports %s; the %s are %s",
				g.ACL.Name, where, noun, strings.Join(subnets, ", "), verb, strings.Join(kinds, ", "), who, peers)
			f := Finding{Message: msg, Range: g.Range, Resource: Address(g.ACL),
				Fix: fmt.Sprintf("allow tcp/udp 1024-65535 %s %s in the %s rules, before any rule that denies it", verbFor(g.Direction), peers, g.Direction)}
			if g.Rule != nil {
				what := "the final * rule"
				if g.Rule.Number > 0 {
					what = fmt.Sprintf("%s rule %d (%s)", g.Direction, g.Rule.Number, g.Rule.Describe(g.Direction == model.Ingress))
				}
				f.Related = append(f.Related, Related{Message: "decided by " + what, Resource: Address(g.ACL), Range: g.Rule.Range})
			}
			if g.Partial != nil && g.Partial != g.Rule {
				f.Related = append(f.Related, Related{Message: fmt.Sprintf("rule %d allows only part of the range", g.Partial.Number), Resource: Address(g.ACL), Range: g.Partial.Range})
			}
			p.Report(f)
		}
		return nil
	},
}

// reportUnknownGap says that whether an ACL drops replies is unknown: the
// packets checked meet something vpcheck does not model.
func reportUnknownGap(p *Pass, g *EphemeralGap) {
	var subnets []string
	for _, s := range g.Subnets {
		subnets = append(subnets, s.Name)
	}
	where := "leaving"
	if g.Direction == model.Ingress {
		where = "entering"
	}
	u := g.Unknown[0]
	p.Report(Finding{
		Severity: Notice,
		Message: fmt.Sprintf("network acl %s may deny replies %s %s: whether they meet its %s rules is unknown (incomplete): %s",
			g.ACL.Name, where, strings.Join(subnets, ", "), g.Direction, u.Message),
		Range:    g.ACL.Range,
		Resource: Address(g.ACL),
		Related:  []Related{{Message: "not modelled: " + u.Message, Range: u.Range}},
		Fix:      "check by hand where the unmodelled component sends the packets, and allow tcp/udp 1024-65535 for the replies if they cross this ACL",
	})
}

func verbFor(d model.Direction) string {
	if d == model.Ingress {
		return "from"
	}
	return "to"
}

// deniedPorts renders the reply destination ports of a set, merged and in
// order, with the protocol when not every flow is TCP:
// "1024-32767,61000-65535" or "udp 1024-65535".
func deniedPorts(sym *symbolic.Engine, set symbolic.Set) string {
	byProto := map[string][]model.PortRange{}
	for _, f := range sym.Space().Flows(set) {
		for _, pr := range f.Protocols {
			for proto := int(pr.Lo); proto <= int(pr.Hi); proto++ {
				name := model.Protocol(proto).String()
				for _, r := range f.DstPorts {
					byProto[name] = append(byProto[name], model.PortRange{From: r.Lo, To: r.Hi})
				}
			}
		}
	}
	var parts []string
	tcp := model.ProtoTCP.String()
	for _, name := range []string{tcp, model.ProtoUDP.String()} {
		ports := mergePorts(byProto[name])
		if len(ports) == 0 {
			continue
		}
		texts := make([]string, len(ports))
		for i, r := range ports {
			texts[i] = r.String()
		}
		text := strings.Join(texts, ",")
		if name != tcp || len(byProto) > 1 {
			text = name + " " + text
		}
		parts = append(parts, text)
	}
	return strings.Join(parts, " and ")
}

// mergePorts sorts port ranges and merges those that overlap or touch.
func mergePorts(rs []model.PortRange) []model.PortRange {
	sort.Slice(rs, func(i, j int) bool {
		return rs[i].From < rs[j].From || (rs[i].From == rs[j].From && rs[i].To < rs[j].To)
	})
	var out []model.PortRange
	for _, r := range rs {
		if n := len(out); n > 0 && uint32(r.From) <= uint32(out[n-1].To)+1 {
			if r.To > out[n-1].To {
				out[n-1].To = r.To
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// peersText names the far ends of the denied replies: their destination
// addresses (field FieldDst) or their sources (FieldSrc).
func peersText(sym *symbolic.Engine, denied [numClientKinds]symbolic.Set, field dataplane.Field) string {
	seen := map[string]bool{}
	var out []string
	for _, set := range denied {
		for _, f := range sym.Space().Flows(set) {
			ps := f.Dst
			if field == dataplane.FieldSrc {
				ps = f.Src
			}
			for _, p := range ps {
				s := sym.Dataplane().DisplayPrefix(p)
				if !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
		}
	}
	if len(out) == 0 {
		return "any address"
	}
	if len(out) > 3 {
		return strings.Join(out[:3], ", ") + fmt.Sprintf(" (+%d more)", len(out)-3)
	}
	return strings.Join(out, ", ")
}
