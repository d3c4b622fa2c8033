package main

import (
	"strings"
	"testing"
)

// TestNetworkOnlyPublicSubnets: in network-only Terraform (no instance) a
// public subnet — public IPs on launch and a route to an internet gateway —
// has a hypothetical host with a placeholder public IP, as an instance
// launched there would get
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html),
// reached through the gateway's one-to-one NAT
// (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html).
// A subnet without public IPs on launch has none; a network ACL admitting
// replies to 32768-65535 only drops the host's replies to lower ports
// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
func TestNetworkOnlyPublicSubnets(t *testing.T) {
	const dir = "../../analyzer/testdata/network-only"
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--from", "internet", "--to", "aws_subnet.public", "--port", "443"}, 0, "reachable"},
		{[]string{"--from", "internet", "--to", "aws_subnet.edge", "--port", "443"}, 0, "reachable"},
		{[]string{"--from", "internet", "--to", "aws_subnet.nopub", "--port", "443"}, 1, "not reachable"},
		{[]string{"--from", "aws_subnet.public", "--to", "internet", "--port", "443"}, 0, "reachable"},
		{[]string{"--from", "aws_subnet.edge", "--to", "internet", "--port", "443", "--src-port", "1024"}, 1, "no reply comes back"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			for _, cmd := range []string{"reach", "trace"} {
				code, out, stderr := run(t, append([]string{cmd, dir}, tt.args...)...)
				if code != tt.code {
					t.Errorf("%s: exit %d, want %d\n%s%s", cmd, code, tt.code, out, stderr)
				}
				if cmd == "reach" && !strings.Contains(out, tt.want) {
					t.Errorf("reach: output lacks %q:\n%s", tt.want, out)
				}
			}
		})
	}
	code, out, _ := run(t, "lint", dir, "--format", "compact")
	if code == 0 || !strings.Contains(out, "network acl aws_network_acl.edge denies replies entering subnet aws_subnet.edge to client ports tcp 1024-32767") {
		t.Errorf("lint (exit %d) should find the edge ACL's gap:\n%s", code, out)
	}
	if strings.Contains(out, "aws_subnet.public to client ports") {
		t.Errorf("the public subnet's default ACL drops no reply:\n%s", out)
	}
}
