package native_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model/load"
)

// wantPattern is an expectation a bad file declares in its leading comments:
// # want LINE:COL "message substring"
var wantPattern = regexp.MustCompile(`^#\s*want\s+(\d+):(\d+)\s+(".*")\s*$`)

type want struct {
	line, col int
	text      string
}

// wantsOf reads the expectations at the top of a file.
func wantsOf(t *testing.T, src []byte) []want {
	t.Helper()
	var out []want
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		m := wantPattern.FindStringSubmatch(sc.Text())
		if m == nil {
			break
		}
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		text, err := strconv.Unquote(m[3])
		if err != nil {
			t.Fatalf("bad want line %q: %v", sc.Text(), err)
		}
		out = append(out, want{line, col, text})
	}
	return out
}

// TestBadInputs loads every file of testdata/bad through the whole load
// path (parse, decode, Link, Validate) and checks that each diagnostic the
// file declares is reported at the declared line and column, as an error.
func TestBadInputs(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.net.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("only %d bad inputs; the corpus should cover at least 30 mistakes", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".net.hcl"), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			wants := wantsOf(t, src)
			if len(wants) == 0 {
				t.Fatal("the file declares no # want line")
			}
			_, diags := load.Paths([]string{file}, load.Options{})
			if !diags.HasErrors() {
				t.Fatal("no error reported")
			}
			for _, w := range wants {
				if !reported(diags, file, w) {
					t.Errorf("want an error at %d:%d containing %q; got:\n%s", w.line, w.col, w.text, listing(diags))
				}
			}
		})
	}
}

func reported(diags hcl.Diagnostics, file string, w want) bool {
	for _, d := range diags {
		if d.Severity != hcl.DiagError || d.Subject == nil {
			continue
		}
		s := d.Subject
		if filepath.Clean(s.Filename) != filepath.Clean(file) || s.Start.Line != w.line || s.Start.Column != w.col {
			continue
		}
		if strings.Contains(d.Summary+"\n"+d.Detail, w.text) {
			return true
		}
	}
	return false
}

func listing(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		at := "-"
		if d.Subject != nil {
			at = fmt.Sprintf("%d:%d", d.Subject.Start.Line, d.Subject.Start.Column)
		}
		fmt.Fprintf(&b, "\t%s %s: %s | %s\n", at, severity(d.Severity), d.Summary, d.Detail)
	}
	return b.String()
}

func severity(s hcl.DiagnosticSeverity) string {
	if s == hcl.DiagWarning {
		return "warning"
	}
	return "error"
}
