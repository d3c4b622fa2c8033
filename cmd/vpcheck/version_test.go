package main

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
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
	var doc versionJSON
	if err := json.Unmarshal([]byte(stdout), &doc); code != exitOK || err != nil || doc.Version == "" || doc.Go != runtime.Version() {
		t.Errorf("exit %d, err %v, stdout %q", code, err, stdout)
	}
	code, stdout, _ = run(t, "--version")
	if code != exitOK || !strings.HasPrefix(stdout, "vpcheck ") {
		t.Errorf("--version: exit %d, stdout %q", code, stdout)
	}
}
