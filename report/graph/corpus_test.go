package graph

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/report"
	"github.com/vpcheck/vpcheck/report/graph/layout"
)

// corpusDir is the Batfish AWS corpus, ../shared/corpus/batfish-aws beside
// the repository root; the test skips when it is absent.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test directory, so no ../shared/corpus")
		}
		dir = parent
	}
	corpus := filepath.Join(dir, "..", "shared", "corpus", "batfish-aws")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("the Batfish AWS corpus is not at %s", corpus)
	}
	return corpus
}

// Every snapshot of the corpus draws: a well-formed graph that the layout
// accepts and every format writes.
func TestCorpusSnapshotsDraw(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(corpusDir(t), "test-*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no snapshots: %v", err)
	}
	for _, dir := range dirs {
		net, diags := load.Paths([]string{dir}, load.Options{})
		if diags.HasErrors() {
			t.Errorf("%s: %s", filepath.Base(dir), diags.Error())
			continue
		}
		g := Build(dataplane.Compile(net), Options{})
		if len(g.Clusters) == 0 {
			t.Errorf("%s: no VPC drawn", filepath.Base(dir))
		}
		if _, err := layout.Compute(ToLayout(g), layout.Options{}); err != nil {
			t.Errorf("%s: layout: %v", filepath.Base(dir), err)
		}
		for _, f := range report.GraphOutput.Formats() {
			if err := report.GraphOutput.Write(io.Discard, f, report.Picture{Drawing: g, Title: dir}, report.TextOptions{}); err != nil {
				t.Errorf("%s: %s: %v", filepath.Base(dir), f, err)
			}
		}
	}
}

// test-public-private-subnet: "Public subnet" routes 0.0.0.0/0 to the
// internet gateway; "Private subnet" routes to the virtual private gateway
// only, which AWS calls a VPN-only subnet.
func TestCorpusSubnetAccess(t *testing.T) {
	net, diags := load.Paths([]string{filepath.Join(corpusDir(t), "test-public-private-subnet")}, load.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g := Build(dataplane.Compile(net), Options{})
	for id, want := range map[string]string{"subnet:Public subnet": "public", "subnet:Private subnet": "vpn-only"} {
		c := g.Cluster(id)
		if c == nil {
			t.Fatalf("no cluster %s", id)
		}
		if got := detail(c.Details, "access"); got != want {
			t.Errorf("%s: access %q, want %q", id, got, want)
		}
	}
}
