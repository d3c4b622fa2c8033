package terraform

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpcheck/vpcheck/model"
)

// moduleConfig is one module directory: what its .tf files declare. The
// root module has an empty path; a child module's path is the chain of
// module call names that reaches it ("vpc", "vpc.subnets", …).
type moduleConfig struct {
	path []string
	// dir is the module directory as displayed ("" for none); onDisk says
	// whether it can be read from the file system (relative module sources,
	// file(), templatefile()).
	dir    string
	onDisk bool
	// rootDir is the root module's directory (Terraform's working directory).
	rootDir string

	variables map[string]*variableDecl
	locals    map[string]*localDecl
	resources map[string]*resourceDecl // managed resources, by "type.name"
	data      map[string]*resourceDecl // data sources, by "type.name"
	calls     map[string]*moduleCall
	outputs   map[string]*outputDecl
	providers map[string]*providerDecl // by "aws" or "aws.alias"

	// order lists every declaration in source order (files by name), so
	// that evaluation and diagnostics are deterministic.
	order []declaration
}

// declaration is anything that becomes a node of the evaluation graph.
type declaration interface{ declRange() hcl.Range }

type variableDecl struct {
	name       string
	typ        cty.Type
	defaults   *typeexpr.Defaults
	def        cty.Value // cty.NilVal when there is no default
	nullable   bool
	rng        hcl.Range
	typeMissed bool // the type expression was invalid; treated as any
}

type localDecl struct {
	name string
	expr hcl.Expression
	rng  hcl.Range
}

type resourceDecl struct {
	data     bool
	typ      string
	name     string
	count    hcl.Expression
	forEach  hcl.Expression
	body     *hclsyntax.Body
	provider string // "aws" or "aws.alias"
	rng      hcl.Range
}

func (r *resourceDecl) key() string { return r.typ + "." + r.name }

type moduleCall struct {
	name      string
	source    string
	count     hcl.Expression
	forEach   hcl.Expression
	args      map[string]*hclsyntax.Attribute
	providers map[string]string // child provider key → parent provider key
	child     *moduleConfig     // nil when the module could not be read
	rng       hcl.Range
}

type outputDecl struct {
	name string
	expr hcl.Expression
	rng  hcl.Range
}

type providerDecl struct {
	key    string // "aws" or "aws.alias"
	name   string
	region hcl.Expression // nil when not set
	rng    hcl.Range
}

func (d *variableDecl) declRange() hcl.Range { return d.rng }
func (d *localDecl) declRange() hcl.Range    { return d.rng }
func (r *resourceDecl) declRange() hcl.Range { return r.rng }
func (d *moduleCall) declRange() hcl.Range   { return d.rng }
func (d *outputDecl) declRange() hcl.Range   { return d.rng }
func (d *providerDecl) declRange() hcl.Range { return d.rng }

// addr returns the module's configuration address prefix: "" for the root,
// "module.a.module.b." for a child (instance keys are added by the evaluator).
func (m *moduleConfig) label() string {
	if len(m.path) == 0 {
		return "the root module"
	}
	return "module." + strings.Join(m.path, ".module.")
}

// metaArguments of resource and data blocks: not attributes of the object.
var resourceMeta = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true}

// nonValueBlocks inside resources carry no attribute values vpcheck reads.
var nonValueBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true, "timeouts": true}

// parseModule parses the files of one module and collects its declarations.
// sourceFiles are the files parsed for one load, with their syntax errors:
// a module called several times is parsed once.
type sourceFiles struct {
	files map[string]*hcl.File
	errs  map[string]hcl.Diagnostics
}

func newSourceFiles() *sourceFiles {
	return &sourceFiles{files: map[string]*hcl.File{}, errs: map[string]hcl.Diagnostics{}}
}

// parse parses the files not parsed yet, in parallel.
func (p *sourceFiles) parse(srcs []model.Source) {
	type result struct {
		f     *hcl.File
		diags hcl.Diagnostics
	}
	var todo []model.Source
	for _, s := range srcs {
		if _, ok := p.files[s.Name]; !ok {
			todo = append(todo, s)
		}
	}
	results := make([]result, len(todo))
	var wg sync.WaitGroup
	for i, s := range todo {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i].f, results[i].diags = parseFile(s.Bytes, s.Name)
		}()
	}
	wg.Wait()
	for i, s := range todo {
		p.files[s.Name], p.errs[s.Name] = results[i].f, results[i].diags
	}
}

func parseModule(files []model.Source, path []string, dir string, onDisk bool, rootDir string, parsed *sourceFiles) (*moduleConfig, hcl.Diagnostics) {
	m := &moduleConfig{
		path: path, dir: dir, onDisk: onDisk, rootDir: rootDir,
		variables: map[string]*variableDecl{}, locals: map[string]*localDecl{},
		resources: map[string]*resourceDecl{}, data: map[string]*resourceDecl{},
		calls: map[string]*moduleCall{}, outputs: map[string]*outputDecl{},
		providers: map[string]*providerDecl{},
	}
	sorted := append([]model.Source(nil), files...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	var diags hcl.Diagnostics
	parsed.parse(sorted)
	for _, src := range sorted {
		f, d := parsed.files[src.Name], parsed.errs[src.Name]
		diags = append(diags, d...)
		if f == nil {
			continue
		}
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		if d.HasErrors() {
			body = withoutBrokenBlocks(body, d)
		}
		diags = append(diags, m.collect(body)...)
	}
	return m, diags
}

// withoutBrokenBlocks drops the top-level blocks that contain a syntax
// error: the parser recovers, but what it recovers is not what the author
// wrote. The rest of the file is still read.
func withoutBrokenBlocks(b *hclsyntax.Body, diags hcl.Diagnostics) *hclsyntax.Body {
	broken := func(r hcl.Range) bool {
		for _, d := range diags {
			if d.Severity == hcl.DiagError && d.Subject != nil && r.ContainsOffset(d.Subject.Start.Byte) {
				return true
			}
		}
		return false
	}
	out := *b
	out.Blocks = nil
	for _, blk := range b.Blocks {
		if !broken(blk.Range()) {
			out.Blocks = append(out.Blocks, blk)
		}
	}
	out.Attributes = hclsyntax.Attributes{}
	for name, a := range b.Attributes {
		if !broken(a.SrcRange) {
			out.Attributes[name] = a
		}
	}
	return &out
}

func (m *moduleConfig) collect(body *hclsyntax.Body) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, a := range sortedAttributes(body) {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Unsupported argument",
			Detail:   fmt.Sprintf("An argument named %q is not expected at the top level of a Terraform file.", a.Name),
			Subject:  a.NameRange.Ptr(),
		})
	}
	for _, b := range body.Blocks {
		switch b.Type {
		case "variable":
			diags = append(diags, m.addVariable(b)...)
		case "locals":
			for _, a := range sortedAttributes(b.Body) {
				if prev, ok := m.locals[a.Name]; ok {
					diags = append(diags, duplicate("local value", a.Name, a.NameRange, prev.rng))
					continue
				}
				d := &localDecl{name: a.Name, expr: a.Expr, rng: a.NameRange}
				m.locals[a.Name] = d
				m.order = append(m.order, d)
			}
		case "resource", "data":
			diags = append(diags, m.addResource(b)...)
		case "module":
			diags = append(diags, m.addModuleCall(b)...)
		case "output":
			if len(b.Labels) != 1 {
				diags = append(diags, labelCount(b, 1))
				continue
			}
			if prev, ok := m.outputs[b.Labels[0]]; ok {
				diags = append(diags, duplicate("output", b.Labels[0], b.DefRange(), prev.rng))
				continue
			}
			d := &outputDecl{name: b.Labels[0], rng: b.DefRange()}
			if a, ok := b.Body.Attributes["value"]; ok {
				d.expr = a.Expr
			}
			m.outputs[d.name] = d
			m.order = append(m.order, d)
		case "provider":
			if len(b.Labels) != 1 {
				diags = append(diags, labelCount(b, 1))
				continue
			}
			d := &providerDecl{name: b.Labels[0], key: b.Labels[0], rng: b.DefRange()}
			if a, ok := b.Body.Attributes["alias"]; ok {
				if v, dd := a.Expr.Value(nil); !dd.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
					d.key += "." + v.AsString()
				}
			}
			if a, ok := b.Body.Attributes["region"]; ok {
				d.region = a.Expr
			}
			if prev, ok := m.providers[d.key]; ok {
				diags = append(diags, duplicate("provider configuration", d.key, d.rng, prev.rng))
				continue
			}
			m.providers[d.key] = d
			m.order = append(m.order, d)
		}
	}
	return diags
}

func (m *moduleConfig) addVariable(b *hclsyntax.Block) hcl.Diagnostics {
	if len(b.Labels) != 1 {
		return hcl.Diagnostics{labelCount(b, 1)}
	}
	name := b.Labels[0]
	if prev, ok := m.variables[name]; ok {
		return hcl.Diagnostics{duplicate("variable", name, b.DefRange(), prev.rng)}
	}
	var diags hcl.Diagnostics
	d := &variableDecl{name: name, typ: cty.DynamicPseudoType, nullable: true, rng: b.DefRange()}
	if a, ok := b.Body.Attributes["type"]; ok {
		ty, defaults, dd := typeexpr.TypeConstraintWithDefaults(a.Expr)
		if dd.HasErrors() {
			diags = append(diags, dd...)
			d.typeMissed = true
		} else {
			d.typ, d.defaults = ty, defaults
		}
	}
	if a, ok := b.Body.Attributes["nullable"]; ok {
		if v, dd := a.Expr.Value(nil); !dd.HasErrors() && v.Type() == cty.Bool && v.IsKnown() && !v.IsNull() {
			d.nullable = v.True()
		}
	}
	if a, ok := b.Body.Attributes["default"]; ok {
		v, dd := a.Expr.Value(nil)
		if dd.HasErrors() {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid default value for variable",
				Detail:   "A variable's default must be a literal value; it cannot refer to other objects or call functions.",
				Subject:  a.Expr.Range().Ptr(),
			})
			v = cty.DynamicVal
		}
		d.def = v
		if !v.IsNull() && v.IsKnown() {
			cv, err := convertVariable(d, v)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid default value for variable",
					Detail:   fmt.Sprintf("This default value is not compatible with the variable's type constraint: %s.", err),
					Subject:  a.Expr.Range().Ptr(),
				})
				cv = cty.DynamicVal
			}
			d.def = cv
		}
	}
	m.variables[name] = d
	m.order = append(m.order, d)
	return diags
}

func (m *moduleConfig) addResource(b *hclsyntax.Block) hcl.Diagnostics {
	if len(b.Labels) != 2 {
		return hcl.Diagnostics{labelCount(b, 2)}
	}
	d := &resourceDecl{data: b.Type == "data", typ: b.Labels[0], name: b.Labels[1], body: b.Body, rng: b.DefRange()}
	d.provider = strings.SplitN(d.typ, "_", 2)[0]
	if a, ok := b.Body.Attributes["count"]; ok {
		d.count = a.Expr
	}
	if a, ok := b.Body.Attributes["for_each"]; ok {
		d.forEach = a.Expr
	}
	if d.count != nil && d.forEach != nil {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  `Invalid combination of "count" and "for_each"`,
			Detail:   `The "count" and "for_each" meta-arguments are mutually-exclusive, only one should be used.`,
			Subject:  b.Body.Attributes["for_each"].NameRange.Ptr(),
		}}
	}
	if a, ok := b.Body.Attributes["provider"]; ok {
		if t, dd := hcl.AbsTraversalForExpr(a.Expr); !dd.HasErrors() {
			d.provider = traversalKey(t)
		}
	}
	table, what := m.resources, "resource"
	if d.data {
		table, what = m.data, "data source"
	}
	if prev, ok := table[d.key()]; ok {
		return hcl.Diagnostics{duplicate(what, d.key(), d.rng, prev.rng)}
	}
	table[d.key()] = d
	m.order = append(m.order, d)
	return nil
}

func (m *moduleConfig) addModuleCall(b *hclsyntax.Block) hcl.Diagnostics {
	if len(b.Labels) != 1 {
		return hcl.Diagnostics{labelCount(b, 1)}
	}
	name := b.Labels[0]
	if prev, ok := m.calls[name]; ok {
		return hcl.Diagnostics{duplicate("module call", name, b.DefRange(), prev.rng)}
	}
	var diags hcl.Diagnostics
	c := &moduleCall{name: name, args: map[string]*hclsyntax.Attribute{}, providers: map[string]string{}, rng: b.DefRange()}
	for _, a := range sortedAttributes(b.Body) {
		switch a.Name {
		case "source":
			v, dd := a.Expr.Value(nil)
			if dd.HasErrors() || v.Type() != cty.String || v.IsNull() {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Invalid module source",
					Detail:   "The module source must be a literal string.",
					Subject:  a.Expr.Range().Ptr(),
				})
				continue
			}
			c.source = v.AsString()
		case "count":
			c.count = a.Expr
		case "for_each":
			c.forEach = a.Expr
		case "providers":
			pairs, dd := hcl.ExprMap(a.Expr)
			diags = append(diags, dd...)
			for _, p := range pairs {
				k, d1 := hcl.AbsTraversalForExpr(p.Key)
				v, d2 := hcl.AbsTraversalForExpr(p.Value)
				if d1.HasErrors() || d2.HasErrors() {
					continue
				}
				c.providers[traversalKey(k)] = traversalKey(v)
			}
		case "version", "depends_on":
		default:
			c.args[a.Name] = a
		}
	}
	if c.source == "" && !diags.HasErrors() {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Missing module source",
			Detail:   fmt.Sprintf("The module call %q has no source argument.", name),
			Subject:  c.rng.Ptr(),
		})
	}
	m.calls[name] = c
	m.order = append(m.order, c)
	return diags
}

// traversalKey renders a provider reference (aws, aws.west) as a key.
func traversalKey(t hcl.Traversal) string {
	parts := []string{t.RootName()}
	for _, s := range t[1:] {
		if a, ok := s.(hcl.TraverseAttr); ok {
			parts = append(parts, a.Name)
		}
	}
	return strings.Join(parts, ".")
}

// sortedAttributes returns a body's attributes in source order (the
// hclsyntax body keeps them in a map).
func sortedAttributes(b *hclsyntax.Body) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		out = append(out, a)
	}
	slices.SortFunc(out, func(x, y *hclsyntax.Attribute) int { return x.SrcRange.Start.Byte - y.SrcRange.Start.Byte })
	return out
}

func duplicate(what, name string, at, prev hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Duplicate %s %q", what, name),
		Detail:   fmt.Sprintf("A %s named %q was already declared at %s; names must be unique within a module.", what, name, prev.String()),
		Subject:  at.Ptr(),
	}
}

func labelCount(b *hclsyntax.Block, want int) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Invalid %s block", b.Type),
		Detail:   fmt.Sprintf("A %s block needs %d label(s).", b.Type, want),
		Subject:  b.DefRange().Ptr(),
	}
}
