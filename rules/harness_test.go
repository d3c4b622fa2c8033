package rules

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// update rewrites golden files and docs/rules pages: go test ./rules -update.
var update = flag.Bool("update", false, "rewrite golden files and the docs/rules pages")

// want is one expectation written in a fixture:
//
//	route { # want non-transitive-peering "10.30.0.0/16"
//
// on the line where the finding must land, or on a line of its own
// directly above it. The finding's message must contain the quoted text.
type want struct {
	rule, substr string
	file         string
	line         int
	at           hcl.Range
	matched      bool
}

var wantRE = regexp.MustCompile(`^want\s+([a-z0-9-]+)\s+("(?:[^"\\]|\\.)*")\s*$`)

// silentRE marks a silent case in a fixture: "# silent: <what must not be reported>".
var silentRE = regexp.MustCompile(`^silent:\s*\S`)

// fixtureComments returns the wants of every file, and how many silent cases the files declare.
func fixtureComments(t *testing.T, files map[string]*hcl.File) (wants []*want, silent int) {
	t.Helper()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f := files[n]
		if f == nil || !(ignorable(n) || strings.HasSuffix(n, ".vpcheck.hcl")) {
			continue
		}
		tokens, _ := hclsyntax.LexConfig(f.Bytes, n, hcl.InitialPos)
		lines := newLineIndex(tokens)
		// A marker on a line of its own applies to the next line that is
		// not itself a marker.
		markerLine := map[int]bool{}
		for i, tok := range tokens {
			text := commentText(tok.Bytes)
			if tok.Type == hclsyntax.TokenComment && lines.standalone(i) && (strings.HasPrefix(text, "want ") || silentRE.MatchString(text)) {
				markerLine[tok.Range.Start.Line] = true
			}
		}
		for i, tok := range tokens {
			if tok.Type != hclsyntax.TokenComment {
				continue
			}
			text := commentText(tok.Bytes)
			if silentRE.MatchString(text) {
				silent++
				continue
			}
			if !strings.HasPrefix(text, "want ") {
				continue
			}
			m := wantRE.FindStringSubmatch(text)
			if m == nil {
				t.Errorf("%s: malformed want comment %q: write # want <rule-id> \"substring\"", tok.Range, text)
				continue
			}
			substr, err := strconv.Unquote(m[2])
			if err != nil {
				t.Errorf("%s: %v", tok.Range, err)
				continue
			}
			line := tok.Range.Start.Line
			if lines.standalone(i) {
				for line++; markerLine[line]; line++ {
				}
			}
			wants = append(wants, &want{rule: m[1], substr: substr, file: n, line: line, at: tok.Range})
		}
	}
	return wants, silent
}

// checkFindings fails t for every finding no want expects and every want
// (of a rule in checked) no finding meets.
func checkFindings(t *testing.T, findings []Finding, wants []*want, checked map[string]bool) {
	t.Helper()
	for _, f := range findings {
		found := false
		for _, w := range wants {
			if !w.matched && w.rule == f.Rule && w.file == f.Range.Filename && w.line == f.Range.Start.Line &&
				strings.Contains(f.Message, w.substr) {
				w.matched, found = true, true
				break
			}
		}
		if !found {
			t.Errorf("%s:%d: unexpected %s finding (%s): %s", f.Range.Filename, f.Range.Start.Line, f.Rule, f.Severity, f.Message)
		}
	}
	for _, w := range wants {
		if !w.matched && checked[w.rule] {
			t.Errorf("%s:%d: no %s finding containing %q", w.file, w.line, w.rule, w.substr)
		}
	}
}

// loadFixture loads one fixture (a file, or a directory as one network)
// and fails on any input error: a fixture must be a valid network.
func loadFixture(t *testing.T, path string) *model.Network {
	t.Helper()
	net, diags := load.Paths([]string{path}, load.Options{})
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			t.Errorf("%s: input error: %s", path, d.Error())
		}
	}
	if net == nil || diags.HasErrors() {
		t.FailNow()
	}
	return net
}

// onlyRule configures a run of one rule.
func onlyRule(id string) *Config {
	cfg := &Config{}
	for _, r := range registry {
		if r.ID != id {
			cfg.Disable = append(cfg.Disable, r.ID)
		}
	}
	return cfg
}

// fixtures lists the fixtures of a rule: every *.net.hcl and *.tf file of
// testdata/<id>, and every subdirectory (one network per directory).
func fixtures(t *testing.T, id string) []string {
	t.Helper()
	dir := filepath.Join("testdata", id)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("rule %s has no fixtures: %v", id, err)
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasSuffix(n, ".net.hcl") || strings.HasSuffix(n, ".tf") {
			out = append(out, filepath.Join(dir, n))
		}
	}
	return out
}

// TestRuleFixtures runs each rule alone on its fixtures (unused-ignore with
// every rule, since it judges the others' ignores) and checks every
// finding against the fixtures' want comments. Each rule needs at least
// two firing and two silent cases.
func TestRuleFixtures(t *testing.T) {
	for _, r := range All() {
		t.Run(r.ID, func(t *testing.T) {
			fired, silent := 0, 0
			for _, path := range fixtures(t, r.ID) {
				net := loadFixture(t, path)
				cfg, checked := onlyRule(r.ID), map[string]bool{r.ID: true}
				if r == UnusedIgnore {
					cfg, checked = &Config{}, map[string]bool{}
					for _, x := range registry {
						checked[x.ID] = true
					}
				}
				// A fixture directory may carry its own .vpcheck.hcl (the
				// reachability rule's assertions); its wants count too.
				if conf := filepath.Join(path, ".vpcheck.hcl"); fileExists(conf) {
					c, f, d := LoadConfig(conf)
					if d.HasErrors() {
						t.Fatalf("%s: %s", conf, d.Error())
					}
					cfg.Assertions = c.Assertions
					net.Files[conf] = f
				}
				findings, diags, err := Run(net, cfg)
				if err != nil {
					t.Fatal(err)
				}
				if r != UnusedIgnore && len(diags) > 0 {
					t.Errorf("%s: diagnostics: %v", path, diags)
				}
				wants, s := fixtureComments(t, net.Files)
				silent += s
				for _, w := range wants {
					if w.rule == r.ID {
						fired++
					}
				}
				checkFindings(t, findings, wants, checked)
			}
			if fired < 2 || silent < 2 {
				t.Errorf("rule %s has %d firing and %d silent fixture cases; it needs at least 2 of each (# want %s \"...\" and # silent: ...)", r.ID, fired, silent, r.ID)
			}
		})
	}
}

// TestExamples runs every rule on the embedded example networks and checks
// the findings against golden files. The examples are what users run and
// read, so they carry no test annotations: a want or silent comment there
// would show up in lint's source snippets.
func TestExamples(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "fixtures", "examples", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			net := loadFixture(t, dir)
			findings, diags, err := Run(net, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(diags) > 0 {
				t.Errorf("diagnostics: %v", diags)
			}
			if wants, silent := fixtureComments(t, net.Files); len(wants) > 0 || silent > 0 {
				t.Errorf("example %s carries %d want and %d silent annotations: keep them under testdata/", name, len(wants), silent)
			}
			if name == "public-private" {
				for _, f := range findings {
					if f.Severity >= Warning {
						t.Errorf("the well-built example must have no error or warning: %s: %s", f.Rule, f.Message)
					}
				}
			}
			golden(t, filepath.Join("testdata", "examples", name+".golden"), compactFindings(findings, filepath.Join("..", "fixtures", "examples")))
		})
	}
}

// compactFindings renders findings one per line with paths relative to
// base, for golden files.
func compactFindings(fs []Finding, base string) []byte {
	var b strings.Builder
	for _, f := range fs {
		file := f.Range.Filename
		if rel, err := filepath.Rel(base, file); err == nil {
			file = filepath.ToSlash(rel)
		}
		b.WriteString(file + ":" + strconv.Itoa(f.Range.Start.Line) + ":" + strconv.Itoa(f.Range.Start.Column) +
			": " + f.Severity.String() + " " + f.Rule + " [" + f.Resource + "] " + f.Message + "\n")
		if f.Fix != "" {
			b.WriteString("\tfix: " + f.Fix + "\n")
		}
		for _, r := range f.Related {
			rf := r.Range.Filename
			if rel, err := filepath.Rel(base, rf); err == nil {
				rf = filepath.ToSlash(rel)
			}
			b.WriteString("\trelated: " + rf + ":" + strconv.Itoa(r.Range.Start.Line) + ": [" + r.Resource + "] " + r.Message + "\n")
		}
	}
	if b.Len() == 0 {
		return []byte("no findings\n")
	}
	return []byte(b.String())
}

// golden compares got with the file at path, or writes it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./rules -update to create it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs (go test ./rules -update rewrites it after review):\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

func fileExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}
