package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// hasDiag reports whether a diagnostic's summary starts with summary.
func hasDiag(diags hcl.Diagnostics, summary string) bool {
	return findDiag(diags, summary) != nil
}

func findDiag(diags hcl.Diagnostics, summary string) *hcl.Diagnostic {
	for _, d := range diags {
		if strings.HasPrefix(d.Summary, summary) {
			return d
		}
	}
	return nil
}

// A tag value that reads "planned_values" does not make a snapshot a plan.
func TestPathsSnapshotWithPlanWordsInATag(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "Vpcs.json", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}`)
	write(t, dir, "NetworkAcls.json", `{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": false,
  "Tags": [{"Key": "format_version", "Value": "planned_values"}], "Entries": []}]}`)
	net, diags := Paths([]string{dir}, Options{})
	if net == nil || len(net.NetworkACLs) == 0 {
		t.Fatalf("the network ACL was not loaded: %v", diags)
	}
}

// Every JSON file of a directory that is not loaded says why, naming it.
func TestPathsReportsSkippedJSON(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "Vpcs.json", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}`)
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range `{"Subnets": []}` {
		utf16 = append(utf16, byte(r), 0)
	}
	write(t, dir, "Subnets.json", string(utf16))
	write(t, dir, "NetworkAcls.json", `[{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": []}]`)
	write(t, dir, "RouteTables.json", ``)
	write(t, dir, "package.json", `{"name": "x", "version": "1.0.0"}`)
	write(t, dir, "SecurityGroups.json", "{\"SecurityGroups\": [{\"GroupId\": \"sg-1\", \"VpcId\": \"vpc-1\", \"GroupName\": \"a\xffb\"}]}")
	write(t, dir, "InternetGateways.json", `{"InternetGateways": [{"InternetGatewayId": "igw-1", "InternetGatewayId": "igw-2"}]}`)
	net, diags := Paths([]string{dir}, Options{})
	for _, want := range []struct {
		file, summary string
		sev           hcl.DiagnosticSeverity
	}{
		{"Subnets.json", filepath.Join(dir, "Subnets.json") + " is UTF-16 encoded", hcl.DiagError},
		{"NetworkAcls.json", "a bare JSON array", hcl.DiagWarning},
		{"RouteTables.json", filepath.Join(dir, "RouteTables.json") + " is empty", hcl.DiagWarning},
		{"package.json", "neither an AWS snapshot nor a Terraform plan", hcl.DiagWarning},
		{"SecurityGroups.json", "malformed JSON: invalid UTF-8 (byte 0xff)", hcl.DiagError},
		{"InternetGateways.json", `malformed JSON: duplicate member name "InternetGatewayId"`, hcl.DiagError},
	} {
		d := findDiag(diags, want.summary)
		if d == nil {
			t.Errorf("%s: no diagnostic %q in %v", want.file, want.summary, diags)
			continue
		}
		if d.Severity != want.sev {
			t.Errorf("%s: severity %v, want %v", want.file, d.Severity, want.sev)
		}
		if d.Subject == nil || d.Subject.Filename != filepath.Join(dir, want.file) {
			t.Errorf("%s: diagnostic points at %v", want.file, d.Subject)
		}
		// Its file is kept, for the snippet.
		if f := net.Files[filepath.Join(dir, want.file)]; f == nil || (f.Bytes == nil && want.file != "RouteTables.json") {
			t.Errorf("%s: not in net.Files, so its diagnostic has no snippet", want.file)
		}
	}
	if d := findDiag(diags, filepath.Join(dir, "Subnets.json")); d == nil || !strings.Contains(d.Detail, "Out-File -Encoding utf8") {
		t.Errorf("the UTF-16 error does not say how to fix it: %v", d)
	}
}

// A file the user names is an error when vpcheck cannot read it as a network.
func TestPathsExplicitUnknownJSONIsAnError(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "acls.json", `[{"NetworkAclId": "acl-1"}]`)
	_, diags := Paths([]string{filepath.Join(dir, "acls.json")}, Options{})
	if d := findDiag(diags, "a bare JSON array"); d == nil || d.Severity != hcl.DiagError {
		t.Errorf("got %v", diags)
	}
}

// A misspelt example name gets the closest one.
func TestPathsExampleDidYouMean(t *testing.T) {
	_, diags := Paths([]string{"example:public-privat"}, Options{})
	if d := findDiag(diags, `no example named "public-privat"; did you mean "example:public-private"?`); d == nil || d.Severity != hcl.DiagError {
		t.Errorf("got %v", diags)
	}
	_, diags = Paths([]string{"example:zzz"}, Options{})
	if d := findDiag(diags, `no example named "zzz"`); d == nil || strings.Contains(d.Summary, "did you mean") {
		t.Errorf("got %v", diags)
	}
}

// A UTF-16 .net.hcl or .tf file is one error saying so, not a syntax error
// for every other byte.
func TestPathsUTF16HCL(t *testing.T) {
	for _, name := range []string{"a.net.hcl", "main.tf"} {
		dir := t.TempDir()
		utf16 := []byte{0xFF, 0xFE}
		for _, r := range "vpc \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n" {
			utf16 = append(utf16, byte(r), 0)
		}
		write(t, dir, name, string(utf16))
		_, diags := Paths([]string{dir}, Options{})
		if len(diags) != 1 || !strings.Contains(diags[0].Summary, "is UTF-16 encoded: re-encode it as UTF-8") || diags[0].Subject == nil {
			t.Errorf("%s: %v", name, diags)
		}
	}
}
