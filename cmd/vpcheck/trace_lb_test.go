package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/report"
)

// The snapshot under testdata/snapshot-nlb is in the Batfish layout and
// holds an internal network load balancer with a node in two zones in front
// of two servers. Its files follow the shapes of the Elastic Load Balancing
// API reference: DescribeLoadBalancers, DescribeListeners,
// DescribeTargetGroups, DescribeTargetHealth and
// DescribeLoadBalancerAttributes
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancers.html),
// and its ENIs the EC2 DescribeNetworkInterfaces shape of a load balancer
// node: InterfaceType network_load_balancer, no security group
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkInterface.html).
const nlbSnapshot = "testdata/snapshot-nlb"

// TestTraceSnapshotNLBNoInternalError: tracing to a load balancer node used
// to end in a nil pointer while the trace document described the node's
// allow-all filter, a rule that belongs to no security group.
func TestTraceSnapshotNLBNoInternalError(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		code, stdout, stderr := run(t, "trace", "--format", format, "--from", "instance:client", "--to", "10.0.10.5", "--port", "80", nlbSnapshot)
		if code == exitInternal {
			t.Fatalf("%s: internal error:\n%s", format, stderr)
		}
		if format == "json" {
			var r traceRun
			if err := json.Unmarshal([]byte(stdout), &r); err != nil {
				t.Fatalf("%v:\n%s", err, stdout)
			}
			if len(r.Hops) == 0 {
				t.Errorf("no hops:\n%s", stdout)
			}
		}
	}
}

// TestTraceThroughLoadBalancers: a packet to a listener is accepted by the
// node, which forwards it to a target; the leg shows the chosen target and
// the source the target sees. A Network Load Balancer keeps the client's
// address for instance targets
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation),
// an Application Load Balancer sends from its node
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/x-forwarded-headers.html).
// A port no listener has is dropped at the load balancer (DENIED_IN).
func TestTraceThroughLoadBalancers(t *testing.T) {
	tests := []struct {
		args                []string
		code                int
		disposition, engine string
		target, src         string // the leg's target and source at the target ("" no leg)
		clientIP            bool
	}{
		{args: []string{"--from", "instance:client", "--to", "lb:web-nlb", "--port", "80", nlbSnapshot}, code: exitOK,
			disposition: "ACCEPTED", engine: "ACCEPTED", target: "instance server-a (10.0.2.20:8080)", src: "10.0.1.10", clientIP: true},
		// The node in zone b forwards to the server in zone b: cross-zone is off.
		{args: []string{"--from", "instance:client", "--to", "10.0.11.5", "--port", "80", nlbSnapshot}, code: exitOK,
			disposition: "ACCEPTED", engine: "ACCEPTED", target: "instance server-b (10.0.3.30:8080)", src: "10.0.1.10", clientIP: true},
		{args: []string{"--from", "instance:client", "--to", "web-nlb-50dc6c495c0c9188.elb.us-east-1.amazonaws.com", "--port", "81", nlbSnapshot}, code: exitFindings,
			disposition: "DENIED_IN", engine: "LB_NO_LISTENER"},
		{args: []string{"--from", "internet", "--to", "lb:shop", "--port", "443", "example:internet-alb"}, code: exitOK,
			disposition: "ACCEPTED", engine: "ACCEPTED", target: "instance app-1 (10.20.10.10:8080)", src: "10.20.0.100"},
		{args: []string{"--from", "internet", "--to", "lb:shop", "--port", "80", "example:internet-alb"}, code: exitFindings,
			disposition: "DENIED_IN", engine: "SG_INGRESS_DENY"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, append([]string{"trace", "--format", "json"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s\nstdout:\n%s", code, tt.code, stderr, stdout)
			}
			var r struct {
				traceRun
				LB *report.LBLegJSON `json:"load_balancer"`
			}
			if err := json.Unmarshal([]byte(stdout), &r); err != nil {
				t.Fatalf("%v:\n%s", err, stdout)
			}
			if r.Disposition != tt.disposition || r.Code != tt.engine {
				t.Errorf("disposition %s (%s), want %s (%s)", r.Disposition, r.Code, tt.disposition, tt.engine)
			}
			switch {
			case tt.target == "" && r.LB != nil:
				t.Errorf("a load balancer leg %+v, want none", r.LB)
			case tt.target != "" && r.LB == nil:
				t.Fatalf("no load balancer leg")
			case tt.target != "":
				if r.LB.Target != tt.target || r.LB.Packet == nil || r.LB.Packet.SrcIP != tt.src || r.LB.ClientIP != tt.clientIP || !r.LB.Arrived {
					t.Errorf("leg target %q src %v preserved %v arrived %v, want %q from %s (%v)", r.LB.Target, r.LB.Packet, r.LB.ClientIP, r.LB.Arrived, tt.target, tt.src, tt.clientIP)
				}
			}
		})
	}
}

// TestTraceLoadBalancerGolden holds the whole trace document through the
// internet-alb example's load balancer (go test ./cmd/vpcheck -update
// rewrites it after review).
func TestTraceLoadBalancerGolden(t *testing.T) {
	for name, args := range map[string][]string{
		"internet-alb-443.json": {"--from", "internet", "--to", "lb:shop", "--port", "443", "example:internet-alb"},
		"snapshot-nlb-80.json":  {"--from", "instance:client", "--to", "lb:web-nlb", "--port", "80", nlbSnapshot},
		// Client IP preserved: the target's reply to the client is walked
		// back to the node, and srv-a's subnet ACL drops it.
		"nlb-preserved-80.json": {"--from", "internet", "--to", "lb:web", "--port", "80", filepath.Join("..", "..", "analyzer", "testdata", "nlb-preserved")},
	} {
		t.Run(name, func(t *testing.T) {
			_, stdout, _ := run(t, append([]string{"trace", "--format", "json"}, args...)...)
			path := filepath.Join("testdata", "trace", name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./cmd/vpcheck -update creates it)", err)
			}
			if string(want) != stdout {
				t.Errorf("%s differs (go test ./cmd/vpcheck -update rewrites it after review):\n%s", path, stdout)
			}
		})
	}
}

// TestReachLoadBalancerTargets: reach --to a load balancer answers for its
// listeners and says, per listener, node and target, whether the node
// reaches the target. In testdata/loadbalancer/loadbalancer.net.hcl the NLB keeps the
// client's address and the targets' group admits only the load balancer's
// subnets: a client elsewhere reaches the listener, not the targets.
func TestReachLoadBalancerTargets(t *testing.T) {
	net := filepath.Join("..", "..", "analyzer", "testdata", "loadbalancer", "loadbalancer.net.hcl")
	code, stdout, stderr := run(t, "reach", "--format", "json", "--from", "srv-2", "--to", "lb:api", "--protocol", "tcp", "--port", "80", net)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s\n%s", code, stderr, stdout)
	}
	var doc struct {
		Reachable bool                `json:"reachable"`
		Targets   []report.TargetJSON `json:"load_balancer_targets"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	var tcp80, health []report.TargetJSON
	for _, tg := range doc.Targets {
		switch {
		case tg.HealthCheck:
			health = append(health, tg)
		case strings.HasPrefix(tg.Listener, "tcp (tcp 80)"):
			tcp80 = append(tcp80, tg)
		}
	}
	// Health checks come from the node's address, which the group admits:
	// the targets look healthy while every client is refused.
	if len(health) != 2 || !health[0].Reachable || !health[1].Reachable || health[0].Source != "10.40.0.254" {
		t.Errorf("health checks %+v", health)
	}
	// Node a reaches nothing (refused at the target), node b has no target in its zone.
	if !doc.Reachable || len(tcp80) != 2 {
		t.Fatalf("reachable %v, listener tcp checks %+v", doc.Reachable, doc.Targets)
	}
	codes := tcp80[0].Code + " " + tcp80[1].Code
	if codes != "SG_INGRESS_DENY LB_NO_TARGET" || tcp80[0].Reachable || tcp80[1].Reachable || tcp80[0].Source != "10.40.10.20" {
		t.Errorf("checks %+v", tcp80)
	}
}
