package terraform

import (
	"net/netip"

	"github.com/vpcheck/vpcheck/model"
)

// Instances and network interfaces. An instance's primary network interface
// is created by AWS at launch from the instance's own arguments (subnet_id,
// private_ip, vpc_security_group_ids, …) unless a network_interface block
// attaches an existing one at device index 0; the mapping adds that ENI
// (implicit, named "<instance>/eni0"). An ENI without security groups gets
// the VPC's default group. Its public IPv4 address comes from
// associate_public_ip_address, else the subnet's map_public_ip_on_launch
// (unknown value: assigned at launch), or from an Elastic IP. See
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html#concepts-public-addresses
// and https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance

func init() {
	register("aws_network_interface", 2, mapNetworkInterface)
	register("aws_network_interface_attachment", 3, mapNetworkInterfaceAttachment)
	register("aws_network_interface_sg_attachment", 3, mapNetworkInterfaceSGAttachment)
	register("aws_instance", 2, mapInstance)
}

func mapNetworkInterface(m *mapper, r *resource) {
	rd := m.reader(r)
	e := &model.NetworkInterface{
		Meta:            m.meta(r),
		Subnet:          rd.ref(model.KindSubnet, "subnet_id"),
		SecurityGroups:  rd.refs(model.KindSecurityGroup, "security_groups"),
		SourceDestCheck: rd.boolean("source_dest_check", true),
		Type:            model.ENIInstance,
	}
	if s, ok := r.value.str("private_ip"); ok {
		if ip, ok := rd.parseAddr("private_ip", s); ok {
			e.PrivateIPs = append(e.PrivateIPs, ip)
		}
	}
	for _, s := range rd.strs("private_ips") {
		if ip, err := model.ParseIP(s); err == nil && !containsAddr(e.PrivateIPs, ip) {
			e.PrivateIPs = append(e.PrivateIPs, ip)
		}
	}
	e.IPv6s = parseAddrs(rd, "ipv6_addresses")
	for _, b := range rd.blocks("attachment") {
		if ref := b.ref(model.KindInstance, "instance"); ref.Set() {
			e.Instance = ref
			if n, ok := b.num("device_index"); ok {
				e.DeviceIndex = int(n)
			}
		}
	}
	m.add(e)
	m.publicIP[e] = publicIPSource{}
	if len(e.SecurityGroups) == 0 && !rd.set("security_groups") {
		m.needsDefaultSG = append(m.needsDefaultSG, e)
	}
	m.finishCompute()
}

func mapNetworkInterfaceAttachment(m *mapper, r *resource) {
	rd := m.reader(r)
	e := target[*model.NetworkInterface](rd, "network_interface_id", "network interface")
	if e == nil {
		return
	}
	if ref := rd.ref(model.KindInstance, "instance_id"); ref.Set() {
		e.Instance = ref
	}
	if n, ok := rd.num("device_index"); ok {
		e.DeviceIndex = int(n)
	}
}

func mapNetworkInterfaceSGAttachment(m *mapper, r *resource) {
	rd := m.reader(r)
	e := target[*model.NetworkInterface](rd, "network_interface_id", "network interface")
	if e == nil {
		return
	}
	if ref := rd.ref(model.KindSecurityGroup, "security_group_id"); ref.Set() {
		e.SecurityGroups = append(e.SecurityGroups, ref)
		m.dropDefaultSG(e)
	}
}

func mapInstance(m *mapper, r *resource) {
	rd := m.reader(r)
	inst := &model.Instance{Meta: m.meta(r)}
	if s, ok := r.value.str("instance_state"); ok {
		inst.State = s
	}
	m.add(inst)
	primaryGiven := false
	attach := func(b reader, idAttr string, index int64) {
		ref := b.ref(model.KindNetworkInterface, idAttr)
		if !ref.Set() {
			return
		}
		if index == 0 {
			primaryGiven = true
		}
		m.finish = append(m.finish, func() {
			if e := lookup[*model.NetworkInterface](m, ref.Key); e != nil {
				e.Instance, e.DeviceIndex = model.To(inst), int(index)
				return
			}
			inst.Interfaces = append(inst.Interfaces, ref)
		})
	}
	for _, b := range rd.blocks("network_interface") {
		idx, _ := b.num("device_index")
		attach(b, "network_interface_id", idx)
	}
	for _, b := range rd.blocks("primary_network_interface") {
		attach(b, "network_interface_id", 0)
	}
	if primaryGiven {
		return
	}
	id, _ := r.value.str("primary_network_interface_id")
	e := &model.NetworkInterface{
		Meta:            model.Meta{Name: r.addr + "/eni0", AWSID: id, PlaceholderID: inst.PlaceholderID, Range: r.rng, Implicit: true},
		Subnet:          rd.ref(model.KindSubnet, "subnet_id"),
		SecurityGroups:  rd.refs(model.KindSecurityGroup, "vpc_security_group_ids"),
		SourceDestCheck: rd.boolean("source_dest_check", true),
		Instance:        model.To(inst),
		Type:            model.ENIInstance,
	}
	if !e.Subnet.Set() && !rd.set("subnet_id") {
		// No subnet: a default subnet of the default VPC, which the input does not describe.
		m.noteUnknown(r, "subnet_id")
	}
	// An unknown private address is assigned at launch from the subnet;
	// the model says so with no address, so it is not reported.
	if s, ok := r.value.str("private_ip"); ok {
		if ip, ok := rd.parseAddr("private_ip", s); ok {
			e.PrivateIPs = append(e.PrivateIPs, ip)
		}
	}
	for _, s := range rd.strs("secondary_private_ips") {
		if ip, err := model.ParseIP(s); err == nil {
			e.PrivateIPs = append(e.PrivateIPs, ip)
		}
	}
	e.IPv6s = parseAddrs(rd, "ipv6_addresses")
	src := publicIPSource{}
	if rd.set("associate_public_ip_address") {
		b := rd.boolean("associate_public_ip_address", false)
		src.configured = &b
	}
	src.subnet = e.Subnet.Key
	m.publicIP[e] = src
	if len(e.SecurityGroups) == 0 && !rd.set("vpc_security_group_ids") && !rd.set("security_groups") {
		m.needsDefaultSG = append(m.needsDefaultSG, e)
	}
	if names := rd.strs("security_groups"); len(names) > 0 {
		m.warnf(rd.at("security_groups"), "Security groups named in security_groups are matched by group name (EC2-Classic and default VPC style); use vpc_security_group_ids for ids.",
			"%s: security_groups names groups by name; vpcheck matches them to the groups of this configuration by their name argument", r.addr)
		for _, n := range names {
			for _, g := range m.net.SecurityGroups {
				if gr := m.resourceOf(g); gr != nil {
					if gn, ok := gr.value.str("name"); ok && gn == n {
						e.SecurityGroups = append(e.SecurityGroups, model.To(g))
					}
				}
			}
		}
	}
	inst.Interfaces = append(inst.Interfaces, model.To(e))
	m.add(e)
	m.finishCompute()
}

// resourceOf finds the resource instance an object was mapped from.
func (m *mapper) resourceOf(o model.Object) *resource {
	for _, r := range m.order {
		if r.addr == o.Base().TFAddr {
			return r
		}
	}
	return nil
}

func (m *mapper) dropDefaultSG(e *model.NetworkInterface) {
	for i, x := range m.needsDefaultSG {
		if x == e {
			m.needsDefaultSG = append(m.needsDefaultSG[:i], m.needsDefaultSG[i+1:]...)
			return
		}
	}
}

// finishCompute registers, once, the work that needs every object: default
// security groups and public addresses of ENIs.
func (m *mapper) finishCompute() {
	if m.computeFinishing {
		return
	}
	m.computeFinishing = true
	m.finish = append(m.finish, func() {
		for _, e := range m.needsDefaultSG {
			vpcID := m.vpcOfSubnet(e.Subnet.Key)
			if ref, ok := m.defaultSecurityGroup(vpcID, e.Range); ok {
				e.SecurityGroups = append(e.SecurityGroups, ref)
			}
		}
		withEIP := map[*model.NetworkInterface]*model.ElasticIP{}
		for _, eip := range m.net.ElasticIPs {
			target := lookup[*model.NetworkInterface](m, eip.Interface.Key)
			if target == nil {
				if inst := lookup[*model.Instance](m, eip.Instance.Key); inst != nil && len(inst.Interfaces) > 0 {
					target = model.Target[*model.NetworkInterface](inst.Interfaces[0])
				}
			}
			if target != nil {
				withEIP[target] = eip
			}
		}
		for _, e := range m.net.Interfaces {
			src := m.publicIP[e]
			switch {
			case withEIP[e] != nil:
				if ip := withEIP[e].PublicIP; ip.IsValid() {
					e.PublicIP, e.PublicIPMode = ip, model.PublicIPKnown
				} else {
					e.PublicIPMode = model.PublicIPUnknown
				}
			case src.configured != nil:
				if *src.configured {
					e.PublicIPMode = model.PublicIPUnknown
				}
			case src.subnet != "":
				if s := lookup[*model.Subnet](m, src.subnet); s != nil && s.MapPublicIPOnLaunch {
					e.PublicIPMode = model.PublicIPUnknown
				}
			}
		}
	})
}

func parseAddrs(rd reader, name string) []netip.Addr {
	var out []netip.Addr
	for _, s := range rd.strs(name) {
		a, err := model.ParseIP(s)
		if err != nil {
			rd.m.errorf(rd.at(name), "%s: %s: %v", rd.r.addr, name, err)
			continue
		}
		out = append(out, a)
	}
	return out
}

func containsAddr(list []netip.Addr, a netip.Addr) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}
