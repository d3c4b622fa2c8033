package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/report"
)

func TestExamplesFlags(t *testing.T) {
	var got *examplesOptions
	cmd := NewCmdExamples(&IOStreams{Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}, func(o *examplesOptions) error {
		got = o
		return nil
	})
	cmd.SetArgs([]string{"--format", "json"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Format != report.FormatJSON {
		t.Errorf("format %q", got.Format)
	}
}

func TestExamplesJSONShape(t *testing.T) {
	code, stdout, stderr := run(t, "examples", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	var doc map[string][]map[string]string
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, stdout)
	}
	list, ok := doc["examples"]
	if !ok || len(doc) != 1 || list == nil {
		t.Fatalf("want {\"examples\":[...]}, got:\n%s", stdout)
	}
	want := fixtures.Examples()
	if len(list) != len(want) {
		t.Fatalf("%d examples, want %d", len(list), len(want))
	}
	for i, e := range list {
		if len(e) != 2 || e["name"] != want[i].Name || e["description"] != want[i].Description {
			t.Errorf("example %d: %v, want %+v", i, e, want[i])
		}
	}
}

func TestExamplesText(t *testing.T) {
	code, stdout, _ := run(t, "examples")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	examples := fixtures.Examples()
	if len(examples) == 0 {
		if stdout != "no embedded examples\n" {
			t.Errorf("stdout %q", stdout)
		}
		return
	}
	if !strings.HasPrefix(stdout, "NAME") {
		t.Errorf("no header:\n%s", stdout)
	}
	for _, e := range examples {
		if !strings.Contains(stdout, e.Name) {
			t.Errorf("missing %s:\n%s", e.Name, stdout)
		}
	}
}
