package awsjson

import (
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/vpcheck/vpcheck/model"
)

func (l *loader) indexInterface(n node) {
	l.note(model.KindNetworkInterface, n.str("NetworkInterfaceId"), "")
	l.noteRegion(n.f, regionOfAZ(n.str("AvailabilityZone")))
}

// Terminated instances no longer exist; AWS lists them for about an hour.
// Stopped ones keep their ENIs and are loaded with their state. See
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html
func (l *loader) indexReservation(n node) {
	for _, i := range n.objects("Instances") {
		id := i.str("InstanceId")
		l.note(model.KindInstance, id, i.state("State"), "terminated")
		if l.isGone(id) {
			continue
		}
		if p, ok := i.object("Placement"); ok {
			l.noteRegion(n.f, regionOfAZ(p.str("AvailabilityZone")))
		}
		for _, e := range i.objects("NetworkInterfaces") {
			l.note(model.KindNetworkInterface, e.str("NetworkInterfaceId"), "")
		}
	}
}

func (l *loader) buildInterface(n node) {
	l.eni(n, nil)
}

// buildReservation reads describe-instances: each instance and the ENIs it
// embeds. An ENI that NetworkInterfaces.json also lists is loaded once.
func (l *loader) buildReservation(n node) {
	for _, i := range n.objects("Instances") {
		if l.isGone(i.str("InstanceId")) {
			continue
		}
		inst := &model.Instance{Meta: i.meta("InstanceId"), Platform: "linux", State: i.state("State")}
		if strings.EqualFold(i.str("Platform"), "windows") {
			inst.Platform = "windows"
		}
		if !l.add(inst, i, "InstanceId") {
			continue
		}
		var primary *model.NetworkInterface
		for _, e := range i.objects("NetworkInterfaces") {
			eni := l.eni(e, inst)
			if eni == nil {
				continue
			}
			inst.Interfaces = append(inst.Interfaces, model.Ref{Kind: model.KindNetworkInterface, Key: eni.AWSID, Range: e.rangeOf("NetworkInterfaceId")})
			if eni.DeviceIndex == 0 {
				primary = eni
			}
		}
		// The instance's public address is its primary ENI's.
		if pub := i.ip("PublicIpAddress"); pub.IsValid() && primary != nil && primary.PublicIPMode == model.PublicIPNone {
			primary.PublicIP, primary.PublicIPMode = pub, model.PublicIPKnown
		}
	}
}

// eni loads one network interface, from NetworkInterfaces.json (inst nil)
// or embedded in an instance, or completes the one already loaded.
func (l *loader) eni(n node, inst *model.Instance) *model.NetworkInterface {
	id := n.str("NetworkInterfaceId")
	instRef := func() model.Ref {
		if inst != nil {
			return model.Ref{Kind: model.KindInstance, Key: inst.AWSID, Range: n.rangeOf("NetworkInterfaceId")}
		}
		if a, ok := n.object("Attachment"); ok {
			return a.presentRef(model.KindInstance, "InstanceId")
		}
		return model.Ref{}
	}
	pubIP := publicIP(n)
	if e, ok := l.lookup(model.KindNetworkInterface, id).(*model.NetworkInterface); ok {
		if !e.Instance.Set() {
			e.Instance = instRef()
		}
		if e.PublicIPMode == model.PublicIPNone && pubIP.IsValid() {
			e.PublicIP, e.PublicIPMode = pubIP, model.PublicIPKnown
		}
		return e
	}
	e := &model.NetworkInterface{
		Meta:            n.meta("NetworkInterfaceId"),
		Subnet:          n.ref(model.KindSubnet, "SubnetId"),
		PrivateIPs:      privateIPs(n),
		SourceDestCheck: n.boolean("SourceDestCheck", true),
		Instance:        instRef(),
	}
	for _, a := range n.objects("Ipv6Addresses") {
		if ip := a.ip("Ipv6Address"); ip.IsValid() {
			e.IPv6s = append(e.IPv6s, ip)
		}
	}
	if pubIP.IsValid() {
		e.PublicIP, e.PublicIPMode = pubIP, model.PublicIPKnown
	}
	for _, g := range n.objects("Groups") {
		if r := g.ref(model.KindSecurityGroup, "GroupId"); r.Set() {
			e.SecurityGroups = append(e.SecurityGroups, r)
		}
	}
	if a, ok := n.object("Attachment"); ok {
		if d, ok := a.integer("DeviceIndex"); ok {
			e.DeviceIndex = int(d)
		}
	}
	description := n.str("Description")
	e.Type = interfaceType(n.str("InterfaceType"), description)
	// Classic and Application Load Balancers' ENIs are of type "interface";
	// their requester says whose they are.
	if e.Type == model.ENIInstance && n.str("RequesterId") == "amazon-elb" {
		e.Type = model.ENILoadBalancer
	}
	e.Owner = l.ownerOf(n, id, description)
	if inst != nil {
		e.Type = model.ENIInstance
	}
	if !l.add(e, n, "NetworkInterfaceId") {
		return nil
	}
	if e.Type == model.ENILoadBalancer {
		l.eniDescriptions[e] = description
	}
	return e
}

// privateIPs returns an ENI's private IPv4 addresses, the primary first.
func privateIPs(n node) []netip.Addr {
	var out []netip.Addr
	for _, p := range n.objects("PrivateIpAddresses") {
		a := p.ip("PrivateIpAddress")
		if !a.IsValid() {
			continue
		}
		if p.boolean("Primary", false) {
			out = append([]netip.Addr{a}, out...)
		} else {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		if a := n.ip("PrivateIpAddress"); a.IsValid() {
			out = append(out, a)
		}
	}
	return out
}

// publicIP returns the public IPv4 address associated with an ENI's
// primary private address (an auto-assigned public IP or an Elastic IP).
func publicIP(n node) netip.Addr {
	if as, ok := n.object("Association"); ok {
		if a := as.ip("PublicIp"); a.IsValid() {
			return a
		}
	}
	for _, p := range n.objects("PrivateIpAddresses") {
		if !p.boolean("Primary", false) {
			continue
		}
		if as, ok := p.object("Association"); ok {
			return as.ip("PublicIp")
		}
	}
	return netip.Addr{}
}

// interfaceType maps the API's InterfaceType (and, for the older "interface"
// ENIs that AWS services create, the description) to the model's. See
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkInterface.html
func interfaceType(typ, description string) model.InterfaceType {
	switch typ {
	case "", "interface", "efa", "efa-only", "trunk", "branch":
		switch {
		case strings.HasPrefix(description, "Interface for NAT Gateway"):
			return model.ENINATGateway
		case strings.HasPrefix(description, "VPC Endpoint Interface"):
			return model.ENIEndpoint
		case strings.HasPrefix(description, "ELB "):
			return model.ENILoadBalancer
		}
		return model.ENIInstance
	case "natGateway", "nat_gateway":
		return model.ENINATGateway
	case "vpc_endpoint":
		return model.ENIEndpoint
	case "gateway_load_balancer_endpoint":
		return model.ENIGWLBEndpoint
	case "load_balancer", "network_load_balancer", "gateway_load_balancer":
		return model.ENILoadBalancer
	case "transit_gateway":
		return model.ENITGW
	}
	return model.ENIOther
}

// managerKinds are the kinds of the objects that own the ENIs AWS manages
// for them.
var managerKinds = []model.Kind{model.KindNATGateway, model.KindVPCEndpoint, model.KindTGWAttachment}

// ownedBy finds the owner's id in the descriptions AWS gives the ENIs it
// manages: "Interface for NAT Gateway nat-…", "VPC Endpoint Interface
// vpce-…", "Network Interface for Transit Gateway Attachment tgw-attach-…".
var ownedBy = func() *regexp.Regexp {
	prefixes := make([]string, len(managerKinds))
	for i, k := range managerKinds {
		prefixes[i] = regexp.QuoteMeta(k.IDPrefix())
	}
	return regexp.MustCompile(`(?:` + strings.Join(prefixes, "|") + `)-[0-9a-f]+`)
}()

// ownerOf returns a reference to the NAT gateway, VPC endpoint or transit
// gateway attachment that manages the ENI n, when the snapshot holds it.
func (l *loader) ownerOf(n node, id, description string) model.Ref {
	owner := l.eniOwners[id]
	if owner == "" {
		owner = ownedBy.FindString(description)
	}
	kind, _ := model.KindOfID(owner)
	if !slices.Contains(managerKinds, kind) || !l.has(kind, owner) {
		return model.Ref{}
	}
	return model.Ref{Kind: kind, Key: owner, Range: n.rangeOf("Description")}
}
