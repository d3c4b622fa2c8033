package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/report"
)

// reachCase is one row of an example's EXPECTED.md "Reachability" table,
// asked through the whole command line. The expectations are EXPECTED.md's,
// derived there by hand from the AWS documentation; the golden file records
// the full JSON answer once it agrees with them.
type reachCase struct {
	name string   // the golden file's name, without .json
	args []string // reach's flags; the example is appended
	// arrives, ret: whether packets arrive (the "forward" field) and the
	// "return" field. The verdict follows: reachable when they arrive and
	// replies are not all blocked; exit 0 only when every reply comes back.
	arrives bool
	ret     string
	// code, when set, is the first blockers' codes, space-separated, in
	// path order: of blocked_by when not reachable, of return_blocked_by
	// when replies are partial or blocked. For "any" traffic a security
	// group that lets only some protocols out comes first, ahead of the
	// route or peering that stops the rest (reach lists every blocker on
	// the path, not only the one EXPECTED.md names).
	code string
}

// reachCases are, per embedded example, the pairs of its EXPECTED.md
// Reachability table. Rows the table leaves open (no code named) check the
// verdict only. "internet (e.g. 198.51.100.80)" is asked as that address.
var reachCases = map[string][]reachCase{
	"endpoints": {
		{name: "worker-1-s3", args: tcp("worker-1", "52.216.8.10", "443"), arrives: true, ret: "ok"},
		{name: "worker-2-s3", args: tcp("worker-2", "54.231.0.20", "443"), arrives: true, ret: "ok"},
		{name: "worker-1-ssm", args: tcp("worker-1", "10.70.1.100", "443"), arrives: true, ret: "ok"},
		{name: "worker-2-ssm-other-az", args: tcp("worker-2", "10.70.1.100", "443"), arrives: true, ret: "ok"},
		{name: "worker-1-internet", args: tcp("worker-1", "198.51.100.80", "443"), ret: "n/a", code: "SG_EGRESS_DENY"},
		{name: "notebook-1-ssm-over-peering", args: tcp("notebook-1", "10.70.1.100", "443"), arrives: true, ret: "ok"},
		{name: "notebook-1-s3", args: tcp("notebook-1", "52.216.8.10", "443"), ret: "n/a", code: "ENDPOINT_NOT_TRANSITIVE"},
		{name: "notebook-1-worker-1-ssh", args: tcp("notebook-1", "worker-1", "22"), ret: "n/a", code: "SG_EGRESS_DENY"},
	},
	"hybrid-vgw": {
		{name: "dc1-app-1", args: tcp("172.20.5.10", "app-1", "443"), arrives: true, ret: "ok"},
		{name: "dc1-app-2", args: tcp("172.20.5.10", "app-2", "443"), arrives: true, ret: "ok"},
		{name: "app-1-dc1", args: tcp("app-1", "172.20.5.10", "443"), arrives: true, ret: "ok"},
		{name: "app-1-db-1", args: tcp("app-1", "db-1", "5432"), arrives: true, ret: "ok"},
		{name: "dc1-db-1-reply-no-route", args: tcp("172.20.5.10", "db-1", "5432"), arrives: true, ret: "blocked", code: "NO_ROUTE"},
		{name: "app-1-internet", args: all("app-1", "internet"), ret: "n/a", code: "SG_EGRESS_DENY NO_ROUTE"},
		{name: "internet-app-1", args: all("internet", "app-1"), ret: "n/a"},
	},
	"inspection-vpc": {
		{name: "internet-web-1", args: tcp("internet", "web-1", "443"), arrives: true, ret: "ok"},
		{name: "web-1-internet", args: tcp("web-1", "198.51.100.80", "443"), arrives: true, ret: "ok"},
		// "Reachable as far as AWS forwarding goes": the reply passes
		// fw-1-eth0, whose group admits all of 10.60.0.0/16; what the
		// firewall software does with a reply it never saw start is not
		// AWS's data plane.
		{name: "internet-web-2-asymmetric", args: tcp("internet", "web-2", "443"), arrives: true, ret: "ok"},
		{name: "internet-web-1-ssh", args: tcp("internet", "web-1", "22"), ret: "n/a", code: "SG_INGRESS_DENY"},
		{name: "web-1-web-2", args: tcp("web-1", "10.60.11.10", "443"), arrives: true, ret: "ok"},
	},
	"ipv6-dualstack": {
		{name: "internet-web-1-ipv6", args: tcp("internet", "2001:db8:1234:1a00::10", "443"), arrives: true, ret: "ok"},
		{name: "internet-web-1", args: tcp("internet", "web-1", "443"), arrives: true, ret: "ok"},
		{name: "web-1-app-1", args: tcp("web-1", "10.100.10.10", "8080"), arrives: true, ret: "ok"},
		{name: "app-1-internet-ipv6", args: tcp("app-1", "2001:db8:ffff::80", "443"), arrives: true, ret: "ok"},
		{name: "app-1-internet-ipv4", args: tcp("app-1", "198.51.100.80", "443"), arrives: true, ret: "ok"},
		{name: "internet-app-1-ipv6-ssh", args: tcp("internet", "2001:db8:1234:1a0a::10", "22"), arrives: true, ret: "ok"},
		{name: "app-2-internet-ipv6", args: tcp("app-2", "2001:db8:ffff::80", "443"), ret: "n/a", code: "NO_ROUTE"},
		{name: "app-2-internet-ipv4", args: tcp("app-2", "198.51.100.80", "443"), arrives: true, ret: "ok"},
		// EXPECTED.md says "unreachable: app-b has no IPv6 path to or from the
		// internet at all". By the row above, inbound IPv6 is delivered by
		// the VPC router whatever app-b's route table says, so the request
		// arrives; it is the reply that has no ::/0 route in private-b.
		// Like hybrid-vgw's dc1 -> db-1, that is reachable with return
		// blocked: not a working connection.
		// https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
		{name: "internet-app-2-ipv6-ssh", args: tcp("internet", "2001:db8:1234:1a0b::10", "22"), arrives: true, ret: "blocked", code: "NO_ROUTE"},
	},
	"onprem-overlap": {
		{name: "app-1-ledger", args: tcp("app-1", "10.44.100.10", "443"), ret: "n/a", code: "NO_SUBNET"},
		{name: "app-1-dc-host", args: tcp("app-1", "10.44.8.20", "443"), ret: "n/a", code: "NO_HOST"},
		{name: "app-1-dc", args: tcp("app-1", "on_prem:dc", "443"), ret: "n/a"},
		{name: "batch-1-ledger", args: tcp("batch-1", "10.44.100.10", "443"), ret: "n/a", code: "NO_SUBNET"},
		{name: "ledger-app-1-reply-local", args: tcp("10.44.100.10", "app-1", "443"), arrives: true, ret: "blocked", code: "NO_SUBNET"},
		{name: "dc-batch-1", args: all("on_prem:dc", "batch-1"), ret: "n/a", code: "ONPREM_NO_ROUTE"},
		{name: "app-1-batch-1", args: tcp("app-1", "batch-1", "443"), ret: "n/a", code: "SG_INGRESS_DENY"},
	},
	"peering-transit": {
		{name: "app-1-tools-1", args: tcp("app-1", "tools-1", "443"), arrives: true, ret: "ok"},
		{name: "tools-1-db-1", args: tcp("tools-1", "db-1", "5432"), arrives: true, ret: "ok"},
		{name: "app-1-db-1", args: tcp("app-1", "db-1", "5432"), ret: "n/a", code: "PEERING_NOT_TRANSITIVE"},
		{name: "app-1-db-1-any", args: all("app-1", "db-1"), ret: "n/a", code: "SG_EGRESS_DENY PEERING_NOT_TRANSITIVE"},
		{name: "app-1-tools-1-ssh", args: tcp("app-1", "tools-1", "22"), ret: "n/a", code: "SG_EGRESS_DENY"},
	},
	"public-private": {
		{name: "internet-web-1", args: tcp("internet", "web-1", "443"), arrives: true, ret: "ok"},
		{name: "internet-web-1-ssh", args: tcp("internet", "web-1", "22"), ret: "n/a", code: "NACL_INGRESS_DENY"},
		{name: "web-1-app-1", args: tcp("web-1", "app-1", "8080"), arrives: true, ret: "ok"},
		{name: "web-1-app-2", args: tcp("web-1", "app-2", "8080"), arrives: true, ret: "ok"},
		{name: "app-1-internet", args: tcp("app-1", "198.51.100.80", "443"), arrives: true, ret: "ok"},
		{name: "app-2-internet", args: tcp("app-2", "internet", "443"), arrives: true, ret: "ok"},
		{name: "app-1-internet-http", args: tcp("app-1", "internet", "80"), ret: "n/a", code: "SG_EGRESS_DENY"},
		{name: "app-1-app-2", args: tcp("app-1", "app-2", "8080"), ret: "n/a", code: "SG_EGRESS_DENY"},
		{name: "web-1-internet", args: tcp("web-1", "internet", "443"), arrives: true, ret: "ok"},
		{name: "internet-app-1", args: all("internet", "app-1"), ret: "n/a"},
		{name: "internet-nat-a", args: tcp("internet", "203.0.113.21", "443"), ret: "n/a", code: "NAT_INBOUND"},
	},
	"sg-exposed": {
		{name: "internet-bastion-1", args: tcp("internet", "bastion-1", "22"), arrives: true, ret: "ok"},
		{name: "internet-bastion-1-rdp", args: tcp("internet", "bastion-1", "3389"), ret: "n/a", code: "SG_INGRESS_DENY"},
		{name: "internet-legacy-1", args: tcp("internet", "legacy-1", "22"), ret: "n/a"},
		{name: "internet-build-1", args: tcp("internet", "build-1", "22"), ret: "n/a"},
		{name: "legacy-1-internet", args: tcp("legacy-1", "198.51.100.80", "443"), ret: "n/a", code: "IGW_NO_PUBLIC_IP"},
		{name: "bastion-1-internet", args: tcp("bastion-1", "internet", "443"), arrives: true, ret: "ok"},
		{name: "bastion-1-build-1", args: tcp("bastion-1", "build-1", "22"), ret: "n/a", code: "SG_EGRESS_DENY"},
	},
	"tgw-hub": {
		{name: "dev-1-api-1", args: tcp("dev-1", "api-1", "443"), ret: "n/a", code: "TGW_BLACKHOLE"},
		{name: "dev-1-api-1-any", args: all("dev-1", "api-1"), ret: "n/a", code: "SG_EGRESS_DENY TGW_BLACKHOLE"},
		{name: "api-1-dev-1", args: tcp("api-1", "dev-1", "443"), ret: "n/a", code: "TGW_BLACKHOLE"},
		{name: "api-1-artifacts-1", args: tcp("api-1", "artifacts-1", "443"), arrives: true, ret: "ok"},
		{name: "dev-1-artifacts-1", args: tcp("dev-1", "artifacts-1", "443"), arrives: true, ret: "ok"},
		{name: "api-1-internet", args: tcp("api-1", "198.51.100.80", "443"), arrives: true, ret: "ok"},
		{name: "api-2-internet", args: tcp("api-2", "internet", "443"), arrives: true, ret: "ok"},
		{name: "datacenter-api-1", args: tcp("on_prem:datacenter", "api-1", "443"), arrives: true, ret: "ok"},
		{name: "datacenter-dev-1-ssh", args: tcp("on_prem:datacenter", "dev-1", "22"), arrives: true, ret: "ok"},
		{name: "datacenter-artifacts-1", args: tcp("on_prem:datacenter", "artifacts-1", "443"), arrives: true, ret: "ok"},
		{name: "internet-api-1", args: all("internet", "api-1"), ret: "n/a"},
		{name: "internet-dev-1", args: all("internet", "dev-1"), ret: "n/a"},
		{name: "internet-artifacts-1", args: all("internet", "artifacts-1"), ret: "n/a"},
		{name: "artifacts-1-datacenter-ssh", args: tcp("artifacts-1", "on_prem:datacenter", "22"), ret: "n/a", code: "SG_EGRESS_DENY"},
	},
	"three-tier-nacl": {
		{name: "internet-alb-a", args: tcp("internet", "alb-a", "443"), arrives: true, ret: "ok"},
		{name: "alb-a-app-1-replies-partial", args: tcp("alb-a", "app-1", "8080"), arrives: true, ret: "partial", code: "NACL_EGRESS_DENY"},
		{name: "alb-b-app-2-replies-partial", args: tcp("alb-b", "app-2", "8080"), arrives: true, ret: "partial", code: "NACL_EGRESS_DENY"},
		{name: "app-1-db-1-replies-partial", args: tcp("app-1", "db-1", "5432"), arrives: true, ret: "partial", code: "NACL_EGRESS_DENY"},
		{name: "app-1-internet", args: tcp("app-1", "198.51.100.80", "443"), arrives: true, ret: "ok"},
		{name: "app-2-internet", args: tcp("app-2", "internet", "443"), arrives: true, ret: "ok"},
		{name: "db-1-internet", args: all("db-1", "internet"), ret: "n/a", code: "SG_EGRESS_DENY"},
		{name: "internet-app-1", args: all("internet", "app-1"), ret: "n/a"},
		{name: "internet-db-1", args: all("internet", "db-1"), ret: "n/a"},
		{name: "app-1-db-1-ssh", args: tcp("app-1", "db-1", "22"), ret: "n/a", code: "SG_EGRESS_DENY"},
	},
}

func tcp(from, to, port string) []string {
	return []string{"--from", from, "--to", to, "--protocol", "tcp", "--port", port}
}

func all(from, to string) []string {
	return []string{"--from", from, "--to", to, "--protocol", "all"}
}

// TestReachExamplesGolden asks every EXPECTED.md pair through the command
// line, checks the verdict, return status and first blocker against the
// table, the exit code, that two runs print the same bytes, and the whole
// answer against testdata/reach/EXAMPLE/CASE.json (go test ./cmd/vpcheck
// -update rewrites those, to be reviewed before committing).
func TestReachExamplesGolden(t *testing.T) {
	examples := make([]string, 0, len(reachCases))
	for ex := range reachCases {
		examples = append(examples, ex)
	}
	sort.Strings(examples)
	for _, ex := range examples {
		for _, c := range reachCases[ex] {
			t.Run(ex+"/"+c.name, func(t *testing.T) {
				args := append([]string{"reach", "--format", "json"}, c.args...)
				args = append(args, "example:"+ex)
				code, out, stderr := run(t, args...)
				wantCode := exitFindings
				if c.arrives && (c.ret == "ok" || c.ret == "n/a") {
					wantCode = exitOK
				}
				if code != wantCode {
					t.Fatalf("exit %d, want %d; stderr:\n%s\n%s", code, wantCode, stderr, out)
				}
				if _, again, _ := run(t, args...); again != out {
					t.Fatal("two runs differ")
				}
				var doc report.ReachJSON
				if err := json.Unmarshal([]byte(out), &doc); err != nil {
					t.Fatalf("not JSON: %v\n%s", err, out)
				}
				checkReachVerdict(t, c, doc, out)
				path := filepath.Join("testdata", "reach", ex, c.name+".json")
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (go test ./cmd/vpcheck -update creates it)", err)
				}
				if string(want) != out {
					t.Errorf("%s differs (go test ./cmd/vpcheck -update rewrites it after review):\n%s", path, out)
				}
			})
		}
	}
}

func checkReachVerdict(t *testing.T, c reachCase, doc report.ReachJSON, out string) {
	t.Helper()
	reachable := c.arrives && c.ret != "blocked"
	verdict := "unreachable"
	if reachable {
		verdict = "reachable"
	}
	if doc.Forward != c.arrives || doc.Reachable != reachable || doc.Verdict != verdict || doc.Return != c.ret {
		t.Fatalf("forward %v reachable %v verdict %s return %q, want %v %v %s %q:\n%s", doc.Forward, doc.Reachable, doc.Verdict, doc.Return, c.arrives, reachable, verdict, c.ret, out)
	}
	if c.arrives && (len(doc.Flows) == 0 || doc.Witness == nil) {
		t.Errorf("an answer whose packets arrive has flows and a witness:\n%s", out)
	}
	if !c.arrives && len(doc.BlockedBy) == 0 {
		t.Errorf("an answer whose packets do not arrive names what blocks them:\n%s", out)
	}
	if c.code == "" {
		return
	}
	blockers := doc.BlockedBy
	if c.arrives {
		blockers = doc.ReturnBy
	}
	want := strings.Fields(c.code)
	got := codes(blockers)
	if len(got) < len(want) || strings.Join(got[:len(want)], " ") != c.code {
		t.Errorf("blockers %v, want them to begin with %s:\n%s", got, c.code, out)
	}
}

func codes(bs []report.BlockerJSON) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Code)
	}
	return out
}

// reachGoldenFilesAreCases keeps testdata/reach free of goldens whose case
// was removed (a stale golden would otherwise sit there unread).
func TestReachGoldenFilesAreCases(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "reach", "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for ex, cs := range reachCases {
		for _, c := range cs {
			known[filepath.Join("testdata", "reach", ex, c.name+".json")] = true
		}
	}
	for _, f := range files {
		if !known[f] {
			t.Errorf("%s belongs to no case in reachCases", f)
		}
	}
}

func TestReachFlags(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
	}{
		{args: []string{"--from", "a", "--to", "b"}},
		{args: []string{"--from", "a", "--to", "b", "--port", "443"}},
		{args: []string{"--from", "a", "--to", "b", "--port", "1024-2048", "--protocol", "tcp"}},
		{args: []string{"--from", "a", "--to", "b", "--protocol", "udp", "--port", "53", "--src-port", "5353"}},
		{args: []string{"--from", "a", "--to", "b", "--protocol", "icmp"}},
		{args: []string{"--from", "a", "--to", "b", "--protocol", "50"}},
		{args: []string{"--from", "a", "--to", "b", "--expect", "unreachable"}},
		{args: []string{"--from", "a", "--to", "b", "--port", "70000"}, wantErr: "--port: port range \"70000\""},
		{args: []string{"--from", "a", "--to", "b", "--port", "5-3"}, wantErr: "--port: port range \"5-3\""},
		{args: []string{"--from", "a", "--to", "b", "--port", "https"}, wantErr: "--port"},
		{args: []string{"--from", "a", "--to", "b", "--src-port", "65536"}, wantErr: "--src-port"},
		{args: []string{"--from", "a", "--to", "b", "--protocol", "icmp", "--port", "22"}, wantErr: "--port applies to tcp and udp, not icmp"},
		{args: []string{"--from", "a", "--to", "b", "--protocol", "bogus"}, wantErr: `protocol "bogus"`},
		{args: []string{"--from", "a", "--to", "b", "--expect", "forward"}},
		{args: []string{"--from", "a", "--to", "b", "--expect", "maybe"}, wantErr: `--expect must be reachable, unreachable, forward or blocked, not "maybe"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var got *reachOptions
			cmd := NewCmdReach(&IOStreams{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}, func(o *reachOptions) error {
				got = o
				return nil
			})
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			if err := cmd.Execute(); err != nil {
				t.Fatal(err)
			}
			_, err := got.query()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestReachExitCodes holds reach to the exit codes of docs/architecture.md,
// "The CLI contract": 0 reachable (or as --expect says), 1 not, 2 for a
// command line or selector the user got wrong, with the reason on stderr
// and nothing on stdout.
func TestReachExitCodes(t *testing.T) {
	const net = "example:public-private"
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string // each must appear in stderr
	}{
		{name: "reachable", args: tcp("web-1", "app-1", "8080"), code: exitOK},
		{name: "not reachable", args: tcp("app-1", "app-2", "8080"), code: exitFindings},
		{name: "expect reachable, is", args: append(tcp("web-1", "app-1", "8080"), "--expect", "reachable"), code: exitOK},
		{name: "expect unreachable, is not", args: append(tcp("app-1", "app-2", "8080"), "--expect", "unreachable"), code: exitOK},
		{name: "expect unreachable, is", args: append(tcp("web-1", "app-1", "8080"), "--expect", "unreachable"), code: exitFindings},
		// A flow is reachable only when its replies come back: a partial
		// return fails --expect reachable (the default) and passes
		// --expect forward. Network ACLs are stateless:
		// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
		{name: "replies partial fails reachable", args: append(tcp("alb-a", "app-1", "8080"), "example:three-tier-nacl"), code: exitFindings,
			stderr: []string{"expectation failed:", "some replies are blocked"}},
		{name: "replies partial, expect forward", args: append(tcp("alb-a", "app-1", "8080"), "--expect", "forward", "example:three-tier-nacl"), code: exitOK},
		{name: "replies partial is not unreachable", args: append(tcp("alb-a", "app-1", "8080"), "--expect", "unreachable", "example:three-tier-nacl"), code: exitFindings},
		{name: "replies blocked fails reachable", args: append(tcp("client-1", "server-1", "443"), verdictNet), code: exitFindings,
			stderr: []string{"the packets arrive but no reply comes back"}},
		{name: "replies blocked, expect reachable", args: append(tcp("client-1", "server-1", "443"), "--expect", "reachable", verdictNet), code: exitFindings},
		{name: "replies blocked, expect forward", args: append(tcp("client-1", "server-1", "443"), "--expect", "forward", verdictNet), code: exitOK},
		{name: "replies blocked, expect unreachable", args: append(tcp("client-1", "server-1", "443"), "--expect", "unreachable", verdictNet), code: exitOK},
		// "blocked": no packet may arrive, answered or not.
		{name: "replies blocked, expect blocked", args: append(tcp("client-1", "server-1", "443"), "--expect", "blocked", verdictNet), code: exitFindings,
			stderr: []string{"expectation failed:", "the packets arrive (no reply comes back), expected blocked"}},
		{name: "nothing arrives, expect blocked", args: append(tcp("app-1", "app-2", "8080"), "--expect", "blocked"), code: exitOK},
		{name: "expect blocked, is reachable", args: append(tcp("web-1", "app-1", "8080"), "--expect", "blocked"), code: exitFindings,
			stderr: []string{"is reachable, expected blocked"}},
		{name: "nothing arrives, expect forward", args: append(tcp("app-1", "app-2", "8080"), "--expect", "forward"), code: exitFindings},
		{name: "unknown selector", args: tcp("web-1", "ap-1", "8080"), code: exitUsage,
			stderr: []string{`selector "ap-1"`, "nothing in the network has this name", `did you mean "app-1"?`, "Run 'vpcheck reach --help'"}},
		{name: "a vpc, not its namesake gateway", args: tcp("prod", "app-1", "8080"), code: exitOK},
		{name: "ambiguous selector", args: append(tcp("shop", "web-1", "8080"), "testdata/ambiguous.net.hcl"), code: exitUsage,
			stderr: []string{`selector "shop": ambiguous`, "subnet:shop", "vpc:shop"}},
		{name: "not a source", args: tcp("web", "app-1", "8080"), code: exitUsage,
			stderr: []string{"a security group cannot be a source or destination"}},
		{name: "bad port", args: tcp("web-1", "app-1", "70000"), code: exitUsage, stderr: []string{"--port"}},
		{name: "bad expect", args: append(tcp("web-1", "app-1", "8080"), "--expect", "yes"), code: exitUsage, stderr: []string{"--expect"}},
		{name: "missing --to", args: []string{"--from", "web-1"}, code: exitUsage, stderr: []string{`required flag(s) "to" not set`}},
		{name: "unknown example", args: append(tcp("web-1", "app-1", "8080"), "example:nosuch"), code: exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"reach"}, tt.args...)
			if last := args[len(args)-1]; !strings.HasPrefix(last, "example:") && !strings.HasSuffix(last, ".net.hcl") && last != verdictNet {
				args = append(args, net)
			}
			code, stdout, stderr := run(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if tt.code == exitUsage && stdout != "" {
				t.Errorf("a usage error prints nothing on stdout:\n%s", stdout)
			}
		})
	}
}

// verdictNet is a server whose network ACL lets out only port 22
// (rules/testdata/reachability/verdict, whose assertions judge the same
// flows).
const verdictNet = "../../rules/testdata/reachability/verdict"

func TestReachTextReachable(t *testing.T) {
	code, stdout, _ := run(t, "reach", "--from", "web-1", "--to", "app-1", "--protocol", "tcp", "--port", "8080", "example:public-private")
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	lines := strings.Split(stdout, "\n")
	if lines[0] != "instance web-1 -> instance app-1: reachable" || lines[1] != "return: ok" {
		t.Errorf("verdict and return lines:\n%s", stdout)
	}
	header := regexp.MustCompile(`(?m)^PROTOCOL +SOURCE +DESTINATION +SRC PORTS +DST PORTS$`)
	row := regexp.MustCompile(`(?m)^tcp +10\.0\.0\.10/32 +10\.0\.10\.10/32 +1024-65535 +8080$`)
	if !header.MatchString(stdout) || !row.MatchString(stdout) {
		t.Errorf("flows table:\n%s", stdout)
	}
	if !strings.Contains(stdout, "witness: tcp 10.0.0.10:49152 -> 10.0.10.10:8080 (replayed on the fast path: ACCEPTED)") {
		t.Errorf("witness line:\n%s", stdout)
	}
	if strings.Contains(stdout, "blocked by:") {
		t.Errorf("a reachable answer with replies ok lists no blockers:\n%s", stdout)
	}
}

func TestReachTextBlocked(t *testing.T) {
	code, stdout, _ := run(t, "reach", "--from", "internet", "--to", "web-1", "--protocol", "tcp", "--port", "22", "example:public-private")
	if code != exitFindings {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	if !strings.HasPrefix(stdout, "internet -> instance web-1: not reachable\n\nblocked by:\n") {
		t.Errorf("verdict:\n%s", stdout)
	}
	// Every blocker on the path, in path order, with its source location.
	blockers := regexp.MustCompile(`(?m)^  (\S+) +.* \((example:public-private/\S+\.net\.hcl:\d+:\d+)\)$`).FindAllStringSubmatch(stdout, -1)
	var got []string
	for _, b := range blockers {
		got = append(got, b[1])
	}
	if strings.Join(got, " ") != "NACL_INGRESS_DENY SG_INGRESS_DENY" {
		t.Errorf("blockers %v:\n%s", got, stdout)
	}
	if strings.Contains(stdout, "PROTOCOL") || strings.Contains(stdout, "return:") {
		t.Errorf("an unreachable answer has no flows table and no return line:\n%s", stdout)
	}
}

func TestReachTextRepliesPartial(t *testing.T) {
	code, stdout, _ := run(t, "reach", "--from", "alb-a", "--to", "app-1", "--protocol", "tcp", "--port", "8080", "example:three-tier-nacl")
	if code != exitFindings {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	for _, want := range []string{": reachable in part (some replies are blocked)\nreturn: partial\n", "\nreplies blocked by:\n  NACL_EGRESS_DENY ", "network_acl app", "(example:three-tier-nacl/acl.net.hcl:"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

// With --src-port inside the range network_acl app lets replies out to
// (32768-60999), every reply passes.
func TestReachSrcPortNarrowsReplies(t *testing.T) {
	_, out, _ := run(t, "reach", "--format", "json", "--from", "alb-a", "--to", "app-1", "--protocol", "tcp", "--port", "8080", "--src-port", "40000", "example:three-tier-nacl")
	var doc report.ReachJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !doc.Reachable || doc.Verdict != "reachable" || doc.Return != "ok" || len(doc.Flows) != 1 || doc.Flows[0].SrcPorts != "40000" {
		t.Errorf("want reachable, return ok, one flow from port 40000:\n%s", out)
	}
}

// TestVerdictSameInReachAndTrace: reach's default expectation and trace
// judge a flow alike — it works only when its replies come back (network
// ACLs are stateless and filter replies too:
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
func TestVerdictSameInReachAndTrace(t *testing.T) {
	for _, c := range []struct {
		from, to, port string
		code           int
	}{
		{"client-1", "server-1", "443", exitFindings},
		{"server-1", "client-1", "22", exitOK},
	} {
		reach, out, _ := run(t, append([]string{"reach"}, append(tcp(c.from, c.to, c.port), verdictNet)...)...)
		trace, tout, _ := run(t, append([]string{"trace"}, append(tcp(c.from, c.to, c.port), verdictNet)...)...)
		if reach != c.code || trace != c.code {
			t.Errorf("%s -> %s:%s: reach exit %d, trace exit %d, want %d\n%s\n%s", c.from, c.to, c.port, reach, trace, c.code, out, tout)
		}
	}
}

// unknownNet routes a subnet to a carrier gateway, which vpcheck does not
// model (rules/testdata/reachability/unknown).
const unknownNet = "../../rules/testdata/reachability/unknown"

// TestReachUnknown: a path through something not modelled is unknown, not
// unreachable: JSON says "verdict": "unknown" (reachable false), names what
// was not modelled, and every --expect but a proven forward fails
// ("blocked" too: packets are proven to arrive, or not proven not to).
// https://docs.aws.amazon.com/vpc/latest/userguide/Carrier_Gateway.html
func TestReachUnknown(t *testing.T) {
	for _, c := range []struct {
		from, to string
		forward  bool
		codes    map[string]int // --expect value -> exit code
	}{
		{"aws_instance.wave", "198.51.100.80", false, map[string]int{"reachable": exitFindings, "unreachable": exitFindings, "forward": exitFindings, "blocked": exitFindings}},
		{"internet", "aws_instance.wave", true, map[string]int{"reachable": exitFindings, "unreachable": exitFindings, "forward": exitOK, "blocked": exitFindings}},
	} {
		code, out, _ := run(t, append([]string{"reach", "--format", "json"}, append(tcp(c.from, c.to, "443"), unknownNet)...)...)
		var doc report.ReachJSON
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if code != exitFindings || doc.Verdict != "unknown" || doc.Reachable || doc.Forward != c.forward ||
			len(doc.Unknown) == 0 || doc.Unknown[0].Code != "UNSUPPORTED_TARGET" {
			t.Errorf("%s -> %s: exit %d, want an unknown verdict naming UNSUPPORTED_TARGET:\n%s", c.from, c.to, code, out)
		}
		for e, want := range c.codes {
			code, _, stderr := run(t, append([]string{"reach", "--expect", e}, append(tcp(c.from, c.to, "443"), unknownNet)...)...)
			if code != want {
				t.Errorf("%s -> %s --expect %s: exit %d, want %d", c.from, c.to, e, code, want)
			}
			if want != exitOK && !strings.Contains(stderr, "is unknown: route table aws_route_table.wave: 0.0.0.0/0 goes to a target vpcheck does not model") {
				t.Errorf("%s -> %s --expect %s: stderr does not name what is not modelled:\n%s", c.from, c.to, e, stderr)
			}
		}
	}
	_, out, _ := run(t, append([]string{"reach"}, append(tcp("aws_instance.wave", "198.51.100.80", "443"), unknownNet)...)...)
	if !strings.Contains(out, ": unknown (the path crosses what vpcheck does not model)\n") || !strings.Contains(out, "\nnot modelled (where the packets go from here is unknown):\n  UNSUPPORTED_TARGET ") {
		t.Errorf("text answer:\n%s", out)
	}
	_, out, _ = run(t, append([]string{"trace", "--format", "json"}, append(tcp("aws_instance.wave", "198.51.100.80", "443"), unknownNet)...)...)
	if !strings.Contains(out, `"verdict": "unknown"`) {
		t.Errorf("trace JSON lacks the unknown verdict:\n%s", out)
	}
}

// TestReachIPv6Witness: the witness from the internet over IPv6 comes from
// a documentation address (RFC 3849), not "::", and IPv6 addresses are
// bracketed beside a port (RFC 3986). The internet gateway carries IPv6
// without translation:
// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
func TestReachIPv6Witness(t *testing.T) {
	_, out, _ := run(t, "reach", "--from", "internet", "--to", "2001:db8:1234:1a00::10", "--protocol", "tcp", "--port", "443", "example:ipv6-dualstack")
	if !strings.Contains(out, "witness: tcp [2001:db8:ffff::10]:49152 -> [2001:db8:1234:1a00::10]:443 (replayed on the fast path: ACCEPTED)") {
		t.Errorf("witness line:\n%s", out)
	}
	_, out, _ = run(t, "trace", "--from", "internet", "--to", "2001:db8:1234:1a00::10", "--protocol", "tcp", "--port", "443", "example:ipv6-dualstack")
	if !strings.Contains(out, "packet: tcp [2001:db8:ffff::10]:49152 -> [2001:db8:1234:1a00::10]:443\n") {
		t.Errorf("trace packet line:\n%s", out)
	}
}
