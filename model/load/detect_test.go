package load

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func TestDetectJSON(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want Format
		// diag is the start of the diagnostic's summary, "" for none.
		diag string
		sev  hcl.DiagnosticSeverity
	}{
		{src: `{"Vpcs": []}`, want: FormatSnapshot},
		{src: "\ufeff" + `{"Reservations": [{"Instances": []}]}`, want: FormatSnapshot},
		{src: `{"NextToken": "x", "RouteTables": []}`, want: FormatSnapshot},
		{src: `{"AvailabilityZones": []}`, want: FormatSnapshot}, // not used, but part of a snapshot: reported, not silently skipped
		{src: `{"directConnectGateways": []}`, want: FormatSnapshot},
		{src: `{"Routes": [], "AdditionalRoutesAvailable": false}`, want: FormatSnapshot},
		// A cut-off file is still recognised, so that it is reported as
		// malformed by the snapshot loader.
		{src: `{"Vpcs"`, want: FormatSnapshot},
		{src: `{"format_version": "1.2", "planned_values": {}}`, want: FormatPlan},
		{src: `{"format_version": "1.2", "terraform_version": "1.6.0", "resource_changes": []}`, want: FormatPlan},
		// Only top-level members count: a tag value is not a plan.
		{src: `{"NetworkAcls": [{"Tags": [{"Key": "Name", "Value": "planned_values"}]}]}`, want: FormatSnapshot},
		{src: `{"NetworkAcls": [{"Tags": [{"Key": "planned_values", "Value": "format_version"}]}], "format_version": "x"}`, want: FormatSnapshot},
		{src: `{"x": {"format_version": "1.2", "planned_values": {}}}`, diag: "neither an AWS snapshot nor a Terraform plan", sev: hcl.DiagWarning},
		{src: `{"name": "x", "version": "1.0.0"}`, diag: "neither an AWS snapshot nor a Terraform plan", sev: hcl.DiagWarning},
		{src: `{"vpcs": []}`, diag: "neither", sev: hcl.DiagWarning},
		{src: `{}`, diag: "neither", sev: hcl.DiagWarning},
		{src: `[{"NetworkAclId": "acl-1"}]`, diag: "a bare JSON array", sev: hcl.DiagWarning},
		{src: `[{"Vpcs": []}]`, diag: "a bare JSON array", sev: hcl.DiagWarning},
		{src: `"Vpcs"`, diag: "a string, not", sev: hcl.DiagWarning},
		{src: ``, diag: "x.json is empty", sev: hcl.DiagWarning},
		{src: " \n\t", diag: "x.json is empty", sev: hcl.DiagWarning},
		{src: `{Vpcs: []}`, diag: "not valid JSON: expected a member name", sev: hcl.DiagWarning},
		{src: "\xff\xfe{\x00}\x00", diag: "x.json is UTF-16 encoded", sev: hcl.DiagError},
		{src: "\xfe\xff\x00{\x00}", diag: "x.json is UTF-16 encoded", sev: hcl.DiagError},
		{src: "{\x00}\x00", diag: "x.json is UTF-16 encoded", sev: hcl.DiagError},
	} {
		got, d := detectJSON("x.json", []byte(tc.src))
		if got != tc.want {
			t.Errorf("detectJSON(%q) = %v, want %v", tc.src, got, tc.want)
		}
		switch {
		case tc.diag == "" && d != nil:
			t.Errorf("detectJSON(%q): unexpected diagnostic %q", tc.src, d.Summary)
		case tc.diag != "" && d == nil:
			t.Errorf("detectJSON(%q): no diagnostic, want %q", tc.src, tc.diag)
		case tc.diag != "" && (!strings.HasPrefix(d.Summary, tc.diag) || d.Severity != tc.sev):
			t.Errorf("detectJSON(%q): diagnostic %v %q, want %v %q", tc.src, d.Severity, d.Summary, tc.sev, tc.diag)
		case d != nil && d.Subject != nil && d.Subject.Filename != "x.json":
			t.Errorf("detectJSON(%q): diagnostic names %q", tc.src, d.Subject.Filename)
		}
	}
}
