package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/symbolic"
	"github.com/vpcheck/vpcheck/model"
)

// SGWorldExposed reports security group rules open to the whole internet
// (0.0.0.0/0 or ::/0) on ports the internet really reaches: the instance
// has a public address, its subnet routes to an internet gateway, the
// network ACLs let the packets in and the replies out. A rule open to the
// world on a host the internet cannot reach is not reported — that is the
// difference from scanners that match CIDR strings.
var SGWorldExposed = &Rule{
	ID:       "sg-world-exposed",
	Severity: Warning,
	Requires: []*Analysis{Dataplane, Exposures},
	Doc: Doc{
		Title: "a security group opens a port to the whole internet and the internet reaches it",
		Text: `A security group rule allowing 0.0.0.0/0 (or ::/0) exposes the port to
everyone — but only if packets from the internet can actually get there.
vpcheck computes exactly which packets from the internet are delivered to
each instance (public IP, route to an internet gateway, network ACLs,
security groups), and reports the world-open rules whose ports are among
them, naming the instances exposed. A target of an internet-facing load
balancer is exposed too, without a public address of its own, when a
listener the internet reaches forwards to it and a world-open rule admits
it there (a Network Load Balancer keeps the client's address).

Remote administration and database ports (SSH 22, RDP 3389, MySQL 3306,
PostgreSQL 5432, SQL Server 1433, Oracle 1521, Redis 6379, MongoDB 27017,
Elasticsearch 9200, Memcached 11211, Docker 2375/2376, VNC 5900, Telnet 23,
FTP 21, SMB 445) are errors; other ports are warnings. HTTP and HTTPS (80,
443) are how public services are meant to be reached and are not reported.
See https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
and the AWS Security Hub control EC2.18/EC2.19. Fix: restrict the source
to known addresses (a corporate range, a prefix list, a load balancer's
security group), or reach the host through Systems Manager or a bastion.`,
		Bad: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "public" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

internet_gateway "prod" {
  vpc = vpc.prod
}

route_table "public" {
  vpc     = vpc.prod
  subnets = [subnet.public]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.prod
  }
}

security_group "ssh" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "bastion" {
  subnet          = subnet.public
  private_ip      = "10.0.1.10"
  public_ip       = "203.0.113.10"
  security_groups = [security_group.ssh]
}`,
		Good: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "public" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

internet_gateway "prod" {
  vpc = vpc.prod
}

route_table "public" {
  vpc     = vpc.prod
  subnets = [subnet.public]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.prod
  }
}

security_group "ssh" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = 22
    cidr_blocks = ["198.51.100.0/24"]   # the office
  }
}

instance "bastion" {
  subnet          = subnet.public
  private_ip      = "10.0.1.10"
  public_ip       = "203.0.113.10"
  security_groups = [security_group.ssh]
}`,
	},
	Run: func(p *Pass) error {
		sym := symbolicOf(p)
		d := sym.Dataplane()
		type hit struct {
			rule  *model.SGRule
			group *model.SecurityGroup
			hosts map[string]bool
			ports map[string]bool
			admin bool
		}
		hits := map[*model.SGRule]*hit{}
		lbChecks := map[*model.LoadBalancer][]analyzer.TargetCheck{}
		var order []*model.SGRule
		for _, x := range exposuresOf(p) {
			host := model.Label(d.DisplayOf(x.ENI))
			if pub, ok := d.PublicAddr[x.ENI]; ok {
				host += " (" + d.DisplayAddr(pub) + ")"
			}
			for _, g := range model.Targets[*model.SecurityGroup](x.ENI.SecurityGroups) {
				for i := range g.Rules {
					r := &g.Rules[i]
					if r.Direction != model.Ingress || r.PeerKind != model.PeerCIDR || r.CIDR.Bits() != 0 {
						continue
					}
					exposed := sym.Space().Intersect(x.Delivered, sym.Match(r.Protocol, r.Ports, r.ICMP))
					if sym.Space().IsEmpty(exposed) {
						continue
					}
					ports, admin, web := exposedPorts(sym, exposed)
					if web {
						continue
					}
					h, ok := hits[r]
					if !ok {
						h = &hit{rule: r, group: g, hosts: map[string]bool{}, ports: map[string]bool{}}
						hits[r] = h
						order = append(order, r)
					}
					h.hosts[host] = true
					for _, pt := range ports {
						h.ports[pt] = true
					}
					h.admin = h.admin || admin
				}
			}
			// Through a public load balancer, its targets (lb_exposure.go).
			for _, lx := range lbExposures(analyzerOf(p), sym, x, lbChecks) {
				h, ok := hits[lx.rule]
				if !ok {
					h = &hit{rule: lx.rule, group: lx.group, hosts: map[string]bool{}, ports: map[string]bool{}}
					hits[lx.rule] = h
					order = append(order, lx.rule)
				}
				h.hosts[lx.host] = true
				h.ports[lx.port] = true
				h.admin = h.admin || lx.admin
			}
		}
		for _, r := range order {
			h := hits[r]
			sev := Warning
			if h.admin {
				sev = Error
			}
			p.Report(Finding{
				Severity: sev,
				Message: fmt.Sprintf("security group %s allows %s from %s and the internet reaches %s on %s",
					h.group.Name, ruleTraffic(r), r.CIDR, joinSorted(h.hosts), joinSorted(h.ports)),
				Range:    r.Range,
				Resource: Address(h.group),
				Fix:      "restrict the rule's source to known addresses (an office range, a prefix list, a load balancer's security group), or reach the hosts through Systems Manager Session Manager",
			})
		}
		return nil
	},
}

// adminPorts are ports no one should open to the internet.
var adminPorts = map[uint16]bool{21: true, 22: true, 23: true, 445: true, 1433: true, 1521: true, 2375: true, 2376: true,
	3306: true, 3389: true, 5432: true, 5900: true, 6379: true, 9200: true, 11211: true, 27017: true}

// exposedPorts summarises the exposed packets as "tcp 22" strings, and
// says whether an admin port is among them and whether the exposure is only
// the web (tcp 80 and 443).
func exposedPorts(sym *symbolic.Engine, exposed symbolic.Set) (ports []string, admin, webOnly bool) {
	webOnly = true
	for _, f := range sym.Space().Flows(exposed) {
		for _, pr := range f.Protocols {
			for proto := int(pr.Lo); proto <= int(pr.Hi); proto++ {
				name := model.Protocol(proto).String()
				if !model.Protocol(proto).HasPorts() {
					ports = append(ports, name)
					webOnly = false
					if pr.Hi-pr.Lo > 8 {
						ports[len(ports)-1] = "every protocol"
						proto = int(pr.Hi)
					}
					continue
				}
				for _, r := range f.DstPorts {
					ports = append(ports, fmt.Sprintf("%s %s", name, model.PortRange{From: r.Lo, To: r.Hi}))
					for a := range adminPorts {
						if r.Lo <= a && a <= r.Hi {
							admin = true
						}
					}
					if !(model.Protocol(proto) == model.ProtoTCP && (r.Lo == 80 || r.Lo == 443) && r.Lo == r.Hi) {
						webOnly = false
					}
				}
			}
		}
	}
	return ports, admin, webOnly
}

func ruleTraffic(r *model.SGRule) string {
	switch {
	case r.Protocol == model.ProtoAll:
		return "all traffic"
	case r.Protocol.HasPorts():
		return r.Protocol.String() + " " + r.Ports.String()
	}
	return r.Protocol.String()
}

func joinSorted(m map[string]bool) string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
