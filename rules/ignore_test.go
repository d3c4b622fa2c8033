package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func TestFileIgnores(t *testing.T) {
	src := `# vpcheck:ignore cidr-overlap,unused-resource a whole block
route_table "x" {
  vpc = vpc.prod

  route {
    destination = "10.0.0.0/8" # vpcheck:ignore blackhole-route one line only
    target      = "blackhole"
  }
}

// vpcheck:ignore reserved-ip comment style of Terraform
/* vpcheck:ignore cidr-size block comment */
vpc "y" {
  cidr_block = "10.0.0.0/8" # "# vpcheck:ignore" inside a string is no comment
}

# vpcheck:ignore cidr-overlap
# vpcheck:ignore no-such-rule because
# vpcheck:ignoreall not the marker
`
	igs, diags := fileIgnores("x.net.hcl", []byte(src))
	type span struct {
		rules       string
		first, last int
	}
	var got []span
	for _, ig := range igs {
		got = append(got, span{strings.Join(ig.rules, ","), ig.first, ig.last})
	}
	want := []span{
		{"cidr-overlap,unused-resource", 2, 9},
		{"blackhole-route", 6, 6},
		{"reserved-ip", 13, 15},
		{"cidr-size", 13, 15},
	}
	if len(got) != len(want) {
		t.Fatalf("ignores %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ignore %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	var summaries []string
	for _, d := range diags {
		if d.Severity != hcl.DiagWarning {
			t.Errorf("ignore problems are warnings: %v", d)
		}
		summaries = append(summaries, d.Summary)
	}
	s := strings.Join(summaries, "\n")
	if !strings.Contains(s, "vpcheck:ignore without a reason") || !strings.Contains(s, `unknown rule "no-such-rule"`) || len(diags) != 2 {
		t.Errorf("diagnostics:\n%s", s)
	}
}

// TestInlineIgnoreInTerraform: the same comments work in .tf files.
func TestInlineIgnoreInTerraform(t *testing.T) {
	dir := t.TempDir()
	src := `resource "aws_vpc" "a" {
  cidr_block = "10.0.0.0/16"
}

# vpcheck:ignore cidr-overlap lab copy of a, never peered
resource "aws_vpc" "b" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "c" {
  cidr_block = "10.0.0.0/16"
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	net := loadFixture(t, dir)
	findings, diags, err := Run(net, onlyRule(CIDROverlap.ID))
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	var msgs []string
	for _, f := range findings {
		msgs = append(msgs, f.Resource+": "+f.Message)
	}
	all := strings.Join(msgs, "\n")
	if len(findings) != 1 || !strings.HasPrefix(all, "aws_vpc.c: ") {
		t.Errorf("only aws_vpc.c's overlaps with a and b should remain (one notice, listing both):\n%s", all)
	}
}
