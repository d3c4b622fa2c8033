package graph

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

// extension is each format's golden file suffix.
var extension = map[report.Format]string{report.FormatDot: "dot", report.FormatMermaid: "mmd", report.FormatHTML: "html", report.FormatJSON: "json"}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report/graph -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./report/graph -update and review the diff)", path)
	}
}

func render(t *testing.T, f report.Format, g *Graph, title string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := report.GraphOutput.Write(&b, f, report.Picture{Drawing: g, Title: title}, report.TextOptions{}); err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	return b.Bytes()
}

// Every embedded example in every format.
func TestGoldenExamples(t *testing.T) {
	for _, ex := range fixtures.Examples() {
		g := Build(loadExample(t, ex.Name), Options{})
		for _, f := range report.GraphOutput.Formats() {
			checkGolden(t, ex.Name+"."+extension[f], render(t, f, g, "example:"+ex.Name))
		}
	}
}

// pathCase is a path drawn on an example: a trace with a port, a reach
// answer without.
type pathCase struct {
	name, example, from, to string
	proto                   model.Protocol
	port, srcPort           uint16
}

// The expected answers are in each example's EXPECTED.md.
var pathCases = []pathCase{
	// ACCEPTED both ways through the internet gateway.
	{"trace-internet-web", "public-private", "internet", "web-1", model.ProtoTCP, 443, 0},
	// The reply from a source port 40000 is DENIED_OUT at network_acl db.
	{"trace-app-db-reply-denied", "three-tier-nacl", "app-1", "db-1", model.ProtoTCP, 5432, 40000},
	// Port 80 is not in network_acl web's inbound rules: NACL_INGRESS_DENY
	// at subnet web-a, drawn as a step from the gateway to the subnet.
	{"trace-internet-alb-nacl-denied", "three-tier-nacl", "internet", "alb-a", model.ProtoTCP, 80, 0},
	// Unreachable: TGW_BLACKHOLE in transit_gateway_route_table dev.
	{"trace-dev-prod-blackhole", "tgw-hub", "dev-1", "api-1", model.ProtoTCP, 443, 0},
	// Reachable, replies partial: NACL_EGRESS_DENY at network_acl db.
	{"reach-app-db", "three-tier-nacl", "app-1", "db-1", model.ProtoTCP, 0, 0},
	// Unreachable: SG_EGRESS_DENY and no route in route table db.
	{"reach-db-internet", "three-tier-nacl", "db-1", "internet", model.ProtoAll, 0, 0},
	// Reachable over the VPN through the transit gateway.
	{"reach-datacenter-api", "tgw-hub", "datacenter", "api-1", model.ProtoTCP, 0, 0},
}

func buildPath(t *testing.T, c pathCase) *Graph {
	t.Helper()
	d := loadExample(t, c.example)
	an := analyzer.New(d)
	var pinned []model.Object
	for _, s := range []string{c.from, c.to} {
		ep, err := an.Select(s)
		if err != nil {
			t.Fatal(err)
		}
		if ep.Object != nil {
			pinned = append(pinned, ep.Object)
		}
	}
	g := Build(d, Options{Pinned: pinned})
	if c.port != 0 {
		tr, err := an.Trace(analyzer.TraceQuery{From: c.from, To: c.to, Protocol: c.proto, DstPort: c.port, SrcPort: c.srcPort, ICMPType: -1, ICMPCode: -1})
		if err != nil {
			t.Fatal(err)
		}
		g.MarkTrace(d, tr)
	} else {
		ans, err := an.Reach(analyzer.Query{From: c.from, To: c.to, Protocol: c.proto})
		if err != nil {
			t.Fatal(err)
		}
		g.MarkReach(an, ans)
	}
	return g
}

func TestGoldenPaths(t *testing.T) {
	for _, c := range pathCases {
		g := buildPath(t, c)
		for _, f := range report.GraphOutput.Formats() {
			checkGolden(t, c.example+"."+c.name+"."+extension[f], render(t, f, g, c.example+" "+c.name))
		}
	}
}

// The neighbourhood of vpc dev: its contents, its attachment, and nothing
// of vpc prod but what an edge reaches.
func TestGoldenFocus(t *testing.T) {
	g := Build(loadExample(t, "tgw-hub"), Options{})
	f := g.Focus("vpc:dev", 1)
	checkGolden(t, "tgw-hub.focus-dev.dot", render(t, report.FormatDot, f, ""))
}
