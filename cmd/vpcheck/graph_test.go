package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/report"
	"github.com/vpcheck/vpcheck/report/graph"
)

func TestGraphFlags(t *testing.T) {
	var got *graphOptions
	cmd := NewCmdGraph(&IOStreams{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}, func(o *graphOptions) error {
		got = o
		return nil
	})
	cmd.SetArgs([]string{"--from", "a", "--to", "b", "--port", "443", "--focus", "vpc:prod", "--depth", "2", "--format", "mermaid", "x.net.hcl"})
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.From != "a" || got.To != "b" || got.Port != "443" || got.Focus != "vpc:prod" || got.Depth != 2 ||
		got.Format != report.FormatMermaid || len(got.Paths) != 1 || got.MaxInstances != graph.DefaultMaxInstances {
		t.Errorf("options = %+v", got)
	}
	for _, tt := range []struct {
		o    graphOptions
		want string
	}{
		{graphOptions{From: "a", Depth: 1, MaxInstances: 3}, "go together"},
		{graphOptions{Port: "443", Depth: 1, MaxInstances: 3}, "need --from"},
		{graphOptions{Depth: -1, MaxInstances: 3}, "--depth"},
		{graphOptions{Depth: 1, MaxInstances: 0}, "--max-instances"},
	} {
		if err := tt.o.check(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: error %v, want %q", tt.o, err, tt.want)
		}
	}
}

// graphDoc is what a test reads of graph --format json.
type graphDoc struct {
	Clusters []struct{ ID, Block string } `json:"clusters"`
	Nodes    []struct {
		ID     string
		Block  string
		OnPath bool `json:"on_path"`
	} `json:"nodes"`
	Edges []struct {
		ID      string
		Hops    []int
		Carries bool
		Block   string
	} `json:"edges"`
	Path *graph.Path `json:"path"`
}

func graphJSON(t *testing.T, args ...string) graphDoc {
	t.Helper()
	code, stdout, stderr := run(t, append([]string{"graph", "--format", "json"}, args...)...)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var doc graphDoc
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestGraphCommand(t *testing.T) {
	whole := graphJSON(t, "example:tgw-hub")
	if len(whole.Nodes) == 0 || len(whole.Clusters) == 0 || whole.Path != nil {
		t.Fatalf("whole graph: %d nodes, %d clusters, path %v", len(whole.Nodes), len(whole.Clusters), whole.Path)
	}
	focus := graphJSON(t, "--focus", "vpc:dev", "--depth", "0", "example:tgw-hub")
	if len(focus.Nodes) >= len(whole.Nodes) {
		t.Errorf("focus on vpc dev keeps %d of %d nodes", len(focus.Nodes), len(whole.Nodes))
	}
	for _, n := range focus.Nodes {
		if strings.Contains(n.ID, "prod") {
			t.Errorf("focus on vpc dev at depth 0 has %s", n.ID)
		}
	}

	// An element ID as drawn works too.
	if rt := graphJSON(t, "--focus", "tgw-route-table:dev", "--depth", "1", "example:tgw-hub"); len(rt.Nodes) == 0 || len(rt.Nodes) >= len(whole.Nodes) {
		t.Errorf("focus on tgw-route-table:dev keeps %d of %d nodes", len(rt.Nodes), len(whole.Nodes))
	}

	// With a port: the trace, blocked at the transit gateway's blackhole
	// (tgw-hub EXPECTED.md).
	tr := graphJSON(t, "--from", "dev-1", "--to", "api-1", "--port", "443", "example:tgw-hub")
	if tr.Path == nil || tr.Path.Kind != "trace" || tr.Path.Code != "TGW_BLACKHOLE" || len(tr.Path.Steps) == 0 {
		t.Fatalf("trace path = %+v", tr.Path)
	}
	blocked := false
	for _, n := range tr.Nodes {
		blocked = blocked || n.ID == "tgw-route-table:dev" && n.Block == "TGW_BLACKHOLE"
	}
	if !blocked {
		t.Error("tgw-route-table:dev is not marked TGW_BLACKHOLE")
	}

	// Without a port: the reach answer, reachable, with edges carrying it.
	re := graphJSON(t, "--from", "web-1", "--to", "app-1", "example:public-private")
	carries := 0
	for _, e := range re.Edges {
		if e.Carries {
			carries++
		}
	}
	if re.Path == nil || re.Path.Kind != "reach" || re.Path.Verdict != "reachable" || carries == 0 {
		t.Errorf("reach path = %+v, %d edges carry", re.Path, carries)
	}
}

func TestGraphErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "svg"}, "unknown format"},
		{[]string{"--from", "web-1"}, "go together"},
		{[]string{"--focus", "nosuch"}, "--focus"},
		{[]string{"--focus", "web"}, "security group"},
		{[]string{"--from", "web-1", "--to", "ap-1"}, `selector "ap-1"`},
		{[]string{"--from", "web-1", "--to", "app-1", "--port", "1-2"}, "--port"},
	} {
		code, stdout, stderr := run(t, append(append([]string{"graph"}, tt.args...), "example:public-private")...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) || stdout != "" {
			t.Errorf("%v: exit %d, stderr %q, want exit 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// Every format writes something of its own kind, and the HTML page lists
// the lint findings beside the picture, each pointing at its element.
func TestGraphFormats(t *testing.T) {
	for f, prefix := range map[string]string{"dot": "digraph vpcheck {", "mermaid": "flowchart LR", "html": "<!DOCTYPE html>", "json": "{"} {
		code, stdout, stderr := run(t, "graph", "--format", f, "example:three-tier-nacl")
		if code != exitOK || !strings.HasPrefix(stdout, prefix) {
			t.Errorf("%s: exit %d, output starts %.40q\n%s", f, code, stdout, stderr)
		}
		if f == "html" && !strings.Contains(stdout, `data-element="subnet:app-a"`) {
			t.Errorf("html: the nacl-ephemeral-gap finding on network_acl app does not point at subnet:app-a")
		}
	}
}
