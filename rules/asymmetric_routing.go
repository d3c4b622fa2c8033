package rules

import (
	"fmt"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// AsymmetricRouting reports flows whose replies do not come back the way
// the requests went: no route back (a route on one side only), a reply
// routed into a NAT gateway the request did not cross, or request and reply
// crossing different inspection appliances.
var AsymmetricRouting = &Rule{
	ID:       "asymmetric-routing",
	Severity: Error,
	Requires: []*Analysis{Dataplane, Asymmetries},
	Doc: Doc{
		Title: "replies do not come back the way requests went",
		Text: `A connection needs its replies to come back, and through the same stateful
devices: a NAT gateway translates only what went out through it, a
stateful firewall drops replies of connections it never saw.

vpcheck explores every flow that enters the network from the internet
(through public addresses) and from on-premises networks, and between
peered VPCs, follows the replies of everything that arrives, and reports:

- replies with no route back — a route on one side only, e.g. a subnet
  without route propagation from the VPN gateway the requests came through;
- replies routed into a NAT gateway the requests did not cross — an
  instance with a public IP in a subnet whose default route goes to a NAT
  gateway answers from the NAT's address;
- requests and replies crossing different appliances (an appliance ENI, a
  Gateway Load Balancer endpoint) — e.g. an ingress route table that sends
  one subnet through the firewall but not another whose replies go through
  it.

See https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
and https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html.
Fix: route both directions through the same gateways and appliances.`,
		Bad: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "public" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
}

subnet "private" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

internet_gateway "prod" {
  vpc = vpc.prod
}

nat_gateway "nat" {
  subnet     = subnet.public
  private_ip = "10.0.0.5"
  public_ip  = "203.0.113.5"
}

route_table "public" {
  vpc     = vpc.prod
  subnets = [subnet.public]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.prod
  }
}

route_table "private" {
  vpc     = vpc.prod
  subnets = [subnet.private]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.nat
  }
}

security_group "web" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "web" {
  subnet          = subnet.private   # answers through the NAT gateway
  private_ip      = "10.0.1.10"
  public_ip       = "203.0.113.10"
  security_groups = [security_group.web]
}`,
		Good: `vpc "prod" {
  cidr_block = "10.0.0.0/16"
}

subnet "public" {
  vpc        = vpc.prod
  cidr_block = "10.0.0.0/24"
}

subnet "private" {
  vpc        = vpc.prod
  cidr_block = "10.0.1.0/24"
}

internet_gateway "prod" {
  vpc = vpc.prod
}

nat_gateway "nat" {
  subnet     = subnet.public
  private_ip = "10.0.0.5"
  public_ip  = "203.0.113.5"
}

route_table "public" {
  vpc     = vpc.prod
  subnets = [subnet.public]
  route {
    destination = "0.0.0.0/0"
    target      = internet_gateway.prod
  }
}

route_table "private" {
  vpc     = vpc.prod
  subnets = [subnet.private]
  route {
    destination = "0.0.0.0/0"
    target      = nat_gateway.nat
  }
}

security_group "web" {
  vpc = vpc.prod
  ingress {
    protocol    = "tcp"
    ports       = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

instance "web" {
  subnet          = subnet.public
  private_ip      = "10.0.0.10"
  public_ip       = "203.0.113.10"
  security_groups = [security_group.web]
}`,
	},
	Run: func(p *Pass) error {
		for _, a := range asymmetriesOf(p) {
			f := Finding{Message: a.Message, Range: a.Range, Fix: asymmetryFix(a), Resource: addressOf(a.Component)}
			// Both paths, so the difference is visible.
			f.Related = append(f.Related,
				Related{Message: "request path: " + strings.Join(a.Forward, " → "), Range: a.ForwardRange, Resource: addressOf(a.Destination)},
				Related{Message: "reply path: " + strings.Join(a.Reply, " → "), Range: a.Range, Resource: f.Resource})
			p.Report(f)
		}
		return nil
	},
}

func asymmetryFix(a Asymmetry) string {
	switch a.Kind {
	case AsymmetryNoRoute:
		return "add the route back (or enable route propagation) in the table named, towards the gateway the requests came through"
	case AsymmetryStateful:
		return fmt.Sprintf("route replies to %s through the gateway the requests came through, or move the host to a subnet whose default route is the internet gateway", a.Source)
	}
	return "route requests and replies through the same appliance: add the subnet to the gateway route table, or route the subnet's replies the same way"
}

func addressOf(o model.Object) string {
	if o == nil {
		return ""
	}
	return Address(o)
}
