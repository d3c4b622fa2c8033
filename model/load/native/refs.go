package native

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpcheck/vpcheck/model"
)

// A reference is written kind.name, kind["name"] or, where the attribute
// allows a single kind, "name" (a name, AWS id or Terraform address). The
// traversal is read statically with hcl.AbsTraversalForExpr: nothing is
// evaluated, so a reference may point at an object defined later or in
// another file, and Link resolves it.

// asTraversal returns the expression as a static traversal. The literals
// true, false and null also read as one-word traversals to hcl (so that
// they can appear where a keyword is expected); here they are values.
func asTraversal(e hcl.Expression) (hcl.Traversal, bool) {
	// The common forms are answered from the syntax tree: asking hcl about
	// a string or a list builds an "Invalid expression" diagnostic only to
	// discard it.
	switch e := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		if len(e.Traversal) > 0 {
			return e.Traversal, true
		}
	case *hclsyntax.TemplateExpr, *hclsyntax.TupleConsExpr, *hclsyntax.ObjectConsExpr, *hclsyntax.LiteralValueExpr:
		return nil, false
	}
	tr, diags := hcl.AbsTraversalForExpr(e)
	if diags.HasErrors() {
		return nil, false
	}
	if len(tr) == 1 {
		switch tr.RootName() {
		case "true", "false", "null":
			return nil, false
		}
	}
	return tr, true
}

// refExpr decodes one reference that must be of one of kinds.
func (d *decoder) refExpr(what string, e hcl.Expression, kinds []model.Kind) (model.Ref, bool) {
	if tr, ok := asTraversal(e); ok {
		return d.traversalRef(what, e, tr, kinds)
	}
	v, isLiteral := literal(e)
	var diags hcl.Diagnostics
	if !isLiteral {
		v, diags = e.Value(nil)
	}
	if diags.HasErrors() || !v.IsWhollyKnown() || (!v.IsNull() && v.Type() != cty.String) {
		d.fail(e.Range(), fmt.Sprintf("%s must be a reference", what),
			fmt.Sprintf("Write %s, or the name or AWS id as a quoted string.", example(kinds)))
		return model.Ref{}, false
	}
	if v.IsNull() {
		return model.Ref{}, false
	}
	key := strings.TrimSpace(v.AsString())
	if key == "" {
		d.fail(e.Range(), fmt.Sprintf("%s is empty", what), fmt.Sprintf("Write %s.", example(kinds)))
		return model.Ref{}, false
	}
	if len(kinds) == 1 {
		return model.Ref{Kind: kinds[0], Key: key, Range: e.Range()}, true
	}
	if k, ok := kindOfAWSID(key); ok {
		if !contains(kinds, k) {
			d.fail(e.Range(), fmt.Sprintf("%s must refer to %s, not a %s", what, kindList(kinds), k), "")
			return model.Ref{}, false
		}
		return model.Ref{Kind: k, Key: key, Range: e.Range()}, true
	}
	d.fail(e.Range(), fmt.Sprintf("%s %q needs its kind", what, key),
		fmt.Sprintf("%s may refer to %s; write the reference as kind.name, e.g. %s.%s.", what, kindList(kinds), kinds[0], key))
	return model.Ref{}, false
}

func (d *decoder) traversalRef(what string, e hcl.Expression, tr hcl.Traversal, kinds []model.Kind) (model.Ref, bool) {
	root := tr.RootName()
	kind, known := model.KindOfNative(root)
	if !known {
		summary := fmt.Sprintf("%s: unknown kind %q", what, root)
		detail := fmt.Sprintf("%s refers to %s.", what, kindList(kinds))
		if len(tr) == 1 {
			summary = fmt.Sprintf("%s: %s is not a reference", what, root)
			detail = fmt.Sprintf("Write %s.%s, or %q in quotes.", kinds[0], root, root)
		} else if s := suggestKind(root, kinds); s != "" {
			detail += fmt.Sprintf(" Did you mean %s?", s)
		}
		d.fail(tr[0].SourceRange(), summary, detail)
		return model.Ref{}, false
	}
	if !contains(kinds, kind) {
		d.fail(e.Range(), fmt.Sprintf("%s must refer to %s, not a %s", what, kindList(kinds), kind), "")
		return model.Ref{}, false
	}
	if len(tr) != 2 {
		d.fail(e.Range(), fmt.Sprintf("%s: write a reference as %s.NAME", what, kind),
			"A reference is the kind and the name, nothing before or after: e.g. "+string(kind)+".web or "+string(kind)+`["web"].`)
		return model.Ref{}, false
	}
	var key string
	switch step := tr[1].(type) {
	case hcl.TraverseAttr:
		key = step.Name
	case hcl.TraverseIndex:
		if step.Key.Type() == cty.String && step.Key.IsKnown() && !step.Key.IsNull() {
			key = step.Key.AsString()
		}
	}
	if key == "" {
		d.fail(e.Range(), fmt.Sprintf("%s: write a reference as %s.NAME", what, kind),
			fmt.Sprintf(`The name after the kind is an identifier or a quoted string: %s.web or %s["10-0-1"].`, kind, kind))
		return model.Ref{}, false
	}
	return model.Ref{Kind: kind, Key: key, Range: e.Range()}, true
}

// ref decodes an optional single reference attribute.
func (d *decoder) ref(a *hcl.Attribute, kinds ...model.Kind) model.Ref {
	if a == nil {
		return model.Ref{}
	}
	r, _ := d.refExpr(a.Name, a.Expr, kinds)
	return r
}

// refs decodes a list of references, one Ref per element with its own range.
func (d *decoder) refs(a *hcl.Attribute, kinds ...model.Kind) []model.Ref {
	var out []model.Ref
	for _, e := range d.list(a) {
		if r, ok := d.refExpr(elementOf(a), e, kinds); ok {
			out = append(out, r)
		}
	}
	return out
}

// external marks a reference written as an AWS id of its kind (vpc-…,
// sg-…) as one that may point outside the inputs: the far side of a
// cross-account peering, a security group of a peer VPC. A reference by name
// must still resolve.
func external(r model.Ref) model.Ref {
	if k, ok := kindOfAWSID(r.Key); ok && k == r.Kind {
		r.External = true
	}
	return r
}

// awsIDPattern matches AWS resource ids: a type prefix and 8 or 17 hex digits.
var awsIDPattern = regexp.MustCompile(`^([a-z]+)-[0-9a-f]{8}(?:[0-9a-f]{9})?$`)

// kindOfAWSID tells the kind of a string written as an AWS id, for
// attributes that accept several kinds: the kind table's, by its prefix.
func kindOfAWSID(id string) (model.Kind, bool) {
	if !awsIDPattern.MatchString(id) {
		return "", false
	}
	return model.KindOfID(id)
}

func contains(kinds []model.Kind, k model.Kind) bool {
	for _, c := range kinds {
		if c == k {
			return true
		}
	}
	return false
}

// kindList says "a subnet" or "an internet_gateway or a vpn_gateway".
func kindList(kinds []model.Kind) string {
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		art := "a"
		if strings.ContainsRune("aeiou", rune(k[0])) {
			art = "an"
		}
		parts[i] = art + " " + string(k)
	}
	switch len(parts) {
	case 1:
		return parts[0]
	case 2:
		return parts[0] + " or " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

func example(kinds []model.Kind) string {
	return string(kinds[0]) + ".NAME"
}

// suggestKind proposes the kind a misspelt root most likely meant,
// preferring the kinds the attribute accepts.
func suggestKind(root string, kinds []model.Kind) string {
	if k, ok := kindAbbreviation(strings.ToLower(root)); ok {
		return string(k)
	}
	names := make([]string, 0, len(kinds))
	for _, k := range kinds {
		names = append(names, string(k))
	}
	if s := suggest(root, names); s != "" {
		return s
	}
	all := make([]string, 0, len(model.Kinds))
	for _, k := range model.Kinds {
		all = append(all, string(k))
	}
	return suggest(root, all)
}

// kindAbbreviation tells the kind a short name AWS users write stands for:
// the prefix of its AWS ids (igw, sg, rtb), or a common initialism.
func kindAbbreviation(word string) (model.Kind, bool) {
	if k, ok := model.KindOfIDPrefix(word); ok {
		return k, true
	}
	k, ok := initialisms[word]
	return k, ok
}

// initialisms are the short names of kinds other than their id prefixes.
var initialisms = map[string]model.Kind{
	"natgw": model.KindNATGateway, "peering": model.KindPeering, "endpoint": model.KindVPCEndpoint,
	"ec2": model.KindInstance, "nacl": model.KindNetworkACL, "eip": model.KindElasticIP,
	"dxgw": model.KindDXGateway, "tgw_attachment": model.KindTGWAttachment,
	"tgw_route_table": model.KindTGWRouteTable,
}

// suggest returns the candidate closest to s when it is close enough to be a
// likely typo (the same threshold Network.Suggest uses), else "".
func suggest(s string, candidates []string) string {
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	best, bestDist := "", len(s)/3+2
	for _, c := range sorted {
		if dist := levenshtein.Distance(strings.ToLower(s), strings.ToLower(c), nil); dist < bestDist {
			best, bestDist = c, dist
		}
	}
	return best
}

// traversalString writes a traversal back as source text.
func traversalString(tr hcl.Traversal) string {
	var b strings.Builder
	for _, step := range tr {
		switch step := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(step.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + step.Name)
		case hcl.TraverseIndex:
			if step.Key.Type() == cty.String && step.Key.IsKnown() && !step.Key.IsNull() {
				fmt.Fprintf(&b, "[%q]", step.Key.AsString())
			} else {
				b.WriteString("[…]")
			}
		default:
			b.WriteString("…")
		}
	}
	return b.String()
}
