package terraform

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The evaluation graph has one node per declaration of every module
// configuration (not per instance: a module called with count has one set of
// nodes, evaluated once per instance, as Terraform does). Edges come from the
// references (hcl.Expression.Variables) in each declaration's expressions.
// Nodes are evaluated in an order where every node comes after what it
// refers to; a strongly connected component of more than one node (or a node
// that refers to itself) is a reference cycle.

type nodeKind int

const (
	nodeVariable nodeKind = iota
	nodeLocal
	nodeProvider
	nodeData
	nodeResource
	nodeModuleCall
	nodeOutput
)

type node struct {
	kind nodeKind
	mod  *moduleConfig
	decl declaration
	// name is how the node is written in references: var.x, local.y,
	// aws_vpc.main, data.aws_region.current, module.vpc, output.z, provider.aws.
	name string
	deps []dep
	// travs are the references of each expression of the declaration, and
	// bodies the attributes of each body in source order: computed while
	// the graph is built, read (never written) while it is evaluated.
	travs  map[hcl.Expression][]hcl.Traversal
	bodies map[*hclsyntax.Body][]*hclsyntax.Attribute
	// diags are the undeclared references found in the declaration.
	diags hcl.Diagnostics
	// referenced says whether another node refers to this one: the value
	// of a node that nothing refers to is never read.
	referenced bool

	// Tarjan's algorithm state.
	index, low int
	visited    bool
	onStack    bool
}

// dep is an edge: the node refers to to, at rng.
type dep struct {
	to  *node
	rng hcl.Range
}

// display names the node with its module, as diagnostics show it.
func (n *node) display() string {
	if len(n.mod.path) == 0 {
		return n.name
	}
	return "module." + strings.Join(n.mod.path, ".module.") + "." + n.name
}

type moduleNodes struct {
	vars, locals, providers, data, resources, calls, outputs map[string]*node
}

type graph struct {
	nodes []*node // in declaration order, root module first
	byMod map[*moduleConfig]*moduleNodes
	diags hcl.Diagnostics
	// callOf and parentOf link a child module to its call and caller.
	callOf   map[*moduleConfig]*node
	parentOf map[*moduleConfig]*moduleConfig
}

// reservedRoots are reference roots that never name a declaration.
var reservedRoots = map[string]bool{"count": true, "each": true, "path": true, "terraform": true, "self": true}

func buildGraph(root *moduleConfig) *graph {
	g := &graph{
		byMod:  map[*moduleConfig]*moduleNodes{},
		callOf: map[*moduleConfig]*node{}, parentOf: map[*moduleConfig]*moduleConfig{},
	}
	g.addNodes(root)
	// Each node's edges depend only on the declarations (addNodes), so the
	// nodes are resolved in parallel; their diagnostics are kept in
	// declaration order.
	parallelChunks(len(g.nodes), func(i int) { g.addDeps(g.nodes[i]) })
	for _, n := range g.nodes {
		g.diags = append(g.diags, n.diags...)
		n.diags = nil
		for _, d := range n.deps {
			d.to.referenced = true
		}
	}
	return g
}

// parallelChunks calls f(0) … f(n-1) on GOMAXPROCS goroutines, in chunks of
// consecutive indexes; f must only write state of its own index.
func parallelChunks(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/64+1)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	const chunk = 64
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				start := int(next.Add(chunk)) - chunk
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					f(i)
				}
			}
		}()
	}
	wg.Wait()
}

func (g *graph) addNodes(m *moduleConfig) {
	mn := &moduleNodes{
		vars: map[string]*node{}, locals: map[string]*node{}, providers: map[string]*node{},
		data: map[string]*node{}, resources: map[string]*node{}, calls: map[string]*node{}, outputs: map[string]*node{},
	}
	g.byMod[m] = mn
	var children []*moduleConfig
	for _, d := range m.order {
		n := &node{mod: m, decl: d}
		switch d := d.(type) {
		case *variableDecl:
			n.kind, n.name = nodeVariable, "var."+d.name
			mn.vars[d.name] = n
		case *localDecl:
			n.kind, n.name = nodeLocal, "local."+d.name
			mn.locals[d.name] = n
		case *providerDecl:
			n.kind, n.name = nodeProvider, "provider."+d.key
			mn.providers[d.key] = n
		case *resourceDecl:
			if d.data {
				n.kind, n.name = nodeData, "data."+d.key()
				mn.data[d.key()] = n
			} else {
				n.kind, n.name = nodeResource, d.key()
				mn.resources[d.key()] = n
			}
		case *moduleCall:
			n.kind, n.name = nodeModuleCall, "module."+d.name
			mn.calls[d.name] = n
			if d.child != nil {
				children = append(children, d.child)
				g.callOf[d.child], g.parentOf[d.child] = n, m
			}
		case *outputDecl:
			n.kind, n.name = nodeOutput, "output."+d.name
			mn.outputs[d.name] = n
		}
		g.nodes = append(g.nodes, n)
	}
	for _, c := range children {
		g.addNodes(c)
	}
}

// callNode returns the module call node that instantiates m (nil for the root).
func (g *graph) callNode(m *moduleConfig) (*node, *moduleConfig) {
	return g.callOf[m], g.parentOf[m]
}

func (g *graph) addDeps(n *node) {
	m := n.mod
	mn := g.byMod[m]
	if call, _ := g.callNode(m); call != nil {
		n.deps = append(n.deps, dep{to: call, rng: call.decl.declRange()})
	}
	providerDeps := func() {
		for _, key := range sortedKeys(mn.providers) {
			p := mn.providers[key]
			n.deps = append(n.deps, dep{to: p, rng: p.decl.declRange()})
		}
	}
	switch d := n.decl.(type) {
	case *variableDecl:
		if call, parent := g.callNode(m); call != nil {
			if a, ok := call.decl.(*moduleCall).args[d.name]; ok {
				g.refsOf(n, parent, a.Expr, nil)
			}
		}
	case *localDecl:
		g.refsOf(n, m, d.expr, nil)
	case *providerDecl:
		if d.region != nil {
			g.refsOf(n, m, d.region, nil)
		}
	case *resourceDecl:
		providerDeps()
		if d.count != nil {
			g.refsOf(n, m, d.count, nil)
		}
		if d.forEach != nil {
			g.refsOf(n, m, d.forEach, nil)
		}
		n.bodies = map[*hclsyntax.Body][]*hclsyntax.Attribute{}
		walkBodyCached(d.body, nil, resourceMeta, n.bodies, func(e hcl.Expression, scope []string) {
			g.refsOf(n, m, e, scope)
		})
	case *moduleCall:
		providerDeps()
		if d.count != nil {
			g.refsOf(n, m, d.count, nil)
		}
		if d.forEach != nil {
			g.refsOf(n, m, d.forEach, nil)
		}
	case *outputDecl:
		if d.expr != nil {
			g.refsOf(n, m, d.expr, nil)
		}
	}
}

// walkBody visits every value expression of a resource body, with the
// iterator names of the enclosing dynamic blocks in scope. Meta-arguments
// and blocks that hold no values (lifecycle, provisioner, …) are skipped.
func walkBody(b *hclsyntax.Body, scope []string, skip map[string]bool, visit func(hcl.Expression, []string)) {
	walkBodyCached(b, scope, skip, nil, visit)
}

// walkBodyCached is walkBody recording each body's attributes in source
// order in bodies (when not nil).
func walkBodyCached(b *hclsyntax.Body, scope []string, skip map[string]bool, bodies map[*hclsyntax.Body][]*hclsyntax.Attribute, visit func(hcl.Expression, []string)) {
	attrs := sortedAttributes(b)
	if bodies != nil {
		bodies[b] = attrs
	}
	for _, a := range attrs {
		if skip[a.Name] {
			continue
		}
		visit(a.Expr, scope)
	}
	for _, blk := range b.Blocks {
		if nonValueBlocks[blk.Type] {
			continue
		}
		if blk.Type != "dynamic" {
			walkBodyCached(blk.Body, scope, nil, bodies, visit)
			continue
		}
		iterator := dynamicIterator(blk)
		if a, ok := blk.Body.Attributes["for_each"]; ok {
			visit(a.Expr, scope)
		}
		if a, ok := blk.Body.Attributes["labels"]; ok {
			visit(a.Expr, append(scope, iterator))
		}
		for _, c := range blk.Body.Blocks {
			if c.Type == "content" {
				walkBodyCached(c.Body, append(append([]string{}, scope...), iterator), nil, bodies, visit)
			}
		}
	}
}

// dynamicIterator is the name a dynamic block binds: its iterator argument,
// else its label.
func dynamicIterator(blk *hclsyntax.Block) string {
	if a, ok := blk.Body.Attributes["iterator"]; ok {
		if t, d := hcl.AbsTraversalForExpr(a.Expr); !d.HasErrors() && len(t) == 1 {
			return t.RootName()
		}
	}
	if len(blk.Labels) > 0 {
		return blk.Labels[0]
	}
	return ""
}

// exprTraversals returns the references of an expression of n's
// declaration (computed once, by refsOf, for those that have any).
func (n *node) exprTraversals(e hcl.Expression) []hcl.Traversal {
	if n != nil {
		if t, ok := n.travs[e]; ok {
			return t
		}
	}
	return variables(e)
}

// variables is e.Variables(), without walking the two forms most
// expressions of a configuration take: a literal (a quoted string is a
// template of literal parts) has no references, and a reference is its own
// traversal, as hclsyntax's walk would find them.
func variables(e hcl.Expression) []hcl.Traversal {
	switch x := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return nil
	case *hclsyntax.ScopeTraversalExpr:
		return []hcl.Traversal{x.Traversal}
	case *hclsyntax.TemplateExpr:
		for _, p := range x.Parts {
			if _, ok := p.(*hclsyntax.LiteralValueExpr); !ok {
				return e.Variables()
			}
		}
		return nil
	}
	return e.Variables()
}

// refsOf adds an edge from n to every declaration e refers to, resolved in
// module m. Undeclared references are reported here, once per expression.
func (g *graph) refsOf(n *node, m *moduleConfig, e hcl.Expression, scope []string) {
	t, ok := n.travs[e]
	if !ok {
		t = variables(e)
		if len(t) > 0 {
			if n.travs == nil {
				n.travs = map[hcl.Expression][]hcl.Traversal{}
			}
			n.travs[e] = t
		}
	}
	for _, t := range t {
		if contains(scope, t.RootName()) {
			continue
		}
		targets, diag := g.resolve(m, t)
		if diag != nil {
			n.diags = append(n.diags, diag)
			continue
		}
		for _, to := range targets {
			n.deps = append(n.deps, dep{to: to, rng: t.SourceRange()})
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// attrStep returns the name of step i of t when it is an attribute access.
func attrStep(t hcl.Traversal, i int) (string, bool) {
	if i >= len(t) {
		return "", false
	}
	a, ok := t[i].(hcl.TraverseAttr)
	return a.Name, ok
}

// resolve finds the declarations a reference names.
func (g *graph) resolve(m *moduleConfig, t hcl.Traversal) ([]*node, *hcl.Diagnostic) {
	mn := g.byMod[m]
	root := t.RootName()
	rng := t.SourceRange()
	invalid := func(detail string) *hcl.Diagnostic {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid reference", Detail: detail, Subject: rng.Ptr()}
	}
	undeclared := func(summary, detail string) *hcl.Diagnostic {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng.Ptr()}
	}
	switch root {
	case "var":
		name, ok := attrStep(t, 1)
		if !ok {
			return nil, invalid("The \"var\" object must be followed by an attribute name: var.NAME.")
		}
		if n, ok := mn.vars[name]; ok {
			return []*node{n}, nil
		}
		return nil, undeclared("Reference to undeclared input variable",
			fmt.Sprintf("An input variable with the name %q has not been declared in %s.%s", name, m.label(), suggestion(name, sortedKeys(mn.vars))))
	case "local":
		name, ok := attrStep(t, 1)
		if !ok {
			return nil, invalid("The \"local\" object must be followed by an attribute name: local.NAME.")
		}
		if n, ok := mn.locals[name]; ok {
			return []*node{n}, nil
		}
		return nil, undeclared("Reference to undeclared local value",
			fmt.Sprintf("A local value with the name %q has not been declared in %s.%s", name, m.label(), suggestion(name, sortedKeys(mn.locals))))
	case "module":
		name, ok := attrStep(t, 1)
		if !ok {
			return nil, invalid("The \"module\" object must be followed by a module call name: module.NAME.")
		}
		call, ok := mn.calls[name]
		if !ok {
			return nil, undeclared("Reference to undeclared module",
				fmt.Sprintf("No module call named %q is declared in %s.%s", name, m.label(), suggestion(name, sortedKeys(mn.calls))))
		}
		child := call.decl.(*moduleCall).child
		if child == nil {
			return []*node{call}, nil
		}
		cn := g.byMod[child]
		step := 2
		if step < len(t) {
			if _, isIndex := t[step].(hcl.TraverseIndex); isIndex {
				step++
			}
		}
		out, ok := attrStep(t, step)
		if !ok {
			nodes := []*node{call}
			for _, k := range sortedKeys(cn.outputs) {
				nodes = append(nodes, cn.outputs[k])
			}
			return nodes, nil
		}
		if o, ok := cn.outputs[out]; ok {
			return []*node{call, o}, nil
		}
		return nil, undeclared("Unsupported attribute",
			fmt.Sprintf("An output value with the name %q has not been declared in module.%s.%s", out, name, suggestion(out, sortedKeys(cn.outputs))))
	case "data":
		typ, ok1 := attrStep(t, 1)
		name, ok2 := attrStep(t, 2)
		if !ok1 || !ok2 {
			return nil, invalid("A reference to a data source must be followed by its type and name: data.TYPE.NAME.")
		}
		if n, ok := mn.data[typ+"."+name]; ok {
			return []*node{n}, nil
		}
		return nil, undeclared("Reference to undeclared resource",
			fmt.Sprintf("A data resource %q %q has not been declared in %s.%s", typ, name, m.label(), suggestion(typ+"."+name, sortedKeys(mn.data))))
	}
	if reservedRoots[root] {
		return nil, nil
	}
	name, ok := attrStep(t, 1)
	if !ok {
		return nil, invalid(fmt.Sprintf("A reference to a resource type must be followed by at least one attribute access, specifying the resource name: %s.NAME.", root))
	}
	if n, ok := mn.resources[root+"."+name]; ok {
		return []*node{n}, nil
	}
	return nil, undeclared("Reference to undeclared resource",
		fmt.Sprintf("A managed resource %q %q has not been declared in %s.%s", root, name, m.label(), suggestion(root+"."+name, sortedKeys(mn.resources))))
}

// order returns the nodes so that each comes after every node it depends
// on, and the strongly connected components that are reference cycles.
func (g *graph) order() ([]*node, [][]*node) {
	var out []*node
	var cycles [][]*node
	var stack []*node
	index := 0
	var strong func(n *node)
	strong = func(n *node) {
		n.visited, n.index, n.low = true, index, index
		index++
		stack = append(stack, n)
		n.onStack = true
		for _, d := range n.deps {
			switch {
			case !d.to.visited:
				strong(d.to)
				n.low = min(n.low, d.to.low)
			case d.to.onStack:
				n.low = min(n.low, d.to.index)
			}
		}
		if n.low != n.index {
			return
		}
		var scc []*node
		for {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			top.onStack = false
			scc = append(scc, top)
			if top == n {
				break
			}
		}
		// Members of one component in declaration order, for stable output.
		sort.SliceStable(scc, func(i, j int) bool { return scc[i].index < scc[j].index })
		if len(scc) > 1 || selfDependent(n) {
			cycles = append(cycles, scc)
		}
		out = append(out, scc...)
	}
	for _, n := range g.nodes {
		if !n.visited {
			strong(n)
		}
	}
	return out, cycles
}

func selfDependent(n *node) bool {
	for _, d := range n.deps {
		if d.to == n {
			return true
		}
	}
	return false
}

// cycleDiagnostic describes one reference cycle: the chain of references,
// each with its place, starting at the first declaration of the cycle.
func cycleDiagnostic(scc []*node) *hcl.Diagnostic {
	in := map[*node]bool{}
	for _, n := range scc {
		in[n] = true
	}
	start := scc[0]
	var steps []string
	var subject *hcl.Range
	seen := map[*node]bool{}
	for cur := start; ; {
		seen[cur] = true
		var next *dep
		for i := range cur.deps {
			d := &cur.deps[i]
			if in[d.to] && (d.to == start || !seen[d.to]) {
				next = d
				if d.to == start {
					break
				}
			}
		}
		if next == nil {
			break
		}
		if subject == nil {
			r := next.rng
			subject = &r
		}
		steps = append(steps, fmt.Sprintf("%s refers to %s at %s", cur.display(), next.to.display(), next.rng.String()))
		if next.to == start {
			break
		}
		cur = next.to
	}
	names := make([]string, len(scc))
	for i, n := range scc {
		names[i] = n.display()
	}
	if subject == nil {
		r := start.decl.declRange()
		subject = &r
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Reference cycle: " + strings.Join(names, ", "),
		Detail:   strings.Join(steps, "; ") + ". Values that depend on themselves cannot be evaluated; vpcheck treats them as unknown.",
		Subject:  subject,
	}
}

// suggestion offers the closest declared name to a mistyped one.
func suggestion(name string, candidates []string) string {
	best, bestDist := "", len(name)/3+2
	for _, c := range candidates {
		if d := levenshtein.Distance(name, c, nil); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
