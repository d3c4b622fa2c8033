package model

import (
	"net/netip"

	"github.com/hashicorp/hcl/v2"
)

// TransitGateway is a regional router between attachments. See
// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
type TransitGateway struct {
	Meta
	ASN    int64
	Region string
	// DefaultAssociation and DefaultPropagation are the route tables new
	// attachments are associated with and propagate to, if enabled.
	DefaultAssociation Ref
	DefaultPropagation Ref

	// Derived by Link.
	RouteTables []*TGWRouteTable
	Attachments []*TGWAttachment
}

func (*TransitGateway) Kind() Kind    { return KindTransitGateway }
func (g *TransitGateway) Base() *Meta { return &g.Meta }

// refs lists the object's references (see Refs).
func (g *TransitGateway) refs(l refList) refList {
	return l.add(&g.DefaultAssociation, &g.DefaultPropagation)
}

// TGWRoute is a route of a transit gateway route table.
type TGWRoute struct {
	Dest           netip.Prefix
	DestPrefixList Ref
	// Attachment is the next hop; unset for a blackhole.
	Attachment Ref
	Blackhole  bool
	// Origin is OriginStatic, OriginPrefixList or a propagated origin.
	Origin RouteOrigin
	Addr   string
	Range  hcl.Range
}

// TGWRouteTable is a transit gateway route table.
type TGWRouteTable struct {
	Meta
	TransitGateway Ref
	Routes         []TGWRoute

	// Derived by Link: attachments associated with / propagating to this table.
	Associated  []*TGWAttachment
	Propagating []*TGWAttachment
}

func (*TGWRouteTable) Kind() Kind    { return KindTGWRouteTable }
func (t *TGWRouteTable) Base() *Meta { return &t.Meta }

// refs lists the object's references (see Refs).
func (t *TGWRouteTable) refs(l refList) refList {
	l = l.add(&t.TransitGateway)
	for i := range t.Routes {
		l = l.add(&t.Routes[i].DestPrefixList, &t.Routes[i].Attachment)
	}
	return l
}

// AttachmentType is what a transit gateway attachment connects.
type AttachmentType string

// Attachment types.
const (
	AttachVPC       AttachmentType = "vpc"
	AttachVPN       AttachmentType = "vpn"
	AttachDXGateway AttachmentType = "direct-connect-gateway"
	AttachPeering   AttachmentType = "peering"
	AttachConnect   AttachmentType = "connect"
)

// TGWAttachment connects a VPC, VPN, Direct Connect gateway or another
// transit gateway to a transit gateway.
type TGWAttachment struct {
	Meta
	TransitGateway Ref
	Type           AttachmentType
	// VPC and Subnets (one per AZ the attachment serves) for VPC attachments.
	VPC     Ref
	Subnets []Ref
	// VPN for VPN attachments; DXGateway for Direct Connect gateway ones.
	VPN       Ref
	DXGateway Ref
	// PeerTransitGateway for peering attachments.
	PeerTransitGateway Ref
	// ApplianceMode keeps both directions of a flow in one AZ.
	ApplianceMode bool
	// Association is the one route table the attachment is associated with.
	Association Ref
	// Propagations are the route tables the attachment propagates its routes to.
	Propagations []Ref
	// State; only "available" carries traffic ("" means available).
	State string
}

func (*TGWAttachment) Kind() Kind    { return KindTGWAttachment }
func (a *TGWAttachment) Base() *Meta { return &a.Meta }

// refs lists the object's references (see Refs).
func (a *TGWAttachment) refs(l refList) refList {
	l = l.add(&a.TransitGateway, &a.VPC, &a.VPN, &a.DXGateway, &a.PeerTransitGateway, &a.Association)
	l = l.addAll(a.Subnets)
	l = l.addAll(a.Propagations)
	return l
}

// Available reports whether the attachment carries traffic.
func (a *TGWAttachment) Available() bool {
	return a.State == "" || a.State == "available"
}
