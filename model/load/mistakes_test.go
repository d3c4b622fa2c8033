package load

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// Every check of a network ACL or security group rule runs on whatever
// loaded, in every input format: a rule with a bad action, port range or
// CIDR block still has its number checked, and each of its mistakes is
// reported, so one run lists them all (issue: a rule number outside
// 1-32766 went unreported when the rule had another mistake). Rule numbers
// run from 1 to 32766: https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
func TestEveryRuleMistakeAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		// want are "line:summary substring" pairs.
		want []string
	}{
		{"acl.net.hcl", `vpc "v" {
  cidr_block = "10.0.0.0/16"
}
network_acl "n" {
  vpc = vpc.v
  ingress {
    rule       = 40000
    action     = "permit"
    protocol   = "tcp"
    ports      = "80-70"
    cidr_block = "10.0.0.0/33"
  }
}
security_group "g" {
  vpc = vpc.v
  ingress {
    protocol    = "tcp"
    ports       = "80-70"
    cidr_blocks = ["10.0.0.0/33"]
  }
}
`, []string{"6:rule number 40000 is outside 1-32766", "8:invalid action", "10:invalid ports", "11:invalid cidr_block", "18:invalid ports", "19:cidr_blocks"}},
		{"main.tf", `resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_network_acl" "n" {
  vpc_id = aws_vpc.v.id
  ingress {
    rule_no    = 40000
    action     = "permit"
    protocol   = "tcp"
    from_port  = 80
    to_port    = 70
    cidr_block = "10.0.0.0/33"
  }
}
resource "aws_network_acl_rule" "r" {
  network_acl_id = aws_network_acl.n.id
  rule_number    = 50000
  protocol       = "bogus"
  rule_action    = "maybe"
  cidr_block     = "bad"
}
resource "aws_security_group" "g" {
  vpc_id = aws_vpc.v.id
  ingress {
    protocol    = "tcp"
    from_port   = 80
    to_port     = 70
    cidr_blocks = ["10.0.0.0/33"]
  }
}
`, []string{"6:rule number 40000 is outside 1-32766", "6:action \"permit\"", "6:port range 80-70", "6:\"10.0.0.0/33\" is not a valid CIDR",
			"17:rule number 50000 is outside 1-32766", "18:protocol \"bogus\"", "19:action \"maybe\"", "20:\"bad\" is not a valid CIDR",
			"24:port range 80-70", "24:\"10.0.0.0/33\" is not a valid CIDR"}},
		{"NetworkAcls.json", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
 "NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": false, "Entries": [
  {"RuleNumber": 40000, "RuleAction": "permit", "Protocol": "6", "Egress": false, "CidrBlock": "10.0.0.0/33", "PortRange": {"From": 80, "To": 70}},
  {"RuleNumber": 40001, "RuleAction": "allow", "Protocol": "bogus", "Egress": true, "CidrBlock": "0.0.0.0/0"}]}],
 "SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [
  {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 70, "IpRanges": [{"CidrIp": "10.0.0.0/33"}]},
  {"IpProtocol": "bogus", "IpRanges": [{"CidrIp": "bad"}]}]}]}
`, []string{"3:rule number 40000 is outside 1-32766", "3:rule action \"permit\"", "3:\"10.0.0.0/33\" is not a valid CIDR", "3:port range 80-70",
			"4:rule number 40001 is outside 1-32766", "4:protocol \"bogus\"",
			"6:port range 80-70", "6:\"10.0.0.0/33\" is not a valid CIDR", "7:protocol \"bogus\"", "7:\"bad\" is not a valid CIDR"}},
	} {
		dir := t.TempDir()
		write(t, dir, tc.name, tc.src)
		_, diags := Paths([]string{filepath.Join(dir, tc.name)}, Options{})
		for _, w := range tc.want {
			line, text, _ := strings.Cut(w, ":")
			found := false
			for _, d := range diags {
				if d.Severity == hcl.DiagError && d.Subject != nil && strconv.Itoa(d.Subject.Start.Line) == line && strings.Contains(d.Summary, text) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no error on line %s containing %q in:\n%s", tc.name, line, text, summaries(diags))
			}
		}
		// Each mistake once.
		seen := map[string]bool{}
		for _, d := range diags {
			k := d.Summary
			if d.Subject != nil {
				k = d.Subject.String() + k
			}
			if seen[k] {
				t.Errorf("%s: reported twice: %s", tc.name, k)
			}
			seen[k] = true
		}
	}
}

func summaries(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Subject != nil {
			b.WriteString(d.Subject.String() + " ")
		}
		b.WriteString(d.Summary + "\n")
	}
	return b.String()
}

// An invalid CIDR block (a number, here) is one error: not also Validate's
// "has no CIDR block" for the same mistake, in any format.
func TestInvalidCIDRReportedOnce(t *testing.T) {
	for _, tc := range []struct{ name, src string }{
		{"a.net.hcl", "vpc \"v\" {\n  cidr_block = 167772160\n}\nsubnet \"s\" {\n  vpc        = vpc.v\n  cidr_block = 10\n}\n"},
		{"main.tf", "resource \"aws_vpc\" \"v\" {\n  cidr_block = 167772160\n}\nresource \"aws_subnet\" \"s\" {\n  vpc_id     = aws_vpc.v.id\n  cidr_block = 10\n}\n"},
		{"Vpcs.json", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": 167772160}], "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": 10}]}`},
		{"plan.json", `{"format_version": "1.2", "terraform_version": "1.6.0", "planned_values": {"root_module": {"resources": [
  {"address": "aws_vpc.v", "mode": "managed", "type": "aws_vpc", "name": "v", "values": {"cidr_block": 167772160}},
  {"address": "aws_subnet.s", "mode": "managed", "type": "aws_subnet", "name": "s", "values": {"vpc_id": "vpc-1", "cidr_block": 10}}]}}}`},
	} {
		dir := t.TempDir()
		write(t, dir, tc.name, tc.src)
		_, diags := Paths([]string{filepath.Join(dir, tc.name)}, Options{})
		if len(diags) != 2 {
			t.Errorf("%s: want the two invalid blocks, each once:\n%s", tc.name, summaries(diags))
		}
	}
}
