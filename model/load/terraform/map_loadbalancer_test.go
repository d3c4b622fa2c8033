package terraform

import (
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

// An NLB with instance and ip target groups, and an ALB, as the provider
// defines them (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb,
// .../lb_listener, .../lb_target_group, .../lb_target_group_attachment): the
// listener's default action reaches the group through its arn, which is the
// group's id.
func TestLoadBalancerMapping(t *testing.T) {
	_, n, diags := runMain(t, `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "eu-west-1a"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "eu-west-1b"
}
resource "aws_security_group" "alb" {
  vpc_id = aws_vpc.main.id
}
resource "aws_instance" "web" {
  subnet_id  = aws_subnet.a.id
  private_ip = "10.0.1.10"
}
resource "aws_lb" "nlb" {
  name               = "api"
  internal           = true
  load_balancer_type = "network"
  subnets            = [aws_subnet.a.id, aws_subnet.b.id]
}
resource "aws_lb" "alb" {
  name            = "web"
  subnets         = [aws_subnet.a.id, aws_subnet.b.id]
  security_groups = [aws_security_group.alb.id]
}
resource "aws_lb_target_group" "inst" {
  port     = 8080
  protocol = "TCP"
  vpc_id   = aws_vpc.main.id
}
resource "aws_lb_target_group" "ip" {
  port               = 8443
  protocol           = "TCP"
  target_type        = "ip"
  preserve_client_ip = "true"
  vpc_id             = aws_vpc.main.id
}
resource "aws_lb_target_group_attachment" "inst" {
  target_group_arn = aws_lb_target_group.inst.arn
  target_id        = aws_instance.web.id
}
resource "aws_lb_target_group_attachment" "ip" {
  target_group_arn = aws_lb_target_group.ip.arn
  target_id        = "10.0.2.20"
  port             = 9443
}
resource "aws_lb_listener" "tcp" {
  load_balancer_arn = aws_lb.nlb.arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.inst.arn
  }
}
resource "aws_lb_listener" "weighted" {
  load_balancer_arn = aws_lb.nlb.arn
  port              = 443
  protocol          = "TCP"
  default_action {
    type = "forward"
    forward {
      target_group {
        arn    = aws_lb_target_group.inst.arn
        weight = 1
      }
      target_group {
        arn    = aws_lb_target_group.ip.arn
        weight = 3
      }
    }
  }
}
`)
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diagText(diags))
	}
	if d := n.Link(); d.HasErrors() {
		t.Fatalf("link:\n%s", d.Error())
	}
	if len(n.LoadBalancers) != 2 || len(n.LBListeners) != 2 || len(n.TargetGroups) != 2 {
		t.Fatalf("%d load balancers, %d listeners, %d target groups", len(n.LoadBalancers), len(n.LBListeners), len(n.TargetGroups))
	}
	nlb, alb := n.LoadBalancers[0], n.LoadBalancers[1]
	if nlb.Name != "api" || nlb.Type != model.LBNetwork || !nlb.Internal || nlb.CrossZone || len(nlb.Nodes()) != 2 {
		t.Errorf("nlb %+v", nlb)
	}
	if alb.Type != model.LBApplication || alb.Internal || !alb.CrossZone || len(alb.SecurityGroups) != 1 {
		t.Errorf("alb %+v", alb)
	}
	for _, e := range alb.Nodes() {
		if len(e.SecurityGroups) != 1 || e.PublicIPMode != model.PublicIPUnknown {
			t.Errorf("alb node %s: groups %v, public %v", e.Name, e.SecurityGroups, e.PublicIPMode)
		}
	}
	if len(nlb.Listeners) != 2 {
		t.Fatalf("nlb listeners %d", len(nlb.Listeners))
	}
	tcp, weighted := nlb.Listeners[0], nlb.Listeners[1]
	if tcp.Protocol != "TCP" || tcp.Port != 80 || len(tcp.TargetGroups) != 1 || model.Target[*model.TargetGroup](tcp.TargetGroups[0]) == nil {
		t.Errorf("listener tcp %+v", tcp)
	}
	if len(weighted.TargetGroups) != 2 {
		t.Errorf("weighted forward has %d groups", len(weighted.TargetGroups))
	}
	inst, ip := n.TargetGroups[0], n.TargetGroups[1]
	if len(inst.Targets) != 1 || model.Target[*model.Instance](inst.Targets[0].Instance) == nil || !nlb.PreservesClientIP(inst) {
		t.Errorf("instance group %+v", inst)
	}
	if len(ip.Targets) != 1 || ip.Targets[0].IP.String() != "10.0.2.20" || ip.Targets[0].PortIn(ip) != 9443 || !nlb.PreservesClientIP(ip) {
		t.Errorf("ip group %+v", ip)
	}
}

// A subnet mapping's private_ipv4_address is the node's address there.
func TestLoadBalancerSubnetMapping(t *testing.T) {
	_, n, diags := runMain(t, `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_lb" "nlb" {
  load_balancer_type = "network"
  internal           = true
  subnet_mapping {
    subnet_id            = aws_subnet.a.id
    private_ipv4_address = "10.0.1.50"
  }
}
`)
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diagText(diags))
	}
	if d := n.Link(); d.HasErrors() {
		t.Fatal(d.Error())
	}
	nodes := n.LoadBalancers[0].Nodes()
	if len(nodes) != 1 || nodes[0].PrimaryIP().String() != "10.0.1.50" {
		t.Errorf("nodes %+v", nodes)
	}
}

// A Gateway Load Balancer endpoint is tied to its Gateway Load Balancer
// through the endpoint service's gateway_load_balancer_arns and the
// endpoint's service_name (the service's, com.amazonaws.vpce.<region>.<id>):
// https://docs.aws.amazon.com/vpc/latest/privatelink/create-gateway-load-balancer-endpoint-service.html
func TestGWLBEndpointService(t *testing.T) {
	_, n, diags := runMain(t, `
provider "aws" {
  region = "eu-west-1"
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_lb" "gwlb" {
  load_balancer_type = "gateway"
  subnets            = [aws_subnet.a.id]
}
resource "aws_vpc_endpoint_service" "inspect" {
  acceptance_required        = false
  gateway_load_balancer_arns = [aws_lb.gwlb.arn]
}
resource "aws_vpc_endpoint" "gwlbe" {
  vpc_id            = aws_vpc.main.id
  vpc_endpoint_type = "GatewayLoadBalancer"
  service_name      = aws_vpc_endpoint_service.inspect.service_name
  subnet_ids        = [aws_subnet.a.id]
}
`)
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diagText(diags))
	}
	if d := n.Link(); d.HasErrors() {
		t.Fatal(d.Error())
	}
	if len(n.Endpoints) != 1 || len(n.LoadBalancers) != 1 {
		t.Fatalf("%d endpoints, %d load balancers", len(n.Endpoints), len(n.LoadBalancers))
	}
	if got := model.Target[*model.LoadBalancer](n.Endpoints[0].LoadBalancer); got != n.LoadBalancers[0] || !got.Internal {
		t.Errorf("endpoint's load balancer %v (service %q)", n.Endpoints[0].LoadBalancer, n.Endpoints[0].Service)
	}
}
