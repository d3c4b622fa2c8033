package load

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/source"
)

// On-premises networks. Terraform describes the AWS side of a VPN or Direct
// Connect connection; what lies behind it is known only where the input
// says: a VPN connection's static routes and customer-side range (the
// Terraform loader makes those a site named after the connection), or an
// on_prem block of .vpcheck.hcl, which has the native format's fields and
// names its connections by Terraform address, name or AWS id:
//
//	on_prem "datacenter" {
//	  cidr_blocks = ["172.16.0.0/12"]
//	  advertises  = ["172.16.0.0/12"]           # over BGP; default cidr_blocks
//	  connections = [aws_vpn_connection.dc, module.dx.aws_dx_gateway.this]
//	  routes_to_internet = false
//	}
//
// A declared site replaces the one derived from a connection it names. A
// Terraform connection with no site behind it is reported: traffic to its
// far side is unknown.

var siteSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "on_prem", LabelNames: []string{"name"}}}}

var siteBodySchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "cidr_blocks", Required: true}, {Name: "advertises"}, {Name: "connections"}, {Name: "routes_to_internet"},
}}

// connectionKinds maps the resource types (Terraform and native) that name
// a connection to its kind.
var connectionKinds = map[string]model.Kind{
	"aws_vpn_connection": model.KindVPNConnection, "vpn_connection": model.KindVPNConnection,
	"aws_dx_gateway": model.KindDXGateway, "dx_gateway": model.KindDXGateway,
}

// addSites adds the on_prem blocks of the configuration file (none when
// config is "") and reports the Terraform connections that have no site.
func addSites(net *model.Network, config string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	var declared []*model.OnPrem
	if config != "" {
		var d hcl.Diagnostics
		declared, d = readSites(net, config)
		diags = append(diags, d...)
	}
	named := map[string]bool{}
	for _, o := range declared {
		for _, r := range o.Connections {
			named[r.Key] = true
		}
	}
	namedBy := func(o model.Object) bool {
		b := o.Base()
		return named[b.Name] || named[b.TFAddr] || named[b.AWSID]
	}
	sited := map[model.Object]bool{}
	kept := net.OnPrem[:0:0]
	for _, o := range net.OnPrem {
		if o.Implicit && len(o.Connections) == 1 && o.Connections[0].Obj != nil && namedBy(o.Connections[0].Obj) {
			continue
		}
		kept = append(kept, o)
		for _, r := range o.Connections {
			if r.Obj != nil {
				sited[r.Obj] = true
			}
		}
	}
	net.OnPrem = kept
	for _, o := range declared {
		net.Add(o)
	}
	unsited := func(o model.Object, why string) {
		b := o.Base()
		if b.TFAddr == "" || sited[o] || namedBy(o) {
			return
		}
		summary := fmt.Sprintf("%s: the on-premises networks behind it are not known: %s", b.TFAddr, why)
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Subject: b.Range.Ptr(),
			Detail: fmt.Sprintf("Traffic to them is unknown. Declare them in %s: on_prem \"NAME\" { cidr_blocks = [...], connections = [%s] }.", configName, b.TFAddr)})
		net.Omitted = append(net.Omitted, model.Omission{Resource: b.TFAddr, Reason: summary, Range: b.Range})
		net.Incomplete = true
	}
	for _, c := range net.VPNConnections {
		why := "it has no static routes"
		if !c.StaticRoutesOnly {
			why = "they are announced over BGP"
		}
		unsited(c, why)
	}
	// A Direct Connect gateway's allowed prefixes are the AWS side, the
	// prefixes advertised to on-premises:
	// https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html
	for _, g := range net.DXGateways {
		unsited(g, "they are announced over BGP on its virtual interfaces (its allowed_prefixes are the AWS side)")
	}
	return diags
}

// configName is the configuration file on_prem blocks are read from.
const configName = ".vpcheck.hcl"

// readSites decodes the on_prem blocks of a configuration file; the other
// blocks are the lint configuration's.
func readSites(net *model.Network, file string) ([]*model.OnPrem, hcl.Diagnostics) {
	src, err := source.ReadFile(file)
	if err != nil {
		return nil, hcl.Diagnostics{source.Diagnostic(file, err)}
	}
	f, diags := hclsyntax.ParseConfig(src, file, hcl.InitialPos)
	if f == nil {
		return nil, diags
	}
	net.Files[file] = f
	content, _, _ := f.Body.PartialContent(siteSchema)
	var out []*model.OnPrem
	for _, b := range content.Blocks {
		body, d := b.Body.Content(siteBodySchema)
		diags = append(diags, d...)
		o := &model.OnPrem{Meta: model.Meta{Name: b.Labels[0], Range: b.DefRange}}
		if a, ok := body.Attributes["cidr_blocks"]; ok {
			o.CIDRs = blocksOf(a, &diags)
		}
		if a, ok := body.Attributes["advertises"]; ok {
			o.Advertises = blocksOf(a, &diags)
		}
		if a, ok := body.Attributes["connections"]; ok {
			o.Connections = connectionsOf(a, &diags)
		}
		if a, ok := body.Attributes["routes_to_internet"]; ok {
			v, d := a.Expr.Value(nil)
			diags = append(diags, d...)
			if bv, err := convert.Convert(v, cty.Bool); err == nil && bv.IsKnown() && !bv.IsNull() {
				o.RoutesToInternet = bv.True()
			} else if !d.HasErrors() {
				diags = append(diags, attrError(a, "routes_to_internet must be true or false"))
			}
		}
		out = append(out, o)
	}
	return out, diags
}

func attrError(a *hcl.Attribute, summary string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Subject: a.Expr.Range().Ptr()}
}

// blocksOf reads a list of CIDR blocks.
func blocksOf(a *hcl.Attribute, diags *hcl.Diagnostics) []model.Block {
	v, d := a.Expr.Value(nil)
	*diags = append(*diags, d...)
	if d.HasErrors() {
		return nil
	}
	l, err := convert.Convert(v, cty.List(cty.String))
	if err != nil || l.IsNull() || !l.IsWhollyKnown() {
		*diags = append(*diags, attrError(a, a.Name+" must be a list of CIDR blocks"))
		return nil
	}
	var out []model.Block
	for _, e := range l.AsValueSlice() {
		p, err := model.ParseCIDR(e.AsString())
		if err != nil {
			*diags = append(*diags, attrError(a, fmt.Sprintf("%s: %v", a.Name, err)))
			continue
		}
		out = append(out, model.Block{Prefix: p, Range: a.Expr.Range()})
	}
	return out
}

// connectionsOf reads the connections of a site: references written as
// Terraform addresses (aws_vpn_connection.dc, module.x.aws_dx_gateway.y),
// native ones (vpn_connection.dc) or quoted, or AWS ids (vpn-…, a Direct
// Connect gateway's UUID).
func connectionsOf(a *hcl.Attribute, diags *hcl.Diagnostics) []model.Ref {
	exprs, d := hcl.ExprList(a.Expr)
	*diags = append(*diags, d...)
	var out []model.Ref
	for _, e := range exprs {
		key := ""
		if t, td := hcl.AbsTraversalForExpr(e); !td.HasErrors() && len(t) > 1 {
			key = traversalAddress(t)
		} else if v, vd := e.Value(nil); !vd.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
			key = strings.TrimSpace(v.AsString())
		}
		kind, name, ok := connectionKind(key)
		if !ok {
			*diags = append(*diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf("on_prem connection %q is not a VPN connection or Direct Connect gateway", key),
				Detail: "Write its Terraform address (aws_vpn_connection.NAME, aws_dx_gateway.NAME), vpn_connection.NAME or dx_gateway.NAME, or its AWS id.", Subject: e.Range().Ptr()})
			continue
		}
		out = append(out, model.Ref{Kind: kind, Key: name, Range: e.Range()})
	}
	return out
}

// traversalAddress renders a traversal as Terraform writes the address:
// module.x["k"].aws_vpn_connection.dc.
func traversalAddress(t hcl.Traversal) string {
	var b strings.Builder
	b.WriteString(t.RootName())
	for _, s := range t[1:] {
		switch s := s.(type) {
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			if s.Key.Type() == cty.String {
				fmt.Fprintf(&b, "[%q]", s.Key.AsString())
			} else if s.Key.Type() == cty.Number {
				fmt.Fprintf(&b, "[%s]", s.Key.AsBigFloat().Text('f', -1))
			}
		}
	}
	return b.String()
}

// connectionKind tells a connection reference's kind and the key it is
// known by: a Terraform address is the object's name, a native reference
// kind.name its name.
func connectionKind(key string) (model.Kind, string, bool) {
	switch {
	case strings.HasPrefix(key, "vpn-"):
		return model.KindVPNConnection, key, true
	case len(key) == 36 && strings.Count(key, "-") == 4:
		return model.KindDXGateway, key, true
	}
	parts := strings.Split(key, ".")
	for i := len(parts) - 2; i >= 0; i-- {
		typ := parts[i]
		if k, ok := connectionKinds[typ]; ok {
			if typ == string(k) && i == 0 {
				return k, strings.Join(parts[1:], "."), true
			}
			return k, key, true
		}
	}
	return "", "", false
}
