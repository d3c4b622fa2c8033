package main

import (
	"encoding/json"
	"testing"
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
		code, stdout, stderr := run(t, "trace", "--format", format, "--from", "client", "--to", "10.0.10.5", "--port", "80", nlbSnapshot)
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
