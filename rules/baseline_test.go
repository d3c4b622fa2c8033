package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func baselineFindings() []Finding {
	return []Finding{
		{Rule: "unused-resource", Severity: Notice, Message: "security group legacy is attached to nothing", Resource: "aws_security_group.legacy",
			Range: hcl.Range{Filename: "b.tf", Start: hcl.Pos{Line: 9}}},
		{Rule: "cidr-overlap", Severity: Error, Message: "subnet b 10.0.1.0/25 overlaps subnet a 10.0.1.0/24", Resource: "aws_subnet.b", Root: "prod",
			Range: hcl.Range{Filename: "a.tf", Start: hcl.Pos{Line: 3}}},
		{Rule: "cidr-overlap", Severity: Error, Message: "subnet b 10.0.1.0/25 overlaps subnet a 10.0.1.0/24", Resource: "aws_subnet.b", Root: "dev",
			Range: hcl.Range{Filename: "a.tf", Start: hcl.Pos{Line: 3}}},
	}
}

func same(s string) string { return s }

// The file is sorted and one entry a line, whatever the findings' order.
func TestBaselineMarshalSorted(t *testing.T) {
	fs := baselineFindings()
	a, err := NewBaseline(fs, same).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBaseline([]Finding{fs[2], fs[0], fs[1]}, same).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Errorf("order changes the file:\n%s\n%s", a, b)
	}
	lines := strings.Split(strings.TrimSpace(string(a)), "\n")
	if len(lines) != 8 || !strings.Contains(lines[4], `"root":"dev"`) || !strings.Contains(lines[5], `"root":"prod"`) || !strings.Contains(lines[3], `"rule":"unused-resource"`) {
		t.Errorf("layout:\n%s", a)
	}
	for _, l := range lines {
		if strings.Contains(l, `"line"`) || strings.Contains(l, "a.tf") {
			t.Errorf("a baseline must not record places: %s", l)
		}
	}
}

// A baseline read back accepts the findings it recorded, even moved to
// another line or file; a new one is fresh; a fixed one's entry is stale,
// reported on its line of the file.
func TestBaselineApply(t *testing.T) {
	file := filepath.Join(t.TempDir(), "baseline.json")
	data, err := NewBaseline(baselineFindings(), same).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	b, _, diags := ReadBaseline(file)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	now := baselineFindings()[1:]
	now[0].Range = hcl.Range{Filename: "moved.tf", Start: hcl.Pos{Line: 40}}
	added := Finding{Rule: "cidr-overlap", Severity: Error, Message: "subnet c 10.0.2.0/25 overlaps subnet d 10.0.2.0/24", Resource: "aws_subnet.c", Root: "prod"}
	now = append(now, added)
	fresh, accepted, stale := b.Apply(now, same)
	if len(fresh) != 1 || fresh[0].Resource != "aws_subnet.c" {
		t.Errorf("fresh %v", fresh)
	}
	if len(accepted) != 2 {
		t.Errorf("accepted %v", accepted)
	}
	if len(stale) != 1 || stale[0].Rule != UnusedIgnore.ID || stale[0].Range.Filename != file || stale[0].Range.Start.Line != 4 ||
		!strings.Contains(stale[0].Message, "unused-resource on aws_security_group.legacy") {
		t.Errorf("stale %+v", stale)
	}
}

func TestReadBaselineErrors(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"bad.json": "{", "v9.json": `{"version": 9, "findings": []}`} {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, diags := ReadBaseline(file); !diags.HasErrors() || diags[0].Subject == nil {
			t.Errorf("%s: %v", name, diags)
		}
	}
	if _, _, diags := ReadBaseline(filepath.Join(dir, "missing.json")); !diags.HasErrors() {
		t.Error("a missing baseline is an input error")
	}
}
