package layout

import (
	"os"
	"testing"
)

func TestRenderSamplesToDir(t *testing.T) {
	dir := os.Getenv("LAYOUT_SAMPLES")
	if dir == "" {
		t.Skip("LAYOUT_SAMPLES not set")
	}
	for name, g := range map[string]*Graph{"basic": basicVPC(), "traced": tracedPath(), "awkward": awkward(), "net30": network(30)} {
		for _, d := range []Direction{LeftToRight, TopToBottom} {
			l, err := Compute(g, Options{Direction: d})
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Create(dir + "/" + name + map[Direction]string{LeftToRight: "-lr", TopToBottom: "-tb"}[d] + ".svg")
			if err != nil {
				t.Fatal(err)
			}
			if err := l.WriteSVG(f, SVGOptions{Kinds: sampleKinds}); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
	}
}
