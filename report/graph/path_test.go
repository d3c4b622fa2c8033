package graph

import (
	"slices"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/model"
)

// web-1 → app-1 on 8080 in public-private (EXPECTED.md: reachable, replies
// ok): the request goes from web-1 through its subnet's route table by the
// local route to app-1, the reply through app-a's table back. The symbolic
// answer's edges and the trace's numbered steps say the same.
func TestPathWebToApp(t *testing.T) {
	d := loadExample(t, "public-private")
	an := analyzer.New(d)
	want := []string{"instance:web-1", "route-table:public", "instance:app-1", "route-table:private-a", "instance:web-1"}

	g := Build(d, Options{})
	ans, err := an.Reach(analyzer.Query{From: "web-1", To: "app-1", Protocol: model.ProtoTCP})
	if err != nil {
		t.Fatal(err)
	}
	g.MarkReach(an, ans)
	var carries [][2]string
	for _, e := range g.Edges {
		if e.Carries {
			carries = append(carries, [2]string{e.From, e.To})
		}
	}
	for i := 1; i < len(want); i++ {
		if !slices.Contains(carries, [2]string{want[i-1], want[i]}) {
			t.Errorf("reach: %s → %s does not carry packets; carrying: %v", want[i-1], want[i], carries)
		}
	}
	if len(carries) != len(want)-1 {
		t.Errorf("reach: %d edges carry packets, want %d: %v", len(carries), len(want)-1, carries)
	}

	g = Build(d, Options{})
	tr, err := an.Trace(analyzer.TraceQuery{From: "web-1", To: "app-1", Protocol: model.ProtoTCP, DstPort: 8080, ICMPType: -1, ICMPCode: -1})
	if err != nil {
		t.Fatal(err)
	}
	g.MarkTrace(d, tr)
	if len(g.Path.Steps) != len(want)-1 {
		t.Fatalf("trace: steps %+v", g.Path.Steps)
	}
	for i, st := range g.Path.Steps {
		if st.Hop != i+1 || st.From != want[i] || st.To != want[i+1] || st.Return != (i >= 2) || st.Block != "" {
			t.Errorf("trace step %d = %+v, want %s → %s", i+1, st, want[i], want[i+1])
		}
	}
}

// A focus keeps the centre's contents, its neighbours within depth, their
// clusters, and the drawn path wherever it goes.
func TestFocus(t *testing.T) {
	d := loadExample(t, "tgw-hub")
	g := Build(d, Options{})
	f := g.Focus("subnet:dev-app-a", 0)
	for _, id := range []string{"subnet:dev-app-a", "instance:dev-1", "vpc:dev"} {
		if !f.Has(id) {
			t.Errorf("depth 0 lacks %s", id)
		}
	}
	if f.Has("route-table:dev-app") || len(f.Edges) != 0 {
		t.Errorf("depth 0 has neighbours: %d edges", len(f.Edges))
	}
	if f1 := g.Focus("subnet:dev-app-a", 1); !f1.Has("route-table:dev-app") || f1.Has("tgw-attachment:dev") {
		t.Errorf("depth 1: route table %v, attachment %v", f1.Has("route-table:dev-app"), f1.Has("tgw-attachment:dev"))
	}

	an := analyzer.New(d)
	tr, err := an.Trace(analyzer.TraceQuery{From: "dev-1", To: "api-1", Protocol: model.ProtoTCP, DstPort: 443, ICMPType: -1, ICMPCode: -1})
	if err != nil {
		t.Fatal(err)
	}
	g.MarkTrace(d, tr)
	f = g.Focus("subnet:dev-app-a", 0)
	for _, id := range []string{"tgw-route-table:dev", "tgw:hub", "tgw-attachment:dev"} {
		if !f.Has(id) {
			t.Errorf("focus drops %s, on the traced path", id)
		}
	}
}
