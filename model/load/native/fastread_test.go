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

	"github.com/vpcheck/vpcheck/fixtures/generate"
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
	"numbers":                "network_acl \"n\" {\n  ingress {\n    rule = 1e2\n    icmp_type = -1\n    icmp_code = 1.5\n    ports = 0.5e+1\n  }\n  egress {\n    rule = 007\n    ports = \"22\"\n  }\n}\n",
	"bad numbers":            "vpc \"a\" {\n  account = 1.2.3\n}\nvpc \"b\" {\n  account = 1e\n}\nvpc \"c\" {\n  account = 1.\n}\n",
	"single line block":      "vpc \"a\" { cidr_block = \"10.0.0.0/16\" }\nsubnet \"s\" { vpc = vpc.a }\n",
	"single line list":       "vpc \"a\" { cidr_blocks = [\"10.0.0.0/16\", \"10.1.0.0/16\",] }\n",
	"ident labels":           "vpc a {\n}\nsubnet b { vpc = vpc.a }\n",
	"two labels":             "vpc a b {\n}\n",
	"no label":               "vpc {\n}\n",
	"index references":       "subnet \"s\" {\n  vpc = vpc[\"a\"]\n}\nsubnet \"t\" {\n  vpc = vpc [ \"a\" ] . b\n}\nsubnet \"u\" {\n  vpc = vpc[\n\"a\"\n]\n}\nsubnet \"v\" {\n  vpc = vpc.a[\"b\"]\n}\n",
	"references over lines":  "route_table \"r\" {\n  subnets = [\n    subnet.a,\n    subnet\n    .b,\n  ]\n}\n",
	"objects":                "vpc \"a\" {\n  tags = {\n    a = \"1\", b = \"2\"\n\n    \"c d\" = 3\n    e = [1, {f = true}]\n  }\n  account = {}\n}\nvpc \"b\" {\n  tags = {a = \"1\"}\n}\n",
	"object for":             "vpc \"a\" {\n  tags = { for = 1 }\n}\n",
	"object colon":           "vpc \"a\" {\n  tags = { a: \"1\" }\n}\n",
	"for expression":         "vpc \"a\" {\n  cidr_blocks = [for x in y: x]\n}\n",
	"operators":              "vpc \"a\" {\n  account = 1 + 2\n}\nvpc \"b\" {\n  account = 1 -2\n}\nvpc \"c\" {\n  default = a == b\n}\nvpc \"d\" {\n  default = true ? 1 : 2\n}\n",
	"negative numbers":       "vpc \"a\" {\n  cidr_blocks = [1, -2, - 3]\n  account = -1\n}\n",
	"function":               "vpc \"a\" {\n  cidr_block = cidrsubnet(\"10.0.0.0/8\", 8, 1)\n}\n",
	"heredoc":                "vpc \"a\" {\n  region = <<EOT\nx\nEOT\n}\n",
	"null and bools":         "vpc \"a\" {\n  region = null\n  default = false\n  account = true\n}\n",
	"keyword traversal":      "vpc \"a\" {\n  region = true.x\n}\n",
	"duplicate attribute":    "vpc \"a\" {\n  region = \"x\"\n  region = \"y\"\n}\n",
	"unknown attribute":      "vpc \"a\" {\n  regoin = \"x\"\n}\n",
	"unknown block":          "vpc \"a\" {\n  route {}\n}\n",
	"attribute as block":     "vpc \"a\" {\n  region {}\n}\n",
	"block as attribute":     "security_group \"g\" {\n  ingress = {}\n}\n",
	"unclosed":               "vpc \"a\" {\n  region = \"x\"\n",
	"missing newline":        "vpc \"a\" { region = \"x\" } vpc \"b\" {}\n",
	"nested blocks":          "security_group \"g\" {\n  ingress {\n    protocol = \"tcp\"\n  }\n  egress {}\n  ingress { protocol = \"udp\" }\n}\n",
	"ellipsis":               "route_table \"r\" {\n  subnets = [a...]\n}\n",
	"unicode ident":          "vpc \"a\" {\n  région = 1\n}\n",
	"unicode string":         "vpc \"café\" {}\n",
	"bom":                    "\xef\xbb\xbfvpc \"a\" {}\n",
	"splat":                  "route_table \"r\" {\n  subnets = a.*.b\n}\nroute_table \"s\" {\n  subnets = a[*]\n}\nroute_table \"t\" {\n  subnets = a.0\n}\n",
	"dashes":                 "subnet \"a\" {\n  vpc = vpc.a-b_c-\n}\n",
	"eof after equals":       "vpc \"a\" {\n  region =",
	"eof after attribute":    "vpc \"a\" { region = \"x\" }",
	"eof in list":            "vpc \"a\" {\n  cidr_blocks = [1,",
	"top level attribute":    "region = \"x\"\n",
	"comment in list":        "vpc \"a\" {\n  cidr_blocks = [ # a\n    \"10.0.0.0/16\", // b\n    /* c */ \"10.1.0.0/16\"\n  ]\n}\n",
	"comment after value":    "vpc \"a\" {\n  tags = {\n    a = \"1\" # c\n    b = \"2\"\n  }\n}\n",
	"control character":      "vpc \"a\" {\n  region = \"a\x01b\x7f\"\n}\n",
	"control outside string": "vpc \"a\" {\n  account = 1\x01\n}\n",
	"nul":                    "vpc \"a\" {}\n\x00",
}

// mustRead are the tricky inputs the fast reader must read itself: the forms
// people write.
var mustRead = []string{
	"empty", "only comment", "comment at end", "non-ascii comment", "block comment", "crlf", "tabs",
	"empty string", "dollar and percent", "numbers", "single line block", "single line list",
	"ident labels", "index references", "references over lines", "objects", "null and bools",
	"nested blocks", "comment in list", "comment after value", "negative numbers", "dashes",
	"control character", "eof after attribute",
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
	for _, name := range mustRead {
		if _, ok := fastDecode([]byte(tricky[name]), name, hcl.InitialPos); !ok {
			t.Errorf("%s: the fast reader gave up", name)
		}
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

// TestFastReadGenerated: the fast reader reads every piece of a generated
// network, the shape of the large files it is for.
func TestFastReadGenerated(t *testing.T) {
	var b bytes.Buffer
	if err := generate.WriteNative(&b, generate.Default(20)); err != nil {
		t.Fatal(err)
	}
	p := parseAll([]model.Source{{Name: "g.net.hcl", Bytes: b.Bytes()}})[0]
	if len(p.parts) < 2 {
		t.Fatalf("%d bytes parsed as %d pieces; want several", b.Len(), len(p.parts))
	}
	for i, part := range p.parts {
		if part.blocks == nil {
			t.Errorf("the fast reader gave up on piece %d", i)
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
