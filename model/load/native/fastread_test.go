package native

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vpcheck/vpcheck/model"
)

// nativeCorpus returns every native file of the repository (examples,
// rule and analyzer fixtures, the bad-input corpus) and the inputs of the
// FuzzLoad corpus, by name.
func nativeCorpus(t testing.TB) map[string][]byte {
	out := map[string][]byte{}
	for _, pattern := range []string{
		"testdata/bad/*.net.hcl",
		"../../../fixtures/examples/*/*.net.hcl",
		"../../../rules/testdata/*/*.net.hcl",
		"../../../rules/testdata/*/*/*.net.hcl",
		"../../../analyzer/testdata/*.net.hcl",
		"../../../analyzer/testdata/*/*.net.hcl",
		"../../../analyzer/testdata/*/*/*.net.hcl",
	} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[f] = src
		}
	}
	for _, dir := range []string{"testdata/fuzz/FuzzLoad", "testdata/fuzz/FuzzFastRead"} {
		files, _ := filepath.Glob(dir + "/*")
		for _, f := range files {
			if src, ok := fuzzInput(t, f); ok {
				out[f] = src
			}
		}
	}
	if len(out) < 150 {
		t.Fatalf("found only %d native inputs", len(out))
	}
	return out
}

// fuzzInput reads the one []byte of a file in Go's fuzz corpus format.
func fuzzInput(t testing.TB, file string) ([]byte, bool) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(strings.TrimSpace(string(data)), "\n", 2)
	if len(lines) != 2 || lines[0] != "go test fuzz v1" {
		return nil, false
	}
	lit, ok := strings.CutPrefix(lines[1], "[]byte(")
	if !ok {
		return nil, false
	}
	s, err := strconv.Unquote(strings.TrimSuffix(lit, ")"))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return []byte(s), true
}

// tricky are inputs at the edges of what the fast reader accepts.
var tricky = map[string]string{
	"empty":                  "",
	"only comment":           "# nothing",
	"comment at end":         "vpc \"a\" {}\n# end",
	"non-ascii comment":      "# café\nvpc \"a\" {} // ü\n",
	"non-ascii at end":       "vpc \"a\" {}\n# café",
	"block comment":          "/* a\n b */ vpc \"a\" { /* c */\n  cidr_block = /* d */ \"10.0.0.0/16\" /* e\n */\n}\n",
	"crlf":                   "vpc \"a\" {\r\n  cidr_block = \"10.0.0.0/16\" # x\r\n}\r\n",
	"lone cr":                "vpc \"a\" {\r  cidr_block = \"10.0.0.0/16\"\n}\n",
	"tabs":                   "vpc \"a\" {\n\tcidr_block\t= \"10.0.0.0/16\"\n}\n",
	"empty string":           "vpc \"\" {\n  region = \"\"\n}\n",
	"dollar and percent":     "vpc \"a$\" {\n  region = \"$x%y$$z%%\"\n  account = \"100%\"\n}\n",
	"escape":                 "vpc \"a\" {\n  region = \"a\\\"b\"\n}\n",
	"interpolation":          "vpc \"a\" {\n  region = \"${x}\"\n}\n",
	"escaped interp":         "vpc \"a\" {\n  region = \"$${x}\"\n}\n",
	"numbers":                "network_acl \"n\" {\n  ingress {\n    rule = 1e2\n    icmp_type = -1\n    icmp_code = 1.5\n    ports = 0.5e+1\n  }\n}\n",
	"bad numbers":            "x = 1.2.3\ny = 1e\nz = 1.\n",
	"single line block":      "vpc \"a\" { cidr_block = \"10.0.0.0/16\" }\nsubnet \"s\" { vpc = vpc.a }\n",
	"single line list":       "vpc \"a\" { cidr_blocks = [\"10.0.0.0/16\", \"10.1.0.0/16\",] }\n",
	"ident labels":           "vpc a b {\n}\n",
	"index references":       "subnet \"s\" {\n  vpc = vpc[\"a\"]\n  x = vpc [ \"a\" ] . b\n  y = vpc[\n\"a\"\n]\n}\n",
	"references over lines":  "route_table \"r\" {\n  subnets = [\n    subnet.a,\n    subnet\n    .b,\n  ]\n}\n",
	"objects":                "vpc \"a\" {\n  tags = {\n    a = \"1\", b = \"2\"\n\n    \"c d\" = 3\n    e = [1, {f = true}]\n  }\n  x = {}\n}\n",
	"object for":             "vpc \"a\" {\n  y = { for = 1 }\n}\n",
	"object colon":           "vpc \"a\" {\n  tags = { a: \"1\" }\n}\n",
	"for expression":         "vpc \"a\" {\n  cidr_blocks = [for x in y: x]\n}\n",
	"operators":              "vpc \"a\" {\n  x = 1 + 2\n  y = 1 -2\n  z = a == b\n  w = true ? 1 : 2\n  v = [1, -2]\n}\n",
	"function":               "vpc \"a\" {\n  cidr_block = cidrsubnet(\"10.0.0.0/8\", 8, 1)\n}\n",
	"heredoc":                "vpc \"a\" {\n  region = <<EOT\nx\nEOT\n}\n",
	"null and bools":         "vpc \"a\" {\n  region = null\n  default = false\n  x = true\n}\n",
	"keyword traversal":      "vpc \"a\" {\n  y = true.x\n}\n",
	"duplicate attribute":    "vpc \"a\" {\n  region = \"x\"\n  region = \"y\"\n}\n",
	"unclosed":               "vpc \"a\" {\n  region = \"x\"\n",
	"missing newline":        "vpc \"a\" { region = \"x\" } vpc \"b\" {}\n",
	"nested blocks":          "security_group \"g\" {\n  ingress {\n    protocol = \"tcp\"\n  }\n  egress {}\n}\n",
	"ellipsis":               "x = [a...]\n",
	"unicode ident":          "vpc \"a\" {\n  région = 1\n}\n",
	"unicode string":         "vpc \"café\" {}\n",
	"bom":                    "\xef\xbb\xbfvpc \"a\" {}\n",
	"splat":                  "x = a.*.b\ny = a[*]\nz = a.0\n",
	"legacy":                 "x = a.b.c\ny = a-b.c_d-e\n",
	"eof after equals":       "x =",
	"eof after attr":         "x = 1",
	"eof in list":            "x = [1,",
	"top level attribute":    "x = 1\n",
	"comment in list":        "x = [ # a\n  1, // b\n  /* c */ 2\n]\n",
	"comment after value":    "x = {\n  a = 1 # c\n  b = 2\n}\n",
	"control character":      "x = \"a\x01b\x7f\"\n",
	"control outside string": "y = 1\x01\n",
	"nul":                    "x = 1\n\x00",
}

// TestFastReadBlocks: where the fast reader reads a source, its blocks are
// the very ones hclsyntax and the decoder make of it, and neither reports
// a diagnostic.
func TestFastReadBlocks(t *testing.T) {
	read := 0
	corpus := nativeCorpus(t)
	for name, src := range corpus {
		if sameBlocks(t, name, src) {
			read++
		}
	}
	for name, src := range tricky {
		t.Run(name, func(t *testing.T) { sameBlocks(t, name, []byte(src)) })
	}
	// The reader is only useful if it reads the files people write.
	if read < len(corpus)/2 {
		t.Errorf("the fast reader read only %d of %d native inputs", read, len(corpus))
	}
	t.Logf("the fast reader read %d of %d native inputs", read, len(corpus))
}

// TestFastReadExamples: the fast reader reads every example network.
func TestFastReadExamples(t *testing.T) {
	files, _ := filepath.Glob("../../../fixtures/examples/*/*.net.hcl")
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := fastDecode(src, f, hcl.InitialPos); !ok {
			t.Errorf("%s: the fast reader gave up", f)
		}
	}
}

// sameBlocks checks the fast reader against hclsyntax and decodeFile on
// src — every block, label, attribute, expression and range — and tells
// whether the fast reader read it.
func sameBlocks(t *testing.T, name string, src []byte) bool {
	t.Helper()
	fast, ok := fastDecode(src, name, hcl.InitialPos)
	if !ok {
		return false
	}
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	var slow fileBlocks
	diags = append(diags, decodeFile(f.Body, &slow)...)
	if len(diags) > 0 {
		t.Errorf("%s: the fast reader read a source with diagnostics: %s", name, diags.Error())
		return true
	}
	if !reflect.DeepEqual(fast, &slow) {
		t.Errorf("%s: blocks differ (-hclsyntax +fast):\n%s", name, cmp.Diff(&slow, fast, cmp.Exporter(func(reflect.Type) bool { return true })))
	}
	return true
}

// TestFastReadLoad: every native input loads to the same network, with
// the same diagnostics, with and without the fast reader, whole and cut
// at every top-level block.
func TestFastReadLoad(t *testing.T) {
	corpus := nativeCorpus(t)
	for name, src := range tricky {
		corpus["tricky: "+name] = []byte(src)
	}
	saved := minPiece
	defer func() { minPiece = saved }()
	for _, size := range []int{saved, 1} {
		minPiece = size
		for name, src := range corpus {
			sameLoad(t, name, src)
		}
	}
}

// sameLoad loads src with and without the fast reader and requires the
// same network (every object, field and range) and the same diagnostics.
func sameLoad(t *testing.T, name string, src []byte) {
	t.Helper()
	defer func() { readFast = true }()
	srcs := []model.Source{{Name: "x.net.hcl", Bytes: src}}
	readFast = true
	fast, fastDiags := Load(srcs)
	fastDiags = append(fastDiags, fast.Link()...)
	fastDiags = append(fastDiags, fast.Validate()...)
	readFast = false
	slow, slowDiags := Load(srcs)
	slowDiags = append(slowDiags, slow.Link()...)
	slowDiags = append(slowDiags, slow.Validate()...)
	if !reflect.DeepEqual(fastDiags, slowDiags) {
		t.Fatalf("%s: diagnostics differ:\nhclsyntax: %s\nfast:      %s", name, slowDiags.Error(), fastDiags.Error())
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("%s: networks differ (-hclsyntax +fast):\n%s", name, cmp.Diff(slow, fast, cmp.Exporter(func(reflect.Type) bool { return true })))
	}
}

// FuzzFastRead: on any input, the fast reader either gives up or makes
// the blocks hclsyntax and the decoder make, and loading gives the same network and diagnostics
// with it as without. Seeds: every native input of the repository, the
// tricky inputs above and testdata/fuzz/FuzzFastRead.
func FuzzFastRead(f *testing.F) {
	for _, src := range nativeCorpus(f) {
		f.Add(src)
	}
	for _, src := range tricky {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if bytes.Count(src, []byte("\n")) > 2000 {
			t.Skip("too long to compare quickly")
		}
		sameBlocks(t, "fuzz.net.hcl", src)
		sameLoad(t, "fuzz.net.hcl", src)
	})
}
