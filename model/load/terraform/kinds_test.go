package terraform

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// Every resource type the kind table names is mapped, and its placeholder
// ids carry the kind's AWS id prefix.
func TestMappingsReadTheKindTable(t *testing.T) {
	for _, k := range model.Kinds {
		d, _ := model.DescriptorOf(k)
		for _, typ := range d.Terraform {
			if _, ok := mappings[typ]; !ok {
				t.Errorf("the kind table lists %s for %s, which nothing maps", typ, k)
			}
			if p := d.IDPrefix(); p != "" && idPrefix(typ) != p {
				t.Errorf("idPrefix(%s) = %q, want %s's %q", typ, idPrefix(typ), k, p)
			}
		}
	}
	if got := idPrefix("aws_route_table_association"); got != "rtbassoc" {
		t.Errorf("idPrefix(aws_route_table_association) = %q", got)
	}
}

// A gateway_id is told by its prefix, the same way a snapshot's GatewayId
// is (the awsjson package has the twin of this test): an id of a modelled
// route target is that target, one whose prefix names no modelled kind is
// unsupported, never an internet gateway.
func TestGatewayIDByPrefix(t *testing.T) {
	_, n, diags := runMain(t, `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_route_table" "rt" {
  vpc_id = aws_vpc.main.id
}
resource "aws_route" "carrier" {
  route_table_id         = aws_route_table.rt.id
  destination_cidr_block = "10.1.0.0/16"
  gateway_id             = "cagw-0123456789abcdef0"
}
resource "aws_route" "nat" {
  route_table_id         = aws_route_table.rt.id
  destination_cidr_block = "10.2.0.0/16"
  gateway_id             = "nat-0123456789abcdef0"
}
resource "aws_route" "igw" {
  route_table_id         = aws_route_table.rt.id
  destination_cidr_block = "10.3.0.0/16"
  gateway_id             = "igw-0123456789abcdef0"
}
`)
	if !hasDiag(diags, hcl.DiagWarning, "aws_route.carrier: the route to 10.1.0.0/16 goes to cagw-0123456789abcdef0, which names no gateway vpcheck knows", 11) {
		t.Errorf("no warning about the unmodelled gateway:\n%s", diagText(diags))
	}
	if len(n.RouteTables) != 1 {
		t.Fatalf("%d route tables", len(n.RouteTables))
	}
	want := map[string]struct {
		target model.TargetKind
		kind   model.Kind
	}{
		"10.1.0.0/16": {model.TargetUnsupported, ""},
		"10.2.0.0/16": {model.TargetNATGateway, model.KindNATGateway},
		"10.3.0.0/16": {model.TargetInternetGateway, model.KindInternetGateway},
	}
	for _, r := range n.RouteTables[0].Routes {
		w, ok := want[r.Dest.String()]
		if !ok {
			continue
		}
		delete(want, r.Dest.String())
		if r.Target != w.target || r.TargetRef.Kind != w.kind {
			t.Errorf("route to %s: target %s (%s), want %s (%s)", r.Dest, r.Target, r.TargetRef.Kind, w.target, w.kind)
		}
	}
	for dest := range want {
		t.Errorf("no route to %s", dest)
	}
	if strings.Contains(diagText(diags), "nat-0123456789abcdef0 is of a kind") {
		t.Error("a NAT gateway id is a modelled target")
	}
}
