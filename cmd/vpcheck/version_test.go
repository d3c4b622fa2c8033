package main

import (
	"debug/buildinfo"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/report"
)

func TestResolveVersion(t *testing.T) {
	info := func(v string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{Main: debug.Module{Path: "github.com/vpcheck/vpcheck", Version: v}}, true
		}
	}
	noInfo := func() (*debug.BuildInfo, bool) { return nil, false }
	tests := []struct {
		name, set string
		info      func() (*debug.BuildInfo, bool)
		want      string
	}{
		{"ldflags win", "v9.9.9", info("v1.0.0"), "v9.9.9"},
		{"go install records the module version", "", info("v1.2.3"), "v1.2.3"},
		{"work tree build", "", info("(devel)"), "dev"},
		{"no build info", "", noInfo, "dev"},
	}
	for _, tt := range tests {
		if got := resolveVersion(tt.set, tt.info); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestVersionCommand(t *testing.T) {
	code, stdout, _ := run(t, "version")
	if code != exitOK || !strings.HasPrefix(stdout, "vpcheck ") || strings.Count(stdout, "\n") != 1 {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
	code, stdout, _ = run(t, "version", "--format", "json")
	var doc report.VersionJSON
	if err := json.Unmarshal([]byte(stdout), &doc); code != exitOK || err != nil || doc.Version == "" || doc.Go != runtime.Version() {
		t.Errorf("exit %d, err %v, stdout %q", code, err, stdout)
	}
	code, stdout, _ = run(t, "--version")
	if code != exitOK || !strings.HasPrefix(stdout, "vpcheck ") {
		t.Errorf("--version: exit %d, stdout %q", code, stdout)
	}
}

func TestDescribeVersion(t *testing.T) {
	stamped := func(settings ...debug.BuildSetting) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{Settings: settings}, true }
	}
	rev := debug.BuildSetting{Key: "vcs.revision", Value: "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"}
	when := debug.BuildSetting{Key: "vcs.time", Value: "2026-12-03T10:38:51Z"}
	dirty := debug.BuildSetting{Key: "vcs.modified", Value: "true"}
	tests := []struct {
		name string
		info func() (*debug.BuildInfo, bool)
		want string
	}{
		{"clone build", stamped(rev, when), "v0.0.0-x (commit 1a2b3c4, 2026-12-03)"},
		{"uncommitted changes", stamped(rev, when, dirty), "v0.0.0-x (commit 1a2b3c4, 2026-12-03, modified)"},
		{"no vcs stamp", stamped(), "v0.0.0-x"},
		{"no build info", func() (*debug.BuildInfo, bool) { return nil, false }, "v0.0.0-x"},
	}
	for _, tt := range tests {
		if got := describeVersion("v0.0.0-x", tt.info); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := describeVersion("dev", stamped()); !strings.Contains(got, "-buildvcs=true") {
		t.Errorf("a build with no version says how to get one: %q", got)
	}
}

// TestVersionOfBuiltBinary builds vpcheck in this clone, as the README's
// install does, and checks that it names the commit it was built from
// (-buildvcs=true: this machine sets GOFLAGS=-buildvcs=false).
func TestVersionOfBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git work tree: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "vpcheck")
	if out, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if info, err := buildinfo.ReadFile(bin); err != nil || !hasSetting(info, "vcs.revision") {
		t.Skip("the toolchain stamped no revision into this build (a linked git worktree gets none)")
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "(commit " + string(head[:7]); !strings.Contains(string(out), want) {
		t.Errorf("vpcheck version printed %q, want it to contain %q", out, want)
	}
}

func hasSetting(info *debug.BuildInfo, key string) bool {
	for _, s := range info.Settings {
		if s.Key == key && s.Value != "" {
			return true
		}
	}
	return false
}
