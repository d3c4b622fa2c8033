package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
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

// loaded is what a command's PATHs hold: one network per root (root
// module, snapshot, directory, example).
type loaded struct {
	Networks []rules.Network
	// Files are the parsed inputs of every network, for snippets.
	Files map[string]*hcl.File
	// Warnings are the load warnings, already written to stderr.
	Warnings hcl.Diagnostics
}

// loadNetworks loads the paths for a command that analyses networks, one
// per root (load.Roots): diagnostics go to stderr (the answer keeps
// stdout), and an input error in any of them ends the command with exit
// status 2, after failed (if set) has written it in the command's machine
// format.
//
// prog, when not nil, shows the phase on stderr and is cleared before any
// diagnostic is written.
func loadNetworks(streams *IOStreams, paths []string, ropts load.RootOptions, opts load.Options, failed failedInput, prog *progress) (*loaded, error) {
	opts, err := streams.withVars(opts)
	if err != nil {
		return nil, usageError(err)
	}
	opts = withConfig(opts, paths)
	roots, diags := load.Roots(paths, ropts)
	out := &loaded{Files: map[string]*hcl.File{}}
	for _, root := range roots {
		ropts := opts
		ropts.Shallow = root.Shallow
		prog.phase("loading %s", report.Printable(root.Name))
		net, d := load.Paths(root.Paths, ropts)
		prog.done()
		diags = append(diags, d...)
		if net == nil {
			continue
		}
		for name, f := range net.Files {
			out.Files[name] = f
		}
		out.Networks = append(out.Networks, rules.Network{Root: root.Name, Net: net})
	}
	if len(diags) > 0 {
		if err := writeDiagnostics(streams, out.Files, diags); err != nil {
			return nil, err
		}
	}
	// Changed files of which none is a network definition: nothing to do.
	nothing := ropts.Changed && len(roots) == 0
	if diags.HasErrors() || len(out.Networks) == 0 && !nothing {
		if failed != nil {
			if err := failed(out.Files, diags); err != nil {
				return nil, err
			}
		}
		return nil, inputError()
	}
	out.Warnings = diags
	return out, nil
}

// loadNetwork is loadNetworks for a command that answers about one network
// (replay): PATHs that hold several roots are a usage error naming them,
// since a packet cannot cross from one to another.
func loadNetwork(streams *IOStreams, paths []string, opts load.Options, failed failedInput) (*model.Network, hcl.Diagnostics, error) {
	l, err := loadNetworks(streams, paths, load.RootOptions{}, opts, failed, nil)
	if err != nil {
		return nil, nil, err
	}
	if len(l.Networks) > 1 {
		return nil, nil, usageError(fmt.Errorf("the PATHs hold %d separate networks (%s), and a packet cannot cross from one to another: give the root module, snapshot or directory of the one to ask about",
			len(l.Networks), strings.Join(rootNames(l.Networks), ", ")))
	}
	return l.Networks[0].Net, l.Warnings, nil
}

// loadDataplane loads the paths for reach and trace and compiles the
// network their selectors are about. With several roots, --root names one;
// without it, the one network in which every selector names something is
// taken, and selectors that do so in several networks are ambiguous.
func loadDataplane(streams *IOStreams, paths []string, root string, opts load.Options, failed failedInput, selectors ...string) (*dataplane.Dataplane, error) {
	l, err := loadNetworks(streams, paths, load.RootOptions{}, opts, failed, nil)
	if err != nil {
		return nil, err
	}
	if root != "" {
		for _, n := range l.Networks {
			if n.Root == root || filepath.Clean(n.Root) == filepath.Clean(root) {
				return dataplane.Compile(n.Net), nil
			}
		}
		return nil, usageError(fmt.Errorf("--root %q is none of the networks the PATHs hold: %s", root, strings.Join(rootNames(l.Networks), ", ")))
	}
	if len(l.Networks) == 1 {
		return dataplane.Compile(l.Networks[0].Net), nil
	}
	var matches []string
	var match *dataplane.Dataplane
	for _, n := range l.Networks {
		d := dataplane.Compile(n.Net)
		an := analyzer.New(d)
		all := true
		for _, sel := range selectors {
			if _, err := an.Select(sel); err != nil {
				all = false
				break
			}
		}
		if all {
			matches = append(matches, n.Root)
			match = d
		}
	}
	switch len(matches) {
	case 1:
		return match, nil
	case 0:
		return nil, usageError(fmt.Errorf("the PATHs hold %d separate networks (%s), and none has both %s: a packet cannot cross from one to another",
			len(l.Networks), strings.Join(rootNames(l.Networks), ", "), strings.Join(quoted(selectors), " and ")))
	}
	return nil, usageError(fmt.Errorf("selectors %s are ambiguous: they name objects in %d networks (%s); give --root with the one to ask about",
		strings.Join(quoted(selectors), " and "), len(matches), strings.Join(matches, ", ")))
}

func rootNames(nets []rules.Network) []string {
	names := make([]string, len(nets))
	for i, n := range nets {
		names[i] = n.Root
	}
	return names
}

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
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
