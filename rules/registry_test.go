package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var kebab = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for i, r := range All() {
		if !kebab.MatchString(r.ID) {
			t.Errorf("rule id %q is not kebab-case", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("rule id %q is registered twice", r.ID)
		}
		seen[r.ID] = true
		if i > 0 && All()[i-1].ID >= r.ID {
			t.Errorf("registry is not sorted: %q before %q", All()[i-1].ID, r.ID)
		}
		if Lookup(r.ID) != r {
			t.Errorf("Lookup(%q) does not find it", r.ID)
		}
		if r.Severity < Notice || r.Severity > Error {
			t.Errorf("rule %s has no valid default severity", r.ID)
		}
		if r.Run == nil {
			t.Errorf("rule %s has no Run", r.ID)
		}
		d := r.Doc
		if d.Title == "" || d.Text == "" || d.Bad == "" || d.Good == "" {
			t.Errorf("rule %s lacks docs: every rule needs a title, text, and a bad and a good example", r.ID)
		}
		if strings.HasSuffix(d.Title, ".") || strings.ToLower(d.Title[:1]) != d.Title[:1] {
			t.Errorf("rule %s title %q: lowercase, no trailing period", r.ID, d.Title)
		}
	}
}

// TestDocExamples checks that each rule's bad example is reported by the
// rule and its good example is not: the docs cannot drift from the code.
func TestDocExamples(t *testing.T) {
	for _, r := range All() {
		t.Run(r.ID, func(t *testing.T) {
			if r == Reachability {
				t.Skip("its examples are .vpcheck.hcl assertions, exercised by testdata/reachability")
			}
			for _, ex := range []struct {
				name string
				src  string
				fire bool
			}{{"bad", r.Doc.Bad, true}, {"good", r.Doc.Good, false}} {
				dir := t.TempDir()
				path := filepath.Join(dir, ex.name+".net.hcl")
				if err := os.WriteFile(path, []byte(ex.src+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				net := loadFixture(t, path)
				cfg := onlyRule(r.ID)
				if r == UnusedIgnore {
					cfg = nil
				}
				findings, _, err := Run(net, cfg)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, f := range findings {
					if f.Rule == r.ID {
						n++
					}
				}
				if ex.fire && n == 0 {
					t.Errorf("the bad example of %s is not reported", r.ID)
				}
				if !ex.fire && n > 0 {
					t.Errorf("the good example of %s is reported: %v", r.ID, findings)
				}
			}
		})
	}
}

// TestDocPages checks docs/rules against the rules' Doc values; -update
// rewrites the pages.
func TestDocPages(t *testing.T) {
	dir := filepath.Join("..", "docs", "rules")
	pages := map[string]string{"README.md": MarkdownIndex()}
	for _, r := range All() {
		pages[r.ID+".md"] = Markdown(r)
	}
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	names := make([]string, 0, len(pages))
	for n := range pages {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		golden(t, filepath.Join(dir, n), []byte(pages[n]))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := pages[e.Name()]; !ok {
			if *update {
				if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("docs/rules/%s belongs to no rule (go test ./rules -update removes it)", e.Name())
		}
	}
}

func TestSimilar(t *testing.T) {
	if got := Similar("cidr-overlaps"); len(got) == 0 || got[0] != "cidr-overlap" {
		t.Errorf("Similar(cidr-overlaps) = %v", got)
	}
	if got := Similar("overlap"); len(got) == 0 || got[0] != "cidr-overlap" {
		t.Errorf("Similar(overlap) = %v", got)
	}
	if got := Similar("zzzzzzzzzz"); len(got) != 0 {
		t.Errorf("Similar(zzz) = %v", got)
	}
}

// TestDocSources checks that rules/docs holds one file per rule and nothing
// else, so a rule's documentation cannot go missing or be orphaned.
func TestDocSources(t *testing.T) {
	entries, err := sources.ReadDir("docs")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		id := strings.TrimSuffix(e.Name(), ".md")
		if Lookup(id) == nil {
			t.Errorf("rules/docs/%s belongs to no rule", e.Name())
		}
	}
	if len(entries) != len(All()) {
		t.Errorf("rules/docs holds %d files for %d rules", len(entries), len(All()))
	}
}

func TestParseDoc(t *testing.T) {
	good := "# a title\n\nSome text.\n\n## Reported\n\n```hcl\nvpc \"a\" {}\n```\n\n## Not reported\n\n```hcl\nvpc \"b\" {}\n```\n"
	d, err := parseDoc(good)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "a title" || d.Text != "Some text." || d.Bad != `vpc "a" {}` || d.Good != `vpc "b" {}` {
		t.Errorf("parseDoc = %+v", d)
	}
	for name, src := range map[string]string{
		"no title":        "a title\n\n## Reported\n\n```hcl\nx\n```\n\n## Not reported\n\n```hcl\ny\n```\n",
		"no reported":     "# t\n\ntext\n",
		"no not reported": "# t\n\ntext\n\n## Reported\n\n```hcl\nx\n```\n",
		"not hcl":         "# t\n\ntext\n\n## Reported\n\n```\nx\n```\n\n## Not reported\n\n```hcl\ny\n```\n",
		"two blocks":      "# t\n\ntext\n\n## Reported\n\n```hcl\nx\n```\n\n```hcl\nz\n```\n\n## Not reported\n\n```hcl\ny\n```\n",
	} {
		if _, err := parseDoc(src); err == nil {
			t.Errorf("%s: parseDoc accepted it", name)
		}
	}
}
