package awsjson

import (
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

// Endpoints that were deleted, rejected, failed or expired no longer exist.
// Endpoint states are capitalised (Available, Deleted, …). See
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcEndpoint.html
func (l *loader) indexEndpoint(n node) {
	l.note(model.KindVPCEndpoint, n.str("VpcEndpointId"), n.str("State"), "deleted", "rejected", "failed", "expired")
	for _, e := range n.strs("NetworkInterfaceIds") {
		l.eniOwners[e.v.Text] = n.str("VpcEndpointId")
	}
}

// buildEndpoint reads describe-vpc-endpoints. A gateway endpoint's service
// prefix list is the one describe-prefix-lists names after the service. See
// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
func (l *loader) buildEndpoint(n node) {
	if l.isGone(n.str("VpcEndpointId")) {
		return
	}
	e := &model.VPCEndpoint{
		Meta:    n.meta("VpcEndpointId"),
		VPC:     n.ref(model.KindVPC, "VpcId"),
		Type:    model.EndpointType(n.str("VpcEndpointType")),
		Service: n.str("ServiceName"),
	}
	if e.Type == "" {
		e.Type = model.EndpointGateway
	}
	for _, r := range n.strs("RouteTableIds") {
		e.RouteTables = append(e.RouteTables, r.refTo(model.KindRouteTable))
	}
	for _, s := range n.strs("SubnetIds") {
		e.Subnets = append(e.Subnets, s.refTo(model.KindSubnet))
	}
	for _, g := range n.objects("Groups") {
		if r := g.ref(model.KindSecurityGroup, "GroupId"); r.Set() {
			e.SecurityGroups = append(e.SecurityGroups, r)
		}
	}
	// The endpoint's ENIs are listed only when NetworkInterfaces.json was
	// collected; otherwise Link creates them, as for a native definition.
	for _, i := range n.strs("NetworkInterfaceIds") {
		if l.has(model.KindNetworkInterface, i.v.Text) {
			e.Interfaces = append(e.Interfaces, i.refTo(model.KindNetworkInterface))
		}
	}
	if e.Type == model.EndpointGateway && e.Service != "" {
		if pl := l.prefixListNamed(e.Service); pl != nil {
			e.PrefixList = model.Ref{Kind: model.KindPrefixList, Key: pl.AWSID, Range: n.rangeOf("ServiceName")}
		}
	}
	l.add(e, n, "VpcEndpointId")
}

// prefixListNamed returns the prefix list whose own name is name, if loaded.
func (l *loader) prefixListNamed(name string) *model.PrefixList {
	for _, p := range l.net.PrefixLists {
		if l.candidates[p] == name {
			return p
		}
	}
	return nil
}

func (l *loader) indexPrefixList(n node) {
	l.note(model.KindPrefixList, n.str("PrefixListId"), "")
}

// prefixList returns the prefix list with the id in n, creating it the first
// time: describe-prefix-lists and describe-managed-prefix-lists both list
// the AWS service lists.
func (l *loader) prefixList(n node) *model.PrefixList {
	id := n.str("PrefixListId")
	if p, ok := l.lookup(model.KindPrefixList, id).(*model.PrefixList); ok {
		return p
	}
	p := &model.PrefixList{Meta: n.meta("PrefixListId")}
	if !l.add(p, n, "PrefixListId") {
		return nil
	}
	l.candidates[p] = n.str("PrefixListName")
	return p
}

// addEntries appends CIDR blocks to a prefix list, inferring its family from
// the first when the input does not state it.
func addEntries(p *model.PrefixList, blocks []model.Block) {
	have := map[string]bool{}
	for _, b := range p.Entries {
		have[b.Prefix.String()] = true
	}
	for _, b := range blocks {
		if have[b.Prefix.String()] {
			continue
		}
		have[b.Prefix.String()] = true
		p.Entries = append(p.Entries, b)
	}
	if p.Family == "" && len(p.Entries) > 0 {
		p.Family = "IPv4"
		if p.Entries[0].Prefix.Addr().Is6() {
			p.Family = "IPv6"
		}
	}
}

// buildAWSPrefixList reads describe-prefix-lists: the AWS service lists
// (S3, DynamoDB) that gateway endpoint routes point at, with their CIDRs.
func (l *loader) buildAWSPrefixList(n node) {
	p := l.prefixList(n)
	if p == nil {
		return
	}
	p.AWSManaged = true
	var blocks []model.Block
	for _, c := range n.strs("Cidrs") {
		if b, ok := c.cidrValue(); ok {
			blocks = append(blocks, b)
		}
	}
	addEntries(p, blocks)
}

func (l *loader) indexManagedPrefixList(n node) {
	l.note(model.KindPrefixList, n.str("PrefixListId"), n.str("State"), "delete-complete")
}

// buildManagedPrefixList reads describe-managed-prefix-lists. The AWS
// lists are owned by "AWS"; their entries are AWS's. A customer list's
// entries come from get-managed-prefix-list-entries, which the user puts
// beside it as "Entries" or in ManagedPrefixListEntries.
func (l *loader) buildManagedPrefixList(n node) {
	if l.isGone(n.str("PrefixListId")) {
		return
	}
	p := l.prefixList(n)
	if p == nil {
		return
	}
	if strings.EqualFold(n.str("OwnerId"), "AWS") {
		p.AWSManaged = true
	}
	if f := n.str("AddressFamily"); f != "" {
		p.Family = f
	}
	if m, ok := n.integer("MaxEntries"); ok {
		p.MaxEntries = int(m)
	}
	for k, v := range n.tags() {
		if p.Tags == nil {
			p.Tags = map[string]string{}
		}
		p.Tags[k] = v
	}
	addEntries(p, entryBlocks(n))
}

// entryBlocks reads an Entries list of {Cidr, Description}.
func entryBlocks(n node) []model.Block {
	var out []model.Block
	for _, e := range n.objects("Entries") {
		if b, ok := e.cidr("Cidr"); ok {
			out = append(out, b)
		}
	}
	return out
}

// buildPrefixListEntries reads ManagedPrefixListEntries: [{PrefixListId, Entries}].
func (l *loader) buildPrefixListEntries(n node) {
	id := n.str("PrefixListId")
	p, _ := l.lookup(model.KindPrefixList, id).(*model.PrefixList)
	if p == nil {
		if !l.isGone(id) {
			n.errorf("entries of prefix list %q, which ManagedPrefixLists does not describe", id)
		}
		return
	}
	addEntries(p, entryBlocks(n))
}
