package awsjson

import (
	"testing"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/jsondoc"
)

// FuzzLoad checks that no input makes the loader (or Link and Validate on
// what it loaded) panic, and that every diagnostic points inside the file.
// Seeds: the inline snapshots of the unit tests and, in testdata/fuzz, real
// describe-* files from the Batfish corpus (see testdata/README.md).
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		minimalVPC, everyTarget, tgwBase, computeSnapshot, lbSnapshot, firewallSeed,
		`{"Firewall": {"FirewallArn": "a"}, "FirewallStatus": {"SyncStates": {"z": null, "y": 1, "x": {"Attachment": []}}}}`,
		`{"RuleGroupResponse": {"RuleGroupArn": "g"}, "RuleGroup": {"RulesSource": {"StatelessRulesAndCustomActions": {"StatelessRules": [{"RuleDefinition": {"MatchAttributes": {"Protocols": [-1, 300, "x"], "SourcePorts": [{"FromPort": 9, "ToPort": 1}]}}}]}}}}`,
		`{"FirewallPolicyResponse": {"FirewallPolicyArn": "p"}, "FirewallPolicy": {"StatefulRuleGroupReferences": [{}], "StatefulEngineOptions": 1}}`,
		`{}`, `[]`, `null`, `{"Vpcs": null}`, `{"Vpcs": [null, 1, "x", {}]}`,
		`{"Routes": [{"DestinationCidrBlock": "10.0.0.0/8"}], "AdditionalRoutesAvailable": false}`,
		`{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayRouteTablePropagations": [{}]}`,
		`{"Vpcs": []} {"Subnets": []}`,
		"\ufeff{\"Vpcs\": [{\"VpcId\": \"vpc-\\u0031\"}]}",
		"{\"Vpcs\": [{\"VpcId\": \"vpc-\xff\"}]}",
		`{"Vpcs": [{"VpcId": "vpc-1", "VpcId": "vpc-2"}]}`,
		"\xff\xfe{\x00}\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		jsondoc.TopLevel(src, IsResult)
		net, diags := Load([]model.Source{{Name: "fuzz.json", Bytes: src}})
		if net == nil {
			t.Fatal("Load returned no network")
		}
		for _, d := range diags {
			if s := d.Subject; s != nil {
				if s.Filename != "fuzz.json" || s.Start.Line < 1 || s.Start.Column < 1 || s.Start.Byte > len(src) || s.End.Byte < s.Start.Byte {
					t.Fatalf("diagnostic %q has subject %+v outside the %d-byte file", d.Summary, s, len(src))
				}
			}
		}
		net.Link()
		net.Validate()
	})
}

// firewallSeed is one describe-firewall, describe-firewall-policy and
// describe-rule-group output each, appended (firewall.go).
const firewallSeed = `{"Firewall": {"FirewallName": "edge", "FirewallArn": "arn:aws:network-firewall:eu-west-1:1:firewall/edge", "VpcId": "vpc-1",
  "FirewallPolicyArn": "arn:aws:network-firewall:eu-west-1:1:firewall-policy/p", "SubnetMappings": [{"SubnetId": "subnet-1"}]},
 "FirewallStatus": {"SyncStates": {"eu-west-1a": {"Attachment": {"SubnetId": "subnet-1", "EndpointId": "vpce-01", "Status": "READY"}}}}}
{"FirewallPolicyResponse": {"FirewallPolicyArn": "arn:aws:network-firewall:eu-west-1:1:firewall-policy/p", "FirewallPolicyName": "p"},
 "FirewallPolicy": {"StatelessDefaultActions": ["aws:forward_to_sfe"], "StatefulRuleGroupReferences": [{"ResourceArn": "arn:aws:network-firewall:eu-west-1:1:stateful-rulegroup/g", "Priority": 1}],
  "StatefulEngineOptions": {"RuleOrder": "STRICT_ORDER"}, "StatefulDefaultActions": ["aws:drop_established"]}}
{"RuleGroupResponse": {"RuleGroupArn": "arn:aws:network-firewall:eu-west-1:1:stateful-rulegroup/g", "Type": "STATEFUL"},
 "RuleGroup": {"RulesSource": {"StatefulRules": [{"Action": "PASS", "Header": {"Protocol": "TCP", "Source": "$HOME_NET", "SourcePort": "ANY", "Direction": "ANY", "Destination": "10.0.0.0/8", "DestinationPort": "[80,443]"}}]}}}
`
