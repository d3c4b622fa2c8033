package awsjson

import (
	"github.com/vpcheck/vpcheck/model"
)

func (l *loader) indexTransitGateway(n node) {
	id := n.str("TransitGatewayId")
	l.note(model.KindTransitGateway, id, n.str("State"), "deleted")
	l.tgwOwners[id] = n.str("OwnerId")
	l.noteRegion(n.f, regionOfARN(n.str("TransitGatewayArn")))
}

// buildTransitGateway reads describe-transit-gateways. The default route
// tables matter only for attachments created later; a snapshot's
// attachments state their own association and propagations. See
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
func (l *loader) buildTransitGateway(n node) {
	if l.isGone(n.str("TransitGatewayId")) {
		return
	}
	g := &model.TransitGateway{Meta: n.meta("TransitGatewayId"), Region: regionOfARN(n.str("TransitGatewayArn"))}
	if opts, ok := n.object("Options"); ok {
		if asn, ok := opts.integer("AmazonSideAsn"); ok {
			g.ASN = asn
		}
		if opts.str("DefaultRouteTableAssociation") != "disable" {
			g.DefaultAssociation = opts.presentRef(model.KindTGWRouteTable, "AssociationDefaultRouteTableId")
		}
		if opts.str("DefaultRouteTablePropagation") != "disable" {
			g.DefaultPropagation = opts.presentRef(model.KindTGWRouteTable, "PropagationDefaultRouteTableId")
		}
	}
	l.add(g, n, "TransitGatewayId")
}

func (l *loader) indexTGWRouteTable(n node) {
	l.note(model.KindTGWRouteTable, n.str("TransitGatewayRouteTableId"), n.str("State"), "deleted")
}

func (l *loader) buildTGWRouteTable(n node) {
	if l.isGone(n.str("TransitGatewayRouteTableId")) {
		return
	}
	t := &model.TGWRouteTable{Meta: n.meta("TransitGatewayRouteTableId"), TransitGateway: n.ref(model.KindTransitGateway, "TransitGatewayId")}
	l.add(t, n, "TransitGatewayRouteTableId")
}

// Attachments that were deleted, failed or rejected no longer exist; AWS
// keeps listing them for a while. See
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html
func (l *loader) indexTGWAttachment(n node) {
	id := n.str("TransitGatewayAttachmentId")
	l.note(model.KindTGWAttachment, id, n.str("State"), "deleted", "failed", "rejected")
	// An attachment of this account's VPC to another account's transit
	// gateway (shared through AWS RAM) names a gateway this snapshot does
	// not describe; routes to it are then External too.
	if l.foreign(n.str("TransitGatewayOwnerId"), n.str("ResourceOwnerId")) {
		l.sharedTGWs[n.str("TransitGatewayId")] = true
	}
}

// attachment returns the attachment with id, creating it from n the first
// time: describe-transit-gateway-attachments, …-vpc-attachments and
// …-peering-attachments each describe part of one attachment.
func (l *loader) attachment(n node) *model.TGWAttachment {
	id := n.str("TransitGatewayAttachmentId")
	if id == "" {
		n.errorf("no TransitGatewayAttachmentId: every transit gateway attachment needs its id")
		return nil
	}
	if l.isGone(id) {
		return nil
	}
	if a, ok := l.lookup(model.KindTGWAttachment, id).(*model.TGWAttachment); ok {
		for k, v := range n.tags() {
			if a.Tags == nil {
				a.Tags = map[string]string{}
			}
			if _, set := a.Tags[k]; !set {
				a.Tags[k] = v
			}
		}
		if a.State == "" {
			a.State = n.str("State")
		}
		return a
	}
	a := &model.TGWAttachment{Meta: n.meta("TransitGatewayAttachmentId"), State: n.str("State")}
	if !l.add(a, n, "TransitGatewayAttachmentId") {
		return nil
	}
	return a
}

// attachmentType maps the API's resource types to the model's.
func attachmentType(s string) (model.AttachmentType, bool) {
	switch s {
	case "vpc":
		return model.AttachVPC, true
	case "vpn":
		return model.AttachVPN, true
	case "direct-connect-gateway":
		return model.AttachDXGateway, true
	case "peering", "tgw-peering":
		return model.AttachPeering, true
	case "connect":
		return model.AttachConnect, true
	}
	return "", false
}

// buildTGWAttachment reads describe-transit-gateway-attachments: every kind
// of attachment, what it attaches and the route table it is associated with.
func (l *loader) buildTGWAttachment(n node) {
	a := l.attachment(n)
	if a == nil {
		return
	}
	if !a.TransitGateway.Set() {
		a.TransitGateway = n.ref(model.KindTransitGateway, "TransitGatewayId")
		a.TransitGateway.External = !l.has(model.KindTransitGateway, a.TransitGateway.Key) && l.sharedTGWs[a.TransitGateway.Key]
	}
	typ, ok := attachmentType(n.str("ResourceType"))
	if !ok {
		n.warnf("transit gateway attachment %s of resource type %q is not modelled; it is loaded without its resource", a.AWSID, n.str("ResourceType"))
	}
	if a.Type == "" {
		a.Type = typ
	}
	switch typ {
	case model.AttachVPC:
		if !a.VPC.Set() {
			a.VPC = n.ref(model.KindVPC, "ResourceId")
			a.VPC.External = !l.has(model.KindVPC, a.VPC.Key) && l.foreign(n.str("ResourceOwnerId"), n.str("TransitGatewayOwnerId"))
		}
	case model.AttachVPN:
		a.VPN = n.liveRef(model.KindVPNConnection, "ResourceId")
	case model.AttachDXGateway:
		a.DXGateway = n.ref(model.KindDXGateway, "ResourceId")
		a.DXGateway.External = a.DXGateway.Key != "" && !l.has(model.KindDXGateway, a.DXGateway.Key) && l.foreign(n.str("ResourceOwnerId"), n.str("TransitGatewayOwnerId"))
	case model.AttachPeering:
		if !a.PeerTransitGateway.Set() {
			a.PeerTransitGateway = n.ref(model.KindTransitGateway, "ResourceId")
			a.PeerTransitGateway.External = !l.has(model.KindTransitGateway, a.PeerTransitGateway.Key)
		}
	}
	if as, ok := n.object("Association"); ok {
		switch as.str("State") {
		case "associated", "associating", "":
			a.Association = as.ref(model.KindTGWRouteTable, "TransitGatewayRouteTableId")
		}
	}
}

// foreign reports whether two owner accounts are known and differ: an object
// of the other account is then expected outside this snapshot.
func (l *loader) foreign(owner, other string) bool {
	return owner != "" && other != "" && owner != other
}

// buildTGWVPCAttachment reads describe-transit-gateway-vpc-attachments: the
// subnets (one per AZ the attachment serves) and appliance mode. See
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html
func (l *loader) buildTGWVPCAttachment(n node) {
	a := l.attachment(n)
	if a == nil {
		return
	}
	a.Type = model.AttachVPC
	if !a.TransitGateway.Set() {
		a.TransitGateway = n.ref(model.KindTransitGateway, "TransitGatewayId")
		a.TransitGateway.External = !l.has(model.KindTransitGateway, a.TransitGateway.Key)
	}
	// The transit gateway's owner sees the attachments of VPCs that other
	// accounts attached (a shared transit gateway); those VPCs and subnets
	// are in the other account's snapshot.
	a.VPC = n.ref(model.KindVPC, "VpcId")
	a.VPC.External = !l.has(model.KindVPC, a.VPC.Key) && l.foreign(n.str("VpcOwnerId"), l.tgwOwners[a.TransitGateway.Key])
	a.Subnets = nil
	for _, s := range n.strs("SubnetIds") {
		r := s.refTo(model.KindSubnet)
		r.External = a.VPC.External
		a.Subnets = append(a.Subnets, r)
	}
	if opts, ok := n.object("Options"); ok {
		a.ApplianceMode = opts.str("ApplianceModeSupport") == "enable"
	}
}

// buildTGWPeeringAttachment reads describe-transit-gateway-peering-attachments.
// Both sides share the attachment id; the side whose transit gateway this
// snapshot holds is this attachment's, the other is the peer (in another
// region or account, so External when absent). See
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html
func (l *loader) buildTGWPeeringAttachment(n node) {
	a := l.attachment(n)
	if a == nil {
		return
	}
	a.Type = model.AttachPeering
	req, _ := n.object("RequesterTgwInfo")
	acc, _ := n.object("AccepterTgwInfo")
	tgwOf := func(side node) string {
		if side.v == nil {
			return ""
		}
		return side.str("TransitGatewayId")
	}
	local, peer := req, acc
	switch {
	case a.TransitGateway.Key != "" && a.TransitGateway.Key == tgwOf(acc):
		local, peer = acc, req
	case a.TransitGateway.Key == "" && !l.has(model.KindTransitGateway, tgwOf(req)) && l.has(model.KindTransitGateway, tgwOf(acc)):
		local, peer = acc, req
	}
	if !a.TransitGateway.Set() && local.v != nil {
		a.TransitGateway = local.ref(model.KindTransitGateway, "TransitGatewayId")
		a.TransitGateway.External = !l.has(model.KindTransitGateway, a.TransitGateway.Key)
	}
	if peer.v != nil {
		a.PeerTransitGateway = peer.ref(model.KindTransitGateway, "TransitGatewayId")
		a.PeerTransitGateway.External = !l.has(model.KindTransitGateway, a.PeerTransitGateway.Key)
	}
	if a.State == "" {
		a.State = n.state("Status")
	}
}

// tgwRouteOrigin is the origin of a transit gateway route: static routes are
// static, propagated ones take the origin of what the attachment carries.
// Route preference on equal prefixes: static, prefix list, VPC propagated,
// Direct Connect, Connect, VPN ("Route evaluation order" in
// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html).
// The model has no origin for Connect; its routes rank with VPN BGP ones.
func tgwRouteOrigin(routeType, resourceType string, prefixList bool) model.RouteOrigin {
	if routeType != "propagated" {
		if prefixList {
			return model.OriginPrefixList
		}
		return model.OriginStatic
	}
	switch resourceType {
	case "vpc":
		return model.OriginPropagatedVPC
	case "direct-connect-gateway":
		return model.OriginPropagatedDX
	}
	return model.OriginPropagatedVPNBGP
}

// buildTGWRoutes reads one route table's routes: an item of Batfish's
// TransitGatewayStaticRoutes.json, of TransitGatewayRoutes.json (the same
// shape, every route type), or the output of search-transit-gateway-routes
// for one table. Routes being deleted or gone are skipped. A route with
// several attachments (ECMP over VPN tunnels) keeps the first: the model has
// one next hop per route.
func (l *loader) buildTGWRoutes(n node) {
	tableID := n.str("TransitGatewayRouteTableId")
	t, _ := l.lookup(model.KindTGWRouteTable, tableID).(*model.TGWRouteTable)
	if t == nil {
		if !l.isGone(tableID) {
			if c, ok := n.get("TransitGatewayRouteTableId"); ok {
				c.errorf("routes of transit gateway route table %s, which TransitGatewayRouteTables does not describe", tableID)
			} else {
				n.errorf("no TransitGatewayRouteTableId: which table these routes belong to is unknown")
			}
		}
		return
	}
	if n.boolean("AdditionalRoutesAvailable", false) {
		if c, ok := n.get("AdditionalRoutesAvailable"); ok {
			c.warnf("transit gateway route table %s has more routes than this output lists (search-transit-gateway-routes returns at most 1,000); split the search with --filters, e.g. by route type or destination", tableID)
		}
	}
	for _, r := range n.objects("Routes") {
		state := r.str("State")
		if state == "deleted" || state == "deleting" {
			continue
		}
		route := model.TGWRoute{Range: r.rangeOf("DestinationCidrBlock")}
		if b, ok := r.cidr("DestinationCidrBlock"); ok {
			route.Dest = b.Prefix
		} else if pl := r.ref(model.KindPrefixList, "PrefixListId"); pl.Key != "" {
			route.DestPrefixList = pl
			route.Range = pl.Range
		} else {
			r.errorf("route has neither DestinationCidrBlock nor PrefixListId")
			continue
		}
		var resourceType string
		if atts := r.objects("TransitGatewayAttachments"); len(atts) > 0 {
			route.Attachment = atts[0].ref(model.KindTGWAttachment, "TransitGatewayAttachmentId")
			resourceType = atts[0].str("ResourceType")
		}
		route.Origin = tgwRouteOrigin(r.str("Type"), resourceType, route.DestPrefixList.Set())
		if state == "blackhole" || l.isGone(route.Attachment.Key) {
			route.Blackhole, route.Attachment = true, model.Ref{}
		} else if !route.Attachment.Set() {
			r.errorf("route is neither a blackhole nor sent to an attachment")
			continue
		}
		t.Routes = append(t.Routes, route)
	}
}

// buildTGWPropagations reads one route table's propagations: an item of
// Batfish's TransitGatewayPropagations.json, or the output of
// get-transit-gateway-route-table-propagations for one table.
func (l *loader) buildTGWPropagations(n node) {
	tableID := n.str("TransitGatewayRouteTableId")
	if l.lookup(model.KindTGWRouteTable, tableID) == nil {
		if !l.isGone(tableID) {
			n.errorf("propagations of transit gateway route table %q, which TransitGatewayRouteTables does not describe", tableID)
		}
		return
	}
	table := n.ref(model.KindTGWRouteTable, "TransitGatewayRouteTableId")
	for _, p := range n.objects("TransitGatewayRouteTablePropagations") {
		if s := p.str("State"); s != "enabled" && s != "enabling" && s != "" {
			continue
		}
		id := p.str("TransitGatewayAttachmentId")
		a, _ := l.lookup(model.KindTGWAttachment, id).(*model.TGWAttachment)
		if a == nil {
			if !l.isGone(id) {
				p.errorf("propagation from transit gateway attachment %q, which TransitGatewayAttachments does not describe", id)
			}
			continue
		}
		r := table
		r.Range = p.rangeOf("TransitGatewayAttachmentId")
		a.Propagations = append(a.Propagations, r)
	}
}
