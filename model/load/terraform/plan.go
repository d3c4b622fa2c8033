package terraform

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/jsondoc"
)

// A plan (`terraform show -json PLANFILE`) has Terraform's own values for
// every resource it would create or keep: planned_values.root_module and its
// child_modules. Values known only after apply are absent (and flagged in
// resource_changes[].change.after_unknown); for a resource yet to be created
// that includes its id, so every reference to it is unknown too. vpcheck
// fills those gaps the same way it evaluates a configuration:
//   - when the configuration is beside the plan (.tf files in the plan's
//     directory), it is evaluated with the plan's variables, and each value
//     the plan leaves unknown is taken from the evaluated resource with the
//     same address; the resource's range then points at its .tf block;
//   - otherwise ids get the same address-based placeholders, and an
//     attribute that refers directly to another resource (the configuration
//     section's "references") takes that resource's (placeholder) value.
// See https://developer.hashicorp.com/terraform/internals/json-format

type planJSON struct {
	FormatVersion string `json:"format_version"`
	Variables     map[string]struct {
		Value json.RawMessage `json:"value"`
	} `json:"variables"`
	PlannedValues struct {
		RootModule planModule `json:"root_module"`
	} `json:"planned_values"`
	ResourceChanges []struct {
		Address string `json:"address"`
		Change  struct {
			AfterUnknown json.RawMessage `json:"after_unknown"`
		} `json:"change"`
	} `json:"resource_changes"`
	Configuration struct {
		RootModule configModuleJSON `json:"root_module"`
	} `json:"configuration"`
}

type planModule struct {
	Address      string         `json:"address"`
	Resources    []planResource `json:"resources"`
	ChildModules []planModule   `json:"child_modules"`
}

type planResource struct {
	Address      string          `json:"address"`
	Mode         string          `json:"mode"`
	Type         string          `json:"type"`
	Name         string          `json:"name"`
	Index        json.RawMessage `json:"index"`
	ProviderName string          `json:"provider_name"`
	Values       json.RawMessage `json:"values"`
}

type configModuleJSON struct {
	Resources   []configResourceJSON `json:"resources"`
	ModuleCalls map[string]struct {
		Module configModuleJSON `json:"module"`
	} `json:"module_calls"`
}

type configResourceJSON struct {
	Address     string                     `json:"address"`
	Mode        string                     `json:"mode"`
	Expressions map[string]json.RawMessage `json:"expressions"`
}

type expressionJSON struct {
	References []string `json:"references"`
}

// LoadPlan reads `terraform show -json` output into an unlinked network.
func LoadPlan(src model.Source, opts Options) (*model.Network, hcl.Diagnostics) {
	fileRange := hcl.Range{Filename: src.Name, Start: hcl.InitialPos, End: hcl.InitialPos}
	var plan planJSON
	addrs, d := decodePlan(src, &plan)
	if d != nil {
		// The file is kept for the diagnostic's snippet.
		net := model.New()
		net.Files[src.Name] = &hcl.File{Body: hcl.EmptyBody(), Bytes: src.Bytes}
		net.Incomplete = true
		return net, hcl.Diagnostics{d}
	}
	var diags hcl.Diagnostics
	unknowns := map[string]map[string]bool{}
	for _, rc := range plan.ResourceChanges {
		var au map[string]json.RawMessage
		if json.Unmarshal(rc.Change.AfterUnknown, &au) == nil {
			for k, v := range au {
				if string(v) == "true" {
					if unknowns[rc.Address] == nil {
						unknowns[rc.Address] = map[string]bool{}
					}
					unknowns[rc.Address][k] = true
				}
			}
		}
	}

	// The configuration beside the plan, evaluated with the plan's variables.
	var evaluated map[string]*resource
	files := map[string]*hcl.File{src.Name: {Body: hcl.EmptyBody(), Bytes: src.Bytes}}
	dir := filepath.Dir(src.Name)
	if cfgSrcs, err := readModuleDir(dir); err == nil {
		vars := map[string]cty.Value{}
		for name, v := range plan.Variables {
			if val, err := decodeJSONValue(v.Value); err == nil {
				vars[name] = val
			}
		}
		e, _, parsed, d := evaluate(dir, cfgSrcs, opts, vars)
		evaluated = map[string]*resource{}
		for _, r := range e.out {
			evaluated[r.addr] = r
		}
		for name, f := range parsed {
			files[name] = f
		}
		// Only the configuration's errors matter here: its warnings about
		// unknowns are superseded by the plan's values.
		for _, x := range d {
			if x.Severity == hcl.DiagError {
				diags = append(diags, x)
			}
		}
	}

	var planned []*resource
	var walk func(m planModule)
	walk = func(m planModule) {
		for _, pr := range m.Resources {
			if pr.Mode != "managed" {
				continue
			}
			r, err := planResourceOf(pr, addrs, fileRange)
			if err != nil {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  fmt.Sprintf("Invalid values for %s in the plan", pr.Address),
					Detail:   err.Error(),
					Subject:  r.rng.Ptr(),
				})
				continue
			}
			if cr, ok := evaluated[r.addr]; ok {
				r.rng, r.body, r.blockRanges = cr.rng, cr.body, cr.blockRanges
				if r.region == "" {
					r.region = cr.region
				}
				for k, v := range cr.value {
					if pv, ok := r.value[k]; (!ok || !pv.IsWhollyKnown()) && v.IsWhollyKnown() {
						r.value[k] = v
					}
				}
			}
			planned = append(planned, r)
		}
		for _, c := range m.ChildModules {
			walk(c)
		}
	}
	walk(plan.PlannedValues.RootModule)

	reg := newIDRegistry()
	for _, r := range planned {
		completeResource(r.typ, r.addr, r.region, r.value, reg)
	}
	if evaluated == nil {
		resolvePlanReferences(planned, &plan.Configuration.RootModule, reg)
	}
	// What is still missing and the plan says is unknown stays unknown
	// (rather than null) for the mapping.
	for _, r := range planned {
		for attr := range unknowns[r.addr] {
			if _, ok := r.value[attr]; !ok {
				r.value[attr] = cty.DynamicVal
			}
		}
	}

	m := newMapper(reg)
	m.mapAll(planned)
	diags = append(diags, m.diags...)
	for name, f := range files {
		m.net.Files[name] = snippetFile(f)
	}
	diags = dedupe(diags)
	m.net.Omitted = append(m.net.Omitted, m.omitted...)
	m.net.Incomplete = len(m.net.Omitted) > 0 || diags.HasErrors()
	return m.net, diags
}

// planResourceOf decodes one planned resource instance.
func planResourceOf(pr planResource, addrs map[string]hcl.Range, fileRange hcl.Range) (*resource, error) {
	rng, ok := addrs[pr.Address]
	if !ok {
		rng = fileRange
	}
	r := &resource{
		addr: pr.Address, typ: pr.Type, module: moduleOfAddress(pr.Address),
		rng: rng, value: attrs{},
	}
	if len(pr.Values) == 0 || string(pr.Values) == "null" {
		return r, nil
	}
	v, err := decodeJSONValue(pr.Values)
	if err != nil {
		return r, err
	}
	if !v.Type().IsObjectType() {
		return r, fmt.Errorf("values is not an object")
	}
	for k, x := range v.AsValueMap() {
		r.value[k] = x
	}
	if s, ok := r.value.str("region"); ok {
		r.region = s
	} else if az, ok := r.value.str("availability_zone"); ok && len(az) > 1 {
		r.region = strings.TrimRight(az, "abcdefghijklmnopqrstuvwxyz")
	}
	return r, nil
}

func decodeJSONValue(b []byte) (cty.Value, error) {
	ty, err := ctyjson.ImpliedType(b)
	if err != nil {
		return cty.NilVal, err
	}
	return ctyjson.Unmarshal(b, ty)
}

// moduleOfAddress returns the module instance part of a resource address.
func moduleOfAddress(addr string) string {
	parts := splitAddress(addr)
	var mod []string
	for i := 0; i+1 < len(parts) && parts[i] == "module"; i += 2 {
		mod = append(mod, parts[i], parts[i+1])
	}
	return strings.Join(mod, ".")
}

// splitAddress splits an address at dots outside brackets and quotes.
func splitAddress(addr string) []string {
	var parts []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(addr); i++ {
		switch c := addr[i]; {
		case c == '"' && (i == 0 || addr[i-1] != '\\'):
			quoted = !quoted
		case quoted:
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '.' && depth == 0:
			parts = append(parts, addr[start:i])
			start = i + 1
		}
	}
	return append(parts, addr[start:])
}

// decodePlan decodes a plan, or says where and how it is malformed: at the
// line and column with the JSON path, as the snapshot loader does, and in
// JSON's terms rather than encoding/json's Go types. The positional parser
// reads the file first (syntax, UTF-8, members named twice), then
// encoding/json fills planJSON; a type mismatch is located by its offset.
//
// It also returns where each resource address is first written in the file
// (its "address" member's value), so that a resource without configuration
// beside the plan points at its place in the plan. The addresses are taken
// from the parsed document: searching the text for each one was quadratic
// in the number of resources (8,000 of them took 74 s).
func decodePlan(src model.Source, plan *planJSON) (map[string]hcl.Range, *hcl.Diagnostic) {
	f := jsondoc.NewFile(src.Name, src.Bytes)
	fail := func(start, end int, summary string) *hcl.Diagnostic {
		r := f.Range(start, end)
		if r.End.Line != r.Start.Line {
			r = f.Range(start, start+1)
		}
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "invalid Terraform plan JSON: " + summary,
			Detail:  "vpcheck reads the output of terraform show -json PLANFILE.",
			Subject: &r}
	}
	docs, serr := jsondoc.Parse(src.Bytes)
	switch {
	case serr != nil:
		return nil, fail(serr.Offset, serr.Offset+1, serr.Msg)
	case len(docs) > 1:
		return nil, fail(docs[1].Start, docs[1].Start+1, "a second JSON document follows the plan; the file must hold one")
	case docs[0].Kind != jsondoc.Object:
		return nil, fail(docs[0].Start, docs[0].End, fmt.Sprintf("expected an object, found %s", docs[0].Kind))
	}
	body := src.Bytes[docs[0].Start:docs[0].End]
	if err := json.Unmarshal(body, plan); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			path, v := jsondoc.PathAt(&docs[0], docs[0].Start+int(te.Offset))
			if path == "" {
				path = "the document"
			}
			return nil, fail(v.Start, v.End, fmt.Sprintf("%s: expected %s, found %s", path, jsonKindOf(te.Type), v.Kind))
		}
		return nil, fail(docs[0].Start, docs[0].Start+1, err.Error())
	}
	addrs := map[string]hcl.Range{}
	var walk func(v *jsondoc.Value)
	walk = func(v *jsondoc.Value) {
		for i := range v.Children {
			c := &v.Children[i]
			if c.Key == "address" && v.Kind == jsondoc.Object && c.Value.Kind == jsondoc.String {
				if _, seen := addrs[c.Value.Text]; !seen {
					addrs[c.Value.Text] = f.Range(c.Value.Start, c.Value.End)
				}
			}
			walk(&c.Value)
		}
	}
	walk(&docs[0])
	return addrs, nil
}

// jsonKindOf names the JSON value a Go type decodes from.
func jsonKindOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another kind of value"
}

// resolvePlanReferences fills attributes the plan leaves unknown when they
// refer directly to another resource of the same module (the configuration
// section lists each expression's references): the referenced instance's
// value, a placeholder id for a resource yet to be created. References
// through variables, locals or module outputs stay unknown.
func resolvePlanReferences(planned []*resource, root *configModuleJSON, reg *idRegistry) {
	byAddr := make(map[string]*resource, len(planned))
	for _, r := range planned {
		byAddr[r.addr] = r
	}
	for _, r := range planned {
		cfg := configResourceOf(root, r.addr)
		if cfg == nil {
			continue
		}
		for attr, raw := range cfg.Expressions {
			if v, ok := r.value[attr]; ok && v.IsWhollyKnown() {
				continue
			}
			var ex expressionJSON
			if json.Unmarshal(raw, &ex) != nil {
				continue
			}
			if v, ok := referencedValue(r, ex.References, byAddr); ok {
				r.value[attr] = v
			}
		}
	}
}

// configResourceOf finds the configuration of a resource instance.
func configResourceOf(root *configModuleJSON, addr string) *configResourceJSON {
	parts := splitAddress(addr)
	m := root
	i := 0
	for ; i+1 < len(parts) && parts[i] == "module"; i += 2 {
		name := parts[i+1]
		if k := strings.IndexByte(name, '['); k >= 0 {
			name = name[:k]
		}
		c, ok := m.ModuleCalls[name]
		if !ok {
			return nil
		}
		m = &c.Module
	}
	if i+1 >= len(parts) {
		return nil
	}
	name := parts[i+1]
	if k := strings.IndexByte(name, '['); k >= 0 {
		name = name[:k]
	}
	want := parts[i] + "." + name
	for j := range m.Resources {
		if m.Resources[j].Address == want && m.Resources[j].Mode == "managed" {
			return &m.Resources[j]
		}
	}
	return nil
}

// referencedValue resolves the first reference of the form TYPE.NAME.ATTR or
// TYPE.NAME[KEY].ATTR; without a key, the instance with the referring
// resource's own key (count.index, each.key) is meant.
func referencedValue(r *resource, refs []string, byAddr map[string]*resource) (cty.Value, bool) {
	prefix := ""
	if r.module != "" {
		prefix = r.module + "."
	}
	parts := splitAddress(r.addr)
	ownKey := ""
	if last := parts[len(parts)-1]; strings.HasSuffix(last, "]") {
		ownKey = last[strings.IndexByte(last, '['):]
	}
	for _, ref := range refs {
		p := splitAddress(ref)
		if len(p) != 3 || !strings.HasPrefix(p[0], "aws_") {
			continue
		}
		name, attr := p[1], p[2]
		addr := prefix + p[0] + "." + name
		if !strings.Contains(name, "[") {
			if _, ok := byAddr[addr]; !ok && ownKey != "" {
				addr += ownKey
			}
		}
		target, ok := byAddr[addr]
		if !ok {
			continue
		}
		if v, ok := target.value[attr]; ok && v.IsWhollyKnown() && !v.IsNull() {
			return v, true
		}
	}
	return cty.NilVal, false
}
