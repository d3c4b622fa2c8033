package main

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// loadNetwork loads the paths for a command that analyses the network:
// diagnostics go to stderr (the answer keeps stdout), and an input error
// ends the command with exit status 2.
func loadNetwork(streams *IOStreams, paths []string, opts load.Options) (*model.Network, error) {
	net, diags := load.Paths(paths, opts)
	if len(diags) > 0 {
		files := map[string]*hcl.File{}
		if net != nil {
			files = net.Files
		}
		if err := writeDiagnostics(streams, files, diags); err != nil {
			return nil, err
		}
	}
	if diags.HasErrors() || net == nil {
		return nil, inputError()
	}
	return net, nil
}
