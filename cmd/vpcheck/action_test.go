package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// actionlint is the version the action is checked with.
const actionlint = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"

// TestActionLint checks action.yml and the GitHub Actions recipe of
// docs/ci.md with actionlint: a workflow that uses the action from the
// repository (uses: ./) has its inputs checked against action.yml, and
// every expression in both is parsed. Skipped when actionlint cannot be
// built (no network, no module cache).
func TestActionLint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds actionlint")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not installed")
	}
	root := repoRoot(t)
	bin := filepath.Join(t.TempDir(), "actionlint")
	if code, out := command(t, root, []string{"GOBIN=" + filepath.Dir(bin), "GOFLAGS=-buildvcs=false"}, "go", "install", actionlint); code != 0 {
		t.Skipf("cannot build actionlint:\n%s", out)
	}

	work := t.TempDir()
	// actionlint looks for the project's .git.
	if err := os.MkdirAll(filepath.Join(work, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	action, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(work, ".github", "workflows"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, work, "action.yml", string(action))
	writeFile(t, filepath.Join(work, ".github", "workflows"), "local.yml", `name: local
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
  security-events: write
jobs:
  vpcheck:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: vpcheck
        uses: ./
        with:
          path: network
          args: --recursive --baseline .vpcheck-baseline.json
          fail-on: warning
          sarif-file: out.sarif
          upload-sarif: "false"
          diff-base: main
          diff-args: ""
      - run: echo "lint exited $CODE"
        env:
          CODE: ${{ steps.vpcheck.outputs.exit-code }}
`)
	recipe := githubRecipe(t, filepath.Join(root, "docs", "ci.md"))
	writeFile(t, filepath.Join(work, ".github", "workflows"), "recipe.yml", recipe)

	if code, out := command(t, work, nil, bin, "-no-color"); code != 0 {
		t.Errorf("actionlint: exit %d\n%s", code, out)
	}
	// The check can fail: a misspelt input is reported.
	writeFile(t, filepath.Join(work, ".github", "workflows"), "local.yml", strings.Replace(readFile(t, filepath.Join(work, ".github", "workflows", "local.yml")), "fail-on:", "fail-onn:", 1))
	if code, out := command(t, work, nil, bin, "-no-color"); code == 0 || !strings.Contains(out, "fail-onn") {
		t.Errorf("actionlint must reject an unknown input: exit %d\n%s", code, out)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// githubRecipe is the GitHub Actions workflow of docs/ci.md: the yaml block
// under the heading that names GitHub Actions.
func githubRecipe(t *testing.T, doc string) string {
	t.Helper()
	text := readFile(t, doc)
	i := strings.Index(text, "## GitHub Actions")
	if i < 0 {
		t.Fatalf("%s has no GitHub Actions section", doc)
	}
	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindStringSubmatch(text[i:])
	if m == nil || !strings.Contains(m[1], "jobs:") {
		t.Fatalf("%s: the GitHub Actions section has no workflow", doc)
	}
	return m[1]
}
