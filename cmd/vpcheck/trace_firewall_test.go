package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// The snapshots under testdata/snapshot-firewall (Batfish layout) and
// testdata/snapshot-firewall-raw (the raw aws network-firewall outputs)
// hold a distributed AWS Network Firewall: the internet gateway's edge route
// table sends each public subnet's block to the firewall endpoint of its
// zone, and each public subnet's default route goes back through it
// (https://docs.aws.amazon.com/network-firewall/latest/developerguide/arch-two-zone-igw.html).
// The files follow the Network Firewall API reference
// (https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DescribeFirewall.html
// and the DescribeFirewallPolicy, DescribeRuleGroup and ListFirewalls pages
// beside it); the endpoints are FirewallStatus.SyncStates' per zone.
const (
	fwSnapshot    = "testdata/snapshot-firewall"
	fwSnapshotRaw = "testdata/snapshot-firewall-raw"
)

// TestTraceSnapshotFirewall: a trace through the firewall hop there and
// back, one dropped by a stateless rule (FIREWALL_DROP naming it), one that
// only a domain list group could decide (unknown: FIREWALL_UNMODELLED);
// both snapshot layouts answer alike. The policy's stateless rules come
// first and aws:forward_to_sfe hands packets to the stateful engine, strict
// order: https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-policy-processing.html
func TestTraceSnapshotFirewall(t *testing.T) {
	tests := []struct {
		args              []string
		code              int
		disposition, why  string
		message, returned string
	}{
		{args: []string{"--from", "internet", "--to", "web-a", "--port", "443"}, code: exitOK, disposition: "ACCEPTED", why: "ACCEPTED", returned: "EXITS_NETWORK"},
		{args: []string{"--from", "internet", "--to", "web-b", "--port", "8443"}, code: exitOK, disposition: "ACCEPTED", why: "ACCEPTED", returned: "EXITS_NETWORK"},
		{args: []string{"--from", "internet", "--to", "web-a", "--port", "23"}, code: exitFindings, disposition: "DENIED_IN", why: "FIREWALL_DROP",
			message: "rule group no-telnet, stateless rule priority 10, aws:drop"},
		{args: []string{"--from", "web-a", "--to", "internet", "--port", "443"}, code: exitFindings, disposition: "UNSUPPORTED", why: "FIREWALL_UNMODELLED",
			message: "rule group egress-domains holds a domain list"},
	}
	for _, snap := range []string{fwSnapshot, fwSnapshotRaw} {
		for _, tt := range tests {
			t.Run(snap+" "+strings.Join(tt.args, " "), func(t *testing.T) {
				code, stdout, stderr := run(t, append([]string{"trace", "--format", "json", snap}, tt.args...)...)
				if code != tt.code {
					t.Fatalf("exit %d, want %d; stderr:\n%s\nstdout:\n%s", code, tt.code, stderr, stdout)
				}
				var r struct {
					traceRun
					Message string `json:"message"`
				}
				if err := json.Unmarshal([]byte(stdout), &r); err != nil {
					t.Fatalf("%v:\n%s", err, stdout)
				}
				if r.Disposition != tt.disposition || r.Code != tt.why || !strings.Contains(r.Message, tt.message) {
					t.Errorf("%s (%s) %q, want %s (%s) naming %q", r.Disposition, r.Code, r.Message, tt.disposition, tt.why, tt.message)
				}
				if tt.returned != "" && (r.Return == nil || r.Return.Code != tt.returned) {
					t.Errorf("return %+v, want %s", r.Return, tt.returned)
				}
				firewall := 0
				for _, h := range r.Hops {
					if strings.Contains(h.Detail, "firewall policy") {
						firewall++
					}
				}
				if firewall == 0 {
					t.Errorf("no firewall hop:\n%s", stdout)
				}
			})
		}
	}
}

// TestTraceFirewallGolden holds whole trace documents and texts through the
// firewall hop: each rule that decides is shown once (the policy's
// unknown filter, which repeats the rules, says nothing when it allows).
func TestTraceFirewallGolden(t *testing.T) {
	hcl := filepath.Join("..", "..", "analyzer", "testdata", "firewall-stateless", "firewall-stateless.net.hcl")
	for name, args := range map[string][]string{
		"snapshot-firewall-443.json": {"--format", "json", "--from", "internet", "--to", "web-a", "--port", "443", fwSnapshot},
		"snapshot-firewall-443.txt":  {"--from", "internet", "--to", "web-a", "--port", "443", fwSnapshot},
		"snapshot-firewall-23.txt":   {"--from", "internet", "--to", "web-a", "--port", "23", fwSnapshot},
		// The reply of a request a stateless rule passed meets the stateful
		// engine with no state for its flow: aws:drop_strict drops it.
		"firewall-stateless-443.txt": {"--from", "internet", "--to", "web-a", "--port", "443", hcl},
		// The embedded example: there and back through the endpoint of
		// web-a's zone; telnet dropped by a stateless rule; port 80 by a
		// stateful drop rule; egress left to a Suricata rules string.
		"distributed-firewall-443.txt":        {"--from", "internet", "--to", "web-a", "--port", "443", "example:distributed-firewall"},
		"distributed-firewall-443.json":       {"--format", "json", "--from", "internet", "--to", "web-b", "--port", "443", "example:distributed-firewall"},
		"distributed-firewall-23.txt":         {"--from", "internet", "--to", "web-a", "--port", "23", "example:distributed-firewall"},
		"distributed-firewall-80.txt":         {"--from", "internet", "--to", "web-b", "--port", "80", "example:distributed-firewall"},
		"distributed-firewall-egress-443.txt": {"--from", "web-a", "--to", "internet", "--port", "443", "example:distributed-firewall"},
	} {
		t.Run(name, func(t *testing.T) {
			_, stdout, _ := run(t, append([]string{"trace"}, args...)...)
			golden(t, filepath.Join("testdata", "trace", name), stdout)
			if strings.HasSuffix(name, ".txt") {
				seen := map[string]bool{}
				for _, line := range strings.Split(stdout, "\n") {
					if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "reply:") {
						seen = map[string]bool{} // a new table: the reply's
					}
					f := strings.Fields(line)
					if len(f) > 0 && (f[0] == "allowed:" || f[0] == "denied:") && strings.Contains(line, "firewall policy") {
						if seen[line] {
							t.Errorf("the line is shown twice at one hop: %s", line)
						}
						seen[line] = true
					}
					if len(f) > 0 && f[0] != "allowed:" && f[0] != "denied:" && f[0] != "rewrite:" {
						seen = map[string]bool{} // the next hop
					}
				}
			}
		})
	}
}

// TestReachSnapshotFirewall: reach through the snapshot's firewall: the
// policy's pass rules reach, a stateless drop is unreachable naming the
// rule, what a domain list decides is unknown.
func TestReachSnapshotFirewall(t *testing.T) {
	for _, tt := range []struct {
		from, to, port string
		code           int
		golden         string
	}{
		{"internet", "web-b", "8443", exitOK, "snapshot-firewall-8443.json"},
		{"internet", "web-a", "23", exitFindings, "snapshot-firewall-23.json"},
		{"internet", "web-b", "443", exitFindings, "snapshot-firewall-unknown.json"},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			code, stdout, stderr := run(t, "reach", "--format", "json", "--from", tt.from, "--to", tt.to, "--protocol", "tcp", "--port", tt.port, fwSnapshot)
			if code != tt.code {
				t.Fatalf("exit %d, want %d:\n%s\n%s", code, tt.code, stderr, stdout)
			}
			golden(t, filepath.Join("testdata", "trace", "reach-"+tt.golden), stdout)
		})
	}
}
