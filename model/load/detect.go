package load

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model/load/awsjson"
	"github.com/vpcheck/vpcheck/model/load/jsondoc"
)

// formatOfName guesses from the name; JSON is refined by content.
func formatOfName(name string) Format {
	base := path.Base(name)
	switch {
	case base == ".vpcheck.hcl":
		return FormatUnknown
	case strings.HasSuffix(base, ".net.hcl"):
		return FormatNative
	case strings.HasSuffix(base, ".tf"):
		return FormatTerraform
	case strings.HasSuffix(base, ".json"):
		return FormatSnapshot
	}
	return FormatUnknown
}

// maxKeys is how many of an unrecognised file's top-level members are named.
const maxKeys = 5

// detectJSON tells a Terraform plan from an AWS snapshot by the members at
// the top level of the file, where each has its own (a value deeper down,
// such as a tag, says nothing about the file). The values are skipped, not
// decoded, so this costs a scan of the file at most. A file that is neither
// is not loaded, and the diagnostic says why: nothing that may be network
// data is dropped without a word.
func detectJSON(name string, src []byte) (Format, *hcl.Diagnostic) {
	f := jsondoc.NewFile(name, src)
	skipped := func(offset int, summary, detail string) *hcl.Diagnostic {
		r := f.Range(offset, offset+1)
		return &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: detail + " The file was not loaded.", Subject: &r}
	}
	// Both point at the start of the file, so that file:line:col output
	// and JSON locations name it like every other diagnostic.
	start := f.Range(0, 0)
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, []byte("\uFEFF")))) == 0 {
		return FormatUnknown, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: fmt.Sprintf("%s is empty", name),
			Detail:  "A describe-* call or terraform show -json that failed or was interrupted leaves an empty file: run it again. The file was not loaded.",
			Subject: &start}
	}
	if jsondoc.IsUTF16(src) {
		return FormatUnknown, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf("%s is UTF-16 encoded: re-encode it as UTF-8", name),
			Detail:  "vpcheck reads JSON in UTF-8, as the AWS CLI and Terraform write it. " + jsondoc.UTF16Fix,
			Subject: &start}
	}
	var formatVersion, planKey, snapshot bool
	var keys []string
	kind, err := jsondoc.TopLevel(src, func(key string) bool {
		switch {
		case key == "format_version":
			formatVersion = true
		case key == "planned_values" || key == "terraform_version":
			planKey = true
		case awsjson.IsResult(key):
			snapshot = true
		}
		if len(keys) < maxKeys {
			keys = append(keys, key)
		}
		return snapshot || (formatVersion && planKey)
	})
	switch {
	case formatVersion && planKey:
		return FormatPlan, nil
	case snapshot:
		// Even when the file is malformed further on: the snapshot loader
		// reports where.
		return FormatSnapshot, nil
	case err != nil:
		return FormatUnknown, skipped(err.Offset, "not valid JSON: "+err.Msg,
			"vpcheck reads JSON written by terraform show -json or by aws ec2 describe-… --output json.")
	case kind == jsondoc.Array:
		return FormatUnknown, skipped(bytes.IndexByte(src, '['), "a bare JSON array, not a describe-* result",
			`vpcheck reads the whole output of an AWS describe-* call, an object such as {"NetworkAcls": [...]}, whose member name says what the list holds; `+
				`output filtered with --query (--query NetworkAcls) has lost it. Run the call again without --query.`)
	case kind != jsondoc.Object:
		return FormatUnknown, skipped(0, fmt.Sprintf("%s, not a describe-* result or a Terraform plan", kind),
			`vpcheck reads the output of terraform show -json and of AWS describe-* calls, an object such as {"Vpcs": [...]}.`)
	}
	found := "It has no members."
	if len(keys) > 0 {
		found = "Its top-level members are " + strings.Join(keys, ", ") + "."
		if len(keys) == maxKeys {
			found = "Its top-level members include " + strings.Join(keys, ", ") + "."
		}
	}
	return FormatUnknown, skipped(bytes.IndexByte(src, '{'), "neither an AWS snapshot nor a Terraform plan",
		found+` vpcheck reads the output of terraform show -json and of AWS describe-* calls ({"Vpcs": [...]}); docs/snapshots.md lists the calls it uses.`)
}
