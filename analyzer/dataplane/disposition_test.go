package dataplane

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"
)

// TestEveryCodeHasADisposition reads codes.go so that a code added there
// without a place in the taxonomy fails here rather than printing
// UNSUPPORTED.
func TestEveryCodeHasADisposition(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ast.Inspect(f, func(x ast.Node) bool {
		vs, ok := x.(*ast.ValueSpec)
		if !ok || vs.Type == nil || len(vs.Values) != 1 {
			return true
		}
		if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
			return true
		}
		lit, ok := vs.Values[0].(*ast.BasicLit)
		if !ok {
			return true
		}
		code, _ := strconv.Unquote(lit.Value)
		n++
		if _, ok := dispositions[Code(code)]; !ok {
			t.Errorf("code %s has no disposition", code)
		}
		return true
	})
	if n < 30 {
		t.Fatalf("found only %d codes in codes.go", n)
	}
	if got := DispositionOf(CodeSrcDstCheck, NodeENIIn); got != DeniedIn {
		t.Errorf("source/destination check at a receiving ENI: %s", got)
	}
}
