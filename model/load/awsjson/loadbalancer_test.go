package awsjson

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

// The snapshot of cmd/vpcheck/testdata/snapshot-nlb follows the shapes of
// the ELB API reference (DescribeLoadBalancers, DescribeListeners,
// DescribeTargetGroups, DescribeTargetHealth,
// DescribeLoadBalancerAttributes:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancers.html)
// in Batfish's collected forms.
func TestLoadBalancerSnapshot(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "cmd", "vpcheck", "testdata", "snapshot-nlb", "aws_configs", "us-east-1")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixture files in %s: %v", dir, err)
	}
	var pairs []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, f, string(b))
	}
	net, diags := loadFiles(t, pairs...)
	for _, d := range diags {
		t.Errorf("unexpected diagnostic: %s", d.Error())
	}
	if len(net.LoadBalancers) != 1 {
		t.Fatalf("%d load balancers", len(net.LoadBalancers))
	}
	b := net.LoadBalancers[0]
	if b.Name != "web-nlb" || b.Type != model.LBNetwork || !b.Internal || b.CrossZone || len(b.Subnets) != 2 {
		t.Errorf("load balancer %+v", b)
	}
	nodes := b.Nodes()
	if len(nodes) != 2 {
		t.Fatalf("%d nodes, want the two ENIs the snapshot lists", len(nodes))
	}
	for _, e := range nodes {
		if e.Implicit || model.LoadBalancerOf(e) != b {
			t.Errorf("node %s: implicit %v, owner %v", e.Name, e.Implicit, e.Owner)
		}
	}
	if len(b.Listeners) != 1 {
		t.Fatalf("%d listeners", len(b.Listeners))
	}
	l := b.Listeners[0]
	g := model.Target[*model.TargetGroup](l.TargetGroups[0])
	if l.Protocol != "TCP" || l.Port != 80 || l.Action != model.ActionForward || g == nil {
		t.Fatalf("listener %+v", l)
	}
	if g.Name != "web-tg" || g.Port != 8080 || g.TargetType != model.TargetTypeInstance || len(g.Targets) != 2 {
		t.Errorf("target group %+v", g)
	}
	for _, tg := range g.Targets {
		if model.Target[*model.Instance](tg.Instance) == nil || tg.PortIn(g) != 8080 {
			t.Errorf("target %+v", tg)
		}
	}
	// Instance targets of a Network Load Balancer see the client's address by default.
	if !b.PreservesClientIP(g) {
		t.Error("an NLB instance target group does not preserve client IPs")
	}
}

// A Classic Load Balancer of a snapshot is left out with its place, never
// dropped silently; so is a Gateway Load Balancer.
func TestUnmodelledLoadBalancersAreOmitted(t *testing.T) {
	net, _ := loadFiles(t,
		"elb.json", `{"LoadBalancerDescriptions": [{"LoadBalancerName": "legacy", "Scheme": "internet-facing"}]}`,
		"elbv2.json", `{"LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/gwy/inspect/0123", "LoadBalancerName": "inspect", "Type": "gateway"}]}`)
	if len(net.Omitted) != 2 || !net.Incomplete {
		t.Fatalf("omitted %+v", net.Omitted)
	}
	for _, o := range net.Omitted {
		if o.Range.Start.Line == 0 {
			t.Errorf("omission without its place: %+v", o)
		}
	}
}
