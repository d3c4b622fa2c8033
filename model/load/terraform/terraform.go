// Package terraform loads Terraform configurations (*.tf) and plans
// (`terraform show -json`) into the network model.
//
// A configuration is evaluated as Terraform would plan it, without a
// provider and without calling AWS: variables (defaults, tfvars, --var),
// locals, resource and data source references, count, for_each, dynamic
// blocks, module calls and outputs, and Terraform's functions. What only
// AWS knows (ids of objects not yet created, data source results, addresses
// assigned at launch) becomes a documented placeholder or an unknown value,
// and every resource whose network-relevant attributes stay unknown is
// reported. docs/terraform.md describes the rules.
package terraform

import (
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpcheck/vpcheck/model"
)

// Options are the inputs Terraform itself would take.
type Options struct {
	// VarFiles are --var-file paths, applied in order after the tfvars
	// files of the root module.
	VarFiles []string
	// Vars are --var NAME=VALUE assignments, applied last.
	Vars map[string]string
}

// Load reads the .tf files of one root module directory (and the modules it
// calls) into an unlinked network. dir is the directory as the user wrote
// it; when it is not on disk (an embedded example), only srcs are read.
func Load(dir string, srcs []model.Source, opts Options) (*model.Network, hcl.Diagnostics) {
	_, m, parsed, diags := evaluate(dir, srcs, opts, nil)
	n := m.net
	for name, f := range parsed {
		n.Files[name] = snippetFile(f)
	}
	return n, diags
}

// snippetFile is what the network keeps of a parsed file once it is
// evaluated: diagnostics' snippets read its bytes, and its navigation when
// it has one. A large file parsed in chunks has none, so only its bytes are
// kept and its syntax tree, most of the memory of a large load, is
// released before the analyses start.
func snippetFile(f *hcl.File) *hcl.File {
	if f == nil || f.Nav != nil {
		return f
	}
	return &hcl.File{Body: hcl.EmptyBody(), Bytes: f.Bytes}
}

// evaluate parses, evaluates and maps a root module. planVars are variable
// values a plan was made with; they take precedence over every other source.
func evaluate(dir string, srcs []model.Source, opts Options, planVars map[string]cty.Value) (*evaluator, *mapper, map[string]*hcl.File, hcl.Diagnostics) {
	parsed := newSourceFiles()
	onDisk := isDir(dir)
	root, diags := parseModule(srcs, nil, dir, onDisk, dir, parsed)
	loader := newModuleLoader(dir, onDisk, srcs, parsed)
	loader.loadChildren(root, []string{filepath.Clean(dir)})
	diags = append(diags, loader.diags...)

	rootVars, d := rootVariables(root, opts, parsed, planVars)
	diags = append(diags, d...)

	g := buildGraph(root)
	diags = append(diags, g.diags...)
	e := newEvaluator(g, root, rootVars)
	e.run()
	diags = append(diags, e.diags...)

	m := newMapper(e.reg)
	m.mapAll(e.out)
	diags = append(diags, m.diags...)
	diags = dedupe(diags)
	m.net.Omitted = append(append(append(m.net.Omitted, loader.omitted...), e.omitted...), m.omitted...)
	m.net.Incomplete = len(m.net.Omitted) > 0 || diags.HasErrors()
	return e, m, parsed.files, diags
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// dedupe drops repeated diagnostics (same severity, text and place): an
// expression evaluated once per instance reports its error once. What is
// left is bounded as a model.Collector bounds it.
func dedupe(diags hcl.Diagnostics) hcl.Diagnostics {
	seen := map[string]bool{}
	var out model.Collector
	for _, d := range diags {
		key := string(rune('0'+d.Severity)) + d.Summary + "\x00" + d.Detail
		if d.Subject != nil {
			key += "\x00" + d.Subject.String()
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out.Add(d)
	}
	return out.Diagnostics()
}
