package native

import (
	"fmt"
	"math/big"
	"net/netip"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/ctyname"
)

// The format has no variables or functions: every value is a constant, so
// expressions are evaluated with a nil EvalContext and hcl itself reports
// "Variables not allowed" / "Function calls not allowed" where they appear.
//
// Attributes are decoded as *hcl.Attribute (nil when absent) rather than
// into Go values by gohcl, because gohcl's conversion errors ("Unsuitable
// value: string required") do not name the attribute, and because CIDR
// lists, references and ports need each element's own source range.

// fail records an error at subject.
func (d *decoder) fail(subject hcl.Range, summary, detail string) {
	d.diags = append(d.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   detail,
		Subject:  subject.Ptr(),
	})
}

// literal reads the value of an expression written as a plain literal — a
// number, true, false, or a quoted string without interpolation — straight
// from the syntax tree. Nearly every value in a file is one, and evaluating
// a template (a buffer, a marks map and a conversion per string) was a
// visible part of loading a large network. ok is false for anything else,
// which takes the general path through Value.
func literal(e hcl.Expression) (cty.Value, bool) {
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		// null takes the general path: it reads as a keyword to asTraversal's
		// callers, and as "absent" to exprValue's. So does an unknown value,
		// which the parser leaves where it recovered from a syntax error.
		if e.Val.IsNull() || !e.Val.IsWhollyKnown() {
			return cty.NilVal, false
		}
		return e.Val, true
	case *hclsyntax.TemplateExpr:
		if len(e.Parts) != 1 {
			return cty.NilVal, false
		}
		if lit, ok := e.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && !lit.Val.IsNull() && lit.Val.IsKnown() {
			return lit.Val, true
		}
	}
	return cty.NilVal, false
}

// exprValue evaluates a constant expression. ok is false when the value is
// null (the attribute counts as absent) or erroneous (already reported).
func (d *decoder) exprValue(what string, e hcl.Expression) (cty.Value, bool) {
	if v, ok := literal(e); ok {
		return v, true
	}
	if tr, ok := asTraversal(e); ok {
		word := traversalString(tr)
		d.fail(e.Range(), fmt.Sprintf("%s takes a value, not a reference", what),
			fmt.Sprintf("%s reads as a reference to another object; quote it if you meant the text: %q.", word, word))
		return cty.NilVal, false
	}
	v, diags := e.Value(nil)
	d.diags = append(d.diags, diags...)
	if diags.HasErrors() || v.IsNull() || !v.IsWhollyKnown() {
		return cty.NilVal, false
	}
	return v, true
}

// convertTo converts v to want, reporting a mismatch in the user's terms.
func (d *decoder) convertTo(what string, e hcl.Expression, v cty.Value, want cty.Type) (cty.Value, bool) {
	out, err := convert.Convert(v, want)
	if err != nil {
		d.fail(e.Range(), fmt.Sprintf("%s must be %s, not %s", what, ctyname.Of(want), ctyname.Of(v.Type())), "")
		return cty.NilVal, false
	}
	return out, true
}

func (d *decoder) strExpr(what string, e hcl.Expression) (string, bool) {
	v, ok := d.exprValue(what, e)
	if !ok {
		return "", false
	}
	if !v.Type().IsPrimitiveType() {
		d.fail(e.Range(), fmt.Sprintf("%s must be a string, not %s", what, ctyname.Of(v.Type())), "")
		return "", false
	}
	if v.Type() == cty.String {
		return v.AsString(), true
	}
	v, ok = d.convertTo(what, e, v, cty.String)
	if !ok {
		return "", false
	}
	return v.AsString(), true
}

// str decodes an optional string attribute.
func (d *decoder) str(a *hcl.Attribute) (string, bool) {
	if a == nil {
		return "", false
	}
	return d.strExpr(a.Name, a.Expr)
}

// flag decodes an optional bool attribute; def is the value when absent.
func (d *decoder) flag(a *hcl.Attribute, def bool) bool {
	if a == nil {
		return def
	}
	v, ok := d.exprValue(a.Name, a.Expr)
	if !ok {
		return def
	}
	if v.Type() != cty.Bool {
		d.fail(a.Expr.Range(), fmt.Sprintf("%s must be true or false, not %s", a.Name, ctyname.Of(v.Type())), "")
		return def
	}
	return v.True()
}

func (d *decoder) intExpr(what string, e hcl.Expression, lo, hi int64) (int64, bool) {
	v, ok := d.exprValue(what, e)
	if !ok {
		return 0, false
	}
	if v.Type() == cty.String {
		// "443" is as good as 443, as everywhere in HCL.
		if n, err := convert.Convert(v, cty.Number); err == nil {
			v = n
		}
	}
	if v.Type() != cty.Number {
		d.fail(e.Range(), fmt.Sprintf("%s must be a number, not %s", what, ctyname.Of(v.Type())), "")
		return 0, false
	}
	f := v.AsBigFloat()
	// Beyond float64's range (1e999999999 is infinite to cty; 1e99999999
	// is not) the number is not printed back: writing it out in decimal
	// takes math/big minutes.
	if f.IsInf() || f.MantExp(nil) > 1024 {
		d.fail(e.Range(), fmt.Sprintf("%s must be between %d and %d", what, lo, hi), "")
		return 0, false
	}
	if !f.IsInt() {
		d.fail(e.Range(), fmt.Sprintf("%s must be a whole number", what), "")
		return 0, false
	}
	if f.Cmp(new(big.Float).SetInt64(lo)) < 0 || f.Cmp(new(big.Float).SetInt64(hi)) > 0 {
		d.fail(e.Range(), fmt.Sprintf("%s must be between %d and %d, not %s", what, lo, hi, f.Text('g', 12)), "")
		return 0, false
	}
	n, _ := f.Int64()
	return n, true
}

// integer decodes an optional whole-number attribute in [lo, hi].
func (d *decoder) integer(a *hcl.Attribute, lo, hi int64) (int64, bool) {
	if a == nil {
		return 0, false
	}
	return d.intExpr(a.Name, a.Expr, lo, hi)
}

// list returns the element expressions of a list attribute, each with its
// own range when the list is written out literally.
func (d *decoder) list(a *hcl.Attribute) []hcl.Expression {
	if a == nil {
		return nil
	}
	if elems, diags := hcl.ExprList(a.Expr); !diags.HasErrors() {
		return elems
	}
	if tr, ok := asTraversal(a.Expr); ok {
		d.fail(a.Expr.Range(), fmt.Sprintf("%s must be a list", a.Name),
			fmt.Sprintf("Write a list, even of one element: %s = [%s].", a.Name, traversalString(tr)))
		return nil
	}
	v, diags := a.Expr.Value(nil)
	d.diags = append(d.diags, diags...)
	if diags.HasErrors() || v.IsNull() || !v.IsWhollyKnown() {
		return nil
	}
	t := v.Type()
	if !t.IsTupleType() && !t.IsListType() && !t.IsSetType() {
		detail := ""
		if t == cty.String {
			detail = fmt.Sprintf("Write a list, even of one element: %s = [%q].", a.Name, v.AsString())
		}
		d.fail(a.Expr.Range(), fmt.Sprintf("%s must be a list, not %s", a.Name, ctyname.Of(t)), detail)
		return nil
	}
	// A computed list (e.g. a for expression) has no ranges of its own.
	var out []hcl.Expression
	for it := v.ElementIterator(); it.Next(); {
		_, ev := it.Element()
		out = append(out, hcl.StaticExpr(ev, a.Expr.Range()))
	}
	return out
}

func elementOf(a *hcl.Attribute) string { return "element of " + a.Name }

func (d *decoder) cidrExpr(what string, e hcl.Expression, rng hcl.Range) (model.Block, bool) {
	s, ok := d.strExpr(what, e)
	if !ok {
		return model.Block{}, false
	}
	p, err := model.ParseCIDR(s)
	if err != nil {
		d.fail(e.Range(), fmt.Sprintf("invalid %s: %v", what, err), `A CIDR block is written like "10.0.0.0/16" or "2001:db8::/56", with the host bits zero.`)
		return model.Block{}, false
	}
	return model.Block{Prefix: p, Range: rng}, true
}

// cidr decodes an optional CIDR attribute; the block's range is the attribute's.
func (d *decoder) cidr(a *hcl.Attribute) (model.Block, bool) {
	if a == nil {
		return model.Block{}, false
	}
	return d.cidrExpr(a.Name, a.Expr, a.Range)
}

// cidrs decodes a list of CIDR blocks, each with its element's range.
func (d *decoder) cidrs(a *hcl.Attribute) []model.Block {
	var out []model.Block
	for _, e := range d.list(a) {
		if b, ok := d.cidrExpr(elementOf(a), e, e.Range()); ok {
			out = append(out, b)
		}
	}
	return out
}

func (d *decoder) ipExpr(what string, e hcl.Expression) (netip.Addr, bool) {
	s, ok := d.strExpr(what, e)
	if !ok {
		return netip.Addr{}, false
	}
	ip, err := model.ParseIP(s)
	if err != nil {
		detail := `An IP address is written like "10.0.1.10" or "2001:db8::10".`
		if strings.Contains(s, "/") {
			detail = "Write the address without a prefix length."
		}
		d.fail(e.Range(), fmt.Sprintf("invalid %s: %v", what, err), detail)
		return netip.Addr{}, false
	}
	return ip, true
}

// ip decodes an optional IP address attribute.
func (d *decoder) ip(a *hcl.Attribute) (netip.Addr, bool) {
	if a == nil {
		return netip.Addr{}, false
	}
	return d.ipExpr(a.Name, a.Expr)
}

// ipv4 decodes an optional attribute that must hold an IPv4 address.
func (d *decoder) ipv4(a *hcl.Attribute) (netip.Addr, bool) {
	ip, ok := d.ip(a)
	if ok && !ip.Is4() {
		d.fail(a.Expr.Range(), fmt.Sprintf("%s must be an IPv4 address, not %s", a.Name, ip), "")
		return netip.Addr{}, false
	}
	return ip, ok
}

// ips decodes a list of IP addresses; family, when not 0, is 4 or 6.
func (d *decoder) ips(a *hcl.Attribute, family int) []netip.Addr {
	var out []netip.Addr
	for _, e := range d.list(a) {
		ip, ok := d.ipExpr(elementOf(a), e)
		if !ok {
			continue
		}
		if (family == 4 && !ip.Is4()) || (family == 6 && !ip.Is6()) {
			d.fail(e.Range(), fmt.Sprintf("%s must hold IPv%d addresses; %s is not one", a.Name, family, ip), "")
			continue
		}
		out = append(out, ip)
	}
	return out
}

// ports decodes a port number or range: 443, "443", "1024-65535", "all".
func (d *decoder) ports(a *hcl.Attribute) (model.PortRange, bool) {
	v, ok := d.exprValue(a.Name, a.Expr)
	if !ok {
		return model.PortRange{}, false
	}
	if v.Type() == cty.Number {
		n, ok := d.intExpr(a.Name, a.Expr, 0, 65535)
		return model.PortRange{From: uint16(n), To: uint16(n)}, ok
	}
	if v.Type() != cty.String {
		d.fail(a.Expr.Range(), fmt.Sprintf("ports must be a number or a string such as \"1024-65535\", not %s", ctyname.Of(v.Type())), "")
		return model.PortRange{}, false
	}
	r, err := model.ParsePortRange(v.AsString())
	if err != nil {
		d.fail(a.Expr.Range(), fmt.Sprintf("invalid ports: %v", err), `Ports are a number (443), a range ("1024-65535") or "all".`)
		return model.PortRange{}, false
	}
	return r, true
}

// protocol decodes a protocol name or number.
func (d *decoder) protocol(a *hcl.Attribute) (model.Protocol, bool) {
	s, ok := d.str(a)
	if !ok {
		return 0, false
	}
	p, err := model.ParseProtocol(s)
	if err != nil {
		d.fail(a.Expr.Range(), fmt.Sprintf("invalid protocol: %v", err), "")
		return 0, false
	}
	return p, true
}

// oneOf decodes a string attribute that must be one of choices (compared
// case-insensitively) and returns the canonical spelling.
func (d *decoder) oneOf(a *hcl.Attribute, choices ...string) (string, bool) {
	s, ok := d.str(a)
	if !ok {
		return "", false
	}
	for _, c := range choices {
		if strings.EqualFold(strings.TrimSpace(s), c) {
			return c, true
		}
	}
	quoted := make([]string, len(choices))
	for i, c := range choices {
		quoted[i] = fmt.Sprintf("%q", c)
	}
	detail := "It must be one of " + strings.Join(quoted, ", ") + "."
	if s := suggest(s, choices); s != "" {
		detail += fmt.Sprintf(" Did you mean %q?", s)
	}
	d.fail(a.Expr.Range(), fmt.Sprintf("invalid %s %q", a.Name, s), detail)
	return "", false
}

// tags decodes the tags map.
func (d *decoder) tags(a *hcl.Attribute) map[string]string {
	if a == nil {
		return nil
	}
	v, ok := d.exprValue(a.Name, a.Expr)
	if !ok {
		return nil
	}
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		d.fail(a.Expr.Range(), fmt.Sprintf("tags must be a map of strings, not %s", ctyname.Of(v.Type())), `Write tags = { Name = "web" }.`)
		return nil
	}
	// Each value is checked on its own, so that the message names the tag
	// and what it holds ("tag \"Name\" must be a string, not a map").
	out := map[string]string{}
	for it := v.ElementIterator(); it.Next(); {
		k, tv := it.Element()
		if tv.IsNull() {
			continue
		}
		s, err := convert.Convert(tv, cty.String)
		if err != nil {
			d.fail(tagValueRange(a.Expr, k.AsString()), fmt.Sprintf("tag %q must be a string, not %s", k.AsString(), ctyname.Of(tv.Type())),
				`Tag values are text: write tags = { Name = "web" }.`)
			continue
		}
		out[k.AsString()] = s.AsString()
	}
	return out
}

// tagValueRange is where the value of tag key is written in a tags map,
// or the whole map when it is not written out as one.
func tagValueRange(e hcl.Expression, key string) hcl.Range {
	if o, ok := e.(*hclsyntax.ObjectConsExpr); ok {
		for _, item := range o.Items {
			if k, diags := item.KeyExpr.Value(nil); !diags.HasErrors() && k.Type() == cty.String && k.AsString() == key {
				return item.ValueExpr.Range()
			}
		}
	}
	return e.Range()
}

// require reports a missing attribute; ok is true when present.
func (d *decoder) require(a *hcl.Attribute, name, block string, def hcl.Range) bool {
	if a != nil {
		return true
	}
	d.fail(def, fmt.Sprintf("missing required attribute %q", name), fmt.Sprintf("A %s block needs %s.", block, name))
	return false
}

// exclusive reports when more than one of attrs is written and returns the
// one that is (nil when none).
func (d *decoder) exclusive(attrs ...*hcl.Attribute) *hcl.Attribute {
	var first *hcl.Attribute
	for _, a := range attrs {
		if a == nil {
			continue
		}
		if first == nil {
			first = a
			continue
		}
		d.fail(a.NameRange, fmt.Sprintf("%s and %s cannot both be set", first.Name, a.Name),
			fmt.Sprintf("%s is already set at line %d; write one of them.", first.Name, first.Range.Start.Line))
	}
	return first
}

// onlyWith reports attributes that apply only when cond holds.
func (d *decoder) onlyWith(cond bool, why string, attrs ...*hcl.Attribute) {
	if cond {
		return
	}
	for _, a := range attrs {
		if a != nil {
			d.fail(a.NameRange, fmt.Sprintf("%s applies only %s", a.Name, why), "")
		}
	}
}

// meta builds an object's identity from its block header and common attributes.
func (d *decoder) meta(name string, def hcl.Range, awsID, tags *hcl.Attribute) model.Meta {
	id, _ := d.str(awsID)
	return model.Meta{Name: name, AWSID: id, Tags: d.tags(tags), Range: def}
}
