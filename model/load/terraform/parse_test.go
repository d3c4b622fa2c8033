package terraform

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// bigConfig writes enough blocks to be parsed in chunks, with heredocs whose
// lines look like block ends, to check the cut never changes the result.
func bigConfig(blocks int, broken int) []byte {
	var b strings.Builder
	b.WriteString("variable \"x\" {\n  default = 1\n}\n")
	for i := range blocks {
		if i == broken {
			b.WriteString("resource \"aws_vpc\" \"broken\" {\n  cidr_block = \n}\n")
		}
		fmt.Fprintf(&b, "resource \"aws_vpc\" \"v%d\" {\n  cidr_block = \"10.%d.%d.0/24\"\n  tags = { Name = \"v%d\" }\n}\n", i, i/256%256, i%256, i)
		if i%97 == 0 {
			fmt.Fprintf(&b, "resource \"aws_iam_policy\" \"p%d\" {\n  policy = <<EOF\n{\n  \"a\": 1\n}\nEOF\n}\n", i)
		}
	}
	return []byte(b.String())
}

func TestChunkedParseMatchesWholeFile(t *testing.T) {
	for _, broken := range []int{-1, 1500} {
		src := bigConfig(3000, broken)
		if len(src) < 2*chunkedParseMin {
			t.Fatalf("test config too small: %d bytes", len(src))
		}
		whole, wdiags := hclsyntax.ParseConfig(src, "big.tf", hcl.InitialPos)
		chunked, cdiags := parseFile(src, "big.tf")
		if fmt.Sprint(wdiags) != fmt.Sprint(cdiags) {
			t.Errorf("broken=%d: diagnostics differ:\nwhole:   %v\nchunked: %v", broken, wdiags, cdiags)
		}
		wb, cb := whole.Body.(*hclsyntax.Body), chunked.Body.(*hclsyntax.Body)
		if len(wb.Blocks) != len(cb.Blocks) || len(wb.Attributes) != len(cb.Attributes) {
			t.Fatalf("broken=%d: %d/%d blocks, %d/%d attributes", broken, len(cb.Blocks), len(wb.Blocks), len(cb.Attributes), len(wb.Attributes))
		}
		for i := range wb.Blocks {
			w, c := wb.Blocks[i], cb.Blocks[i]
			if w.Range() != c.Range() || w.DefRange() != c.DefRange() || fmt.Sprint(w.Labels) != fmt.Sprint(c.Labels) {
				t.Fatalf("block %d: %s %v vs %s %v", i, c.Range(), c.Labels, w.Range(), w.Labels)
			}
			for name, wa := range w.Body.Attributes {
				if ca := c.Body.Attributes[name]; ca == nil || ca.Expr.Range() != wa.Expr.Range() {
					t.Fatalf("block %d attribute %s: %v vs %v", i, name, ca, wa)
				}
			}
		}
	}
}
