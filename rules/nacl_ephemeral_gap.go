package rules

import (
	"fmt"
	"sort"
	"strings"

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
	Requires: []*Analysis{Dataplane, EphemeralGaps},
	Run: func(p *Pass) error {
		sym := symbolicOf(p)
		for _, g := range ephemeralGapsOf(p) {
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
			peers := peersText(sym, g.Denied)
			noun := "subnet"
			if len(subnets) > 1 {
				noun = "subnets"
			}
			msg := fmt.Sprintf("network acl %s denies replies %s %s %s %s client ports %s; the clients are %s",
				g.ACL.Name, where, noun, strings.Join(subnets, ", "), verb, strings.Join(kinds, ", "), peers)
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

func verbFor(d model.Direction) string {
	if d == model.Ingress {
		return "from"
	}
	return "to"
}

// deniedPorts renders the reply destination ports of a set, with the
// protocol when not every flow is TCP: "1024-32767,61000-65535" or
// "udp 1024-65535".
func deniedPorts(sym *symbolic.Engine, set symbolic.Set) string {
	byProto := map[string][]string{}
	seen := map[string]bool{}
	for _, f := range sym.Space().Flows(set) {
		for _, pr := range f.Protocols {
			for proto := int(pr.Lo); proto <= int(pr.Hi); proto++ {
				name := model.Protocol(proto).String()
				for _, r := range f.DstPorts {
					s := model.PortRange{From: r.Lo, To: r.Hi}.String()
					if !seen[name+s] {
						seen[name+s] = true
						byProto[name] = append(byProto[name], s)
					}
				}
			}
		}
	}
	var parts []string
	for _, name := range []string{"tcp", "udp"} {
		ports := byProto[name]
		if len(ports) == 0 {
			continue
		}
		sort.Strings(ports)
		text := strings.Join(ports, ",")
		if name != "tcp" || len(byProto) > 1 {
			text = name + " " + text
		}
		parts = append(parts, text)
	}
	return strings.Join(parts, " and ")
}

// peersText names the clients of the denied replies (their destination
// addresses for server-side gaps, sources for client-side ones).
func peersText(sym *symbolic.Engine, denied [3]symbolic.Set) string {
	seen := map[string]bool{}
	var out []string
	for _, set := range denied {
		for _, f := range sym.Space().Flows(set) {
			for _, p := range f.Dst {
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
