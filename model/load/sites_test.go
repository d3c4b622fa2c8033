package load_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

const onpremDir = "terraform/testdata/onprem"

// .vpcheck.hcl declares the data centre behind the Direct Connect gateway,
// which Terraform cannot say (its allowed_prefixes are the AWS side:
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html);
// a BGP connection whose far side nobody declares is reported; traffic to
// an office network behind a static VPN arrives on-premises, not on the
// internet.
func TestOnPremSitesFromConfig(t *testing.T) {
	n, diags := load.Paths([]string{onpremDir}, load.Options{Config: filepath.Join(onpremDir, ".vpcheck.hcl")})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diags.Error())
	}
	var warned []string
	for _, d := range diags {
		if strings.Contains(d.Summary, "on-premises networks behind it are not known") {
			warned = append(warned, d.Summary)
		}
	}
	if len(warned) != 1 || !strings.HasPrefix(warned[0], "aws_vpn_connection.branch: ") {
		t.Errorf("unsited connections reported: %q", warned)
	}
	dc := n.Lookup(model.KindOnPrem, "datacenter")
	if len(dc) != 1 {
		t.Fatalf("datacenter: %v", dc)
	}
	site := dc[0].(*model.OnPrem)
	if len(site.Connections) != 1 || model.Target[*model.DXGateway](site.Connections[0]) == nil || site.CIDRs[0].Prefix.String() != "172.30.0.0/16" {
		t.Errorf("datacenter: %+v", site)
	}
	if !n.Incomplete {
		t.Error("a network with a connection of unknown far side is not marked incomplete")
	}

	d := dataplane.Compile(n)
	a := analyzer.New(d)
	for _, c := range []struct{ to, site string }{
		{"192.168.10.20", "aws_vpn_connection.office/on-prem"},
		{"172.30.1.1", "datacenter"},
	} {
		res, err := a.Trace(analyzer.TraceQuery{From: "aws_subnet.app", To: c.to, Protocol: model.ProtoTCP, DstPort: 443})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Arrived || res.ForwardOutcome.Component == nil || res.ForwardOutcome.Component.Base().Name != c.site {
			t.Errorf("to %s: %s (%s), want arrival at on-prem %s", c.to, res.Disposition(d), res.ForwardOutcome.Message, c.site)
		}
	}
}

// A declared site replaces the one derived from a connection it names.
func TestDeclaredSiteReplacesDerived(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, ".vpcheck.hcl")
	writeFile(t, cfg, `
rule "cidr-size" { enabled = false }
on_prem "office" {
  cidr_blocks = ["192.168.0.0/16"]
  connections = ["aws_vpn_connection.office"]
}
on_prem "bad" {
  cidr_blocks = ["192.168.300.0/24"]
  connections = [aws_instance.web]
}
`)
	n, diags := load.Paths([]string{onpremDir}, load.Options{Config: cfg})
	var errs []string
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			errs = append(errs, d.Summary)
		}
	}
	if len(errs) != 2 || !strings.Contains(errs[0], "192.168.300.0/24") || !strings.Contains(errs[1], `on_prem connection "aws_instance.web"`) {
		t.Errorf("errors %q", errs)
	}
	var names []string
	for _, o := range n.OnPrem {
		names = append(names, o.Name)
	}
	if got := strings.Join(names, " "); got != "aws_vpn_connection.factory/on-prem office bad" {
		t.Errorf("sites %q", got)
	}
}
