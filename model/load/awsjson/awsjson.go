// Package awsjson loads AWS API snapshots: the JSON that the EC2 describe-*
// calls (and a few Direct Connect and transit gateway calls) return, one file
// per call, or several calls' results as the top-level members of one file.
//
// The loader describes what the snapshot describes and nothing more: it does
// not synthesize the objects and routes AWS creates implicitly (Link does),
// and it keeps every AWS id as the object's AWSID so that selectors and
// references work with ids. docs/snapshots.md tells users how to take a
// snapshot and which files vpcheck reads.
package awsjson

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/jsondoc"
)

// A section handler turns the value of one top-level member (the result of
// one describe-* call) into model objects. index runs first over every
// section of the snapshot, so that build can tell which ids the snapshot
// holds (and which objects are gone) whatever the order of the files.
type handler struct {
	key   string
	index func(l *loader, item node)
	build func(l *loader, item node)
}

// handlers lists the sections vpcheck reads, in the order they are built:
// objects that others merge into or look up come first.
var handlers = []handler{
	{"PrefixLists", (*loader).indexPrefixList, (*loader).buildAWSPrefixList},
	{"ManagedPrefixLists", (*loader).indexManagedPrefixList, (*loader).buildManagedPrefixList},
	{"ManagedPrefixListEntries", nil, (*loader).buildPrefixListEntries},
	{"Vpcs", (*loader).indexVPC, (*loader).buildVPC},
	{"Subnets", (*loader).indexSubnet, (*loader).buildSubnet},
	{"InternetGateways", (*loader).indexInternetGateway, (*loader).buildInternetGateway},
	{"EgressOnlyInternetGateways", (*loader).indexEgressOnlyIGW, (*loader).buildEgressOnlyIGW},
	{"Addresses", (*loader).indexAddress, nil},
	{"CustomerGateways", (*loader).indexCustomerGateway, (*loader).buildCustomerGateway},
	{"VpnGateways", (*loader).indexVPNGateway, (*loader).buildVPNGateway},
	{"VpnConnections", (*loader).indexVPNConnection, (*loader).buildVPNConnection},
	{"directConnectGateways", (*loader).indexDXGateway, (*loader).buildDXGateway},
	{"directConnectGatewayAssociations", (*loader).indexDXAssociation, (*loader).buildDXAssociation},
	{"TransitGateways", (*loader).indexTransitGateway, (*loader).buildTransitGateway},
	{"TransitGatewayRouteTables", (*loader).indexTGWRouteTable, (*loader).buildTGWRouteTable},
	{"TransitGatewayAttachments", (*loader).indexTGWAttachment, (*loader).buildTGWAttachment},
	{"TransitGatewayVpcAttachments", (*loader).indexTGWAttachment, (*loader).buildTGWVPCAttachment},
	{"TransitGatewayPeeringAttachments", (*loader).indexTGWAttachment, (*loader).buildTGWPeeringAttachment},
	{"TransitGatewayStaticRoutes", nil, (*loader).buildTGWRoutes},
	{"TransitGatewayRoutes", nil, (*loader).buildTGWRoutes},
	{"TransitGatewayPropagations", nil, (*loader).buildTGWPropagations},
	{"VpcPeeringConnections", (*loader).indexPeering, (*loader).buildPeering},
	{"NatGateways", (*loader).indexNATGateway, (*loader).buildNATGateway},
	{"VpcEndpoints", (*loader).indexEndpoint, (*loader).buildEndpoint},
	{"SecurityGroups", (*loader).indexSecurityGroup, (*loader).buildSecurityGroup},
	{"NetworkAcls", (*loader).indexNetworkACL, (*loader).buildNetworkACL},
	{"RouteTables", (*loader).indexRouteTable, (*loader).buildRouteTable},
	{"Reservations", (*loader).indexReservation, nil},
	{"NetworkInterfaces", (*loader).indexInterface, (*loader).buildInterface},
	{"Reservations", nil, (*loader).buildReservation},
	{"Addresses", nil, (*loader).buildAddress},
	{"LoadBalancers", (*loader).indexLoadBalancer, (*loader).buildLoadBalancer},
	{"LoadBalancerAttributes", nil, (*loader).buildLBAttributes},
	{"LoadBalancerDescriptions", nil, (*loader).buildClassicLB},
	{"TargetGroups", nil, (*loader).buildTargetGroup},
	{"LoadBalancerTargetHealth", nil, (*loader).buildTargetHealth},
	{"LoadBalancerListeners", nil, (*loader).buildListenerSet},
	{"Listeners", nil, (*loader).buildListener},
	{"ServiceConfigurations", nil, (*loader).buildServiceConfiguration},
	{"RuleGroups", nil, (*loader).buildRuleGroup},
	{"FirewallPolicies", nil, (*loader).buildFirewallPolicy},
	{"Firewalls", (*loader).indexFirewall, (*loader).buildFirewall},
}

// Raw single-table transit gateway outputs, recognised by these members and
// tied to their route table by a tgw-rtb-… id in the file name.
const (
	rawRoutesKey       = "AdditionalRoutesAvailable"            // search-transit-gateway-routes
	rawPropagationsKey = "TransitGatewayRouteTablePropagations" // get-transit-gateway-route-table-propagations
	// rawTargetHealthKey is describe-target-health's member: the output
	// does not name its target group, so the document must (a
	// "TargetGroupArn" member beside it).
	rawTargetHealthKey = "TargetHealthDescriptions"
)

// otherResults are result members of describe-* calls that vpcheck does not
// use: a file holding them still belongs to the snapshot (so that the user is
// told it was not used, rather than it vanishing silently).
var otherResults = map[string]bool{
	"AvailabilityZones": true, "Regions": true, "DhcpOptions": true, "DBInstances": true,
	"DBClusters": true, "DomainStatusList": true, "FlowLogs": true, "KeyPairs": true,
	"Volumes": true, "Images": true, "Snapshots": true, "LaunchTemplates": true,
	"CarrierGateways": true, "LocalGateways": true, "LocalGatewayRouteTables": true,
	"SecurityGroupRules": true, "ClassicLinkInstances": true, "NetworkInsightsPaths": true,
	"InstanceStatuses": true, "Hosts": true, "VpcEndpointServices": true,
	"ServiceDetails": true, "ServiceNames": true, "TransitGatewayConnects": true,
	"TransitGatewayMulticastDomains": true, "TransitGatewayPolicyTables": true,
	"virtualInterfaces": true, "connections": true, "lags": true, "virtualGateways": true,
}

var usedResults = func() map[string]bool {
	m := map[string]bool{rawRoutesKey: true, rawPropagationsKey: true, rawTargetHealthKey: true}
	for _, k := range rawFirewallKeys {
		m[k.member] = true
	}
	for _, h := range handlers {
		m[h.key] = true
	}
	return m
}()

// IsResult reports whether key is a member name of what a describe-* call
// returns ("Vpcs", "NetworkAcls", …), used or not: a JSON object with one at
// its top level is a snapshot.
func IsResult(key string) bool {
	return usedResults[key] || otherResults[key]
}

// loader holds one Load's state.
type loader struct {
	net   *model.Network
	diags hcl.Diagnostics
	// reported are the diagnostics made, by place and text: a value read
	// twice (a VPC's CidrBlock, as text and as a block) is reported once.
	reported map[reportedKey]bool
	// sections are the items of each top-level member (one object of a
	// describe-* result list), over all files in name order.
	sections map[string][]node
	// present maps the id of every object the snapshot holds to its kind;
	// gone holds the ids of objects the snapshot lists as deleted (or
	// terminated, failed, rejected): they no longer exist, so they are not
	// loaded and references to them are dropped (routes become blackholes,
	// which is what AWS shows once it notices).
	present map[string]model.Kind
	gone    map[string]string
	// tgwOwners maps transit gateway ids to their owner account;
	// sharedTGWs are the other accounts' gateways this account attaches to.
	tgwOwners  map[string]string
	sharedTGWs map[string]bool
	// eniOwners maps the ids of managed ENIs to the NAT gateway or endpoint
	// that lists them.
	eniOwners map[string]string
	// byID finds the objects built so far, per kind, by AWS id.
	byID map[model.Kind]map[string]model.Object
	// vpnStatic, vgwHasVPN and vgwHasDX tell propagated routes apart by
	// what feeds the VGW (see routeOrigin).
	vpnStatic map[string][]model.Block // VGW id → static routes of its static-only VPNs
	vgwHasVPN map[string]bool
	vgwHasDX  map[string]bool
	// candidates are name candidates other than the Name tag (a prefix list's or DX gateway's own name).
	candidates map[model.Object]string
	// regions seen in availability zones and ARNs, per directory.
	regions map[string]map[string]bool
	// origin is the file each object came from (for its layout account and region).
	origin map[model.Object]*file
	// eniDescriptions are the descriptions of load balancer node ENIs,
	// which name their load balancer.
	eniDescriptions map[*model.NetworkInterface]string
}

// Load reads one snapshot: the files of one directory (one per call) or a
// single combined file, into an unlinked network. Files of several
// directories may be passed together; each file's accounts/<account>/<region>/
// path then gives its objects' account and region.
func Load(srcs []model.Source) (*model.Network, hcl.Diagnostics) {
	l := &loader{
		net:        model.New(),
		sections:   map[string][]node{},
		present:    map[string]model.Kind{},
		gone:       map[string]string{},
		eniOwners:  map[string]string{},
		tgwOwners:  map[string]string{},
		sharedTGWs: map[string]bool{},
		byID:       map[model.Kind]map[string]model.Object{},
		vpnStatic:  map[string][]model.Block{},
		vgwHasVPN:  map[string]bool{},
		vgwHasDX:   map[string]bool{},
		candidates: map[model.Object]string{},
		regions:    map[string]map[string]bool{},
		origin:     map[model.Object]*file{},

		eniDescriptions: map[*model.NetworkInterface]string{},
	}
	sorted := append([]model.Source(nil), srcs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	var unused []string
	for _, s := range sorted {
		unused = append(unused, l.readFile(s)...)
	}
	for _, h := range handlers {
		if h.index == nil {
			continue
		}
		for _, item := range l.sections[h.key] {
			h.index(l, item)
		}
	}
	for _, h := range handlers {
		if h.build == nil {
			continue
		}
		for _, item := range l.sections[h.key] {
			h.build(l, item)
		}
	}
	l.settleRegions()
	l.settleNames()
	if len(unused) > 0 {
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagWarning,
			Summary:  "not used: " + strings.Join(unused, ", "),
			Detail: "These describe-* results hold nothing that decides where VPC traffic can go, so vpcheck skipped them. " +
				"docs/snapshots.md lists the files vpcheck reads.",
		})
	}
	return l.net, l.diags
}

// itemsOf returns the objects of a section's array value, reporting
// anything else.
func (n node) itemsOf() []node {
	if !n.want(jsondoc.Array) {
		return nil
	}
	var out []node
	for _, e := range n.elements() {
		if e.want(jsondoc.Object) {
			out = append(out, e)
		}
	}
	return out
}

// readFile parses one file and files its top-level members into sections;
// it returns how to name what the file holds that vpcheck does not use.
func (l *loader) readFile(s model.Source) []string {
	f := newFile(s.Name, s.Bytes)
	l.net.Files[s.Name] = &hcl.File{Bytes: s.Bytes}
	docs, err := jsondoc.Parse(s.Bytes)
	if err != nil {
		r := f.Range(err.Offset, err.Offset+1)
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "malformed JSON: " + err.Msg,
			Detail:   "The file was skipped. vpcheck reads what `aws ec2 describe-… --output json` writes.",
			Subject:  &r,
		})
		return nil
	}
	var usedAny bool
	var unusedKeys []string
	for i := range docs {
		doc := node{l: l, f: f, v: &docs[i]}
		if doc.v.Kind != jsondoc.Object {
			doc.errorf("expected a describe-* result (a JSON object such as {\"Vpcs\": [...]}), found %s", doc.v.Kind)
			continue
		}
		if _, ok := doc.get(rawRoutesKey); ok {
			l.rawTGWTable(doc, "TransitGatewayRoutes")
			usedAny = true
			continue
		}
		if _, ok := doc.get(rawPropagationsKey); ok {
			l.rawTGWTable(doc, "TransitGatewayPropagations")
			usedAny = true
			continue
		}
		if _, ok := doc.get(rawTargetHealthKey); ok {
			usedAny = true
			if doc.str("TargetGroupArn") == "" {
				doc.errorf("this is the output of describe-target-health, which does not say which target group it describes: add a \"TargetGroupArn\" member (docs/snapshots.md shows the --query that writes it)")
				continue
			}
			l.sections["LoadBalancerTargetHealth"] = append(l.sections["LoadBalancerTargetHealth"], doc)
			continue
		}
		if sec := rawFirewallSection(doc); sec != "" {
			usedAny = true
			l.sections[sec] = append(l.sections[sec], doc)
			continue
		}
		for j := range doc.v.Children {
			m := &doc.v.Children[j]
			switch {
			case m.Key == "NextToken":
				doc.child(&m.Value, "NextToken").warnf("the output is cut short: more results follow this token; run the call again without --max-items (the AWS CLI then fetches every page)")
			case usedResults[m.Key]:
				usedAny = true
				if m.Value.Kind != jsondoc.Null {
					sec := doc.child(&m.Value, m.Key)
					l.sections[m.Key] = append(l.sections[m.Key], sec.itemsOf()...)
				}
			default:
				unusedKeys = append(unusedKeys, m.Key)
			}
		}
	}
	switch {
	case len(unusedKeys) == 0:
		return nil
	case !usedAny:
		return []string{filepath.Base(s.Name)}
	}
	return []string{fmt.Sprintf("%s (%s)", filepath.Base(s.Name), strings.Join(unusedKeys, ", "))}
}

var tgwRouteTableID = regexp.MustCompile(`tgw-rtb-[0-9a-f]+`)

// rawTGWTable files the output of a per-table call (search-transit-gateway-routes,
// get-transit-gateway-route-table-propagations) as one item of the keyed
// section that Batfish's collector writes ({"TransitGatewayRouteTableId": …,
// "Routes": […]}), taking the route table id from the document (when the
// user added it) or from the file name.
func (l *loader) rawTGWTable(doc node, section string) {
	item := *doc.v
	if doc.str("TransitGatewayRouteTableId") == "" {
		table := tgwRouteTableID.FindString(filepath.Base(doc.f.Name))
		if table == "" {
			doc.errorf("this is the output of one transit gateway route table, but neither the document nor the file name says which: name the file after the table (tgw-rtb-….json) or add \"TransitGatewayRouteTableId\"")
			return
		}
		id := jsondoc.Member{Key: "TransitGatewayRouteTableId", Value: jsondoc.Value{Kind: jsondoc.String, Text: table, Start: doc.v.Start, End: doc.v.Start + 1}}
		item.Children = append([]jsondoc.Member{id}, item.Children...)
	}
	l.sections[section] = append(l.sections[section], doc.child(&item, ""))
}

// add puts a built object into the network, unless its id is missing or was
// already loaded. Within one directory a second description is a mistake
// worth a warning (a combined file beside the per-call files); across
// directories it is expected: each account of a multi-account snapshot
// lists the peering connections, shared transit gateways and attachments
// it takes part in.
func (l *loader) add(o model.Object, n node, idKey string) bool {
	m := o.Base()
	if m.AWSID == "" {
		n.errorf("no %s: every %s needs its id", idKey, o.Kind().Words())
		return false
	}
	ids := l.byID[o.Kind()]
	if ids == nil {
		ids = map[string]model.Object{}
		l.byID[o.Kind()] = ids
	}
	if prev, ok := ids[m.AWSID]; ok {
		if filepath.Dir(l.origin[prev].Name) != filepath.Dir(n.f.Name) {
			return false
		}
		n.warnf("%s %s is described twice; the description at %s is used", o.Kind().Words(), m.AWSID, prev.Base().Range.String())
		return false
	}
	ids[m.AWSID] = o
	l.origin[o] = n.f
	l.net.Add(o)
	return true
}

// lookup returns the object of kind k with AWS id id built so far.
func (l *loader) lookup(k model.Kind, id string) model.Object {
	return l.byID[k][id]
}

// has reports whether the snapshot holds a live object of kind k with this id.
func (l *loader) has(k model.Kind, id string) bool {
	return id != "" && l.present[id] == k
}

// note records that the snapshot holds object id of kind k, or that it is
// gone when state says so (goneStates lists the states meaning "no longer exists").
func (l *loader) note(k model.Kind, id, state string, goneStates ...string) {
	if id == "" {
		return
	}
	for _, s := range goneStates {
		if strings.EqualFold(state, s) {
			l.gone[id] = state
			return
		}
	}
	l.present[id] = k
}

// isGone reports whether the snapshot lists id as an object that no longer exists.
func (l *loader) isGone(id string) bool {
	_, ok := l.gone[id]
	return ok && l.present[id] == ""
}

// liveRef makes a reference to the id in member key, or none when the
// snapshot says that object is gone.
func (n node) liveRef(k model.Kind, key string) model.Ref {
	r := n.ref(k, key)
	if n.l.isGone(r.Key) {
		return model.Ref{}
	}
	return r
}

// presentRef makes a reference only when the snapshot holds the object: for
// relations that the other side already states (an ENI's instance, a NAT
// gateway's ENI), whose absence means a file was not collected, not an error.
func (n node) presentRef(k model.Kind, key string) model.Ref {
	r := n.ref(k, key)
	if !n.l.has(k, r.Key) {
		return model.Ref{}
	}
	return r
}

// state reads a state that AWS writes either as a string or as {"State": …} / {"Code": …}.
func (n node) state(key string) string {
	c, ok := n.get(key)
	if !ok {
		return ""
	}
	switch c.v.Kind {
	case jsondoc.String:
		return c.v.Text
	case jsondoc.Object:
		if s := c.str("State"); s != "" {
			return s
		}
		for _, k := range []string{"Name", "Code"} {
			if v, ok := c.get(k); ok && v.v.Kind == jsondoc.String {
				return v.v.Text
			}
		}
		return ""
	}
	c.errorf("expected a state, found %s", c.v.Kind)
	return ""
}
