package model

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
)

// Link resolves every reference, reports unknown and ambiguous ones, adds the
// objects AWS creates implicitly (main route table, default network ACL,
// default security group) where the input lacks them, and derives the
// relations engines use. It is idempotent: derived fields are rebuilt.
func (n *Network) Link() hcl.Diagnostics {
	var diags Collector
	n.buildIndex()
	n.checkDuplicates(&diags)
	for _, o := range n.Objects() {
		for _, r := range Refs(o) {
			diags.Add(n.resolve(r)...)
		}
	}
	n.addImplicit()
	n.materialize()
	diags.Add(n.derive()...)
	return diags.Diagnostics()
}

// buildIndex indexes every object by its keys. Link builds it once, before
// resolving; the objects addImplicit and materialize create are then added
// to it one by one (addIndexed) rather than by rebuilding it, which cost
// nearly half of Link on a 2,000-VPC network when it was rebuilt after each.
func (n *Network) buildIndex() {
	n.index = make(map[Kind]map[string][]Object, len(Kinds))
	for _, k := range Kinds {
		objs := n.OfKind(k)
		m := make(map[string][]Object, len(objs))
		for _, o := range objs {
			indexObject(m, o)
		}
		n.index[k] = m
	}
}

// indexObject lists o in m, its kind's index, once under each of its
// distinct keys. (The three keys are compared directly: a set per object
// made this the most expensive step of Link on large networks.)
func indexObject(m map[string][]Object, o Object) {
	b := o.Base()
	if b.Name != "" {
		m[b.Name] = append(m[b.Name], o)
	}
	if b.AWSID != "" && b.AWSID != b.Name {
		m[b.AWSID] = append(m[b.AWSID], o)
	}
	if b.TFAddr != "" && b.TFAddr != b.Name && b.TFAddr != b.AWSID {
		m[b.TFAddr] = append(m[b.TFAddr], o)
	}
}

// addIndexed adds o and keeps a built index current (Add drops the index,
// as it must for callers outside Link, which may add many objects at once).
// o is listed last under its keys, as buildIndex would list it: objects of
// a kind are indexed in the order they were added.
func (n *Network) addIndexed(o Object) {
	index := n.index
	n.Add(o)
	if index == nil {
		return
	}
	n.index = index
	m := index[o.Kind()]
	if m == nil {
		m = map[string][]Object{}
		index[o.Kind()] = m
	}
	indexObject(m, o)
}

// Lookup returns the objects of kind k (every kind when k is "") whose name,
// AWS id or Terraform address is key.
func (n *Network) Lookup(k Kind, key string) []Object {
	if n.index == nil {
		n.buildIndex()
	}
	if k != "" {
		return n.index[k][key]
	}
	var out []Object
	for _, kind := range Kinds {
		out = append(out, n.index[kind][key]...)
	}
	return out
}

// Suggest returns the known key of kind k (any kind when "") closest to key,
// or "" when nothing is close enough to be a likely typo.
func (n *Network) Suggest(k Kind, key string) string {
	if n.index == nil {
		n.buildIndex()
	}
	best, bestDist := "", len(key)/3+2
	kinds := Kinds
	if k != "" {
		kinds = []Kind{k}
	}
	for _, kind := range kinds {
		for cand := range n.index[kind] {
			d := levenshtein.Distance(strings.ToLower(key), strings.ToLower(cand), nil)
			if d < bestDist || (d == bestDist && best != "" && cand < best) {
				best, bestDist = cand, d
			}
		}
	}
	return best
}

func (n *Network) resolve(r *Ref) hcl.Diagnostics {
	if r.Obj != nil || r.Key == "" {
		return nil
	}
	found := n.Lookup(r.Kind, r.Key)
	what := string(r.Kind)
	if what == "" {
		what = "object"
	}
	what = strings.ReplaceAll(what, "_", " ")
	switch len(found) {
	case 1:
		r.Obj = found[0]
		return nil
	case 0:
		if r.External {
			return nil
		}
		detail := fmt.Sprintf("No %s named %q is defined.", what, r.Key)
		if s := n.Suggest(r.Kind, r.Key); s != "" {
			detail += fmt.Sprintf(" Did you mean %q?", s)
		}
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  fmt.Sprintf("unknown %s %q", what, r.Key),
			Detail:   detail,
			Subject:  rangePtr(r.Range),
		}}
	}
	names := make([]string, len(found))
	for i, o := range found {
		names[i] = Label(o)
	}
	sort.Strings(names)
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("ambiguous reference %q", r.Key),
		Detail:   "It matches " + strings.Join(names, ", ") + "; qualify it with the kind or use the id.",
		Subject:  rangePtr(r.Range),
	}}
}

// checkDuplicates reports every object whose name an earlier object of its
// kind already has. It reads the index (built first), which lists objects
// in the order they were added, instead of building a map per kind.
func (n *Network) checkDuplicates(diags *Collector) {
	for _, k := range Kinds {
		byKey := n.index[k]
		for _, o := range n.OfKind(k) {
			b := o.Base()
			if b.Name == "" {
				diags.Add(&hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  fmt.Sprintf("%s has no name", k.Words()),
					Subject:  rangePtr(b.Range),
				})
				continue
			}
			if prev := firstNamed(byKey[b.Name], b.Name); prev != o {
				pr := prev.Base().Range
				diags.Add(&hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  fmt.Sprintf("duplicate %s %q", k.Words(), b.Name),
					Detail:   fmt.Sprintf("%s %q was already defined at %s.", k.Words(), b.Name, pr.String()),
					Subject:  rangePtr(b.Range),
				})
			}
		}
	}
}

// firstNamed returns the first of objs named name (objs are those listed
// under a key, which may be an AWS id or address as well as a name).
func firstNamed(objs []Object, name string) Object {
	for _, o := range objs {
		if o.Base().Name == name {
			return o
		}
	}
	return nil
}

// addImplicit synthesizes each VPC's main route table, default network ACL
// and default security group when the input does not describe them: AWS
// creates all three with every VPC. See
// https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#RouteTableDetails,
// https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html and
// https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
func (n *Network) addImplicit() {
	hasMain, hasNACL, hasSG := map[*VPC]bool{}, map[*VPC]bool{}, map[*VPC]bool{}
	for _, t := range n.RouteTables {
		if v := t.VPCOf(); v != nil && t.Main {
			hasMain[v] = true
		}
	}
	for _, a := range n.NetworkACLs {
		if v := Target[*VPC](a.VPC); v != nil && a.Default {
			hasNACL[v] = true
		}
	}
	for _, g := range n.SecurityGroups {
		if v := Target[*VPC](g.VPC); v != nil && g.Default {
			hasSG[v] = true
		}
	}
	for _, v := range n.VPCs {
		meta := func(suffix string) Meta {
			return Meta{Name: v.Name + "/" + suffix, Range: v.Range, Implicit: true}
		}
		if !hasMain[v] {
			n.addIndexed(&RouteTable{Meta: meta("main"), VPC: To(v), Main: true})
		}
		if !hasNACL[v] {
			n.addIndexed(&NetworkACL{Meta: meta("default-acl"), VPC: To(v), Default: true, Rules: DefaultNACLRules(v)})
		}
		if !hasSG[v] {
			g := &SecurityGroup{Meta: meta("default-sg"), VPC: To(v), Default: true}
			g.Rules = DefaultSGRules(g)
			n.addIndexed(g)
		}
	}
}

// DefaultNACLRules are the rules of a VPC's default network ACL: allow all
// traffic in and out (IPv6 too when the VPC has an IPv6 block).
func DefaultNACLRules(v *VPC) []NACLRule {
	rules := []NACLRule{
		{Number: 100, Direction: Ingress, Action: Allow, Protocol: ProtoAll, Ports: AllPorts, ICMP: AnyICMP, CIDR: netip.MustParsePrefix("0.0.0.0/0"), Range: v.Range},
		{Number: 100, Direction: Egress, Action: Allow, Protocol: ProtoAll, Ports: AllPorts, ICMP: AnyICMP, CIDR: netip.MustParsePrefix("0.0.0.0/0"), Range: v.Range},
	}
	if len(v.IPv6CIDRs) > 0 {
		rules = append(rules,
			NACLRule{Number: 101, Direction: Ingress, Action: Allow, Protocol: ProtoAll, Ports: AllPorts, ICMP: AnyICMP, CIDR: netip.MustParsePrefix("::/0"), Range: v.Range},
			NACLRule{Number: 101, Direction: Egress, Action: Allow, Protocol: ProtoAll, Ports: AllPorts, ICMP: AnyICMP, CIDR: netip.MustParsePrefix("::/0"), Range: v.Range})
	}
	return rules
}

// DefaultSGRules are the rules of a default security group: inbound from
// members of the group itself, outbound to everywhere.
func DefaultSGRules(g *SecurityGroup) []SGRule {
	return []SGRule{
		{Direction: Ingress, Protocol: ProtoAll, Ports: AllPorts, ICMP: AnyICMP, PeerKind: PeerSecurityGroup, Peer: To(g), Range: g.Range},
		{Direction: Egress, Protocol: ProtoAll, Ports: AllPorts, ICMP: AnyICMP, PeerKind: PeerCIDR, CIDR: netip.MustParsePrefix("0.0.0.0/0"), Range: g.Range},
		{Direction: Egress, Protocol: ProtoAll, Ports: AllPorts, ICMP: AnyICMP, PeerKind: PeerCIDR, CIDR: netip.MustParsePrefix("::/0"), Range: g.Range},
	}
}

func rangePtr(r hcl.Range) *hcl.Range {
	if r.Filename == "" && r.Start.Line == 0 {
		return nil
	}
	return &r
}
