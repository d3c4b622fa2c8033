package native

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vpcheck/vpcheck/model"
)

// loadWithPieces loads src with pieces of at least size bytes.
func loadWithPieces(size int, src []byte) (*model.Network, string) {
	saved := minPiece
	minPiece = size
	defer func() { minPiece = saved }()
	net, diags := Load([]model.Source{{Name: "x.net.hcl", Bytes: src}})
	net.Files = nil
	return net, diags.Error()
}

// sameWithAndWithoutCuts checks that cutting src at every top-level line
// changes nothing: not one object, range or diagnostic.
func sameWithAndWithoutCuts(t *testing.T, src []byte) {
	t.Helper()
	whole, wholeDiags := loadWithPieces(1<<40, src)
	cutNet, cutDiags := loadWithPieces(1, src)
	if wholeDiags != cutDiags {
		t.Fatalf("diagnostics differ when the file is cut:\nwhole: %s\ncut:   %s", wholeDiags, cutDiags)
	}
	if !reflect.DeepEqual(whole, cutNet) {
		t.Fatalf("networks differ when the file is cut")
	}
}

func TestCutEqualsWhole(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.net.hcl")
	seeds, _ := filepath.Glob("testdata/fuzz/FuzzLoad/*")
	if len(files) == 0 || len(seeds) == 0 {
		t.Fatal("no test inputs")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(f), func(t *testing.T) { sameWithAndWithoutCuts(t, src) })
	}
	tricky := map[string]string{
		// Header-like lines inside constructs the scan does not follow, or
		// follows only in part: the cut before them must not be used.
		"heredoc":                  "vpc \"a\" {\n  cidr_block = \"10.0.0.0/16\"\n  region = <<EOT\nsubnet \"x\" {\nEOT\n}\nvpc \"b\" {\n  cidr_block = \"10.1.0.0/16\"\n}\n",
		"block comment":            "/*\nvpc \"x\" {\n*/\nvpc \"a\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n",
		"template":                 "vpc \"a\" {\n  region = \"${\"}\"}\"\n  cidr_block = \"10.0.0.0/16\"\n}\nvpc \"b\" {\n  cidr_block = \"10.1.0.0/16\"\n}\n",
		"multi-line interpolation": "vpc \"a\" {\n  region = \"${\nupper(\"x\")}\"\n}\nvpc \"b\" {}\n",
		"unindented body":          "vpc \"a\" {\ncidr_block = \"10.0.0.0/16\"\nregion = \"x\"\n}\nsubnet \"s\" {\nvpc = vpc.a\n}\n",
		"list over lines":          "network_acl \"n\" {\n  subnets = [\nsubnet.a,\nsubnet.b]\n  vpc = vpc.v\n}\n",
		"crlf":                     "vpc \"a\" {\r\n  cidr_block = \"10.0.0.0/16\"\r\n}\r\nvpc \"b\" {\r\n  cidr_block = \"10.0.0.1/16\"\r\n}\r\n",
		"unicode":                  "vpc \"ä\" {\n  tags = { name = \"café\" }\n  cidr_block = \"10.0.0.0/16\"\n}\nvpc \"b\" {\n  cidr_blok = \"x\"\n}\n",
	}
	for name, src := range tricky {
		t.Run(name, func(t *testing.T) { sameWithAndWithoutCuts(t, []byte(src)) })
	}
}

func TestCutLargeFile(t *testing.T) {
	saved := minPiece
	minPiece = 4 << 10
	defer func() { minPiece = saved }()
	var b strings.Builder
	for b.Len() < 4*minPiece {
		b.WriteString("vpc \"v" + strings.Repeat("x", b.Len()%7) + "\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n")
	}
	src := []byte(b.String())
	if n := len(cut(0, src)); n < 3 {
		t.Fatalf("a %d-byte file was cut into %d pieces; want several", len(src), n)
	}
	p := parseAll([]model.Source{{Name: "big.net.hcl", Bytes: src}})[0]
	if len(p.parts) < 3 || len(p.diags) > 0 {
		t.Fatalf("parsed into %d pieces with diagnostics %v", len(p.parts), p.diags)
	}
	sameWithAndWithoutCuts(t, src)
}

// FuzzCut: cutting a file at every top-level line never changes the result.
func FuzzCut(f *testing.F) {
	files, _ := filepath.Glob("testdata/bad/*.net.hcl")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("vpc \"a\" {\n  cidr_block = \"10.0.0.0/16\"\n}\nvpc \"b\" {}\n"))
	f.Add([]byte("vpc \"a\" {\n  region = <<-EOT\n  x\n  EOT\n}\nsubnet \"b\" {}\n"))
	f.Fuzz(func(t *testing.T, src []byte) { sameWithAndWithoutCuts(t, src) })
}

// TestNavigationWithoutTrees: the files Load keeps give hcl's diagnostic
// writer the same "in block …" context as the parsed file would, cut or not.
func TestNavigationWithoutTrees(t *testing.T) {
	src := []byte("vpc \"a\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nsecurity_group \"web\" {\n  vpc = vpc.a\n  ingress {\n    protocol = \"tcp\"\n    ports = 443\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\nsubnet \"s\" {\n  vpc = vpc.a\n}\n")
	type contexter interface{ ContextString(int) string }
	f, _ := hclsyntax.ParseConfig(src, "x.net.hcl", hcl.InitialPos)
	ref := f.Nav.(contexter)
	for _, size := range []int{1, 1 << 40} {
		saved := minPiece
		minPiece = size
		net, diags := Load([]model.Source{{Name: "x.net.hcl", Bytes: src}})
		minPiece = saved
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		kept := net.Files["x.net.hcl"]
		if kept.Body != nil || !reflect.DeepEqual(kept.Bytes, src) {
			t.Fatalf("pieces of %d: the kept file should hold the source and no syntax tree", size)
		}
		nav := kept.Nav.(contexter)
		seen := map[string]bool{}
		for off := 0; off <= len(src); off++ {
			got, want := nav.ContextString(off), ref.ContextString(off)
			if got != want {
				t.Errorf("pieces of %d, offset %d: context %q, want %q", size, off, got, want)
			}
			seen[got] = true
		}
		if !seen[`security_group "web"`] || !seen[`subnet "s"`] {
			t.Errorf("pieces of %d: contexts seen %v", size, seen)
		}
	}
}
