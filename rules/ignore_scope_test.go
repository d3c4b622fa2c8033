package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestGlobMatch(t *testing.T) {
	for _, tt := range []struct {
		pattern, s string
		want       bool
	}{
		{"module.vpc.*", "module.vpc.aws_subnet.private[0]", true},
		{"module.vpc.*", "module.vpcs.aws_subnet.a", false},
		{"aws_route_table.private[*]", `aws_route_table.private["a"]`, true},
		{"aws_route_table.private[*]", "aws_route_table.private", false},
		{"aws_security_group.legacy_*", "aws_security_group.legacy_web", true},
		{"vpc.legacy", "vpc.legacy", true},
		{"vpc.legacy", "vpc.legacy2", false},
		{"*.db", "aws_subnet.db", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxcyyb", false},
	} {
		if got := globMatch(tt.pattern, tt.s); got != tt.want {
			t.Errorf("globMatch(%q, %q) = %v", tt.pattern, tt.s, got)
		}
	}
}

func TestContainsName(t *testing.T) {
	msg := "vpc b 10.0.0.0/16 overlaps vpc legacy 10.0.0.0/16, and vpc legacy-2"
	if !containsName(msg, "vpc legacy") || containsName(msg, "vpc leg") || !containsName("in vpc legacy", "vpc legacy") ||
		containsName("vpc legacy-2 only", "vpc legacy") {
		t.Error("containsName matches part of a name or misses a whole one")
	}
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	top := t.TempDir()
	for name, text := range files {
		p := filepath.Join(top, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return top
}

const overlapModule = `variable "subnets" {}

resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "this" {
  count      = length(var.subnets)
  vpc_id     = aws_vpc.this.id
  cidr_block = var.subnets[count.index]
}
`

// An ignore comment above a module block covers what the module creates,
// which is written in the module's files, not under the comment.
func TestIgnoreAboveModuleBlock(t *testing.T) {
	top := writeTree(t, map[string]string{
		"modules/vpc/main.tf": overlapModule,
		"root/main.tf": `# vpcheck:ignore cidr-overlap legacy addressing, renumbered with the move to IPAM
module "legacy" {
  source  = "../modules/vpc"
  subnets = ["10.0.1.0/24", "10.0.1.0/25"]
}

module "fresh" {
  source  = "../modules/vpc"
  subnets = ["10.0.2.0/24", "10.0.2.0/25"]
}
`,
	})
	net := loadFixture(t, filepath.Join(top, "root"))
	findings, _, err := Run(net, onlyRule(CIDROverlap.ID))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range findings {
		got = append(got, f.Resource)
	}
	if len(findings) == 0 || strings.Contains(strings.Join(got, " "), "module.legacy.") || !strings.Contains(strings.Join(got, " "), "module.fresh.") {
		t.Errorf("findings on %v: module.legacy's must be suppressed, module.fresh's kept", got)
	}
}

// A config ignore names an object of the message (vpc.legacy, not the
// resource the finding is on), and may expire.
func TestConfigIgnoreByNamedObjectAndExpiry(t *testing.T) {
	top := writeTree(t, map[string]string{"net.net.hcl": `vpc "legacy" {
  cidr_block = "10.0.0.0/16"
}

vpc "b" {
  cidr_block = "10.0.0.0/16"
}

peering_connection "b-legacy" {
  requester = vpc.b
  accepter  = vpc.legacy
}
`})
	net := loadFixture(t, top)
	before, _, err := Run(net, onlyRule(CIDROverlap.ID))
	if err != nil || len(before) == 0 {
		t.Fatalf("no overlap to ignore: %v", err)
	}
	cfg := onlyRule(CIDROverlap.ID)
	cfg.Ignores = []IgnoreConfig{{Rule: CIDROverlap.ID, Resource: "vpc.legacy", Reason: "retired in Q3",
		Expires: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}}
	cfg.Today = time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	after, diags, err := Run(net, cfg)
	if err != nil || len(after) != 0 || len(diags) != 0 {
		t.Errorf("on its last day the ignore holds: %v %v %v", after, diags, err)
	}
	cfg.Today = cfg.Today.AddDate(0, 0, 1)
	after, diags, err = Run(net, cfg)
	if err != nil || len(after) != len(before) || len(diags) != 1 || !strings.Contains(diags[0].Summary, "expired on 2027-03-31") {
		t.Errorf("the day after it expired: findings %v, diagnostics %v", after, diags)
	}
	for _, f := range after {
		if f.Rule == UnusedIgnore.ID {
			t.Errorf("an expired ignore is not reported as unused: %v", f)
		}
	}
}

func TestInlineIgnoreExpiry(t *testing.T) {
	src := "# vpcheck:ignore cidr-overlap exp:2027-03-31 lab network\nvpc \"a\" {\n}\n# vpcheck:ignore cidr-overlap exp:31/03/2027 bad date\nvpc \"b\" {\n}\n"
	igs, diags := fileIgnores("x.net.hcl", []byte(src))
	if len(igs) != 1 || igs[0].reason != "lab network" || igs[0].expires.Format(time.DateOnly) != "2027-03-31" {
		t.Errorf("ignores %+v", igs)
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Summary, "invalid expiry date") {
		t.Errorf("diagnostics %v", diags)
	}
}

func TestParseConfigExpires(t *testing.T) {
	cfg, _, diags := ParseConfig([]byte(`ignore {
  rule     = "cidr-overlap"
  resource = "module.vpc.*"
  reason   = "x"
  expires  = "2027-03-31"
}
ignore {
  rule    = "cidr-overlap"
  reason  = "x"
  expires = "soon"
}
`), ConfigFileName)
	if len(cfg.Ignores) != 1 || cfg.Ignores[0].Expires.Format(time.DateOnly) != "2027-03-31" {
		t.Errorf("ignores %+v", cfg.Ignores)
	}
	if len(diags) != 1 || diags[0].Summary != "invalid expiry date" || diags[0].Subject.Start.Line != 10 {
		t.Errorf("diagnostics %v", diags)
	}
}
