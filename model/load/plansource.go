package load

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/terraform"
)

// PlanSource loads one Terraform plan document given as bytes (as Paths
// would load the file, sites, linking and validation included). diff uses
// it to read a plan's prior state as a network of its own.
func PlanSource(src model.Source, opts Options) (*model.Network, hcl.Diagnostics) {
	net, diags := terraform.LoadPlan(src, opts.Terraform)
	if net == nil {
		return nil, diags
	}
	diags = append(diags, addSites(net, opts.Config)...)
	diags = append(diags, net.Link()...)
	diags = append(diags, net.Validate()...)
	net.Incomplete = net.Incomplete || diags.HasErrors()
	return net, diags
}
