package native

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// PrimaryInterfaceSuffix names the primary network interface an instance
// block creates: instance "web-1" has network_interface "web-1/eth0". The
// slash keeps the name clear of any name a user can write as kind.name, and
// of the instance's own name, so that selectors such as "web-1" stay
// unambiguous.
const PrimaryInterfaceSuffix = "/eth0"

type instanceBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	Subnet          *hcl.Attribute `hcl:"subnet,optional"`
	PrivateIP       *hcl.Attribute `hcl:"private_ip,optional"`
	SecondaryIPs    *hcl.Attribute `hcl:"secondary_ips,optional"`
	IPv6Addresses   *hcl.Attribute `hcl:"ipv6_addresses,optional"`
	PublicIP        *hcl.Attribute `hcl:"public_ip,optional"`
	SecurityGroups  *hcl.Attribute `hcl:"security_groups,optional"`
	SourceDestCheck *hcl.Attribute `hcl:"source_dest_check,optional"`
	Platform        *hcl.Attribute `hcl:"platform,optional"`
	State           *hcl.Attribute `hcl:"state,optional"`
}

// instanceDraft is an instance whose primary interface's public IP is
// decided once every subnet is known.
type instanceDraft struct {
	inst     *model.Instance
	primary  *model.NetworkInterface
	publicIP bool // written explicitly
}

// instance decodes an instance block and the primary interface its
// shorthand attributes describe.
func (d *decoder) instance(b *instanceBlock) {
	inst := &model.Instance{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags)}
	inst.Platform, _ = d.oneOf(b.Platform, "linux", "windows")
	inst.State, _ = d.str(b.State)
	d.net.Add(inst)

	if d.firstInstance[inst.Name] != b {
		// A second instance of the same name is reported by Link; a second
		// "NAME/eth0" interface would only repeat it in words the user never wrote.
		return
	}
	if b.Subnet == nil {
		d.onlyWith(false, "with subnet (they describe the primary network interface)",
			b.PrivateIP, b.SecondaryIPs, b.IPv6Addresses, b.PublicIP, b.SecurityGroups, b.SourceDestCheck)
		d.instances = append(d.instances, instanceDraft{inst: inst})
		return
	}
	eni := &model.NetworkInterface{
		Meta:            model.Meta{Name: inst.Name + PrimaryInterfaceSuffix, Range: b.DefRange},
		Subnet:          d.ref(b.Subnet, model.KindSubnet),
		SecurityGroups:  d.refs(b.SecurityGroups, model.KindSecurityGroup),
		SourceDestCheck: d.flag(b.SourceDestCheck, true),
		Instance:        model.Ref{Kind: model.KindInstance, Key: inst.Name, Range: b.DefRange, Obj: inst},
		DeviceIndex:     0,
		Type:            model.ENIInstance,
	}
	if ip, ok := d.ipv4(b.PrivateIP); ok {
		eni.PrivateIPs = append(eni.PrivateIPs, ip)
	}
	secondary := d.ips(b.SecondaryIPs, 4)
	if b.SecondaryIPs != nil && b.PrivateIP == nil {
		d.fail(b.SecondaryIPs.NameRange, "secondary_ips needs private_ip",
			"The primary private address comes first; write private_ip as well.")
	} else {
		eni.PrivateIPs = append(eni.PrivateIPs, secondary...)
	}
	eni.IPv6s = d.ips(b.IPv6Addresses, 6)
	d.publicIP(eni, b.PublicIP)
	d.net.Add(eni)
	inst.Interfaces = []model.Ref{{Kind: model.KindNetworkInterface, Key: eni.Name, Range: b.DefRange, Obj: eni}}
	d.instances = append(d.instances, instanceDraft{inst: inst, primary: eni, publicIP: b.PublicIP != nil})
}

// publicIP decodes public_ip: "auto", "none" or an IPv4 address.
func (d *decoder) publicIP(eni *model.NetworkInterface, a *hcl.Attribute) {
	s, ok := d.str(a)
	if !ok {
		return
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "auto":
		eni.PublicIPMode = model.PublicIPUnknown
		return
	case "none":
		eni.PublicIPMode = model.PublicIPNone
		return
	}
	ip, err := model.ParseIP(s)
	if err != nil || !ip.Is4() {
		d.fail(a.Expr.Range(), fmt.Sprintf("invalid public_ip %q", s), `public_ip is "auto" (assigned at launch), "none" or an IPv4 address.`)
		return
	}
	eni.PublicIP, eni.PublicIPMode = ip, model.PublicIPKnown
}

// defaultPublicIPs gives an instance without public_ip a public address of
// unknown value when its subnet maps public IPs on launch, as EC2 does:
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySubnetAttribute.html
// (MapPublicIpOnLaunch). Only subnets from native files are known here;
// an instance in a subnet from another input gets none.
func (d *decoder) defaultPublicIPs() {
	public := map[string]bool{}
	for _, s := range d.net.Subnets {
		for _, key := range []string{s.Name, s.AWSID} {
			if key != "" {
				public[key] = public[key] || s.MapPublicIPOnLaunch
			}
		}
	}
	for _, dr := range d.instances {
		if dr.primary == nil || dr.publicIP {
			continue
		}
		if public[dr.primary.Subnet.Key] {
			dr.primary.PublicIPMode = model.PublicIPUnknown
		}
	}
}

type interfaceBlock struct {
	Name     string         `hcl:"name,label"`
	DefRange hcl.Range      `hcl:",def_range"`
	AWSID    *hcl.Attribute `hcl:"aws_id,optional"`
	Tags     *hcl.Attribute `hcl:"tags,optional"`

	Subnet          *hcl.Attribute `hcl:"subnet,optional"`
	PrivateIPs      *hcl.Attribute `hcl:"private_ips,optional"`
	IPv6Addresses   *hcl.Attribute `hcl:"ipv6_addresses,optional"`
	PublicIP        *hcl.Attribute `hcl:"public_ip,optional"`
	SecurityGroups  *hcl.Attribute `hcl:"security_groups,optional"`
	SourceDestCheck *hcl.Attribute `hcl:"source_dest_check,optional"`
	Instance        *hcl.Attribute `hcl:"instance,optional"`
	DeviceIndex     *hcl.Attribute `hcl:"device_index,optional"`
	Type            *hcl.Attribute `hcl:"type,optional"`
	Owner           *hcl.Attribute `hcl:"owner,optional"`
}

// interfaceDraft is an interface attached to an instance, checked against
// the instance's other interfaces once every file is decoded.
type interfaceDraft struct {
	eni         *model.NetworkInterface
	deviceIndex *hcl.Attribute
}

// interfaceTypes are the ENI types the format accepts.
var interfaceTypes = []string{
	string(model.ENIInstance), string(model.ENINATGateway), string(model.ENIEndpoint), string(model.ENIGWLBEndpoint),
	string(model.ENILoadBalancer), string(model.ENITGW), string(model.ENIOther),
}

// networkInterface decodes a network_interface block. A missing subnet is
// reported by Network.Validate.
func (d *decoder) networkInterface(b *interfaceBlock) {
	eni := &model.NetworkInterface{Meta: d.meta(b.Name, b.DefRange, b.AWSID, b.Tags), Type: model.ENIInstance}
	eni.Subnet = d.ref(b.Subnet, model.KindSubnet)
	eni.PrivateIPs = d.ips(b.PrivateIPs, 4)
	eni.IPv6s = d.ips(b.IPv6Addresses, 6)
	d.publicIP(eni, b.PublicIP)
	eni.SecurityGroups = d.refs(b.SecurityGroups, model.KindSecurityGroup)
	eni.SourceDestCheck = d.flag(b.SourceDestCheck, true)
	eni.Owner = d.ref(b.Owner, model.KindNATGateway, model.KindVPCEndpoint)
	switch eni.Owner.Kind {
	case model.KindNATGateway:
		eni.Type = model.ENINATGateway
	case model.KindVPCEndpoint:
		eni.Type = model.ENIEndpoint
	}
	if t, ok := d.oneOf(b.Type, interfaceTypes...); ok {
		eni.Type = model.InterfaceType(t)
	}
	d.onlyWith(b.Instance != nil, "with instance", b.DeviceIndex)
	if b.Instance != nil {
		eni.Instance = d.ref(b.Instance, model.KindInstance)
		if d.require(b.DeviceIndex, "device_index", "network_interface attached to an instance", b.DefRange) {
			// EC2 allows device indexes up to the instance type's
			// interface limit; 0 to 31 covers every type today.
			if n, ok := d.integer(b.DeviceIndex, 0, 31); ok {
				eni.DeviceIndex = int(n)
				d.interfaces = append(d.interfaces, interfaceDraft{eni: eni, deviceIndex: b.DeviceIndex})
			}
		}
	}
	d.net.Add(eni)
}

// checkDeviceIndexes reports two interfaces in one slot of an instance,
// counting the primary interface an instance's subnet attribute creates.
func (d *decoder) checkDeviceIndexes() {
	type slot struct {
		instance string
		index    int
	}
	taken := map[slot]hcl.Range{}
	for _, dr := range d.instances {
		if dr.primary != nil {
			taken[slot{dr.inst.Name, 0}] = dr.inst.Range
		}
	}
	for _, dr := range d.interfaces {
		k := slot{dr.eni.Instance.Key, dr.eni.DeviceIndex}
		if prev, ok := taken[k]; ok {
			d.fail(dr.deviceIndex.Expr.Range(), fmt.Sprintf("instance %q already has an interface at device_index %d", k.instance, k.index),
				fmt.Sprintf("The interface at device index %d is defined at %s; an instance has one interface per device index (the instance's own subnet attribute makes its primary, device index 0).", k.index, prev))
			continue
		}
		taken[k] = dr.eni.Range
	}
}
