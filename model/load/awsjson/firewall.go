package awsjson

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/jsondoc"
)

// AWS Network Firewall snapshots: the outputs of aws network-firewall
// describe-firewall ({Firewall, FirewallStatus, UpdateToken}),
// describe-firewall-policy ({FirewallPolicyResponse, FirewallPolicy,
// UpdateToken}), describe-rule-group ({RuleGroupResponse, RuleGroup,
// UpdateToken}) and list-firewalls ({Firewalls: [{FirewallName,
// FirewallArn}]}), one document per call — several may follow each other in
// one file — or, in the Batfish layout, lists of them under Firewalls,
// FirewallPolicies and RuleGroups. Shapes:
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DescribeFirewall.html
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DescribeFirewallPolicy.html
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DescribeRuleGroup.html
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_ListFirewalls.html
//
// A firewall's endpoints are in FirewallStatus.SyncStates, one per zone
// ({"us-east-1a": {"Attachment": {SubnetId, EndpointId, Status}}}):
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_SyncState.html
// Each is a VPC endpoint of type NetworkFirewall whose vpce- id the route
// tables name, as the native and Terraform loaders make them; a vpce- id
// that describe-vpc-endpoints lists too (as a Gateway Load Balancer
// endpoint) is that endpoint, tied to its firewall.

// Raw Network Firewall outputs, recognised by these members and filed in
// the sections of the Batfish layout.
var rawFirewallKeys = []struct{ member, section string }{
	{"Firewall", "Firewalls"},
	{"FirewallPolicyResponse", "FirewallPolicies"},
	{"RuleGroupResponse", "RuleGroups"},
}

// rawFirewallSection is the section a raw describe output belongs to, "" for
// another document.
func rawFirewallSection(doc node) string {
	for _, k := range rawFirewallKeys {
		if c, ok := doc.get(k.member); ok && c.v.Kind == doc.v.Kind {
			return k.section
		}
	}
	return ""
}

// firewallBody is the Firewall member of a describe-firewall output, and
// false for a list-firewalls item (name and ARN only).
func firewallBody(n node) (node, bool) {
	return n.object("Firewall")
}

func (l *loader) indexFirewall(n node) {
	fw, ok := firewallBody(n)
	if !ok {
		return
	}
	l.note(model.KindFirewall, fw.str("FirewallArn"), "")
	for _, za := range syncAttachments(n) {
		// The endpoint's ENI names it ("VPC Endpoint Interface vpce-…").
		// An attachment that FAILED or is in ERROR has no working endpoint:
		// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_Attachment.html
		l.note(model.KindVPCEndpoint, za.att.str("EndpointId"), za.att.str("Status"), "FAILED", "ERROR")
	}
}

// zoneAttachment is the Attachment of one zone's sync state.
type zoneAttachment struct {
	zone string
	att  node
}

// syncAttachments are the Attachment members of a describe-firewall
// output's sync states, by zone.
func syncAttachments(n node) []zoneAttachment {
	st, ok := n.object("FirewallStatus")
	if !ok {
		return nil
	}
	states, ok := st.object("SyncStates")
	if !ok {
		return nil
	}
	var out []zoneAttachment
	for i := range states.v.Children {
		m := &states.v.Children[i]
		z := states.child(&m.Value, m.Key)
		if !z.want(jsondoc.Object) {
			continue
		}
		if a, ok := z.object("Attachment"); ok {
			out = append(out, zoneAttachment{m.Key, a})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].zone < out[j].zone })
	return out
}

// buildFirewall reads a describe-firewall output (or notes a list-firewalls
// item that none describes).
func (l *loader) buildFirewall(n node) {
	body, ok := firewallBody(n)
	if !ok {
		arn := n.str("FirewallArn")
		if arn != "" && !l.has(model.KindFirewall, arn) {
			n.warnf("firewall %s is listed (list-firewalls) but not described: run aws network-firewall describe-firewall for it; routes to its endpoints are unknown", printableID(n.str("FirewallName"), arn))
		}
		return
	}
	f := &model.Firewall{Meta: body.meta("FirewallArn"), VPC: body.ref(model.KindVPC, "VpcId"),
		Policy: body.ref(model.KindFirewallPolicy, "FirewallPolicyArn")}
	for _, sm := range body.objects("SubnetMappings") {
		if r := sm.ref(model.KindSubnet, "SubnetId"); r.Set() {
			f.Subnets = append(f.Subnets, r)
		}
	}
	if !l.add(f, body, "FirewallArn") {
		return
	}
	name := body.str("FirewallName")
	l.candidates[f] = name
	l.noteRegion(n.f, regionOfARN(f.AWSID))
	if tgw := body.str("TransitGatewayId"); tgw != "" {
		// A transit gateway-attached firewall: the transit gateway sends
		// traffic to its attachment, which vpcheck does not model.
		// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_Firewall.html
		at, _ := body.get("TransitGatewayId")
		at.warnf("firewall %s is attached to transit gateway %s: vpcheck does not model a firewall's transit gateway attachment, so traffic the transit gateway sends to it is unknown", printableID(name, f.AWSID), tgw)
		l.net.Omitted = append(l.net.Omitted, model.Omission{Resource: f.AWSID, Reason: "transit gateway attachment of a firewall", Range: body.rangeOf("TransitGatewayId")})
	}
	zones := syncAttachments(n)
	if len(zones) == 0 && len(f.Subnets) > 0 {
		n.warnf("firewall %s: the output has no FirewallStatus.SyncStates, which name its endpoints: routes to them are unknown (save the whole describe-firewall output)", printableID(name, f.AWSID))
	}
	for _, za := range zones {
		zone, att := za.zone, za.att
		id, subnet := att.str("EndpointId"), att.ref(model.KindSubnet, "SubnetId")
		if id == "" {
			att.warnf("the firewall has no endpoint in zone %s yet (status %s): nothing routed there is inspected", zone, att.str("Status"))
			continue
		}
		l.noteRegion(n.f, regionOfAZ(zone))
		if l.isGone(id) {
			att.warnf("the firewall's endpoint %s in zone %s is %s: it is not loaded, and routes to it are blackholes", id, zone, att.str("Status"))
			continue
		}
		ep, ok := l.lookup(model.KindVPCEndpoint, id).(*model.VPCEndpoint)
		if !ok {
			ep = &model.VPCEndpoint{Meta: att.meta("EndpointId"), VPC: f.VPC, Service: "network-firewall"}
			if subnet.Set() {
				ep.Subnets = []model.Ref{subnet}
			}
			if !l.add(ep, att, "EndpointId") {
				continue
			}
			// Its ENI, when NetworkInterfaces.json lists it; otherwise Link
			// creates it.
			for _, o := range l.net.OfKind(model.KindNetworkInterface) {
				if e := o.(*model.NetworkInterface); e.Owner.Key == id {
					ep.Interfaces = append(ep.Interfaces, model.Ref{Kind: model.KindNetworkInterface, Key: e.AWSID, Range: ep.Range})
				}
			}
		}
		ep.Type = model.EndpointFirewall
		ep.Firewall = model.Ref{Kind: model.KindFirewall, Key: f.AWSID, Range: att.rangeOf("EndpointId")}
		if name != "" && l.candidates[ep] == "" {
			l.candidates[ep] = name + "/" + zone
		}
		f.Endpoints = append(f.Endpoints, model.Ref{Kind: model.KindVPCEndpoint, Key: id, Range: att.rangeOf("EndpointId")})
	}
}

// printableID is "name (id)", or the id alone.
func printableID(name, id string) string {
	if name == "" {
		return id
	}
	return fmt.Sprintf("%s (%s)", name, id)
}

// buildFirewallPolicy reads a describe-firewall-policy output.
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_FirewallPolicy.html
func (l *loader) buildFirewallPolicy(n node) {
	resp, ok := n.object("FirewallPolicyResponse")
	if !ok {
		return
	}
	p := &model.FirewallPolicy{Meta: resp.meta("FirewallPolicyArn")}
	if body, ok := n.object("FirewallPolicy"); ok {
		for _, a := range body.strs("StatelessDefaultActions") {
			if s := a.v.Text; model.StandardStatelessAction(s) {
				p.StatelessDefault = s
			}
		}
		if p.StatelessDefault == "" {
			body.warnf("the policy has no standard stateless default action (aws:pass, aws:drop or aws:forward_to_sfe): what it does with packets no stateless rule matches is unknown")
		}
		for _, g := range body.objects("StatelessRuleGroupReferences") {
			pr, _ := g.integer("Priority")
			p.Stateless = append(p.Stateless, model.FirewallGroupRef{Group: g.ref(model.KindFirewallRuleGroup, "ResourceArn"), Priority: int(pr)})
		}
		for _, g := range body.objects("StatefulRuleGroupReferences") {
			pr, _ := g.integer("Priority")
			p.Stateful = append(p.Stateful, model.FirewallGroupRef{Group: g.ref(model.KindFirewallRuleGroup, "ResourceArn"), Priority: int(pr)})
		}
		if o, ok := body.object("StatefulEngineOptions"); ok && o.str("RuleOrder") == "STRICT_ORDER" {
			p.StrictOrder = true
		}
		if p.StrictOrder {
			for _, a := range body.strs("StatefulDefaultActions") {
				p.StatefulDefault = append(p.StatefulDefault, a.v.Text)
			}
		}
	} else {
		resp.warnf("the output has no FirewallPolicy member, which holds the rules: what the policy does is unknown")
		p.StatelessDefault = "(not in the snapshot)"
	}
	if l.add(p, resp, "FirewallPolicyArn") {
		l.candidates[p] = resp.str("FirewallPolicyName")
	}
}

// buildRuleGroup reads a describe-rule-group output.
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_RuleGroup.html
func (l *loader) buildRuleGroup(n node) {
	resp, ok := n.object("RuleGroupResponse")
	if !ok {
		return
	}
	g := &model.FirewallRuleGroup{Meta: resp.meta("RuleGroupArn"), Stateful: strings.HasPrefix(resp.str("Type"), "STATEFUL")}
	body, ok := n.object("RuleGroup")
	var src node
	if ok {
		src, ok = body.object("RulesSource")
	}
	if !ok {
		g.Unmodelled = "rules the snapshot does not hold (no RuleGroup.RulesSource)"
	} else {
		if src.str("RulesString") != "" {
			g.Unmodelled = "a Suricata rules string"
		}
		if _, ok := src.object("RulesSourceList"); ok {
			g.Unmodelled = "a domain list"
		}
		for _, r := range src.objects("StatefulRules") {
			h, _ := r.object("Header")
			g.Header = append(g.Header, model.StatefulHeader(r.str("Action"), h.str("Protocol"), h.str("Source"), h.str("SourcePort"),
				h.str("Destination"), h.str("DestinationPort"), h.str("Direction"), r.Range()))
		}
		if sl, ok := src.object("StatelessRulesAndCustomActions"); ok {
			for _, r := range sl.objects("StatelessRules") {
				g.Stateless = append(g.Stateless, statelessRule(r))
			}
		}
	}
	if l.add(g, resp, "RuleGroupArn") {
		l.candidates[g] = resp.str("RuleGroupName")
	}
}

// statelessRule reads a StatelessRule: its priority, standard action and
// match attributes.
// https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_MatchAttributes.html
func statelessRule(n node) model.StatelessRule {
	pr, _ := n.integer("Priority")
	r := model.StatelessRule{Priority: int(pr), Range: n.Range()}
	def, _ := n.object("RuleDefinition")
	for _, a := range def.strs("Actions") {
		if s := a.v.Text; model.StandardStatelessAction(s) {
			r.Action = s
		}
	}
	ma, _ := def.object("MatchAttributes")
	addrs := func(key string) []netip.Prefix {
		var out []netip.Prefix
		for _, a := range ma.objects(key) {
			if b, ok := a.cidr("AddressDefinition"); ok {
				out = append(out, b.Prefix)
			}
		}
		return out
	}
	ports := func(key string) []model.PortRange {
		var out []model.PortRange
		for _, p := range ma.objects(key) {
			from, _ := p.integer("FromPort")
			to, ok := p.integer("ToPort")
			if !ok {
				to = from
			}
			if from >= 0 && to <= 65535 && from <= to {
				out = append(out, model.PortRange{From: uint16(from), To: uint16(to)})
			}
		}
		return out
	}
	r.Sources, r.Destinations = addrs("Sources"), addrs("Destinations")
	r.SrcPorts, r.DstPorts = ports("SourcePorts"), ports("DestinationPorts")
	for _, p := range ma.array("Protocols") {
		if v, ok := p.integerValue(); ok && v >= 0 && v <= 255 {
			r.Protocols = append(r.Protocols, int(v))
		}
	}
	return r
}
