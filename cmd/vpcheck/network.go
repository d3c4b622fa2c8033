package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"

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

// loadOptions are what the loading factory takes besides the PATHs: the
// loaders' settings, and the global --var-file and --var flags, which it
// applies as Terraform does when it loads.
type loadOptions struct {
	load.Options
	// VarFiles and Vars are the global --var-file and --var flags.
	VarFiles, Vars []string
}

// withGlobals takes the global --var-file and --var from cmd's flags (a
// command built on its own, in a test, has none).
func (o *loadOptions) withGlobals(cmd *cobra.Command) {
	o.VarFiles, _ = cmd.Flags().GetStringArray("var-file")
	o.Vars, _ = cmd.Flags().GetStringArray("var")
}

// resolve is the loaders' options with the variables in them.
func (o loadOptions) resolve() (load.Options, error) {
	opts := o.Options
	opts.Terraform.VarFiles = append(opts.Terraform.VarFiles, o.VarFiles...)
	for _, kv := range o.Vars {
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

// loader is the loading factory: the one place where a command's PATHs and
// load options become its networks, its one network or the compiled data
// plane it asks about. Diagnostics go to stderr (the answer keeps stdout);
// an input error ends the command with exit status 2, after Failed (if
// set) has written it in the command's machine format.
type loader struct {
	IO    *IOStreams
	Paths []string
	Load  loadOptions
	// Roots says how the PATHs split into roots (load.Roots).
	Roots load.RootOptions
	// Failed renders an input error on stdout; nil for text, where stderr
	// says it all.
	Failed failedInput
	// Progress, when not nil, shows the phase on stderr and is cleared
	// before any diagnostic is written.
	Progress *progress
}

// loaded is what a command's PATHs hold: one network per root (root
// module, snapshot, directory, example).
type loaded struct {
	Networks []rules.Network
	// Files are the parsed inputs of every network, for snippets.
	Files map[string]*hcl.File
	// Warnings are the load warnings, already written to stderr.
	Warnings hcl.Diagnostics
	// roots is how many roots the PATHs name.
	roots int
}

// read loads every root of the PATHs and reports nothing: validate shows
// the diagnostics in its own document.
func (l loader) read() (*loaded, hcl.Diagnostics, error) {
	opts, err := l.Load.resolve()
	if err != nil {
		return nil, nil, usageError(err)
	}
	opts = withConfig(opts, l.Paths)
	roots, diags := load.Roots(l.Paths, l.Roots)
	out := &loaded{Files: map[string]*hcl.File{}, roots: len(roots)}
	for _, root := range roots {
		ropts := opts
		ropts.Shallow = root.Shallow
		l.Progress.phase("loading %s", report.Printable(root.Name))
		net, d := load.Paths(root.Paths, ropts)
		l.Progress.done()
		diags = append(diags, d...)
		if net == nil {
			continue
		}
		for name, f := range net.Files {
			out.Files[name] = f
		}
		out.Networks = append(out.Networks, rules.Network{Root: root.Name, Net: net})
	}
	return out, diags, nil
}

// networks loads the PATHs for a command that analyses networks, one per
// root.
func (l loader) networks() (*loaded, error) {
	out, diags, err := l.read()
	if err != nil {
		return nil, err
	}
	if len(diags) > 0 {
		if err := writeDiagnostics(l.IO, out.Files, diags); err != nil {
			return nil, err
		}
	}
	// Changed files of which none is a network definition: nothing to do.
	nothing := l.Roots.Changed && out.roots == 0
	if diags.HasErrors() || len(out.Networks) == 0 && !nothing {
		if l.Failed != nil {
			if err := l.Failed(out.Files, diags); err != nil {
				return nil, err
			}
		}
		return nil, inputError()
	}
	out.Warnings = diags
	return out, nil
}

// network is networks for a command that answers about one network
// (replay, graph): PATHs that hold several roots are a usage error naming
// them, since a packet cannot cross from one to another.
func (l loader) network() (*model.Network, error) {
	out, err := l.networks()
	if err != nil {
		return nil, err
	}
	if len(out.Networks) > 1 {
		return nil, usageError(fmt.Errorf("the PATHs hold %d separate networks (%s), and a packet cannot cross from one to another: give the root module, snapshot or directory of the one to ask about",
			len(out.Networks), strings.Join(rootNames(out.Networks), ", ")))
	}
	return out.Networks[0].Net, nil
}

// dataplane compiles the one network the command asks about: its only
// one, the one --root names, or else the one in which every selector
// names something; selectors that do so in several networks are
// ambiguous.
func (l loader) dataplane(root string, selectors ...string) (*dataplane.Dataplane, error) {
	if root == "" && len(selectors) == 0 {
		net, err := l.network()
		if err != nil {
			return nil, err
		}
		return dataplane.Compile(net), nil
	}
	out, err := l.networks()
	if err != nil {
		return nil, err
	}
	if root != "" {
		for _, n := range out.Networks {
			if n.Root == root || filepath.Clean(n.Root) == filepath.Clean(root) {
				return dataplane.Compile(n.Net), nil
			}
		}
		return nil, usageError(fmt.Errorf("--root %q is none of the networks the PATHs hold: %s", root, strings.Join(rootNames(out.Networks), ", ")))
	}
	if len(out.Networks) == 1 {
		return dataplane.Compile(out.Networks[0].Net), nil
	}
	var matches []string
	var match *dataplane.Dataplane
	for _, n := range out.Networks {
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
			len(out.Networks), strings.Join(rootNames(out.Networks), ", "), strings.Join(quoted(selectors), " and ")))
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
