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

// failedInput is how a command renders an input error in its chosen
// machine format on stdout, so that a CI step reading that format sees the
// failure rather than an empty file (nil: text, where stderr says it all).
type failedInput func(files map[string]*hcl.File, diags hcl.Diagnostics) error

// jsonFailure writes {"diagnostics": [...]}: what reach, trace and replay
// print with --format json when their input could not be read.
func jsonFailure(streams *IOStreams, format report.Format) failedInput {
	if format != report.FormatJSON {
		return nil
	}
	return func(_ map[string]*hcl.File, diags hcl.Diagnostics) error {
		return report.WriteJSON(streams.Out, struct {
			Diagnostics []report.Diagnostic `json:"diagnostics"`
		}{report.JSONDiagnostics(diags)})
	}
}

// loadNetwork loads the paths for a command that analyses the network:
// diagnostics go to stderr (the answer keeps stdout), and an input error
// ends the command with exit status 2, after failed (if set) has written
// it in the command's machine format. The diagnostics returned are the
// warnings, already written to stderr.
func loadNetwork(streams *IOStreams, paths []string, opts load.Options, failed failedInput) (*model.Network, hcl.Diagnostics, error) {
	opts, err := streams.withVars(opts)
	if err != nil {
		return nil, nil, usageError(err)
	}
	net, diags := load.Paths(paths, withConfig(opts, paths))
	files := map[string]*hcl.File{}
	if net != nil {
		files = net.Files
	}
	if len(diags) > 0 {
		if err := writeDiagnostics(streams, files, diags); err != nil {
			return nil, nil, err
		}
	}
	if diags.HasErrors() || net == nil {
		if failed != nil {
			if err := failed(files, diags); err != nil {
				return nil, nil, err
			}
		}
		return nil, nil, inputError()
	}
	return net, diags, nil
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
