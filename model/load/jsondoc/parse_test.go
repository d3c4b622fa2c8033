package jsondoc

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

func TestParseRefuses(t *testing.T) {
	many := func(extra string) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range 40 {
			fmt.Fprintf(&b, "%q: %d, ", fmt.Sprintf("k%d", i), i)
		}
		b.WriteString(extra + "}")
		return b.String()
	}
	for _, tc := range []struct {
		src, msg string
		offset   int
	}{
		{"{\"a\": \"x\xffy\"}", "invalid UTF-8 (byte 0xff) in string", 8},
		{"{\"a\xc3\": 1}", "invalid UTF-8 (byte 0xc3)", 3},
		{"{\"a\": \"\xed\xa0\x80\"}", "invalid UTF-8 (byte 0xed)", 7}, // a UTF-16 surrogate written as UTF-8
		{`{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "VpcId": "vpc-2"}`, `duplicate member name "VpcId"`, 47},
		{`{"Vpcs": [{"a": 1}, {"b": 2, "b": 3}]}`, `duplicate member name "b"`, 29},
		{`{"Vpcs": [], "Vpcs": []}`, `duplicate member name "Vpcs"`, 13},
		{`{"a\u0062": 1, "ab": 2}`, `duplicate member name "ab"`, 15},
		{many(`"k3": 0`), `duplicate member name "k3"`, strings.Index(many(`"k3": 0`), `"k3": 0}`)},
	} {
		_, err := Parse([]byte(tc.src))
		if err == nil || !strings.Contains(err.Msg, tc.msg) || err.Offset != tc.offset {
			t.Errorf("Parse(%q) = %v, want %q at %d", tc.src, err, tc.msg, tc.offset)
			if err != nil {
				t.Logf("offset %d", err.Offset)
			}
		}
	}
}

func TestParseAccepts(t *testing.T) {
	for _, src := range []string{
		`{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}`, // the same name in different objects
		`{"Name": "é日本\u00e9 😀"}`,
		many(40),
	} {
		docs, err := Parse([]byte(src))
		if err != nil {
			t.Errorf("Parse(%q): %v", src, err)
			continue
		}
		var want any
		if json.Unmarshal([]byte(src), &want) != nil || len(docs) != 1 {
			t.Errorf("Parse(%q): %d documents", src, len(docs))
		}
	}
}

func many(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q: %d", fmt.Sprintf("k%d", i), i)
	}
	b.WriteString("}")
	return b.String()
}

// FuzzParse checks that Parse never panics, that what it accepts
// encoding/json accepts too, and that an error's offset is inside the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a": 1}`, `{"a": 1, "a": 2}`, "{\"a\": \"\xff\"}", `[1, "x", null, true, {"b": [{}]}]`, "\ufeff{}", "{\x00}\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		docs, err := Parse(src)
		if err != nil {
			if err.Offset < 0 || err.Offset > len(src) {
				t.Fatalf("error %q at offset %d of a %d-byte input", err.Msg, err.Offset, len(src))
			}
			return
		}
		if len(docs) == 1 && !json.Valid(src[docs[0].Start:docs[0].End]) {
			t.Fatalf("Parse accepted %q, encoding/json does not", src)
		}
	})
}

func TestPathAt(t *testing.T) {
	src := `{"a": {"b": [1, {"c": "x"}, [true, null]]}, "d": 2}`
	docs, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ after, path string }{
		{`"x"`, "a.b[1].c"},
		{`null`, "a.b[2][1]"},
		{`"d": 2`, "d"},
		{`[1`, "a.b[0]"},
		{`"x"}`, "a.b[1]"},
	} {
		end := strings.Index(src, tc.after) + len(tc.after)
		if path, v := PathAt(&docs[0], end); path != tc.path || v.End != end {
			t.Errorf("PathAt(%d after %q) = %q (value ending at %d), want %q", end, tc.after, path, v.End, tc.path)
		}
	}
}

// Pos counts columns in characters, on long lines too (where it counts
// from marks): the same as counting from the line's start.
func TestPosOnLongLines(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		switch i % 7 {
		case 0:
			b.WriteString("é")
		case 1:
			b.WriteString("日本")
		case 2:
			b.WriteString("😀")
		case 3:
			if i%700 == 3 {
				b.WriteString("\n")
			}
		default:
			b.WriteString("ab")
		}
	}
	src := []byte(b.String())
	f := NewFile("x.json", src)
	line, lineStart := 1, 0
	for off := 0; off <= len(src); off++ {
		if off > 0 && src[off-1] == '\n' {
			line, lineStart = line+1, off
		}
		if off < len(src) && !utf8.RuneStart(src[off]) {
			continue
		}
		want := hcl.Pos{Line: line, Column: utf8.RuneCount(src[lineStart:off]) + 1, Byte: off}
		if got := f.Pos(off); got != want {
			t.Fatalf("Pos(%d) = %+v, want %+v", off, got, want)
		}
	}
}
