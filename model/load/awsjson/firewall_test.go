package awsjson

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

// The snapshots of cmd/vpcheck/testdata/snapshot-firewall (Batfish layout:
// Firewalls, FirewallPolicies and RuleGroups lists) and snapshot-firewall-raw
// (the outputs of aws network-firewall describe-firewall,
// describe-firewall-policy, describe-rule-group — three documents in one
// file — and list-firewalls) follow the shapes of the Network Firewall API
// reference:
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DescribeFirewall.html
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DescribeFirewallPolicy.html
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DescribeRuleGroup.html
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_ListFirewalls.html
// The endpoints come from FirewallStatus.SyncStates, one per zone
// (https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_SyncState.html);
// the route tables name them by their vpce- id in GatewayId.
func TestFirewallSnapshot(t *testing.T) {
	var summaries []string
	for _, dir := range []string{
		filepath.Join("..", "..", "..", "cmd", "vpcheck", "testdata", "snapshot-firewall", "aws_configs", "eu-west-1"),
		filepath.Join("..", "..", "..", "cmd", "vpcheck", "testdata", "snapshot-firewall-raw"),
	} {
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
			pairs = append(pairs, filepath.Base(f), string(b))
		}
		net, diags := loadFiles(t, pairs...)
		for _, d := range diags {
			t.Errorf("%s: unexpected diagnostic: %s", dir, d.Error())
		}
		if len(net.Firewalls) != 1 || len(net.FirewallPolicies) != 1 || len(net.FirewallGroups) != 3 {
			t.Fatalf("%s: %d firewalls, %d policies, %d rule groups", dir, len(net.Firewalls), len(net.FirewallPolicies), len(net.FirewallGroups))
		}
		f := net.Firewalls[0]
		p := model.Target[*model.FirewallPolicy](f.Policy)
		if f.Name != "edge" || model.Target[*model.VPC](f.VPC) == nil || p == nil || len(f.Subnets) != 2 || len(f.Endpoints) != 2 {
			t.Fatalf("%s: firewall %+v", dir, f)
		}
		// One endpoint per zone, in its sync state's subnet, with the ENI
		// the snapshot lists (not one Link makes up).
		var got []string
		for _, ep := range model.Targets[*model.VPCEndpoint](f.Endpoints) {
			s := model.Target[*model.Subnet](ep.Subnets[0])
			enis := model.Targets[*model.NetworkInterface](ep.Interfaces)
			if ep.Type != model.EndpointFirewall || model.Target[*model.Firewall](ep.Firewall) != f || len(enis) != 1 || enis[0].Implicit {
				t.Errorf("%s: endpoint %+v (interfaces %v)", dir, ep, ep.Interfaces)
			}
			got = append(got, ep.AWSID+" "+s.AZ+" "+s.Name+" "+ep.Name)
		}
		want := []string{"vpce-0a1b2c3d4e5f60a01 eu-west-1a fw-a edge/eu-west-1a", "vpce-0a1b2c3d4e5f60b01 eu-west-1b fw-b edge/eu-west-1b"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: endpoints %q, want %q", dir, got, want)
		}
		// The routes to them resolve.
		for _, rt := range net.RouteTables {
			for _, r := range rt.Routes {
				if strings.HasPrefix(r.TargetRef.Key, "vpce-") && model.Target[*model.VPCEndpoint](r.TargetRef) == nil {
					t.Errorf("%s: route table %s: the route to %s does not resolve", dir, rt.Name, r.DestString())
				}
			}
		}
		if p.Name != "edge" || p.StatelessDefault != model.FWForward || !p.StrictOrder || !reflect.DeepEqual(p.StatefulDefault, []string{"aws:drop_strict"}) ||
			len(p.Stateless) != 1 || len(p.Stateful) != 2 || p.Stateful[1].Priority != 20 {
			t.Errorf("%s: policy %+v", dir, p)
		}
		groups := map[string]*model.FirewallRuleGroup{}
		for _, g := range net.FirewallGroups {
			groups[g.Name] = g
		}
		sl, sf, dom := groups["no-telnet"], groups["web"], groups["egress-domains"]
		if sl == nil || sf == nil || dom == nil {
			t.Fatalf("%s: rule groups %v", dir, groups)
		}
		if sl.Stateful || len(sl.Stateless) != 2 || sl.Stateless[0].Action != model.FWDrop || !reflect.DeepEqual(sl.Stateless[0].Protocols, []int{6}) ||
			len(sl.Stateless[0].DstPorts) != 1 || sl.Stateless[0].DstPorts[0] != (model.PortRange{From: 23, To: 23}) ||
			len(sl.Stateless[1].SrcPorts) != 1 || sl.Stateless[1].SrcPorts[0] != (model.PortRange{From: 0, To: 1023}) {
			t.Errorf("%s: stateless group %+v", dir, sl)
		}
		if !sf.Stateful || sf.Unmodelled != "" || len(sf.Header) != 4 || sf.Header[0].Action != "PASS" || sf.Header[0].Protocol != model.ProtoTCP ||
			sf.Header[0].DstPorts == nil || sf.Header[0].DstPorts.From != 443 || sf.Header[0].Source != nil || sf.Header[0].Destination[0].String() != "10.70.1.0/24" {
			t.Errorf("%s: stateful group %+v", dir, sf)
		}
		if dom.Unmodelled != "a domain list" {
			t.Errorf("%s: domain list group unmodelled %q", dir, dom.Unmodelled)
		}
		summaries = append(summaries, strings.Join(got, ","))
	}
	if summaries[0] != summaries[1] {
		t.Errorf("the two layouts differ: %q", summaries)
	}
}

// A firewall that list-firewalls names and no describe-firewall output
// describes is reported, not silently dropped; an output cut to its
// Firewall member (no FirewallStatus) says its endpoints are unknown.
func TestFirewallSnapshotMissingParts(t *testing.T) {
	_, diags := loadFiles(t, "list-firewalls.json", `{"Firewalls": [{"FirewallName": "edge", "FirewallArn": "arn:aws:network-firewall:eu-west-1:111122223333:firewall/edge"}]}`)
	findDiag(t, diags, "firewall edge (arn:aws:network-firewall:eu-west-1:111122223333:firewall/edge) is listed (list-firewalls) but not described")
	net, diags := loadFiles(t, "describe-firewall.json", `{"Firewall": {"FirewallName": "edge", "FirewallArn": "arn:aws:network-firewall:eu-west-1:111122223333:firewall/edge",
	  "VpcId": "vpc-1", "SubnetMappings": [{"SubnetId": "subnet-1"}]}}`)
	findDiag(t, diags, "the output has no FirewallStatus.SyncStates")
	if len(net.Firewalls) != 1 || len(net.Firewalls[0].Endpoints) != 0 {
		t.Errorf("firewalls %+v", net.Firewalls)
	}
}

// A transit gateway-attached firewall (Firewall.TransitGatewayId) has no
// VPC endpoints; what the transit gateway sends to it is not modelled, and
// the loader says so. https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_Firewall.html
func TestFirewallSnapshotTransitGatewayAttached(t *testing.T) {
	net, diags := loadFiles(t, "describe-firewall.json", `{"Firewall": {"FirewallName": "anfw", "FirewallArn": "arn:aws:network-firewall:eu-west-1:111122223333:firewall/anfw",
	  "TransitGatewayId": "tgw-0123456789abcdef0", "AvailabilityZoneMappings": [{"AvailabilityZone": "euw1-az1"}]},
	  "FirewallStatus": {"Status": "READY", "TransitGatewayAttachmentSyncState": {"AttachmentId": "tgw-attach-0123456789abcdef0", "TransitGatewayAttachmentStatus": "READY"}}}`)
	findDiag(t, diags, "firewall anfw (arn:aws:network-firewall:eu-west-1:111122223333:firewall/anfw) is attached to transit gateway tgw-0123456789abcdef0")
	if len(net.Omitted) != 1 || len(net.Firewalls) != 1 {
		t.Errorf("omitted %v, firewalls %v", net.Omitted, net.Firewalls)
	}
}

// An endpoint whose attachment FAILED (or is in ERROR) does not exist: it
// is not loaded and a route to it is a blackhole, as for a failed VPC
// endpoint. https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_Attachment.html
func TestFirewallSnapshotFailedEndpoint(t *testing.T) {
	net, diags := loadFiles(t,
		"describe-firewall.json", `{"Firewall": {"FirewallName": "edge", "FirewallArn": "arn:aws:network-firewall:eu-west-1:111122223333:firewall/edge",
	  "VpcId": "vpc-1", "SubnetMappings": [{"SubnetId": "subnet-1"}]},
	  "FirewallStatus": {"SyncStates": {"eu-west-1a": {"Attachment": {"SubnetId": "subnet-1", "EndpointId": "vpce-0123456789abcdef0", "Status": "FAILED"}}}}}`,
		"RouteTables.json", `{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [
	  {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "vpce-0123456789abcdef0", "State": "active"}]}]}`)
	findDiag(t, diags, "the firewall's endpoint vpce-0123456789abcdef0 in zone eu-west-1a is FAILED")
	if len(net.Firewalls) != 1 || len(net.Firewalls[0].Endpoints) != 0 || len(net.Endpoints) != 0 {
		t.Errorf("firewalls %+v, endpoints %+v", net.Firewalls, net.Endpoints)
	}
	for _, rt := range net.RouteTables {
		for _, r := range rt.Routes {
			if r.DestString() == "0.0.0.0/0" && r.Target != model.TargetBlackhole {
				t.Errorf("route to the failed endpoint: %s, want a blackhole", r.Target)
			}
		}
	}
}
