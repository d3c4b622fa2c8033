package terraform

import (
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

// FuzzLoad checks that no input makes the evaluator or the mapping panic:
// every problem must be a diagnostic.
func FuzzLoad(f *testing.F) {
	seeds := []string{
		vpcAndSubnets,
		// Every mistake of a rule at once; tags that are not text; a number CIDR.
		`resource "aws_vpc" "v" {
  cidr_block = 167772160
  tags = { Name = { x = 1 } }
}
resource "aws_network_acl" "n" {
  vpc_id = aws_vpc.v.id
  ingress {
    rule_no = 40000
    action = "permit"
    protocol = "tcp"
    from_port = 80
    to_port = 70
    cidr_block = "10.0.0.0/33"
  }
}
resource "aws_network_acl_rule" "r" {
  network_acl_id = aws_network_acl.n.id
  rule_number = 0
  protocol = "bogus"
  rule_action = "maybe"
  cidr_block = "bad"
}`,
		`locals { a = local.b
b = local.a }`,
		`variable "n" { default = 2 }
resource "aws_vpc" "v" { count = var.n
  cidr_block = cidrsubnet("10.0.0.0/8", 8, count.index) }
resource "aws_subnet" "s" { for_each = { for i, v in aws_vpc.v : i => v }
  vpc_id = each.value.id
  cidr_block = cidrsubnet(each.value.cidr_block, 4, 0) }`,
		`resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = [22, 80]
    content {
      from_port = ingress.value
      to_port = ingress.value
      protocol = "tcp"
      cidr_blocks = [cidrsubnet("0.0.0.0/0", 0, 0)]
    }
  }
}`,
		`module "m" { source = "./m"
  count = 2 }
output "o" { value = module.m[*].x }`,
		`resource "aws_route_table" "r" {
  route { cidr_block = "10.0.0.0/8"
    gateway_id = "local" }
  route = [] }`,
		`resource "aws_network_acl" "a" { ingress { rule_no = "x" } }`,
		`locals { x = [for k, v in { a = 1 } : v if k != ""] }
resource "aws_eip" "e" { instance = aws_instance.i.id }
resource "aws_instance" "i" { subnet_id = "subnet-1" }`,
		`data "aws_availability_zones" "z" {}
resource "aws_subnet" "s" { count = length(data.aws_availability_zones.z.names)
  availability_zone = data.aws_availability_zones.z.names[count.index] }`,
		"resource \"aws_vpc\" {\n",
		`resource "aws_ec2_transit_gateway" "t" {}
resource "aws_ec2_transit_gateway_vpc_attachment" "a" { transit_gateway_id = aws_ec2_transit_gateway.t.id
  subnet_ids = null }`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		n, _ := Load("fuzz", []model.Source{{Name: "fuzz/main.tf", Bytes: src}}, Options{})
		if n == nil {
			t.Fatal("Load returned no network")
		}
		n.Link()
		n.Validate()
	})
}

// FuzzLoadPlan checks that no plan JSON makes the plan loader panic, and
// that every diagnostic points inside the file.
func FuzzLoadPlan(f *testing.F) {
	for _, s := range []string{
		`{"format_version": "1.2", "terraform_version": "1.6.0", "planned_values": {"root_module": {"resources": [
  {"address": "aws_vpc.v", "mode": "managed", "type": "aws_vpc", "name": "v", "values": {"cidr_block": "10.0.0.0/16", "tags": {"Name": "v"}}}]}}}`,
		`{"format_version": "1.2", "planned_values": {"root_module": {"resources": "oops"}}}`,
		`{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"name": 5}]}}}`,
		`{"format_version": "1.2", "planned_values": {}, "planned_values": {}}`,
		"{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"address\": \"\xff\"}}}",
		`{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"mode": "managed", "type": "aws_vpc", "values": {"cidr_block": 10, "tags": {"Name": {"x": 1}}}}]}}}`,
		`{"format_version": "1.2"} {}`, `[]`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		_, diags := LoadPlan(model.Source{Name: "plan.json", Bytes: src}, Options{})
		for _, d := range diags {
			if s := d.Subject; s != nil && s.Filename == "plan.json" {
				if s.Start.Line < 1 || s.Start.Column < 1 || s.Start.Byte > len(src) || s.End.Byte < s.Start.Byte {
					t.Fatalf("diagnostic %q has subject %+v outside the %d-byte file", d.Summary, s, len(src))
				}
			}
			if strings.Contains(d.Summary, "Go struct") {
				t.Fatalf("diagnostic names Go types: %q", d.Summary)
			}
		}
	})
}
