package dataplane

import (
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

// TestDescribeRuleWithoutOwner: the allow-all rule of an interface AWS
// manages without security groups (a Network Load Balancer node:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html)
// belongs to no group; describing it and its denial names the interface.
func TestDescribeRuleWithoutOwner(t *testing.T) {
	eni := &model.NetworkInterface{Meta: model.Meta{Name: "eni-0b1b"}}
	f := &Filter{Kind: SGIngress, Component: eni, Stateful: true,
		Rules: []FilterRule{{Proto: model.ProtoAll, Peers: AllAddresses, Desc: "any address (no security group)"}}}
	got := f.DescribeRule(0)
	if !strings.Contains(got, "network_interface eni-0b1b") || !strings.Contains(got, "allow all") {
		t.Errorf("DescribeRule = %q", got)
	}
	if o := f.Denial(0); o.Message != got {
		t.Errorf("Denial(0).Message = %q, want %q", o.Message, got)
	}
	g := &model.SecurityGroup{Meta: model.Meta{Name: "web"}}
	f.Rules[0].Owner = g
	if got := f.DescribeRule(0); !strings.HasPrefix(got, "security group ingress security_group web: allow all") {
		t.Errorf("DescribeRule with owner = %q", got)
	}
}
