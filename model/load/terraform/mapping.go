package terraform

import (
	"cmp"
	"fmt"
	"math/big"
	"net/netip"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/ctyname"
)

// The mapping turns evaluated resource instances into model objects. It
// reads attribute values only, so the same code serves configurations (values
// evaluated by vpcheck) and plans (values computed by Terraform).

// mapFunc maps one resource instance.
type mapFunc func(m *mapper, r *resource)

// mapping says, per resource type, at which stage it is mapped and how.
// Objects come first (stage 0: VPCs and other roots; 1: what lives in a VPC;
// 2: what lives in a subnet), then what modifies them (3: routes, rules,
// associations), so that a modification always finds its object.
type mapping struct {
	stage int
	fn    mapFunc
}

var mappings = map[string]mapping{}

func register(typ string, stage int, fn mapFunc) { mappings[typ] = mapping{stage, fn} }

// mapper accumulates the model while resources are mapped.
type mapper struct {
	net *model.Network
	reg *idRegistry
	// byID finds every mapped object by its (placeholder) AWS id.
	byID     map[string]model.Object
	diags    hcl.Diagnostics
	omitted  omissions
	unknowns map[*resource][]string
	order    []*resource
	// deferred work that needs every object mapped (default associations,
	// public addresses, default security groups).
	finish []func()

	// per-object facts the model has no field for, used by finish.
	tgwOptions        map[*model.TransitGateway]tgwOptions
	attachDefaults    map[*model.TGWAttachment][2]bool // default association, propagation
	peeringAutoAccept map[*model.Peering]bool
	implicitACLs      map[*model.NetworkACL]*model.VPC
	implicitSGs       map[*model.SecurityGroup]bool
	needsDefaultSG    []*model.NetworkInterface
	publicIP          map[*model.NetworkInterface]publicIPSource
	computeFinishing  bool
	// unmodelledIDs are the ids of resources of types not modelled.
	unmodelledIDs map[string]*resource
	// leftOut are the ids of resources left out because an object they
	// need is unknown, with their addresses.
	leftOut map[string]string
	// firewalls are the mapped Network Firewalls; pendingFW the routes to
	// their endpoints, resolved once route tables know their subnets.
	firewalls []firewallAt
	pendingFW []pendingFW
}

type tgwOptions struct{ association, propagation bool }

// publicIPSource is what decides an instance ENI's public IPv4 address.
type publicIPSource struct {
	configured *bool // associate_public_ip_address, when set
	subnet     string
}

func newMapper(reg *idRegistry) *mapper {
	return &mapper{
		net: model.New(), reg: reg, byID: map[string]model.Object{},
		unknowns:          map[*resource][]string{},
		tgwOptions:        map[*model.TransitGateway]tgwOptions{},
		attachDefaults:    map[*model.TGWAttachment][2]bool{},
		peeringAutoAccept: map[*model.Peering]bool{},
		implicitACLs:      map[*model.NetworkACL]*model.VPC{},
		implicitSGs:       map[*model.SecurityGroup]bool{},
		publicIP:          map[*model.NetworkInterface]publicIPSource{},
		leftOut:           map[string]string{},
	}
}

// mapAll maps resources stage by stage, each stage in input order.
func (m *mapper) mapAll(rs []*resource) {
	type job struct {
		r  *resource
		mp mapping
		i  int
	}
	var jobs []job
	for i, r := range rs {
		if cc, ok := cloudControl[r.typ]; ok {
			r = cc.twinOf(r, m.reg)
		}
		if mp, ok := mappings[r.typ]; ok {
			jobs = append(jobs, job{r, mp, i})
		}
	}
	m.reportUnmodelled(rs)
	m.indexUnmodelled(rs)
	slices.SortStableFunc(jobs, func(a, b job) int { return cmp.Compare(a.mp.stage, b.mp.stage) })
	// What cannot be placed in the network is known before anything is
	// mapped, so that routes to it (mapped with their tables, early) say so.
	placed := jobs[:0]
	for _, j := range jobs {
		if !m.unplaceable(j.r) {
			placed = append(placed, j)
		}
	}
	jobs = placed
	for _, j := range jobs {
		m.order = append(m.order, j.r)
		j.mp.fn(m, j.r)
	}
	for _, f := range m.finish {
		f()
	}
	// AWS's rules of a default ACL the input only adds rules to, now that
	// every block of its VPC (IPv6 ones decide the ::/0 rules) is known.
	for _, a := range m.net.NetworkACLs {
		if v, ok := m.implicitACLs[a]; ok {
			a.Rules = append(model.DefaultNACLRules(v), a.Rules...)
		}
	}
	m.reportUnknowns()
}

// add puts an object into the network and indexes it by id.
func (m *mapper) add(o model.Object) {
	m.net.Add(o)
	if id := o.Base().AWSID; id != "" {
		if _, dup := m.byID[id]; !dup {
			m.byID[id] = o
		}
	}
}

// meta is the identity of the object a resource instance creates.
func (m *mapper) meta(r *resource) model.Meta {
	meta := model.Meta{Name: r.addr, TFAddr: r.addr, Range: r.rng}
	if id, ok := r.value.str("id"); ok {
		meta.AWSID = id
		meta.PlaceholderID = isPlaceholder(r.typ, r.addr, id)
	}
	t, ok := r.value["tags"]
	switch {
	case !ok || !t.IsWhollyKnown() || t.IsNull():
	case !t.Type().IsMapType() && !t.Type().IsObjectType():
		m.errorf(r.rng, "%s: tags must be a map of strings, not %s", r.addr, ctyname.Of(t.Type()))
	default:
		meta.Tags = map[string]string{}
		for it := t.ElementIterator(); it.Next(); {
			k, v := it.Element()
			if s, err := convert.Convert(v, cty.String); err == nil && !s.IsNull() {
				meta.Tags[k.AsString()] = s.AsString()
			} else if err != nil {
				m.errorf(r.rng, "%s: tag %q must be a string, not %s", r.addr, k.AsString(), ctyname.Of(v.Type()))
			}
		}
	}
	return meta
}

// noteUnknown records that a network-relevant attribute is unknown.
func (m *mapper) noteUnknown(r *resource, attr string) {
	for _, a := range m.unknowns[r] {
		if a == attr {
			return
		}
	}
	m.unknowns[r] = append(m.unknowns[r], attr)
}

func (m *mapper) reportUnknowns() {
	for _, r := range m.order {
		names := m.unknowns[r]
		if len(names) == 0 {
			continue
		}
		verb := "is"
		if len(names) > 1 {
			verb = "are"
		}
		m.omitted.omit(&m.diags, hcl.DiagWarning, r.addr, r.rng,
			fmt.Sprintf("%s: %s %s not known before apply", r.addr, strings.Join(names, ", "), verb),
			"vpcheck analyses this resource with what is known (it never calls AWS). Findings and reachability answers that involve it may be incomplete; an unknown route target makes matching traffic UNSUPPORTED rather than guessed.")
	}
}

func (m *mapper) errorf(rng hcl.Range, format string, args ...any) {
	m.diags = append(m.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf(format, args...), Subject: rng.Ptr()})
}

func (m *mapper) warnf(rng hcl.Range, detail, format string, args ...any) {
	m.diags = append(m.diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: fmt.Sprintf(format, args...), Detail: detail, Subject: rng.Ptr()})
}

// reader reads the attributes of a resource instance or of one of its
// nested blocks, noting unknowns and reporting invalid values at the place
// they are written.
type reader struct {
	m *mapper
	r *resource
	a attrs
	// block is the nested block's type and index; "" for the resource itself.
	block string
	index int
}

func (m *mapper) reader(r *resource) reader { return reader{m: m, r: r, a: r.value} }

// at returns where an attribute is written.
func (rd reader) at(name string) hcl.Range {
	if rd.block != "" {
		return rd.r.blockRange(rd.block, rd.index)
	}
	return rd.r.attrRange(name)
}

func (rd reader) qualified(name string) string {
	if rd.block != "" {
		return rd.block + "." + name
	}
	return name
}

// value returns an attribute; ok is false when it is absent, null or unknown
// (an unknown one is noted).
func (rd reader) value(name string) (cty.Value, bool) {
	v, ok := rd.a[name]
	if !ok || v == cty.NilVal {
		return cty.NilVal, false
	}
	if !v.IsWhollyKnown() {
		rd.m.noteUnknown(rd.r, rd.qualified(name))
		return cty.NilVal, false
	}
	if v.IsNull() {
		return cty.NilVal, false
	}
	return v, true
}

// set reports whether an attribute is given (known or not).
func (rd reader) set(name string) bool {
	v, ok := rd.a[name]
	return ok && v != cty.NilVal && (!v.IsKnown() || !v.IsNull())
}

// known reports whether attribute name is given with a known, non-null value.
func (rd reader) known(name string) bool {
	v, ok := rd.a[name]
	return ok && v != cty.NilVal && v.IsWhollyKnown() && !v.IsNull()
}

func (rd reader) str(name string) (string, bool) {
	v, ok := rd.value(name)
	if !ok {
		return "", false
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil || s.IsNull() {
		rd.m.errorf(rd.at(name), "%s: %s must be a string", rd.r.addr, rd.qualified(name))
		return "", false
	}
	return s.AsString(), true
}

// num reads a whole number (given as a number or a numeric string).
func (rd reader) num(name string) (int64, bool) {
	v, ok := rd.value(name)
	if !ok {
		return 0, false
	}
	n, err := convert.Convert(v, cty.Number)
	if err != nil || n.IsNull() {
		rd.m.errorf(rd.at(name), "%s: %s must be a number", rd.r.addr, rd.qualified(name))
		return 0, false
	}
	f := n.AsBigFloat()
	i, acc := f.Int64()
	if acc != big.Exact {
		rd.m.errorf(rd.at(name), "%s: %s must be a whole number", rd.r.addr, rd.qualified(name))
		return 0, false
	}
	return i, true
}

func (rd reader) boolean(name string, def bool) bool {
	v, ok := rd.value(name)
	if !ok {
		return def
	}
	b, err := convert.Convert(v, cty.Bool)
	if err != nil || b.IsNull() {
		rd.m.errorf(rd.at(name), "%s: %s must be true or false", rd.r.addr, rd.qualified(name))
		return def
	}
	return b.True()
}

// strs reads a list or set of strings (a single string counts as one).
func (rd reader) strs(name string) []string {
	v, ok := rd.a[name]
	if !ok || v == cty.NilVal {
		return nil
	}
	if !v.IsKnown() {
		rd.m.noteUnknown(rd.r, rd.qualified(name))
		return nil
	}
	if v.IsNull() {
		return nil
	}
	if v.Type() == cty.String {
		if s, ok := rd.str(name); ok {
			return []string{s}
		}
		return nil
	}
	if !v.CanIterateElements() {
		rd.m.errorf(rd.at(name), "%s: %s must be a list of strings", rd.r.addr, rd.qualified(name))
		return nil
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if !e.IsWhollyKnown() {
			rd.m.noteUnknown(rd.r, rd.qualified(name))
			continue
		}
		if e.IsNull() {
			continue
		}
		s, err := convert.Convert(e, cty.String)
		if err != nil {
			rd.m.errorf(rd.at(name), "%s: %s must be a list of strings", rd.r.addr, rd.qualified(name))
			continue
		}
		out = append(out, s.AsString())
	}
	return out
}

// prefix reads a CIDR block; a malformed one is an error at its place.
func (rd reader) prefix(name string) (netip.Prefix, bool) {
	s, ok := rd.str(name)
	if !ok || s == "" {
		return netip.Prefix{}, false
	}
	return rd.parsePrefix(name, s)
}

func (rd reader) parsePrefix(name, s string) (netip.Prefix, bool) {
	p, err := model.ParseCIDR(s)
	if err != nil {
		rd.m.errorf(rd.at(name), "%s: %s: %v", rd.r.addr, rd.qualified(name), err)
		return netip.Prefix{}, false
	}
	return p, true
}

func (rd reader) prefixes(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range rd.strs(name) {
		if p, ok := rd.parsePrefix(name, s); ok {
			out = append(out, p)
		}
	}
	return out
}

func (rd reader) addr(name string) (netip.Addr, bool) {
	s, ok := rd.str(name)
	if !ok || s == "" {
		return netip.Addr{}, false
	}
	return rd.parseAddr(name, s)
}

func (rd reader) parseAddr(name, s string) (netip.Addr, bool) {
	a, err := model.ParseIP(s)
	if err != nil {
		rd.m.errorf(rd.at(name), "%s: %s: %v", rd.r.addr, rd.qualified(name), err)
		return netip.Addr{}, false
	}
	return a, true
}

// ref reads an id attribute as a reference to an object of a kind.
func (rd reader) ref(kind model.Kind, name string) model.Ref {
	s, ok := rd.str(name)
	if !ok || s == "" {
		return model.Ref{}
	}
	return rd.m.refTo(kind, s, rd.at(name))
}

func (rd reader) refs(kind model.Kind, name string) []model.Ref {
	var out []model.Ref
	for _, s := range rd.strs(name) {
		if s != "" {
			out = append(out, rd.m.refTo(kind, s, rd.at(name)))
		}
	}
	return out
}

// refTo makes a reference by id. An id of an object AWS creates implicitly
// (a VPC's default security group…) makes sure that object exists, so the
// reference resolves by id. An id that names nothing of this configuration
// (mapped so far) may name an existing object outside it — a VPC given by
// id in a variable, a shared transit gateway, a peer account's VPC — so the
// reference is External: Link resolves it if another input describes the
// object and does not call it an error otherwise.
func (m *mapper) refTo(kind model.Kind, id string, rng hcl.Range) model.Ref {
	if o := m.implicitObject(id); o != nil {
		return model.Ref{Kind: o.Kind(), Key: id, Range: rng, Obj: o}
	}
	_, known := m.byID[id]
	return model.Ref{Kind: kind, Key: id, Range: rng, External: !known}
}

// blocks reads the nested blocks (or attribute-as-blocks list) of a type.
func (rd reader) blocks(name string) []reader {
	v, ok := rd.a[name]
	if !ok || v == cty.NilVal || v.IsNull() {
		return nil
	}
	if !v.IsKnown() {
		rd.m.noteUnknown(rd.r, rd.qualified(name))
		return nil
	}
	if !v.CanIterateElements() || v.Type().IsObjectType() || v.Type().IsMapType() {
		if v.Type().IsObjectType() {
			return []reader{{m: rd.m, r: rd.r, a: attrs(v.AsValueMap()), block: name}}
		}
		return nil
	}
	var out []reader
	i := 0
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if !e.IsKnown() {
			rd.m.noteUnknown(rd.r, rd.qualified(name))
			i++
			continue
		}
		if e.IsNull() || !(e.Type().IsObjectType() || e.Type().IsMapType()) {
			i++
			continue
		}
		out = append(out, reader{m: rd.m, r: rd.r, a: attrs(e.AsValueMap()), block: name, index: i})
		i++
	}
	return out
}

// lookup returns the mapped object with an id, as a T.
func lookup[T model.Object](m *mapper, id string) T {
	var zero T
	if id == "" {
		return zero
	}
	if o, ok := m.byID[id]; ok {
		if t, ok := o.(T); ok {
			return t
		}
		return zero
	}
	if o := m.implicitObject(id); o != nil {
		if t, ok := o.(T); ok {
			return t
		}
	}
	return zero
}

// target finds the object an attribute names for a modification (a rule
// for a security group, a route for a table). When it is unknown before
// apply or not in the input, the modification is left out with a warning:
// vpcheck cannot add to an object it does not know.
func target[T model.Object](rd reader, name, what string) T {
	var zero T
	if rd.unknownRelation(name, what) {
		return zero
	}
	id, ok := rd.str(name)
	if !ok {
		return zero
	}
	t := lookup[T](rd.m, id)
	if model.Object(t) == nil {
		rd.m.omitted.omit(&rd.m.diags, hcl.DiagWarning, rd.r.addr, rd.at(name),
			fmt.Sprintf("%s: %s %s is not in the input; %s is not analysed", rd.r.addr, what, id, rd.r.addr),
			"The object is not defined in this configuration (it may exist in AWS already); load its definition too for a complete analysis.")
	}
	return t
}

// unknownRelation reports whether the argument naming an object the
// resource cannot be analysed without (the table of a route, the subnet of
// an instance) is unknown before apply or names a resource left out, and
// if so leaves the resource out: it is reported, and what refers to it is
// left out in turn rather than pointed at nothing.
func (rd reader) unknownRelation(name, what string) bool {
	v, ok := rd.a[name]
	if !ok || v == cty.NilVal {
		return false
	}
	m := rd.m
	if v.IsWhollyKnown() {
		if v.IsNull() || !v.Type().Equals(cty.String) {
			return false
		}
		other, gone := m.leftOut[v.AsString()]
		if !gone {
			return false
		}
		m.omitted.omit(&m.diags, hcl.DiagWarning, rd.r.addr, rd.at(name),
			fmt.Sprintf("%s: its %s %s is not analysed, so neither is %s", rd.r.addr, what, other, rd.r.addr), "")
	} else {
		m.omitted.omit(&m.diags, hcl.DiagWarning, rd.r.addr, rd.at(name),
			fmt.Sprintf("%s: its %s (%s) is not known before apply; %s is not analysed", rd.r.addr, what, name, rd.r.addr),
			"The value depends on something vpcheck cannot evaluate (a module that is not installed, a data source, an attribute AWS assigns). What the resource would add is left out, so answers that involve it are incomplete.")
	}
	m.leaveOut(rd.r)
	return true
}

// placement lists, per resource type, the arguments naming the objects a
// resource cannot be placed in the network without: an instance, network
// interface or NAT gateway lives in a subnet, a VPC endpoint or attachment
// in a VPC. When one is unknown before apply (it comes from a module that is
// not installed), the resource is left out rather than placed nowhere.
var placement = map[string][]placedBy{
	// An instance given its network interfaces is placed by them.
	"aws_instance":                           {{attr: "subnet_id", what: "subnet", unless: []string{"network_interface", "primary_network_interface"}}},
	"aws_network_interface":                  {{attr: "subnet_id", what: "subnet"}},
	"aws_nat_gateway":                        {{attr: "subnet_id", what: "subnet"}},
	"aws_vpc_endpoint":                       {{attr: "vpc_id", what: "vpc"}},
	"aws_ec2_transit_gateway_vpc_attachment": {{attr: "vpc_id", what: "vpc"}, {attr: "subnet_ids", what: "subnets"}},
}

type placedBy struct {
	attr, what string
	// unless are nested blocks that place the resource instead.
	unless []string
}

// unplaceable reports (and leaves out) a resource whose placement is unknown.
func (m *mapper) unplaceable(r *resource) bool {
	rd := m.reader(r)
	for _, p := range placement[r.typ] {
		placedOtherwise := false
		for _, b := range p.unless {
			placedOtherwise = placedOtherwise || rd.set(b)
		}
		if !placedOtherwise && rd.unknownRelation(p.attr, p.what) {
			return true
		}
	}
	return false
}

// leaveOut records that a resource is not in the network, by the ids it
// would have (its own, its network interface's), so that what refers to it
// is left out too.
func (m *mapper) leaveOut(r *resource) {
	for _, attr := range []string{"id", "primary_network_interface_id", "network_interface_id"} {
		if id, ok := r.value.str(attr); ok && id != "" {
			m.leftOut[id] = r.addr
		}
	}
}

// implicitObject returns (creating on first use) the object AWS created
// along with a VPC or transit gateway that an id names, when the input does
// not describe it with its own resource: the VPC's main route table, default
// network ACL or default security group, the transit gateway's default route
// table. It carries the id so references resolve, and is marked Implicit
// (inventories do not count it) and Main/Default (Link does not add another).
func (m *mapper) implicitObject(id string) model.Object {
	if o, ok := m.byID[id]; ok {
		return o
	}
	imp, ok := m.reg.implicit[id]
	if !ok {
		return nil
	}
	switch imp.role {
	case roleTGWDefaultRouteTable:
		tgw, ok := m.byID[imp.owner].(*model.TransitGateway)
		if !ok {
			return nil
		}
		t := &model.TGWRouteTable{
			Meta:           model.Meta{Name: tgw.Name + "/default-route-table", AWSID: id, PlaceholderID: tgw.PlaceholderID, Range: tgw.Range, Implicit: true},
			TransitGateway: model.To(tgw),
		}
		m.add(t)
		return t
	}
	v, ok := m.byID[imp.owner].(*model.VPC)
	if !ok {
		return nil
	}
	meta := func(suffix string) model.Meta {
		return model.Meta{Name: v.Name + "/" + suffix, AWSID: id, PlaceholderID: v.PlaceholderID, Range: v.Range, Implicit: true}
	}
	var o model.Object
	switch imp.role {
	case roleMainRouteTable:
		o = &model.RouteTable{Meta: meta("main"), VPC: model.To(v), Main: true}
	case roleDefaultNetworkACL:
		a := &model.NetworkACL{Meta: meta("default-acl"), VPC: model.To(v), Default: true}
		// Its default rules are added when every VPC block is known.
		m.implicitACLs[a] = v
		o = a
	case roleDefaultSecurityGroup:
		g := &model.SecurityGroup{Meta: meta("default-sg"), VPC: model.To(v), Default: true}
		g.Rules = model.DefaultSGRules(g)
		m.implicitSGs[g] = true
		o = g
	}
	m.add(o)
	return o
}

// vpcOfSubnet returns the id of the VPC a subnet (by id) is in.
func (m *mapper) vpcOfSubnet(subnetID string) string {
	if s := lookup[*model.Subnet](m, subnetID); s != nil {
		return s.VPC.Key
	}
	return ""
}

// defaultSecurityGroup returns a reference to the default security group of
// a VPC (by id), creating the implicit object when needed.
func (m *mapper) defaultSecurityGroup(vpcID string, rng hcl.Range) (model.Ref, bool) {
	d, ok := m.reg.vpcs[vpcID]
	if !ok {
		return model.Ref{}, false
	}
	return m.refTo(model.KindSecurityGroup, d.securityGroup, rng), true
}
