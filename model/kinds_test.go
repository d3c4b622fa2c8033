package model

import "testing"

// One object of every kind, in table order.
func oneOfEach() []Object {
	return []Object{
		&VPC{}, &Subnet{}, &RouteTable{}, &SecurityGroup{}, &NetworkACL{},
		&InternetGateway{}, &EgressOnlyIGW{}, &NATGateway{}, &ElasticIP{},
		&Peering{}, &TransitGateway{}, &TGWRouteTable{}, &TGWAttachment{},
		&VPNGateway{}, &CustomerGateway{}, &VPNConnection{}, &DXGateway{},
		&OnPrem{}, &VPCEndpoint{}, &PrefixList{}, &Instance{}, &NetworkInterface{},
		&LoadBalancer{}, &LBListener{}, &TargetGroup{},
		&Firewall{}, &FirewallPolicy{}, &FirewallRuleGroup{},
	}
}

func TestAddOfKindEveryKind(t *testing.T) {
	objs := oneOfEach()
	if len(objs) != len(Kinds) {
		t.Fatalf("test lists %d kinds, the table %d", len(objs), len(Kinds))
	}
	n := New()
	for _, o := range objs {
		n.Add(o)
	}
	for i, k := range Kinds {
		got := n.OfKind(k)
		if len(got) != 1 || got[0] != objs[i] {
			t.Errorf("OfKind(%s) = %v, want the one %T added", k, got, objs[i])
		}
	}
	if got := n.OfKind("no_such_kind"); got != nil {
		t.Errorf("OfKind of an unknown kind = %v", got)
	}
}

func TestRefsListsEveryReference(t *testing.T) {
	rt := &RouteTable{
		VPC:             Ref{Key: "v"},
		Subnets:         []Ref{{Key: "s1"}, {Key: "s2"}},
		Gateways:        []Ref{{Key: "g"}},
		PropagatingVGWs: []Ref{{Key: "vgw"}},
		Routes:          []Route{{DestPrefixList: Ref{Key: "pl"}, TargetRef: Ref{Key: "igw"}}},
	}
	var keys []string
	for _, r := range Refs(rt) {
		keys = append(keys, r.Key)
	}
	want := []string{"v", "s1", "s2", "g", "vgw", "pl", "igw"}
	if len(keys) != len(want) {
		t.Fatalf("Refs = %v, want %v", keys, want)
	}
	for i := range want {
		if keys[i] != want[i] {
			t.Fatalf("Refs = %v, want %v", keys, want)
		}
	}
	// The pointers are the object's own: Link stores targets through them.
	Refs(rt)[1].Key = "changed"
	if rt.Subnets[0].Key != "changed" {
		t.Error("Refs returned copies, not pointers into the object")
	}
	if got := Refs(&VPC{}); len(got) != 0 {
		t.Errorf("a VPC holds no references, Refs = %v", got)
	}
}

func TestRouteTargetsRoundTrip(t *testing.T) {
	ks := RouteTargetKinds()
	if len(ks) != 9 {
		t.Errorf("%d route target kinds, want 9: %v", len(ks), ks)
	}
	for _, k := range ks {
		target, ok := k.RouteTarget()
		if !ok {
			t.Fatalf("%s has no route target", k)
		}
		if back, ok := TargetKindOf(target); !ok || back != k {
			t.Errorf("TargetKindOf(%s) = %s, %v; want %s", target, back, ok, k)
		}
	}
	for _, target := range []TargetKind{TargetLocal, TargetBlackhole, TargetUnsupported} {
		if k, ok := TargetKindOf(target); ok {
			t.Errorf("TargetKindOf(%s) = %s, want none", target, k)
		}
	}
	if _, ok := KindSubnet.RouteTarget(); ok {
		t.Error("a route cannot target a subnet")
	}
}

func TestKindOfID(t *testing.T) {
	for _, c := range []struct {
		id   string
		kind Kind
		ok   bool
	}{
		{"igw-0abc12345def67890", KindInternetGateway, true},
		{"vpc-0abc1234", KindVPC, true},
		{"i-0abc12345def67890", KindInstance, true},
		{"tgw-0abc12345def67890", KindTransitGateway, true},
		{"tgw-attach-0abc12345def67890", KindTGWAttachment, true},
		{"tgw-rtb-0abc12345def67890", KindTGWRouteTable, true},
		{"eipalloc-0abc1234", KindElasticIP, true},
		{"cagw-0abc12345def67890", "", false}, // a carrier gateway: not modelled
		{"lgw-0abc12345def67890", "", false},
		{"local", "", false},
		{"igw", "", false},
		{"", "", false},
	} {
		k, ok := KindOfID(c.id)
		if k != c.kind || ok != c.ok {
			t.Errorf("KindOfID(%q) = %q, %v; want %q, %v", c.id, k, ok, c.kind, c.ok)
		}
	}
}

func TestRouteTargetOfID(t *testing.T) {
	for id, want := range map[string]TargetKind{
		"igw-0abc1234":          TargetInternetGateway,
		"vgw-0abc1234":          TargetVPNGateway,
		"nat-0abc1234":          TargetNATGateway,
		"eigw-0abc1234":         TargetEgressOnlyIGW,
		"cagw-0abc1234":         TargetUnsupported,
		"sg-0abc1234":           TargetUnsupported, // a kind, but no route target
		"gateway-of-some-sort":  TargetUnsupported,
		"tgw-attach-0abc123456": TargetUnsupported,
	} {
		if got := RouteTargetOfID(id); got != want {
			t.Errorf("RouteTargetOfID(%q) = %s, want %s", id, got, want)
		}
	}
}

func TestTableLookups(t *testing.T) {
	for _, k := range Kinds {
		d, ok := DescriptorOf(k)
		if !ok || d.Kind != k {
			t.Fatalf("DescriptorOf(%s) = %v, %v", k, d, ok)
		}
		if got, ok := KindOfNative(d.Native); !ok || got != k {
			t.Errorf("KindOfNative(%q) = %s, %v; want %s", d.Native, got, ok, k)
		}
		for _, typ := range d.Terraform {
			if got, ok := KindOfTerraform(typ); !ok || got != k {
				t.Errorf("KindOfTerraform(%q) = %s, %v; want %s", typ, got, ok, k)
			}
		}
		if p := k.IDPrefix(); p != "" {
			if got, ok := KindOfID(p + "-0abc1234"); !ok || got != k {
				t.Errorf("the id prefix %q of %s reads as %s, %v", p, k, got, ok)
			}
		}
	}
	if p := KindRouteTable.IDPrefix(); p != "rtb" {
		t.Errorf("route table id prefix = %q", p)
	}
	if p := KindDXGateway.IDPrefix(); p != "" {
		t.Errorf("Direct Connect gateway ids have no prefix, got %q", p)
	}
}
