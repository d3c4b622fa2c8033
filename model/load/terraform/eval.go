package terraform

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/vpcheck/vpcheck/model"
)

// moduleInstance is one instance of a module configuration: the root, or a
// module call (one per count index or for_each key), with the values of
// everything evaluated in it so far.
type moduleInstance struct {
	cfg *moduleConfig
	// addr is the module instance address: "" for the root, else
	// module.a, module.a[0], module.a["k"].module.b, …
	addr   string
	parent *moduleInstance
	rep    repetition // count/each of the module call, for its arguments

	vars      map[string]cty.Value
	locals    map[string]cty.Value
	resources map[string]cty.Value // "type.name" → object, tuple (count) or object by key (for_each)
	data      map[string]cty.Value
	outputs   map[string]cty.Value
	calls     map[string]*callInstances
	regions   map[string]cty.Value // provider key → region

	base *hcl.EvalContext // functions for this module
}

// callInstances are the instances a module call expanded to.
type callInstances struct {
	mode      expansion
	keys      []cty.Value
	instances []*moduleInstance
	unread    bool
}

type expansion int

const (
	single expansion = iota
	counted
	keyed
	// unexpanded: count or for_each is unknown or invalid, so the instances
	// are unknown; the resource or module call is not analysed and its
	// value is unknown (not empty: nothing that refers to it can fail).
	unexpanded
)

// repetition is what count.index and each.key/each.value mean in one
// instance of a resource or module call.
type repetition struct {
	mode       expansion
	index      cty.Value
	key, value cty.Value
}

// scope is the iterator variables of the enclosing dynamic blocks.
type scope struct {
	rep       repetition
	iterators map[string]cty.Value
}

func (s scope) with(name string, v cty.Value) scope {
	it := make(map[string]cty.Value, len(s.iterators)+1)
	for k, x := range s.iterators {
		it[k] = x
	}
	it[name] = v
	return scope{rep: s.rep, iterators: it}
}

// resource is one evaluated resource instance: the input of the mapping,
// whether it comes from a configuration or a plan.
type resource struct {
	addr   string // module.vpc.aws_subnet.private[1]
	typ    string
	module string // module instance address, "" for the root
	value  attrs
	region string
	rng    hcl.Range
	// body is the resource's configuration block, where its arguments are
	// written (nil for a plan without configuration); blockRanges are where
	// each nested block (by type, in order) is written.
	body        *hclsyntax.Body
	blockRanges map[string][]hcl.Range
}

// attrRange returns where an argument is written, else the resource's range.
func (r *resource) attrRange(name string) hcl.Range {
	if r.body != nil {
		if a, ok := r.body.Attributes[name]; ok {
			return a.Expr.Range()
		}
	}
	return r.rng
}

// blockRange returns where the i-th nested block of a type is written.
func (r *resource) blockRange(typ string, i int) hcl.Range {
	if rs := r.blockRanges[typ]; i < len(rs) {
		return rs[i]
	}
	return r.attrRange(typ)
}

type evaluator struct {
	g         *graph
	root      *moduleConfig
	instances map[*moduleConfig][]*moduleInstance
	rootVars  map[string]cty.Value
	reg       *idRegistry
	funcs     map[*moduleConfig]map[string]function.Function
	// wanted are attribute names read from resources and data sources of a
	// type; relNames attribute names read from values of any origin (for
	// expressions, splats, module outputs). A resource instance gets every
	// such name it lacks as an unknown attribute, so that reading an
	// attribute vpcheck cannot compute is unknown rather than an error.
	wanted     map[string]map[string]bool
	wantedData map[string]map[string]bool
	relNames   []string
	// poison holds the nodes of the reference cycle being evaluated:
	// references among them evaluate to unknown.
	poison map[*node]bool

	// attrOrder caches each body's attributes in source order: a body is
	// evaluated once per instance.
	attrOrder map[*hclsyntax.Body][]*hclsyntax.Attribute

	out     []*resource
	diags   hcl.Diagnostics
	omitted omissions
	// noted de-duplicates notices that would repeat per instance.
	noted map[string]bool
	// quiet drops warnings while a resource irrelevant to the network is
	// evaluated.
	quiet bool

	// cur is the node being evaluated (its expressions' references and its
	// bodies' attribute order were computed with the graph).
	cur *node
	// mu guards the values of module instances while resources are
	// evaluated in parallel (runParallel): nil when evaluation is serial.
	mu *sync.RWMutex
	// buffered is set on a worker's copy of the evaluator (fork): its
	// diagnostics are kept, with which of them are once-only (onceAt), for
	// the committer to add in evaluation order.
	buffered bool
	onceAt   []int
}

func newEvaluator(g *graph, root *moduleConfig, rootVars map[string]cty.Value) *evaluator {
	e := &evaluator{
		g: g, root: root, rootVars: rootVars, reg: newIDRegistry(),
		instances: map[*moduleConfig][]*moduleInstance{},
		funcs:     map[*moduleConfig]map[string]function.Function{},
		noted:     map[string]bool{},
		attrOrder: map[*hclsyntax.Body][]*hclsyntax.Attribute{},
	}
	e.collectWanted()
	ri := e.newInstance(root, "", nil, repetition{})
	ri.regions = map[string]cty.Value{}
	e.instances[root] = []*moduleInstance{ri}
	return e
}

func (e *evaluator) newInstance(cfg *moduleConfig, addr string, parent *moduleInstance, rep repetition) *moduleInstance {
	fs, ok := e.funcs[cfg]
	if !ok {
		dir := ""
		if cfg.onDisk {
			dir = cfg.rootDir
		}
		fs = functions(dir)
		e.funcs[cfg] = fs
	}
	return &moduleInstance{
		cfg: cfg, addr: addr, parent: parent, rep: rep,
		vars: map[string]cty.Value{}, locals: map[string]cty.Value{}, resources: map[string]cty.Value{},
		data: map[string]cty.Value{}, outputs: map[string]cty.Value{}, calls: map[string]*callInstances{},
		regions: map[string]cty.Value{},
		base:    &hcl.EvalContext{Functions: fs},
	}
}

// run evaluates every node in dependency order.
func (e *evaluator) run() {
	order, cycles := e.g.order()
	inCycle := map[*node][]*node{}
	for _, c := range cycles {
		e.diags = append(e.diags, cycleDiagnostic(c))
		for _, n := range c {
			inCycle[n] = c
		}
	}
	if len(cycles) == 0 && len(order) >= parallelMinNodes && (runtime.GOMAXPROCS(0) > 1 || parallelMinNodes == 0) {
		e.runParallel(order)
		return
	}
	for _, n := range order {
		if c, ok := inCycle[n]; ok && n == c[0] {
			e.poison = map[*node]bool{}
			for _, m := range c {
				e.poison[m] = true
			}
		}
		e.evalNode(n)
		if c, ok := inCycle[n]; ok && n == c[len(c)-1] {
			e.poison = nil
		}
	}
}

func (e *evaluator) evalNode(n *node) {
	e.cur = n
	for _, mi := range e.instances[n.mod] {
		switch d := n.decl.(type) {
		case *variableDecl:
			v := e.variableValue(mi, d)
			e.lock()
			mi.vars[d.name] = v
			e.unlock()
		case *localDecl:
			v, diags := e.eval(mi, d.expr, scope{})
			e.diags = append(e.diags, diags...)
			e.lock()
			mi.locals[d.name] = v
			e.unlock()
		case *providerDecl:
			v := cty.UnknownVal(cty.String)
			if d.region != nil {
				var diags hcl.Diagnostics
				v, diags = e.eval(mi, d.region, scope{})
				e.diags = append(e.diags, diags...)
			}
			e.lock()
			mi.regions[d.key] = v
			e.unlock()
		case *resourceDecl:
			e.finishResource(e.evalResource(mi, d, false))
		case *moduleCall:
			e.expandCall(mi, d)
		case *outputDecl:
			v := cty.NullVal(cty.DynamicPseudoType)
			if d.expr != nil {
				var diags hcl.Diagnostics
				v, diags = e.eval(mi, d.expr, scope{})
				e.diags = append(e.diags, diags...)
			}
			e.lock()
			mi.outputs[d.name] = v
			e.unlock()
		}
	}
}

// lock and unlock guard writes to module instances during a parallel run.
func (e *evaluator) lock() {
	if e.mu != nil {
		e.mu.Lock()
	}
}

func (e *evaluator) unlock() {
	if e.mu != nil {
		e.mu.Unlock()
	}
}

// variableValue is the value of a variable in one module instance: the
// root's from tfvars and --var, a child's from the module call's argument.
func (e *evaluator) variableValue(mi *moduleInstance, d *variableDecl) cty.Value {
	if mi.parent == nil {
		if v, ok := e.rootVars[d.name]; ok {
			return v
		}
		return cty.DynamicVal
	}
	call := e.callOf(mi.cfg)
	a, ok := call.args[d.name]
	if !ok {
		if d.def != cty.NilVal {
			return d.def
		}
		e.diagOnce(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Missing required argument",
			Detail:   fmt.Sprintf("The module call %q has no argument %q, and the module's variable has no default.", call.name, d.name),
			Subject:  call.rng.Ptr(),
		})
		return cty.DynamicVal
	}
	v, diags := e.eval(mi.parent, a.Expr, scope{rep: mi.rep})
	e.diags = append(e.diags, diags...)
	if v.IsNull() && !d.nullable && d.def != cty.NilVal {
		return d.def
	}
	if v.IsNull() {
		return cty.NullVal(d.typ)
	}
	cv, err := convertVariable(d, v)
	if err != nil {
		e.diagOnce(&hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid value for input variable",
			Detail:   fmt.Sprintf("The value given for variable %q of module %q is not compatible with its type constraint: %s.", d.name, call.name, err),
			Subject:  a.Expr.Range().Ptr(),
		})
	}
	return cv
}

func (e *evaluator) callOf(m *moduleConfig) *moduleCall {
	if n := e.g.callOf[m]; n != nil {
		return n.decl.(*moduleCall)
	}
	return nil
}

// diagOnce adds a diagnostic unless an identical one (summary and place)
// was already added: module instances repeat their configuration's errors.
func (e *evaluator) diagOnce(d *hcl.Diagnostic) {
	if e.quiet && d.Severity == hcl.DiagWarning {
		return
	}
	if e.buffered {
		e.onceAt = append(e.onceAt, len(e.diags))
		e.diags = append(e.diags, d)
		return
	}
	e.noteOnce(d)
}

// noteOnce adds a once-only diagnostic (see diagOnce) that passed the quiet
// filter.
func (e *evaluator) noteOnce(d *hcl.Diagnostic) {
	key := d.Summary + "\x00" + d.Detail
	if d.Subject != nil {
		key += "\x00" + d.Subject.String()
	}
	if e.noted[key] {
		return
	}
	e.noted[key] = true
	e.diags = append(e.diags, d)
}

// maxInstances bounds count: far above any real network (the largest
// target is 15,000 VPCs), low enough that a typo cannot exhaust memory.
const maxInstances = 1_000_000

// expand evaluates count or for_each and returns one repetition per instance.
func (e *evaluator) expand(mi *moduleInstance, count, forEach hcl.Expression, what string) (expansion, []cty.Value, []repetition) {
	switch {
	case count != nil:
		v, diags := e.eval(mi, count, scope{})
		e.diags = append(e.diags, diags...)
		if diags.HasErrors() {
			return unexpanded, nil, nil
		}
		if !v.IsKnown() {
			e.diagOnce(&hcl.Diagnostic{
				Severity: hcl.DiagWarning,
				Summary:  fmt.Sprintf("the count of %s is not known before apply; it is not analysed", what),
				Detail:   "Its count depends on a value known only when Terraform applies the configuration (or on something vpcheck cannot evaluate). Terraform itself would refuse to plan it.",
				Subject:  count.Range().Ptr(),
			})
			return unexpanded, nil, nil
		}
		cv, err := convert.Convert(v, cty.Number)
		var n int64
		if err == nil && !cv.IsNull() {
			if f := cv.AsBigFloat(); f.IsInt() && f.Sign() >= 0 {
				n, _ = f.Int64()
			} else {
				err = fmt.Errorf("must be a whole number, at least 0")
			}
		} else if err == nil {
			err = fmt.Errorf("must not be null")
		}
		if err != nil {
			e.diagOnce(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid count argument",
				Detail: fmt.Sprintf("The count argument %s.", strings.TrimPrefix(err.Error(), "a ")), Subject: count.Range().Ptr()})
			return unexpanded, nil, nil
		}
		if n > maxInstances {
			e.diagOnce(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid count argument",
				Detail: fmt.Sprintf("A count of %d is more than vpcheck analyses (%d instances); the resource is not analysed.", n, maxInstances), Subject: count.Range().Ptr()})
			return unexpanded, nil, nil
		}
		keys := make([]cty.Value, n)
		reps := make([]repetition, n)
		for i := range keys {
			keys[i] = cty.NumberIntVal(int64(i))
			reps[i] = repetition{mode: counted, index: keys[i]}
		}
		return counted, keys, reps
	case forEach != nil:
		v, diags := e.eval(mi, forEach, scope{})
		e.diags = append(e.diags, diags...)
		if diags.HasErrors() {
			return unexpanded, nil, nil
		}
		if !v.IsWhollyKnown() && (!v.IsKnown() || v.Type().IsSetType() || v.Type().IsListType() || v.Type().IsTupleType()) {
			e.diagOnce(&hcl.Diagnostic{
				Severity: hcl.DiagWarning,
				Summary:  fmt.Sprintf("the for_each keys of %s are not known before apply; it is not analysed", what),
				Detail:   "Its instances depend on values known only when Terraform applies the configuration (or on something vpcheck cannot evaluate). Terraform itself would refuse to plan it.",
				Subject:  forEach.Range().Ptr(),
			})
			return unexpanded, nil, nil
		}
		if v.IsNull() {
			e.diagOnce(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid for_each argument",
				Detail: "The given \"for_each\" argument value is null. A map, or set of strings, is allowed.", Subject: forEach.Range().Ptr()})
			return unexpanded, nil, nil
		}
		ty := v.Type()
		var keys []cty.Value
		var reps []repetition
		switch {
		case ty.IsMapType() || ty.IsObjectType():
			for it := v.ElementIterator(); it.Next(); {
				k, val := it.Element()
				keys = append(keys, k)
				reps = append(reps, repetition{mode: keyed, key: k, value: val})
			}
		case ty.IsSetType() || ty.IsListType() || ty.IsTupleType():
			if !ty.IsSetType() {
				e.diagOnce(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid for_each argument",
					Detail:  fmt.Sprintf("The given \"for_each\" argument value is unsuitable: the \"for_each\" argument must be a map, or set of strings, and you have provided a value of type %s. vpcheck uses its distinct strings as keys; Terraform would stop here (wrap the value in toset()).", ty.FriendlyName()),
					Subject: forEach.Range().Ptr()})
			}
			seen := map[string]bool{}
			var ks []string
			for it := v.ElementIterator(); it.Next(); {
				_, el := it.Element()
				s, err := convert.Convert(el, cty.String)
				if err != nil || s.IsNull() {
					e.diagOnce(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid for_each set argument",
						Detail: "The given \"for_each\" argument value is unsuitable: \"for_each\" supports maps and sets of strings, but you have provided a set containing other values.", Subject: forEach.Range().Ptr()})
					return unexpanded, nil, nil
				}
				if !seen[s.AsString()] {
					seen[s.AsString()] = true
					ks = append(ks, s.AsString())
				}
			}
			sort.Strings(ks)
			for _, k := range ks {
				kv := cty.StringVal(k)
				keys = append(keys, kv)
				reps = append(reps, repetition{mode: keyed, key: kv, value: kv})
			}
		default:
			e.diagOnce(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid for_each argument",
				Detail: fmt.Sprintf("The given \"for_each\" argument value is unsuitable: the \"for_each\" argument must be a map, or set of strings, and you have provided a value of type %s.", ty.FriendlyName()), Subject: forEach.Range().Ptr()})
			return unexpanded, nil, nil
		}
		return keyed, keys, reps
	}
	return single, []cty.Value{cty.NilVal}, []repetition{{}}
}

// notExpanded records that a resource or module call is not analysed
// because its instances are not known (expand said why).
func (e *evaluator) notExpanded(addr string, rng hcl.Range) {
	e.omitted = append(e.omitted, model.Omission{Resource: addr, Reason: addr + " is not analysed: its instances are not known", Range: rng})
}

// instanceKey renders an instance key as Terraform writes it in addresses.
func instanceKey(mode expansion, k cty.Value) string {
	switch mode {
	case counted:
		i, _ := k.AsBigFloat().Int64()
		return "[" + strconv.FormatInt(i, 10) + "]"
	case keyed:
		return "[" + strconv.Quote(k.AsString()) + "]"
	}
	return ""
}

// collect builds the value a resource or module call has for references:
// an object, a tuple (count) or an object by key (for_each).
func collect(mode expansion, keys []cty.Value, values []cty.Value) cty.Value {
	switch mode {
	case counted:
		if len(values) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(values)
	case keyed:
		if len(values) == 0 {
			return cty.EmptyObjectVal
		}
		m := make(map[string]cty.Value, len(values))
		for i, k := range keys {
			m[k.AsString()] = values[i]
		}
		return cty.ObjectVal(m)
	case unexpanded:
		return cty.DynamicVal
	}
	if len(values) == 0 {
		return cty.DynamicVal
	}
	return values[0]
}

func (e *evaluator) expandCall(mi *moduleInstance, c *moduleCall) {
	if c.child == nil {
		e.lock()
		mi.calls[c.name] = &callInstances{unread: true}
		e.unlock()
		return
	}
	addr := joinAddr(mi.addr, "module."+c.name)
	mode, keys, reps := e.expand(mi, c.count, c.forEach, addr)
	if mode == unexpanded {
		e.notExpanded(addr, c.rng)
	}
	ci := &callInstances{mode: mode, keys: keys}
	e.lock()
	defer e.unlock()
	for i, rep := range reps {
		child := e.newInstance(c.child, addr+instanceKey(mode, keys[i]), mi, rep)
		// A child module uses its caller's provider configurations, remapped
		// by the call's providers argument; its own provider blocks (legacy)
		// are evaluated in it and override.
		for k, v := range mi.regions {
			child.regions[k] = v
		}
		for ck, pk := range c.providers {
			if v, ok := mi.regions[pk]; ok {
				child.regions[ck] = v
			}
		}
		ci.instances = append(ci.instances, child)
		e.instances[c.child] = append(e.instances[c.child], child)
	}
	mi.calls[c.name] = ci
}

func joinAddr(module, rest string) string {
	if module == "" {
		return rest
	}
	return module + "." + rest
}

// regionOf returns the region a resource's provider configuration uses.
func (mi *moduleInstance) regionOf(provider string) cty.Value {
	if v, ok := mi.regions[provider]; ok {
		return v
	}
	if v, ok := mi.regions[strings.SplitN(provider, ".", 2)[0]]; ok && !strings.Contains(provider, ".") {
		return v
	}
	return cty.UnknownVal(cty.String)
}

// resourceEval is one resource or data source evaluated in one module
// instance: its instances' bodies, and what is left to do in evaluation
// order (finishResource).
type resourceEval struct {
	e     *evaluator // the evaluator, or a worker's fork holding the diagnostics
	mi    *moduleInstance
	d     *resourceDecl
	mode  expansion
	keys  []cty.Value
	insts []resourceInstance
	quiet bool
	// referenced: something refers to the resource, so its instances'
	// values (what references see) are made.
	referenced bool
}

// resourceInstance is one instance of a resourceEval.
type resourceInstance struct {
	r      *resource
	iaddr  string
	a      attrs
	region cty.Value
	value  cty.Value
	// deferred: completing it reads or writes the id registry, so it is
	// completed in evaluation order, its notes placed after the first
	// diagAt diagnostics of the evaluation.
	deferred bool
	diagAt   int
}

// evalResource evaluates the instances of a resource in a module instance.
// With deferRegistry, instances whose completion uses the id registry are
// left for finishResource.
func (e *evaluator) evalResource(mi *moduleInstance, d *resourceDecl, deferRegistry bool) *resourceEval {
	base := d.key()
	if d.data {
		base = "data." + base
	}
	addr := joinAddr(mi.addr, base)
	// What is unknown about a resource that neither carries nor filters
	// traffic (an IAM role, a DNS zone) is no concern of the network's.
	class, _ := classify(d.typ)
	e.quiet = !d.data && class == classIrrelevant
	defer func() { e.quiet = false }()
	re := &resourceEval{e: e, mi: mi, d: d, quiet: e.quiet, referenced: e.cur == nil || e.cur.referenced}
	mode, keys, reps := e.expand(mi, d.count, d.forEach, addr)
	re.mode, re.keys = mode, keys
	if mode == unexpanded && !d.data && !e.quiet {
		e.notExpanded(addr, d.rng)
	}
	if e.mu != nil {
		e.mu.RLock()
	}
	region := mi.regionOf(d.provider)
	if e.mu != nil {
		e.mu.RUnlock()
	}
	re.insts = make([]resourceInstance, len(reps))
	for i, rep := range reps {
		iaddr := addr + instanceKey(mode, keys[i])
		r := &resource{addr: iaddr, typ: d.typ, module: mi.addr, rng: d.rng,
			body: d.body}
		a, diags := e.evalBody(mi, d.body, scope{rep: rep}, resourceMeta, r)
		e.diags = append(e.diags, diags...)
		regionName := ""
		if s, ok := a.str("region"); ok {
			regionName = s
		} else if region.IsKnown() && !region.IsNull() && region.Type() == cty.String {
			regionName = region.AsString()
		}
		r.region = regionName
		inst := &re.insts[i]
		*inst = resourceInstance{r: r, iaddr: iaddr, a: a, region: region}
		if deferRegistry && !d.data && usesRegistry(d.typ, a) {
			inst.deferred, inst.diagAt = true, len(e.diags)
			continue
		}
		for _, n := range e.complete(d, inst) {
			e.diagOnce(n)
		}
		if re.referenced {
			inst.value = e.instanceValue(d, a)
		}
	}
	return re
}

// instanceValue is the value references see of an instance with attributes
// a: its own, and as unknown every attribute references read that it lacks.
func (e *evaluator) instanceValue(d *resourceDecl, a attrs) cty.Value {
	wanted := e.wanted[d.typ]
	if d.data {
		wanted = e.wantedData[d.typ]
	}
	return cty.ObjectVal(e.withWanted(a, wanted))
}

// complete fills in what AWS computes for an instance and makes the value
// references see; it returns the notes to add once.
func (e *evaluator) complete(d *resourceDecl, inst *resourceInstance) []*hcl.Diagnostic {
	r, a := inst.r, inst.a
	var notes []*hcl.Diagnostic
	if d.data {
		if notice, detail := completeData(r.typ, inst.iaddr, inst.region, a); notice != "" {
			notes = append(notes, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: notice, Detail: detail, Subject: r.rng.Ptr()})
		}
	} else {
		for _, note := range completeResource(r.typ, inst.iaddr, r.region, a, e.reg) {
			notes = append(notes, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "placeholder for a value Amazon assigns", Detail: note, Subject: r.rng.Ptr()})
		}
	}
	r.value = a
	return notes
}

// finishResource completes the deferred instances, adds the diagnostics of
// the evaluation in order and records the resource's value: what must
// happen in evaluation order.
func (e *evaluator) finishResource(re *resourceEval) {
	d := re.d
	values := make([]cty.Value, len(re.insts))
	var notes [][]*hcl.Diagnostic
	for i := range re.insts {
		inst := &re.insts[i]
		if inst.deferred {
			if notes == nil {
				notes = make([][]*hcl.Diagnostic, len(re.insts))
			}
			notes[i] = e.complete(d, inst)
			if re.referenced {
				inst.value = e.instanceValue(d, inst.a)
			}
		}
		values[i] = inst.value
	}
	if re.e != e {
		e.merge(re, notes)
	}
	if re.referenced {
		v := collect(re.mode, re.keys, values)
		e.lock()
		if d.data {
			re.mi.data[d.key()] = v
		} else {
			re.mi.resources[d.key()] = v
		}
		e.unlock()
	}
	if !d.data {
		for i := range re.insts {
			e.out = append(e.out, re.insts[i].r)
		}
	}
}

// merge adds a worker's diagnostics and omissions for re, with the notes of
// its deferred instances where a serial evaluation would have added them.
func (e *evaluator) merge(re *resourceEval, notes [][]*hcl.Diagnostic) {
	w := re.e
	once := w.onceAt
	addNotes := func(inst int) {
		if re.quiet {
			return
		}
		for _, n := range notes[inst] {
			e.noteOnce(n)
		}
	}
	next := 0 // the next deferred instance
	advance := func(at int) {
		for ; next < len(re.insts); next++ {
			if inst := &re.insts[next]; inst.deferred {
				if inst.diagAt > at {
					return
				}
				addNotes(next)
			}
		}
	}
	for i, diag := range w.diags {
		advance(i)
		if len(once) > 0 && once[0] == i {
			once = once[1:]
			e.noteOnce(diag)
			continue
		}
		e.diags = append(e.diags, diag)
	}
	advance(len(w.diags))
	e.omitted = append(e.omitted, w.omitted...)
}

// usesRegistry reports whether completing a resource of typ with
// attributes a reads or writes the id registry (completeManaged): such
// completions happen in evaluation order.
func usesRegistry(typ string, a attrs) bool {
	if _, ok := cloudControl[typ]; ok {
		return true
	}
	switch typ {
	case "aws_default_route_table", "aws_default_network_acl", "aws_default_security_group",
		"aws_vpc", "aws_default_vpc", "aws_default_subnet", "aws_ec2_transit_gateway":
		return true
	case "aws_security_group":
		return a.missing("vpc_id")
	case "aws_subnet":
		// Records its zone for the firewalls' sync states.
		_, ok := a.str("availability_zone")
		return ok
	case "aws_networkfirewall_firewall":
		// Reads the subnets' zones to compute firewall_status.
		return a.missing("firewall_status")
	}
	return false
}

// withWanted returns the attributes an instance shows to references: its
// own, plus every attribute references may read that it lacks, as unknown
// (the mapping reads only its own).
func (e *evaluator) withWanted(a attrs, typeNames map[string]bool) map[string]cty.Value {
	var out map[string]cty.Value
	fill := func(n string) {
		if _, ok := a[n]; ok {
			return
		}
		if out == nil {
			out = make(map[string]cty.Value, len(a)+len(typeNames)+len(e.relNames))
			for k, v := range a {
				out[k] = v
			}
		}
		out[n] = cty.DynamicVal
	}
	for n := range typeNames {
		fill(n)
	}
	for _, n := range e.relNames {
		fill(n)
	}
	if out == nil {
		return a
	}
	return out
}

// evalBody evaluates a resource (or nested block) body without a schema:
// every argument becomes an attribute, every nested block (dynamic blocks
// expanded) an element of a tuple attribute named after its type.
func (e *evaluator) evalBody(mi *moduleInstance, body *hclsyntax.Body, sc scope, skip map[string]bool, r *resource) (attrs, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	order, ok := e.cur.bodies[body]
	if !ok {
		order, ok = e.attrOrder[body]
	}
	if !ok {
		order = sortedAttributes(body)
		if !e.buffered {
			e.attrOrder[body] = order
		}
	}
	out := make(attrs, len(order)+len(body.Blocks))
	for _, a := range order {
		if skip[a.Name] {
			continue
		}
		v, d := e.eval(mi, a.Expr, sc)
		diags = append(diags, d...)
		out[a.Name] = v
	}
	var blocks map[string][]cty.Value
	var blockOrder []string
	add := func(typ string, v cty.Value, rng hcl.Range) {
		if blocks == nil {
			blocks = map[string][]cty.Value{}
		}
		if _, ok := blocks[typ]; !ok {
			blockOrder = append(blockOrder, typ)
		}
		blocks[typ] = append(blocks[typ], v)
		if r != nil {
			if r.blockRanges == nil {
				r.blockRanges = map[string][]hcl.Range{}
			}
			r.blockRanges[typ] = append(r.blockRanges[typ], rng)
		}
	}
	for _, b := range body.Blocks {
		if nonValueBlocks[b.Type] {
			continue
		}
		if b.Type != "dynamic" {
			v, d := e.evalBody(mi, b.Body, sc, nil, nil)
			diags = append(diags, d...)
			add(b.Type, cty.ObjectVal(v), b.DefRange())
			continue
		}
		if len(b.Labels) != 1 {
			diags = append(diags, labelCount(b, 1))
			continue
		}
		fe, ok := b.Body.Attributes["for_each"]
		if !ok {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing for_each in dynamic block",
				Detail: fmt.Sprintf("The dynamic %q block needs a for_each argument.", b.Labels[0]), Subject: b.DefRange().Ptr()})
			continue
		}
		coll, d := e.eval(mi, fe.Expr, sc)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		if !coll.IsKnown() || (coll.Type().IsSetType() && !coll.IsWhollyKnown()) {
			e.diagOnce(&hcl.Diagnostic{Severity: hcl.DiagWarning,
				Summary: fmt.Sprintf("the dynamic %q blocks of %s are not known before apply; they are not analysed", b.Labels[0], r.addrOrModule(mi)),
				Detail:  "The block's for_each depends on a value known only when Terraform applies the configuration.",
				Subject: fe.Expr.Range().Ptr()})
			continue
		}
		if coll.IsNull() {
			continue
		}
		if !coll.CanIterateElements() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid dynamic for_each value",
				Detail: fmt.Sprintf("Cannot use a %s value in for_each. An iterable collection is required.", coll.Type().FriendlyName()), Subject: fe.Expr.Range().Ptr()})
			continue
		}
		iterator := dynamicIterator(b)
		var content *hclsyntax.Block
		for _, c := range b.Body.Blocks {
			if c.Type == "content" {
				content = c
			}
		}
		if content == nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing content block",
				Detail: fmt.Sprintf("The dynamic %q block needs a content block.", b.Labels[0]), Subject: b.DefRange().Ptr()})
			continue
		}
		for it := coll.ElementIterator(); it.Next(); {
			k, v := it.Element()
			inner := sc.with(iterator, cty.ObjectVal(map[string]cty.Value{"key": k, "value": v}))
			obj, d := e.evalBody(mi, content.Body, inner, nil, nil)
			diags = append(diags, d...)
			add(b.Labels[0], cty.ObjectVal(obj), b.DefRange())
		}
	}
	for _, typ := range blockOrder {
		out[typ] = cty.TupleVal(blocks[typ])
	}
	return out, diags
}

func (r *resource) addrOrModule(mi *moduleInstance) string {
	if r != nil {
		return r.addr
	}
	if mi.addr == "" {
		return "the root module"
	}
	return mi.addr
}

// eval evaluates an expression in a module instance. The evaluation
// context holds only what the expression refers to, so its cost does not
// grow with the size of the configuration.
func (e *evaluator) eval(mi *moduleInstance, expr hcl.Expression, sc scope) (cty.Value, hcl.Diagnostics) {
	if x, ok := expr.(*hclsyntax.ScopeTraversalExpr); ok {
		if v, ok := e.traverse(mi, x.Traversal, sc); ok {
			return v, nil
		}
	}
	ctx := e.context(mi, expr, sc)
	v, diags := expr.Value(ctx)
	if v == cty.NilVal {
		v = cty.DynamicVal
	}
	for _, d := range diags {
		// A file the configuration reads may be absent where vpcheck runs
		// (a key in a home directory, a generated file): the value is then
		// unknown, which is a notice, not an input error.
		if d.Severity == hcl.DiagError && d.Summary == "Error in function call" && fileFunctionFailed(d.Detail) {
			d.Severity = hcl.DiagWarning
			d.Summary = "a file the configuration reads is not available; its value is unknown"
		}
	}
	return v, diags
}

func fileFunctionFailed(detail string) bool {
	for _, f := range []string{"file", "templatefile", "fileexists"} {
		if strings.Contains(detail, `Call to function "`+f+`" failed`) {
			return true
		}
	}
	return false
}

// traverse evaluates a reference (an expression that is one traversal, the
// commonest form after a literal) without building its context: the value
// context would give its root, with the steps applied as TraverseAbs would
// apply them. It reports false when the reference is of another form or
// its steps fail; eval then evaluates it through a context, which gives the
// diagnostics their values.
func (e *evaluator) traverse(mi *moduleInstance, t hcl.Traversal, sc scope) (cty.Value, bool) {
	root := t.RootName()
	if e.mu != nil {
		e.mu.RLock()
		defer e.mu.RUnlock()
	}
	var v cty.Value
	from := 1
	if it, ok := sc.iterators[root]; ok {
		v = it
	} else {
		mn := e.g.byMod[mi.cfg]
		name, ok := attrStep(t, 1)
		switch root {
		case "var", "local", "module":
			if !ok {
				return cty.NilVal, false
			}
			switch root {
			case "var":
				v = e.valueOf(mn.vars[name], mi.vars, name)
			case "local":
				v = e.valueOf(mn.locals[name], mi.locals, name)
			default:
				v = e.moduleValue(mi, name)
			}
			from = 2
		case "data":
			typ, ok1 := attrStep(t, 1)
			name, ok2 := attrStep(t, 2)
			if !ok1 || !ok2 {
				return cty.NilVal, false
			}
			v = e.valueOf(mn.data[typ+"."+name], mi.data, typ+"."+name)
			from = 3
		case "count", "each", "path", "terraform", "self":
			return cty.NilVal, false
		default:
			if !ok {
				return cty.NilVal, false
			}
			key := root + "." + name
			v = e.valueOf(mn.resources[key], mi.resources, key)
			from = 2
		}
	}
	v, diags := t[from:].TraverseRel(v)
	if len(diags) > 0 {
		return cty.NilVal, false
	}
	return v, true
}

func (e *evaluator) context(mi *moduleInstance, expr hcl.Expression, sc scope) *hcl.EvalContext {
	travs := e.cur.exprTraversals(expr)
	if len(travs) == 0 && len(sc.iterators) == 0 {
		return mi.base
	}
	if e.mu != nil {
		e.mu.RLock()
		defer e.mu.RUnlock()
	}
	vars := make(map[string]cty.Value, len(travs)+len(sc.iterators))
	var varObj, localObj, modObj map[string]cty.Value
	var dataObj, resObj map[string]map[string]cty.Value
	set := func(m *map[string]cty.Value, k string, v cty.Value) {
		if *m == nil {
			*m = map[string]cty.Value{}
		}
		(*m)[k] = v
	}
	set2 := func(m *map[string]map[string]cty.Value, k1, k2 string, v cty.Value) {
		if *m == nil {
			*m = map[string]map[string]cty.Value{}
		}
		if (*m)[k1] == nil {
			(*m)[k1] = map[string]cty.Value{}
		}
		(*m)[k1][k2] = v
	}
	mn := e.g.byMod[mi.cfg]
	for _, t := range travs {
		root := t.RootName()
		if _, ok := sc.iterators[root]; ok {
			continue
		}
		switch root {
		case "var":
			if name, ok := attrStep(t, 1); ok {
				set(&varObj, name, e.valueOf(mn.vars[name], mi.vars, name))
			}
		case "local":
			if name, ok := attrStep(t, 1); ok {
				set(&localObj, name, e.valueOf(mn.locals[name], mi.locals, name))
			}
		case "module":
			if name, ok := attrStep(t, 1); ok {
				set(&modObj, name, e.moduleValue(mi, name))
			}
		case "data":
			typ, ok1 := attrStep(t, 1)
			name, ok2 := attrStep(t, 2)
			if ok1 && ok2 {
				set2(&dataObj, typ, name, e.valueOf(mn.data[typ+"."+name], mi.data, typ+"."+name))
			}
		case "count":
			if sc.rep.mode == counted {
				vars["count"] = cty.ObjectVal(map[string]cty.Value{"index": sc.rep.index})
			} else {
				vars["count"] = cty.DynamicVal
			}
		case "each":
			if sc.rep.mode == keyed {
				vars["each"] = cty.ObjectVal(map[string]cty.Value{"key": sc.rep.key, "value": sc.rep.value})
			} else {
				vars["each"] = cty.DynamicVal
			}
		case "path":
			vars["path"] = e.pathValue(mi)
		case "terraform":
			vars["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
		case "self":
			vars["self"] = cty.DynamicVal
		default:
			if name, ok := attrStep(t, 1); ok {
				key := root + "." + name
				set2(&resObj, root, name, e.valueOf(mn.resources[key], mi.resources, key))
			}
		}
	}
	if varObj != nil {
		vars["var"] = cty.ObjectVal(varObj)
	}
	if localObj != nil {
		vars["local"] = cty.ObjectVal(localObj)
	}
	if modObj != nil {
		vars["module"] = cty.ObjectVal(modObj)
	}
	if dataObj != nil {
		d := make(map[string]cty.Value, len(dataObj))
		for typ, m := range dataObj {
			d[typ] = cty.ObjectVal(m)
		}
		vars["data"] = cty.ObjectVal(d)
	}
	for typ, m := range resObj {
		vars[typ] = cty.ObjectVal(m)
	}
	for name, v := range sc.iterators {
		vars[name] = v
	}
	ctx := mi.base.NewChild()
	ctx.Variables = vars
	return ctx
}

// valueOf returns a declaration's value in an instance: unknown when it has
// none yet (it is undeclared, or part of the cycle being evaluated).
func (e *evaluator) valueOf(n *node, values map[string]cty.Value, key string) cty.Value {
	if n == nil || e.poison[n] {
		return cty.DynamicVal
	}
	if v, ok := values[key]; ok {
		return v
	}
	return cty.DynamicVal
}

// moduleValue is the value of module.NAME in an instance: an object of the
// child's outputs (a tuple or object of them when the call has count or
// for_each); unknown when the module was not read.
func (e *evaluator) moduleValue(mi *moduleInstance, name string) cty.Value {
	ci, ok := mi.calls[name]
	if !ok || ci.unread {
		return cty.DynamicVal
	}
	callNode := e.g.byMod[mi.cfg].calls[name]
	if e.poison[callNode] {
		return cty.DynamicVal
	}
	values := make([]cty.Value, len(ci.instances))
	for i, child := range ci.instances {
		cn := e.g.byMod[child.cfg]
		outs := make(map[string]cty.Value, len(cn.outputs))
		for oname, on := range cn.outputs {
			outs[oname] = e.valueOf(on, child.outputs, oname)
		}
		values[i] = cty.ObjectVal(outs)
	}
	return collect(ci.mode, ci.keys, values)
}

// pathValue is path.module, path.root and path.cwd for an instance.
func (e *evaluator) pathValue(mi *moduleInstance) cty.Value {
	root := e.root.dir
	cwd := root
	if e.root.onDisk {
		if abs, err := filepath.Abs(root); err == nil {
			cwd = filepath.ToSlash(abs)
		}
	}
	mod := "."
	if mi.cfg != e.root {
		mod = filepath.ToSlash(mi.cfg.dir)
		if mi.cfg.onDisk && e.root.onDisk {
			if rel, err := filepath.Rel(root, mi.cfg.dir); err == nil {
				mod = filepath.ToSlash(rel)
			}
		}
	}
	return cty.ObjectVal(map[string]cty.Value{
		"module": cty.StringVal(mod),
		"root":   cty.StringVal("."),
		"cwd":    cty.StringVal(cwd),
	})
}

// collectWanted finds the attribute names references read, so that every
// resource instance can answer them (see evaluator.wanted).
func (e *evaluator) collectWanted() {
	e.wanted = map[string]map[string]bool{}
	e.wantedData = map[string]map[string]bool{}
	resourceTypes := map[string]bool{}
	var decls []declaration
	for _, m := range e.allModules() {
		for _, d := range m.resources {
			resourceTypes[d.typ] = true
		}
		decls = append(decls, m.order...)
	}
	// The declarations are visited in parallel, each into a result of its
	// own; the results are merged in declaration order.
	results := make([]wantedNames, len(decls))
	parallelChunks(len(decls), func(i int) { results[i].visitDecl(decls[i], resourceTypes) })
	note := func(m map[string]map[string]bool, typ, name string) {
		if m[typ] == nil {
			m[typ] = map[string]bool{}
		}
		m[typ][name] = true
	}
	rel := map[string]bool{}
	for i := range results {
		r := &results[i]
		for _, tn := range r.wanted {
			note(e.wanted, tn[0], tn[1])
		}
		for _, tn := range r.wantedData {
			note(e.wantedData, tn[0], tn[1])
		}
		for _, n := range r.rel {
			rel[n] = true
		}
		for _, d := range r.diags {
			e.diagOnce(d)
		}
	}
	for n := range rel {
		e.relNames = append(e.relNames, n)
	}
	sort.Strings(e.relNames)
}

// wantedNames are the attribute names one declaration's references read
// (see evaluator.wanted): type and name pairs, and names read from values of
// any origin; diags are its calls of unsupported functions.
type wantedNames struct {
	wanted, wantedData [][2]string
	rel                []string
	diags              []*hcl.Diagnostic
}

func (w *wantedNames) visitDecl(d declaration, resourceTypes map[string]bool) {
	steps := func(t hcl.Traversal, from int) {
		for _, s := range t[min(from, len(t)):] {
			if a, ok := s.(hcl.TraverseAttr); ok {
				w.rel = append(w.rel, a.Name)
			}
		}
	}
	// afterIndex skips an optional index step (an instance key).
	afterIndex := func(t hcl.Traversal, i int) int {
		if i < len(t) {
			if _, ok := t[i].(hcl.TraverseIndex); ok {
				return i + 1
			}
		}
		return i
	}
	visitScope := func(t hcl.Traversal) {
		switch root := t.RootName(); root {
		case "var", "local":
			steps(t, 2)
		case "module":
			steps(t, afterIndex(t, 2)+1)
		case "data":
			i := afterIndex(t, 3)
			if n, ok := attrStep(t, i); ok {
				w.wantedData = append(w.wantedData, [2]string{mustAttr(t, 1), n})
			}
			steps(t, i+1)
		case "count", "each", "path", "terraform", "self":
			steps(t, 1)
		default:
			if !resourceTypes[root] {
				// A for expression's or dynamic block's iterator.
				steps(t, 1)
				return
			}
			i := afterIndex(t, 2)
			if n, ok := attrStep(t, i); ok {
				w.wanted = append(w.wanted, [2]string{root, n})
			}
			steps(t, i+1)
		}
	}
	visitExpr := func(expr hcl.Expression) {
		// Most expressions of a literal configuration are a literal or a
		// single reference: no walk needed.
		switch x := expr.(type) {
		case *hclsyntax.LiteralValueExpr:
			return
		case *hclsyntax.ScopeTraversalExpr:
			visitScope(x.Traversal)
			return
		}
		sx, ok := expr.(hclsyntax.Expression)
		if !ok {
			return
		}
		_ = hclsyntax.VisitAll(sx, func(n hclsyntax.Node) hcl.Diagnostics {
			switch n := n.(type) {
			case *hclsyntax.FunctionCallExpr:
				if contains(unsupportedFunctions, n.Name) {
					w.diags = append(w.diags, &hcl.Diagnostic{
						Severity: hcl.DiagWarning,
						Summary:  fmt.Sprintf("function %s is not supported by vpcheck; its result is unknown", n.Name),
						Detail:   "vpcheck evaluates most of Terraform's functions but not this one; what depends on its result is treated as unknown.",
						Subject:  n.NameRange.Ptr(),
					})
				}
			case *hclsyntax.ScopeTraversalExpr:
				visitScope(n.Traversal)
			case *hclsyntax.RelativeTraversalExpr:
				steps(n.Traversal, 0)
			}
			return nil
		})
	}
	switch d := d.(type) {
	case *localDecl:
		visitExpr(d.expr)
	case *outputDecl:
		if d.expr != nil {
			visitExpr(d.expr)
		}
	case *resourceDecl:
		walkBody(d.body, nil, resourceMeta, func(x hcl.Expression, _ []string) { visitExpr(x) })
		if d.count != nil {
			visitExpr(d.count)
		}
		if d.forEach != nil {
			visitExpr(d.forEach)
		}
	case *moduleCall:
		for _, a := range d.args {
			visitExpr(a.Expr)
		}
		if d.count != nil {
			visitExpr(d.count)
		}
		if d.forEach != nil {
			visitExpr(d.forEach)
		}
	case *providerDecl:
		if d.region != nil {
			visitExpr(d.region)
		}
	}
}

func mustAttr(t hcl.Traversal, i int) string {
	n, _ := attrStep(t, i)
	return n
}

// allModules lists every module configuration, root first.
func (e *evaluator) allModules() []*moduleConfig {
	var out []*moduleConfig
	var walk func(m *moduleConfig)
	walk = func(m *moduleConfig) {
		out = append(out, m)
		for _, name := range sortedKeys(m.calls) {
			if c := m.calls[name].child; c != nil {
				walk(c)
			}
		}
	}
	walk(e.root)
	return out
}
