package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

func TestParseConfig(t *testing.T) {
	src := `rule "unused-resource" {
  enabled = false
}

rule "nat-gateway-cross-az" {
  severity = "error"
}

ignore {
  rule     = "cidr-overlap"
  resource = "aws_vpc.legacy_*"
  reason   = "retired in Q3"
}

assert "web-to-db" {
  from     = "web-1"
  to       = "db-1"
  protocol = "tcp"
  port     = 5432
}

assert "no-ssh-from-internet" {
  from   = "internet"
  to     = "subnet:app-a"
  port   = "22-23"
  expect = "unreachable"
}
`
	cfg, f, diags := ParseConfig([]byte(src), ".vpcheck.hcl")
	if diags.HasErrors() || f == nil {
		t.Fatal(diags)
	}
	if rc := cfg.Rules["unused-resource"]; rc.Enabled == nil || *rc.Enabled {
		t.Errorf("unused-resource: %+v", rc)
	}
	if rc := cfg.Rules["nat-gateway-cross-az"]; rc.Severity != Error || rc.Enabled != nil {
		t.Errorf("nat-gateway-cross-az: %+v", rc)
	}
	if len(cfg.Ignores) != 1 || cfg.Ignores[0].Resource != "aws_vpc.legacy_*" || cfg.Ignores[0].Reason != "retired in Q3" {
		t.Errorf("ignores: %+v", cfg.Ignores)
	}
	if len(cfg.Assertions) != 2 {
		t.Fatalf("assertions: %+v", cfg.Assertions)
	}
	a, b := cfg.Assertions[0], cfg.Assertions[1]
	if a.Name != "web-to-db" || a.From != "web-1" || a.To != "db-1" || a.Protocol != model.ProtoTCP ||
		a.Ports == nil || *a.Ports != (model.PortRange{From: 5432, To: 5432}) || a.Expect != ExpectReachable || a.Range.Start.Line != 15 {
		t.Errorf("first assertion: %+v", a)
	}
	if b.Protocol != model.ProtoAll || *b.Ports != (model.PortRange{From: 22, To: 23}) || b.Expect != ExpectUnreachable {
		t.Errorf("second assertion: %+v", b)
	}
	var enabled []string
	for _, r := range cfg.Enabled() {
		enabled = append(enabled, r.ID)
	}
	if strings.Contains(strings.Join(enabled, " "), "unused-resource") {
		t.Error("a disabled rule is enabled")
	}
	cfg.Enable = []string{"unused-resource"}
	cfg.Disable = []string{"cidr-overlap"}
	enabled = nil
	for _, r := range cfg.Enabled() {
		enabled = append(enabled, r.ID)
	}
	if s := strings.Join(enabled, " "); !strings.Contains(s, "unused-resource") || strings.Contains(s, "cidr-overlap") {
		t.Errorf("--enable/--disable must win: %s", s)
	}
}

// TestParseConfigCollectsEveryError: all mistakes at once, each at its place.
func TestParseConfigCollectsEveryError(t *testing.T) {
	src := `rule "cidr-overlaps" {
}

rule "nat-ipv6" {
  severity = "fatal"
}

ignore {
  rule   = "reserved-ip"
}

ignore {
  rule   = "no-such-rule"
  reason = "x"
}

assert "bad" {
  from     = "a"
  to       = "b"
  protocol = "tcpp"
  port     = "70000"
  expect   = "maybe"
}

colour = "blue"
`
	_, _, diags := ParseConfig([]byte(src), "c.hcl")
	var got []string
	for _, d := range diags {
		got = append(got, d.Subject.String()+" "+d.Summary)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`c.hcl:1,1-21 unknown rule "cidr-overlaps"`,
		"c.hcl:5,14-21 invalid severity",
		"c.hcl:8,1-7 ignore block has no reason",
		`c.hcl:13,12-26 unknown rule "no-such-rule"`,
		"c.hcl:20,14-20 invalid protocol",
		"c.hcl:21,14-21 invalid port",
		"c.hcl:22,14-21 invalid expect",
		"Unsupported argument",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, all)
		}
	}
}

func TestFindConfig(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, found, err := FindConfig(deep); found || err != nil {
		t.Errorf("no config: found=%v err=%v", found, err)
	}
	conf := filepath.Join(root, ConfigFileName)
	if err := os.WriteFile(conf, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(deep, "x.net.hcl")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, start := range []string{deep, file, root} {
		got, found, err := FindConfig(start)
		if err != nil || !found || got != conf {
			t.Errorf("FindConfig(%s) = %s, %v, %v", start, got, found, err)
		}
	}
}
