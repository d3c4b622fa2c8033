package layout

import ("os";"testing";"time")

func TestTimeLimit(t *testing.T) {
	for _, v := range []int{48, 100, 160} {
		g := network(v)
		s := time.Now()
		l, _ := Compute(g, Options{})
		t.Log(len(g.Nodes), l.Method, time.Since(s))
	}
}

func TestGridSample(t *testing.T) {
	_, out := render(t, network(200), Options{})
	os.WriteFile("/tmp/s/grid.svg", out, 0o644)
	_, out = render(t, tracedPath(), Options{MaxLayered: -1})
	os.WriteFile("/tmp/s/grid-traced.svg", out, 0o644)
}
