package native_test

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/native"
)

// docExample is one fenced ```hcl block of docs/format.md.
type docExample struct {
	info string // "net" or "part"
	line int    // line of the first line of code in the document
	src  string
}

func docExamples(t *testing.T) []docExample {
	t.Helper()
	f, err := os.Open("../../../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []docExample
	var cur *docExample
	var b strings.Builder
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```hcl "):
			cur = &docExample{info: strings.TrimSpace(strings.TrimPrefix(trimmed, "```hcl ")), line: n + 1}
			b.Reset()
		case cur != nil && trimmed == "```":
			cur.src = b.String()
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			b.WriteString(line + "\n")
		}
	}
	return out
}

// loadLinked runs the same steps as load.Paths on in-memory sources.
func loadLinked(srcs []model.Source) (*model.Network, hcl.Diagnostics) {
	net, diags := native.Load(srcs)
	diags = append(diags, net.Link()...)
	diags = append(diags, net.Validate()...)
	return net, diags
}

// TestDocExamples keeps docs/format.md honest: every ```hcl net block is a
// whole network that loads without diagnostics, and all ```hcl part blocks
// together form one network that does too.
func TestDocExamples(t *testing.T) {
	var parts []model.Source
	nets := 0
	for _, ex := range docExamples(t) {
		src := model.Source{Name: fmt.Sprintf("format.md:%d", ex.line), Bytes: []byte(ex.src)}
		switch ex.info {
		case "net":
			nets++
			if _, diags := loadLinked([]model.Source{src}); len(diags) > 0 {
				t.Errorf("example network at docs/format.md:%d: %s", ex.line, diags.Error())
			}
		case "part":
			parts = append(parts, src)
		default:
			t.Errorf("docs/format.md:%d: unknown example kind %q (want net or part)", ex.line-1, ex.info)
		}
	}
	if nets == 0 || len(parts) < 20 {
		t.Fatalf("found %d whole networks and %d parts in docs/format.md; the extraction is broken", nets, len(parts))
	}
	net, diags := loadLinked(parts)
	for _, d := range diags {
		t.Errorf("docs/format.md examples: %s", d.Error())
	}
	// Every kind has an example.
	counts := net.Counts()
	for _, k := range model.Kinds {
		if counts[k] == 0 {
			t.Errorf("docs/format.md has no example of %s", k)
		}
	}
}
