// Package terraform loads Terraform configurations (*.tf) and plans.
package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vpcheck/vpcheck/model"
)

// Options are the inputs Terraform itself would take.
type Options struct {
	VarFiles []string
	Vars     map[string]string
}

// Load reads the .tf files of one module directory into an unlinked network.
// For now it only parses them, so syntax errors are reported like any other
// diagnostic; mapping resources into the model is the Terraform issue's work.
func Load(dir string, srcs []model.Source, opts Options) (*model.Network, hcl.Diagnostics) {
	n := model.New()
	var diags hcl.Diagnostics
	for _, s := range srcs {
		f, d := hclsyntax.ParseConfig(s.Bytes, s.Name, hcl.InitialPos)
		diags = append(diags, d...)
		if f != nil {
			n.Files[s.Name] = f
		}
	}
	return n, diags
}

// LoadPlan reads `terraform show -json` output into an unlinked network.
// Not implemented yet: the plan is reported as unsupported.
func LoadPlan(src model.Source, opts Options) (*model.Network, hcl.Diagnostics) {
	return nil, hcl.Diagnostics{{Severity: hcl.DiagWarning, Summary: "Terraform plan JSON is not read yet: " + src.Name + " was skipped"}}
}
