package rules

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func TestFingerprintIgnoresPlaceAndOrder(t *testing.T) {
	a := Finding{Rule: "cidr-overlap", Message: "m", Resource: "aws_subnet.a",
		Range:   hcl.Range{Filename: "a.tf", Start: hcl.Pos{Line: 3}},
		Related: []Related{{Resource: "aws_subnet.b"}, {Resource: "aws_subnet.c"}}}
	b := a
	b.Range = hcl.Range{Filename: "moved/b.tf", Start: hcl.Pos{Line: 90}}
	b.Related = []Related{{Resource: "aws_subnet.c", Range: hcl.Range{Filename: "x.tf"}}, {Resource: "aws_subnet.b"}}
	if a.Fingerprint() != b.Fingerprint() {
		t.Errorf("moving and reordering changed the fingerprint")
	}
	c := a
	c.Resource = "aws_subnet.z"
	d := a
	d.Message = "other"
	e := a
	e.Rule = "other-rule"
	for _, other := range []Finding{c, d, e} {
		if other.Fingerprint() == a.Fingerprint() {
			t.Errorf("%+v has the fingerprint of %+v", other, a)
		}
	}
	tagged := a
	tagged.Facts = "10.0.0.0/24"
	retagged := tagged
	retagged.Message = "renamed"
	if tagged.Fingerprint() != retagged.Fingerprint() {
		t.Errorf("with Facts set, the message changed the fingerprint")
	}
}
