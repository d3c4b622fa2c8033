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
	Requires: []*Analysis{EphemeralGaps},
	Doc: Doc{
		Title: "a network ACL drops replies to clients' ephemeral ports",
		Text: `Network ACLs are stateless: a request allowed in does not let its reply
out. The reply goes from the server's port back to the port the client
picked, from its ephemeral range, and must be allowed by the server
subnet's outbound rules and the client subnet's inbound rules:

- Linux clients use 32768-60999,
- Windows clients 49152-65535,
- NAT gateways and Elastic Load Balancing 1024-65535 (so do most
  internet clients); AWS advises allowing 1024-65535.

For every subnet, vpcheck takes every TCP and UDP flow its network ACL and
its hosts' security groups admit (in, as a server; out, as a client to
destinations its route table routes), computes the replies exactly, and
reports the reply ports the ACL denies, for which kinds of client, and the
rule that decides. Flows inside one subnet cross no ACL and are not
checked. Fix: allow 1024-65535 (to the clients' range) in the direction the
replies take, before any rule that denies them.`,
		Bad: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "lb" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

security_group "app" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = 8080
    cidr_blocks = ["10.0.0.0/24"]
  }
}

instance "app-1" {
  subnet          = subnet.app
  private_ip      = "10.0.1.10"
  security_groups = [security_group.app]
}

network_acl "app" {
  vpc     = vpc.prod
  subnets = [subnet.app]
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 8080
    cidr_block = "10.0.0.0/24"
  }
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "32768-60999"   # load balancers use 1024-65535
    cidr_block = "10.0.0.0/24"
  }
}`,
		Good: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "lb" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
}

subnet "app" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

security_group "app" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = 8080
    cidr_blocks = ["10.0.0.0/24"]
  }
}

instance "app-1" {
  subnet          = subnet.app
  private_ip      = "10.0.1.10"
  security_groups = [security_group.app]
}

network_acl "app" {
  vpc     = vpc.prod
  subnets = [subnet.app]
  ingress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = 8080
    cidr_block = "10.0.0.0/24"
  }
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "tcp"
    ports      = "1024-65535"
    cidr_block = "10.0.0.0/24"
  }
}`,
	},
	Run: func(p *Pass) error {
		for _, g := range ephemeralGapsOf(p) {
			sym := g.Engine
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
