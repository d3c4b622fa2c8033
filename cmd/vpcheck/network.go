package main

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/report"
	"github.com/vpcheck/vpcheck/rules"
)

// loadNetwork loads the paths for a command that analyses the network:
// diagnostics go to stderr (the answer keeps stdout), and an input error
// ends the command with exit status 2.
func loadNetwork(streams *IOStreams, paths []string, opts load.Options) (*model.Network, error) {
	return loadNetworkShowing(streams, paths, opts, nil)
}

// loadNetworkShowing is loadNetwork with a progress line (nil: none),
// cleared before any diagnostic is written.
func loadNetworkShowing(streams *IOStreams, paths []string, opts load.Options, prog *progress) (*model.Network, error) {
	opts, err := streams.withVars(opts)
	if err != nil {
		return nil, usageError(err)
	}
	prog.phase("loading %s", describePaths(paths))
	net, diags := load.Paths(paths, withConfig(opts, paths))
	prog.done()
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

// withConfig names the .vpcheck.hcl that applies to the first path (as
// lint finds it), whose on_prem blocks the loader reads, unless opts
// already names one.
func withConfig(opts load.Options, paths []string) load.Options {
	if opts.Config != "" || (len(paths) > 0 && strings.HasPrefix(paths[0], load.ExamplePrefix)) {
		return opts
	}
	start := "."
	if len(paths) > 0 {
		start = paths[0]
	}
	if file, ok, err := rules.FindConfig(start); err == nil && ok {
		opts.Config = file
	}
	return opts
}

// withVars adds the global --var-file and --var flags to a command's load
// options, as Terraform takes them.
func (s *IOStreams) withVars(opts load.Options) (load.Options, error) {
	opts.Terraform.VarFiles = append(opts.Terraform.VarFiles, s.VarFiles...)
	for _, kv := range s.Vars {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return opts, fmt.Errorf("--var %q: write NAME=VALUE", kv)
		}
		if opts.Terraform.Vars == nil {
			opts.Terraform.Vars = map[string]string{}
		}
		opts.Terraform.Vars[strings.TrimSpace(k)] = v
	}
	return opts, nil
}

// describePaths names what is being loaded, for the progress line.
func describePaths(paths []string) string {
	switch len(paths) {
	case 0:
		return "."
	case 1:
		return report.Printable(paths[0])
	}
	return fmt.Sprintf("%d paths", len(paths))
}
