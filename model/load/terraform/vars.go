package terraform

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/source"
)

// convertVariable applies a variable's optional-attribute defaults and
// converts the value to its type constraint, as Terraform does for every
// input variable value.
func convertVariable(d *variableDecl, v cty.Value) (cty.Value, error) {
	if d.defaults != nil {
		v = d.defaults.Apply(v)
	}
	if d.typ == cty.DynamicPseudoType {
		return v, nil
	}
	cv, err := convert.Convert(v, d.typ)
	if err != nil {
		return cty.DynamicVal, fmt.Errorf("%s", convertError(err))
	}
	return cv, nil
}

func convertError(err error) string {
	var pe cty.PathError
	if errors.As(err, &pe) && len(pe.Path) > 0 {
		return fmt.Sprintf("%s: %s", pathString(pe.Path), pe.Error())
	}
	return err.Error()
}

func pathString(p cty.Path) string {
	var b strings.Builder
	for _, s := range p {
		switch s := s.(type) {
		case cty.GetAttrStep:
			b.WriteString("." + s.Name)
		case cty.IndexStep:
			if s.Key.Type() == cty.String {
				fmt.Fprintf(&b, "[%q]", s.Key.AsString())
			} else if s.Key.Type() == cty.Number {
				fmt.Fprintf(&b, "[%s]", s.Key.AsBigFloat().Text('f', -1))
			}
		}
	}
	return strings.TrimPrefix(b.String(), ".")
}

// rootVariableValue is a value assigned to a root module variable, with
// where it was assigned (for type errors).
type rootVariableValue struct {
	val cty.Value
	rng *hcl.Range
}

// rootVariables gathers the values of the root module's variables in
// Terraform's order of precedence, later winning: TF_VAR_ environment
// variables, terraform.tfvars, terraform.tfvars.json, *.auto.tfvars and
// *.auto.tfvars.json (lexical order), then --var-file and --var. See
// https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence
func rootVariables(root *moduleConfig, opts Options, parsed *sourceFiles, planVars map[string]cty.Value) (map[string]cty.Value, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	given := map[string]rootVariableValue{}

	for _, name := range sortedKeys(root.variables) {
		if raw, ok := os.LookupEnv("TF_VAR_" + name); ok {
			v, d := parseRawVariable(root.variables[name], raw, "TF_VAR_"+name)
			diags = append(diags, d...)
			given[name] = rootVariableValue{val: v}
		}
	}

	var files []string
	if root.onDisk {
		for _, n := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
			if p := filepath.Join(root.dir, n); fileExists(p) {
				files = append(files, p)
			}
		}
		if entries, err := os.ReadDir(root.dir); err == nil {
			var auto []string
			for _, e := range entries {
				if !e.IsDir() && (strings.HasSuffix(e.Name(), ".auto.tfvars") || strings.HasSuffix(e.Name(), ".auto.tfvars.json")) {
					auto = append(auto, e.Name())
				}
			}
			sort.Strings(auto)
			for _, a := range auto {
				files = append(files, filepath.Join(root.dir, a))
			}
		}
	}
	for _, f := range files {
		diags = append(diags, readVarFile(root, f, given, parsed, false)...)
	}
	for _, f := range opts.VarFiles {
		diags = append(diags, readVarFile(root, f, given, parsed, true)...)
	}
	for _, name := range sortedKeys(opts.Vars) {
		d, ok := root.variables[name]
		if !ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Value for undeclared variable",
				Detail:   fmt.Sprintf("A variable named %q was assigned with --var, but the root module does not declare it.%s", name, suggestion(name, sortedKeys(root.variables))),
			})
			continue
		}
		v, dd := parseRawVariable(d, opts.Vars[name], "--var "+name)
		diags = append(diags, dd...)
		given[name] = rootVariableValue{val: v}
	}

	for name, v := range planVars {
		if _, ok := root.variables[name]; ok {
			given[name] = rootVariableValue{val: v}
		}
	}

	values := map[string]cty.Value{}
	for _, name := range sortedKeys(root.variables) {
		d := root.variables[name]
		g, ok := given[name]
		if !ok || (g.val.IsNull() && !d.nullable) {
			if d.def != cty.NilVal {
				values[name] = d.def
				continue
			}
			if !ok {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagWarning,
					Summary:  fmt.Sprintf("variable %q has no value; it is treated as unknown", name),
					Detail:   "The variable has no default and no value was given. Set it with --var " + name + "=VALUE, --var-file or a terraform.tfvars file; until then everything that depends on it is unknown to vpcheck.",
					Subject:  d.rng.Ptr(),
				})
				values[name] = cty.DynamicVal
				continue
			}
		}
		cv, err := convertVariable(d, g.val)
		if err != nil {
			subject := g.rng
			if subject == nil {
				subject = d.rng.Ptr()
			}
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid value for input variable",
				Detail:   fmt.Sprintf("The value given for variable %q is not compatible with its type constraint: %s.", name, err),
				Subject:  subject,
			})
		}
		values[name] = cv
	}
	return values, diags
}

// parseRawVariable reads a value given as text (--var, TF_VAR_): a literal
// string for variables of a primitive or unspecified type, otherwise an
// HCL expression, as Terraform reads them.
func parseRawVariable(d *variableDecl, raw, origin string) (cty.Value, hcl.Diagnostics) {
	if d.typ.IsPrimitiveType() || d.typ == cty.DynamicPseudoType {
		return cty.StringVal(raw), nil
	}
	expr, diags := hclsyntax.ParseExpression([]byte(raw), origin, hcl.InitialPos)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	return v, nil
}

// readVarFile reads one .tfvars (HCL) or .tfvars.json file.
func readVarFile(root *moduleConfig, name string, given map[string]rootVariableValue, parsed *sourceFiles, explicit bool) hcl.Diagnostics {
	src, err := source.ReadFile(name)
	if err != nil {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Failed to read variables file",
			Detail:   fmt.Sprintf("Cannot read %s: %v.", name, unwrapPath(err)),
		}}
	}
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(name, ".json") {
		f, diags = json.Parse(src, name)
	} else {
		f, diags = hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	}
	var syntax model.Collector
	syntax.AddSyntax(diags)
	diags = syntax.Diagnostics()
	if f == nil {
		return diags
	}
	parsed.files[name] = f
	attrs, d := f.Body.JustAttributes()
	diags = append(diags, d...)
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a := attrs[n]
		if _, ok := root.variables[n]; !ok {
			sev := hcl.DiagWarning
			if explicit {
				sev = hcl.DiagError
			}
			diags = append(diags, &hcl.Diagnostic{
				Severity: sev,
				Summary:  "Value for undeclared variable",
				Detail:   fmt.Sprintf("The root module does not declare a variable named %q.%s", n, suggestion(n, sortedKeys(root.variables))),
				Subject:  a.NameRange.Ptr(),
			})
			continue
		}
		v, d := a.Expr.Value(nil)
		if d.HasErrors() {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Variables not allowed",
				Detail:   "Variable values in a variables file must be literal values; they cannot refer to other objects or call functions.",
				Subject:  a.Expr.Range().Ptr(),
			})
			continue
		}
		r := a.Expr.Range()
		given[n] = rootVariableValue{val: v, rng: &r}
	}
	return diags
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
