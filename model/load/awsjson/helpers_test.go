package awsjson

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// loadFiles loads name/content pairs as one snapshot, then links and
// validates the network as load.Paths does.
func loadFiles(t *testing.T, pairs ...string) (*model.Network, hcl.Diagnostics) {
	t.Helper()
	if len(pairs)%2 != 0 {
		t.Fatal("loadFiles takes name/content pairs")
	}
	var srcs []model.Source
	for i := 0; i < len(pairs); i += 2 {
		srcs = append(srcs, model.Source{Name: pairs[i], Bytes: []byte(pairs[i+1])})
	}
	net, diags := Load(srcs)
	if net == nil {
		t.Fatal("Load returned no network")
	}
	diags = append(diags, net.Link()...)
	diags = append(diags, net.Validate()...)
	return net, diags
}

// mustLoad is loadFiles that fails the test on any error.
func mustLoad(t *testing.T, pairs ...string) *model.Network {
	t.Helper()
	net, diags := loadFiles(t, pairs...)
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			t.Errorf("unexpected error: %s", d.Error())
		}
	}
	return net
}

// messages returns the diagnostics of a severity as "summary" strings.
func messages(diags hcl.Diagnostics, sev hcl.DiagnosticSeverity) []string {
	var out []string
	for _, d := range diags {
		if d.Severity == sev {
			out = append(out, d.Summary)
		}
	}
	return out
}

// findDiag returns the first diagnostic whose summary contains s.
func findDiag(t *testing.T, diags hcl.Diagnostics, s string) *hcl.Diagnostic {
	t.Helper()
	for _, d := range diags {
		if strings.Contains(d.Summary, s) {
			return d
		}
	}
	var all []string
	for _, d := range diags {
		all = append(all, d.Error())
	}
	t.Fatalf("no diagnostic contains %q; got:\n%s", s, strings.Join(all, "\n"))
	return nil
}

// byID returns the object of kind k with AWS id id, failing when absent.
func byID[T model.Object](t *testing.T, net *model.Network, k model.Kind, id string) T {
	t.Helper()
	for _, o := range net.OfKind(k) {
		if o.Base().AWSID == id {
			if v, ok := o.(T); ok {
				return v
			}
		}
	}
	t.Fatalf("no %s %s", k, id)
	var zero T
	return zero
}

func prefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func addr(s string) netip.Addr     { return netip.MustParseAddr(s) }

// minimalVPC is a VPC with one subnet, for tests about other objects.
const minimalVPC = `{
 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "OwnerId": "111111111111"}],
 "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "eu-west-1a"}]
}`
