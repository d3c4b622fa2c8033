// Package native loads vpcheck's own network format, *.net.hcl (specified
// in docs/format.md): flat top-level blocks, one per object, the block type
// being the model kind and the label its name.
package native

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// fileBlocks is the schema of a whole file: hcl rejects any other block
// type or top-level attribute with its own "did you mean" diagnostics. The
// struct tags are gohcl's; decode.go turns them into a plan once.
type fileBlocks struct {
	VPCs             []vpcBlock               `hcl:"vpc,block"`
	Subnets          []subnetBlock            `hcl:"subnet,block"`
	RouteTables      []routeTableBlock        `hcl:"route_table,block"`
	SecurityGroups   []securityGroupBlock     `hcl:"security_group,block"`
	NetworkACLs      []networkACLBlock        `hcl:"network_acl,block"`
	InternetGateways []internetGatewayBlock   `hcl:"internet_gateway,block"`
	EgressOnlyIGWs   []egressOnlyIGWBlock     `hcl:"egress_only_internet_gateway,block"`
	NATGateways      []natGatewayBlock        `hcl:"nat_gateway,block"`
	ElasticIPs       []elasticIPBlock         `hcl:"elastic_ip,block"`
	Peerings         []peeringBlock           `hcl:"peering_connection,block"`
	TransitGateways  []transitGatewayBlock    `hcl:"transit_gateway,block"`
	TGWRouteTables   []tgwRouteTableBlock     `hcl:"transit_gateway_route_table,block"`
	TGWAttachments   []tgwAttachmentBlock     `hcl:"transit_gateway_attachment,block"`
	VPNGateways      []vpnGatewayBlock        `hcl:"vpn_gateway,block"`
	CustomerGateways []customerGatewayBlock   `hcl:"customer_gateway,block"`
	VPNConnections   []vpnConnectionBlock     `hcl:"vpn_connection,block"`
	DXGateways       []dxGatewayBlock         `hcl:"dx_gateway,block"`
	OnPrem           []onPremBlock            `hcl:"on_prem,block"`
	Endpoints        []endpointBlock          `hcl:"vpc_endpoint,block"`
	PrefixLists      []prefixListBlock        `hcl:"prefix_list,block"`
	Instances        []instanceBlock          `hcl:"instance,block"`
	Interfaces       []interfaceBlock         `hcl:"network_interface,block"`
	LoadBalancers    []loadBalancerBlock      `hcl:"load_balancer,block"`
	LBListeners      []lbListenerBlock        `hcl:"lb_listener,block"`
	TargetGroups     []targetGroupBlock       `hcl:"lb_target_group,block"`
	Firewalls        []firewallBlock          `hcl:"network_firewall,block"`
	FirewallPolicies []firewallPolicyBlock    `hcl:"network_firewall_policy,block"`
	FirewallGroups   []firewallRuleGroupBlock `hcl:"network_firewall_rule_group,block"`
}

// decoder turns decoded blocks into model objects, collecting diagnostics.
type decoder struct {
	net   *model.Network
	diags hcl.Diagnostics
	// Decisions that need every file: an instance's default public IP
	// depends on its subnet, which may be defined in another file.
	instances  []instanceDraft
	interfaces []interfaceDraft
	// firstInstance is the first block of each instance name, in source
	// order: only that one describes a primary interface.
	firstInstance map[string]*instanceBlock
}

// Load parses native files into one unlinked network (the caller merges
// inputs, then calls Link and Validate). Diagnostics are collected, not
// stopped at the first (but bounded: a file's first few syntax errors, the
// first model.DiagnosticLimit of a kind), and sorted by file (in the order
// given) and position.
func Load(srcs []model.Source) (*model.Network, hcl.Diagnostics) {
	d := &decoder{net: model.New()}
	// A piece is a whole file, or part of a large one (see parse.go). Pieces
	// are decoded (those the fast reader read come decoded) and converted
	// into model objects in parallel, each by a decoder of its own, and
	// merged in source order: the network and the diagnostics are those of
	// converting them one after the other.
	type piece struct {
		part
		diags hcl.Diagnostics
		dec   *decoder
	}
	var pieces []*piece
	for i, p := range parseAll(srcs) {
		var syntax model.Collector
		syntax.AddSyntax(p.diags)
		d.diags = append(d.diags, syntax.Diagnostics()...)
		if p.file == nil {
			continue
		}
		d.net.Files[srcs[i].Name] = p.file
		// A file with syntax errors is still decoded as far as the parser
		// recovered, so that one typo does not hide every other mistake nor
		// turn every reference into the file into an "unknown" error.
		for _, part := range p.parts {
			pieces = append(pieces, &piece{part: part})
		}
	}
	parallel(len(pieces), func(i int) {
		if p := pieces[i]; p.blocks == nil {
			p.blocks = new(fileBlocks)
			p.diags = decodeFile(p.body, p.blocks)
		}
	})
	first := map[string]*instanceBlock{}
	for _, p := range pieces {
		for i := range p.blocks.Instances {
			if b := &p.blocks.Instances[i]; first[b.Name] == nil {
				first[b.Name] = b
			}
		}
	}
	parallel(len(pieces), func(i int) {
		p := pieces[i]
		p.dec = &decoder{net: &model.Network{}, firstInstance: first}
		p.dec.file(p.blocks)
	})
	for _, p := range pieces {
		d.diags = append(d.diags, p.diags...)
		d.absorb(p.dec)
	}
	d.finish()
	var bounded model.Collector
	bounded.Add(d.diags...)
	diags := bounded.Diagnostics()
	explainNesting(diags)
	sortDiagnostics(diags, srcs)
	return d.net, diags
}

// file converts one file's blocks, kind by kind, each in source order.
func (d *decoder) file(f *fileBlocks) {
	for i := range f.VPCs {
		d.vpc(&f.VPCs[i])
	}
	for i := range f.Subnets {
		d.subnet(&f.Subnets[i])
	}
	for i := range f.RouteTables {
		d.routeTable(&f.RouteTables[i])
	}
	for i := range f.SecurityGroups {
		d.securityGroup(&f.SecurityGroups[i])
	}
	for i := range f.NetworkACLs {
		d.networkACL(&f.NetworkACLs[i])
	}
	for i := range f.InternetGateways {
		d.internetGateway(&f.InternetGateways[i])
	}
	for i := range f.EgressOnlyIGWs {
		d.egressOnlyIGW(&f.EgressOnlyIGWs[i])
	}
	for i := range f.NATGateways {
		d.natGateway(&f.NATGateways[i])
	}
	for i := range f.ElasticIPs {
		d.elasticIP(&f.ElasticIPs[i])
	}
	for i := range f.Peerings {
		d.peering(&f.Peerings[i])
	}
	for i := range f.TransitGateways {
		d.transitGateway(&f.TransitGateways[i])
	}
	for i := range f.TGWRouteTables {
		d.tgwRouteTable(&f.TGWRouteTables[i])
	}
	for i := range f.TGWAttachments {
		d.tgwAttachment(&f.TGWAttachments[i])
	}
	for i := range f.VPNGateways {
		d.vpnGateway(&f.VPNGateways[i])
	}
	for i := range f.CustomerGateways {
		d.customerGateway(&f.CustomerGateways[i])
	}
	for i := range f.VPNConnections {
		d.vpnConnection(&f.VPNConnections[i])
	}
	for i := range f.DXGateways {
		d.dxGateway(&f.DXGateways[i])
	}
	for i := range f.OnPrem {
		d.onPrem(&f.OnPrem[i])
	}
	for i := range f.Endpoints {
		d.endpoint(&f.Endpoints[i])
	}
	for i := range f.PrefixLists {
		d.prefixList(&f.PrefixLists[i])
	}
	for i := range f.Instances {
		d.instance(&f.Instances[i])
	}
	for i := range f.Interfaces {
		d.networkInterface(&f.Interfaces[i])
	}
	for i := range f.LoadBalancers {
		d.loadBalancer(&f.LoadBalancers[i])
	}
	for i := range f.LBListeners {
		d.lbListener(&f.LBListeners[i])
	}
	for i := range f.TargetGroups {
		d.targetGroup(&f.TargetGroups[i])
	}
	for i := range f.Firewalls {
		d.firewall(&f.Firewalls[i])
	}
	for i := range f.FirewallPolicies {
		d.firewallPolicy(&f.FirewallPolicies[i])
	}
	for i := range f.FirewallGroups {
		d.firewallRuleGroup(&f.FirewallGroups[i])
	}
}

// absorb takes over the objects, diagnostics and drafts of a piece's
// decoder, after those of the pieces before it.
func (d *decoder) absorb(p *decoder) {
	d.net.Merge(p.net)
	d.diags = append(d.diags, p.diags...)
	d.instances = append(d.instances, p.instances...)
	d.interfaces = append(d.interfaces, p.interfaces...)
}

// finish makes the decisions that need every file decoded.
func (d *decoder) finish() {
	d.defaultPublicIPs()
	d.checkDeviceIndexes()
}

// explainNesting adds a hint to hcl's "Unsupported block type" when the
// block is an object kind found inside another block: the usual cause is a
// missing closing brace above it, which hcl reports only at the end of file.
func explainNesting(diags hcl.Diagnostics) {
	for _, dg := range diags {
		if dg.Summary != "Unsupported block type" {
			continue
		}
		for _, k := range model.Kinds {
			d, _ := model.DescriptorOf(k)
			if strings.HasPrefix(dg.Detail, fmt.Sprintf("Blocks of type %q are not expected here", d.Native)) {
				dg.Detail += fmt.Sprintf(" A %s block belongs at the top level of the file; is a closing brace missing above it?", d.Native)
				break
			}
		}
	}
}

// sortDiagnostics orders diagnostics by file (in input order) and position,
// so that output is stable whatever order items are decoded in.
func sortDiagnostics(diags hcl.Diagnostics, srcs []model.Source) {
	order := make(map[string]int, len(srcs))
	for i, s := range srcs {
		if _, seen := order[s.Name]; !seen {
			order[s.Name] = i
		}
	}
	key := func(dg *hcl.Diagnostic) (int, int) {
		if dg.Subject == nil {
			return len(srcs), 0
		}
		f, ok := order[dg.Subject.Filename]
		if !ok {
			f = len(srcs)
		}
		return f, dg.Subject.Start.Byte
	}
	sort.SliceStable(diags, func(i, j int) bool {
		fi, bi := key(diags[i])
		fj, bj := key(diags[j])
		if fi != fj {
			return fi < fj
		}
		return bi < bj
	})
}
