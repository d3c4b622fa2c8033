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
// dropped silently; a Gateway Load Balancer is loaded.
func TestUnmodelledLoadBalancersAreOmitted(t *testing.T) {
	net, _ := loadFiles(t,
		"elb.json", `{"LoadBalancerDescriptions": [{"LoadBalancerName": "legacy", "Scheme": "internet-facing"}]}`,
		"elbv2.json", `{"LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/gwy/inspect/0123", "LoadBalancerName": "inspect", "Type": "gateway"}]}`)
	if len(net.Omitted) != 1 || !net.Incomplete {
		t.Fatalf("omitted %+v", net.Omitted)
	}
	if len(net.LoadBalancers) != 1 || net.LoadBalancers[0].Type != model.LBGateway {
		t.Errorf("load balancers %+v", net.LoadBalancers)
	}
	for _, o := range net.Omitted {
		if o.Range.Start.Line == 0 {
			t.Errorf("omission without its place: %+v", o)
		}
	}
}

// lbSnapshot is a small combined snapshot with every load balancer section,
// a seed of FuzzLoad.
const lbSnapshot = `{
 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
 "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}],
 "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "InterfaceType": "network_load_balancer",
   "Description": "ELB net/n/1", "PrivateIpAddress": "10.0.1.5", "Groups": []}],
 "Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "running"},
   "NetworkInterfaces": [{"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.1.10", "Attachment": {"DeviceIndex": 0}}]}]}],
 "LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/n/1", "LoadBalancerName": "n",
   "Type": "network", "Scheme": "internal", "VpcId": "vpc-1", "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-1"}]}],
 "LoadBalancerAttributes": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/n/1",
   "Attributes": [{"Key": "load_balancing.cross_zone.enabled", "Value": "true"}]}],
 "Listeners": [{"ListenerArn": "l-1", "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/n/1", "Port": 80, "Protocol": "TCP",
   "DefaultActions": [{"Type": "forward", "TargetGroupArn": "tg-1"}]}],
 "TargetGroups": [{"TargetGroupArn": "tg-1", "TargetGroupName": "t", "Port": 8080, "Protocol": "TCP", "TargetType": "instance", "VpcId": "vpc-1", "HealthCheckPort": "8081"}],
 "LoadBalancerTargetHealth": [{"TargetGroupArn": "tg-1", "TargetHealthDescriptions": [{"Target": {"Id": "i-1", "Port": 8080}, "TargetHealth": {"State": "healthy"}}]}]
}`

// The combined snapshot loads into one load balancer, cross-zone on (its
// attribute), with its node, listener and target, and the health check
// port.
func TestLoadBalancerCombinedSnapshot(t *testing.T) {
	net := mustLoad(t, "snapshot.json", lbSnapshot)
	if len(net.LoadBalancers) != 1 || len(net.LBListeners) != 1 || len(net.TargetGroups) != 1 {
		t.Fatalf("%d load balancers, %d listeners, %d target groups", len(net.LoadBalancers), len(net.LBListeners), len(net.TargetGroups))
	}
	b, g := net.LoadBalancers[0], net.TargetGroups[0]
	if !b.CrossZone || len(b.Nodes()) != 1 || b.Nodes()[0].AWSID != "eni-1" || len(b.Listeners) != 1 {
		t.Errorf("load balancer %+v", b)
	}
	if g.HealthCheckPort != 8081 || len(g.Targets) != 1 || model.Target[*model.Instance](g.Targets[0].Instance) == nil {
		t.Errorf("target group %+v", g)
	}
}

// Without NetworkInterfaces.json, a load balancer's nodes take the
// addresses describe-load-balancers lists in each zone.
func TestLoadBalancerNodesFromAddresses(t *testing.T) {
	net := mustLoad(t,
		"vpc.json", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}], "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}]}`,
		"lb.json", `{"LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/n/1", "LoadBalancerName": "n", "Type": "network",
		  "Scheme": "internet-facing", "VpcId": "vpc-1",
		  "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-1", "LoadBalancerAddresses": [{"IpAddress": "192.0.2.7", "AllocationId": "eipalloc-1", "PrivateIPv4Address": "10.0.1.77"}]}]}]}`)
	nodes := net.LoadBalancers[0].Nodes()
	if len(nodes) != 1 || nodes[0].PrimaryIP().String() != "10.0.1.77" || nodes[0].PublicIP.String() != "192.0.2.7" || nodes[0].PublicIPMode != model.PublicIPKnown {
		t.Errorf("nodes %+v", nodes)
	}
}

// describe-target-health's own output is read when the document names its
// target group, and refused with a diagnostic otherwise.
func TestRawTargetHealth(t *testing.T) {
	net, _ := loadFiles(t, "snapshot.json", lbSnapshot,
		"th.json", `{"TargetGroupArn": "tg-1", "TargetHealthDescriptions": [{"Target": {"Id": "i-1", "Port": 9090}}]}`)
	if g := net.TargetGroups[0]; len(g.Targets) != 2 || g.Targets[1].Port != 9090 {
		t.Errorf("targets %+v", g.Targets)
	}
	_, diags := loadFiles(t, "th.json", `{"TargetHealthDescriptions": []}`)
	findDiag(t, diags, "does not say which target group")
}

// describe-vpc-endpoint-service-configurations ties a Gateway Load
// Balancer endpoint to its GWLB by service name.
func TestGWLBServiceConfiguration(t *testing.T) {
	arn := "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/gwy/g/1"
	net := mustLoad(t,
		"vpc.json", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}], "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}]}`,
		"lb.json", `{"LoadBalancers": [{"LoadBalancerArn": "`+arn+`", "LoadBalancerName": "g", "Type": "gateway", "VpcId": "vpc-1",
		  "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-1"}]}]}`,
		"vpce.json", `{"VpcEndpoints": [{"VpcEndpointId": "vpce-0123456789abcdef0", "VpcEndpointType": "GatewayLoadBalancer", "VpcId": "vpc-1",
		  "ServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-1", "SubnetIds": ["subnet-1"], "State": "available"}]}`,
		"svc.json", `{"ServiceConfigurations": [{"ServiceId": "vpce-svc-1", "ServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-1", "GatewayLoadBalancerArns": ["`+arn+`"]}]}`)
	if len(net.Endpoints) != 1 || model.Target[*model.LoadBalancer](net.Endpoints[0].LoadBalancer) != net.LoadBalancers[0] {
		t.Errorf("endpoint %+v", net.Endpoints)
	}
}
