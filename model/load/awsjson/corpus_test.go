package awsjson_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// corpusDir returns the Batfish AWS corpus, ../shared/corpus/batfish-aws
// beside the repository root, skipping the test when it is absent (a clone
// elsewhere has no ../shared).
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("skipping: no go.mod above the test directory, so no ../shared/corpus to find")
		}
		dir = parent
	}
	corpus := filepath.Join(dir, "..", "shared", "corpus", "batfish-aws")
	if _, err := os.Stat(corpus); err != nil {
		tb.Skipf("skipping: the Batfish AWS corpus is not at %s (only a checkout beside shared/ has it)", corpus)
	}
	return corpus
}

// scenario is what a corpus snapshot must load into, checked by hand
// against its JSON files.
type scenario struct {
	name   string
	counts map[model.Kind]int
	// names maps AWS ids to the names they must get.
	names map[string]string
	// subnets maps subnet ids to "route-table-id network-acl-id", their effective ones.
	subnets map[string]string
	// routes maps route table ids to their routes after Link, "dest target [target-id] [origin]".
	routes map[string][]string
	// enis maps ENI ids to "private-ips public-ip instance type owner".
	enis map[string]string
	// tgw maps transit gateway attachment ids to "association propagations...".
	tgw map[string]string
	// tgwRoutes maps transit gateway route table ids to their routes after Link.
	tgwRoutes map[string][]string
	// warnings are substrings of the warnings expected, and no others.
	warnings []string
}

var scenarios = []scenario{
	{
		name: "test-nat-gateway",
		counts: map[model.Kind]int{model.KindVPC: 1, model.KindSubnet: 3, model.KindRouteTable: 3, model.KindSecurityGroup: 3,
			model.KindNetworkACL: 2, model.KindInternetGateway: 1, model.KindNATGateway: 1, model.KindInstance: 3, model.KindNetworkInterface: 4},
		names: map[string]string{
			"vpc-0008a7b45e3ddf1dd": "vpc_a", "igw-071753b9c23d8a9b2": "vpc_a",
			// Both tagged vpc_a_public: each falls back to its id.
			"rtb-0ddf14681733ed0b7": "rtb-0ddf14681733ed0b7", "rtb-02fe228b42de92a7c": "rtb-02fe228b42de92a7c",
			"acl-0792adae678b88f85": "main", "subnet-0428892a357fa1f94": "Public Subnet", "i-0b31b509174d7f5de": "Jump Host",
			"nat-07ab4846da51f4612": "nat-07ab4846da51f4612",
		},
		subnets: map[string]string{
			"subnet-06f469bcee42e408e": "rtb-02fe228b42de92a7c acl-0380e24eb934b075e",
			"subnet-02ff259e663e9613e": "rtb-0e169c4a1e0b27b55 acl-0380e24eb934b075e",
			"subnet-0428892a357fa1f94": "rtb-0ddf14681733ed0b7 acl-0792adae678b88f85",
		},
		routes: map[string][]string{
			"rtb-0ddf14681733ed0b7": {"10.1.0.0/16 local", "0.0.0.0/0 internet_gateway igw-071753b9c23d8a9b2"},
			"rtb-02fe228b42de92a7c": {"10.1.0.0/16 local", "0.0.0.0/0 nat_gateway nat-07ab4846da51f4612"},
			"rtb-0e169c4a1e0b27b55": {"10.1.0.0/16 local"},
		},
		enis: map[string]string{
			"eni-068fb5a0a9a57f23c": "10.1.250.116 18.216.129.140 i-0b31b509174d7f5de interface",
			"eni-017aaec115610308a": "10.1.250.210 3.135.127.225 - nat_gateway nat-07ab4846da51f4612",
			"eni-0e4ce6a7777b9bff8": "10.1.1.98 - i-0a128d26e59be60f3 interface",
			"eni-0cbd69297d26de519": "10.1.20.173 - i-0a73a1a6021c03ddb interface",
		},
	},
	{
		name: "test-public-private-subnet",
		counts: map[model.Kind]int{model.KindVPC: 1, model.KindSubnet: 2, model.KindRouteTable: 2, model.KindSecurityGroup: 3,
			model.KindNetworkACL: 1, model.KindInternetGateway: 1, model.KindInstance: 2, model.KindNetworkInterface: 2,
			model.KindVPNGateway: 1, model.KindVPNConnection: 1, model.KindCustomerGateway: 1},
		names: map[string]string{"vpc-0b966fdeb36d5e43f": "vpc-0b966fdeb36d5e43f", "subnet-0cf7a93fbd779f3a3": "Public subnet",
			"subnet-0f263105946ad1a1d": "Private subnet"},
		subnets: map[string]string{
			"subnet-0cf7a93fbd779f3a3": "rtb-0d20fcae075afe460 acl-0ae73e62fae564306",
			"subnet-0f263105946ad1a1d": "rtb-002f0eabf583bf991 acl-0ae73e62fae564306",
		},
		routes: map[string][]string{
			// The main table propagates the VGW, whose static-only VPN
			// connection routes 19.168.0.0/16: Link adds that route.
			"rtb-002f0eabf583bf991": {"10.0.0.0/16 local", "0.0.0.0/0 vpn_gateway vgw-070087240d6fa2989",
				"19.168.0.0/16 vpn_gateway vgw-070087240d6fa2989 propagated-vpn-static"},
			"rtb-0d20fcae075afe460": {"10.0.0.0/16 local", "0.0.0.0/0 internet_gateway igw-0eac198308206c358"},
		},
		enis: map[string]string{
			"eni-09da8cad43844dc1f": "10.0.0.47 13.58.55.60 i-094a9e5b545a4fde4 interface",
			"eni-07c1506e49d784fe0": "10.0.1.204 - i-099cf38911942421c interface",
		},
		warnings: []string{"no tunnel of vpn connection vpn-05044757278685fd3 was UP", "not used: AvailabilityZones.json"},
	},
	{
		name: "test-public-subnet",
		counts: map[model.Kind]int{model.KindVPC: 1, model.KindSubnet: 1, model.KindRouteTable: 2, model.KindSecurityGroup: 2,
			model.KindNetworkACL: 1, model.KindInternetGateway: 1, model.KindInstance: 1, model.KindNetworkInterface: 1},
		names:   map[string]string{"subnet-0bb82ae8b3ea5dc78": "Public subnet", "i-06669a407b2ef3ae5": "i-06669a407b2ef3ae5"},
		subnets: map[string]string{"subnet-0bb82ae8b3ea5dc78": "rtb-0489000c9e6c299e8 acl-0d9449710ec85473c"},
		routes: map[string][]string{
			"rtb-0489000c9e6c299e8": {"10.0.0.0/16 local", "0.0.0.0/0 internet_gateway igw-0a409e562d251f766"},
			"rtb-0a7b14443588910ad": {"10.0.0.0/16 local"},
		},
		enis:     map[string]string{"eni-00064850627e198ee": "10.0.0.91 18.216.80.133 i-06669a407b2ef3ae5 interface"},
		warnings: []string{"not used: AvailabilityZones.json"},
	},
	{
		name: "test-subnet",
		counts: map[model.Kind]int{model.KindVPC: 1, model.KindSubnet: 1, model.KindRouteTable: 1, model.KindSecurityGroup: 3,
			model.KindNetworkACL: 1, model.KindInstance: 2, model.KindNetworkInterface: 2},
		subnets: map[string]string{"subnet-06c8307e34ffadb04": "rtb-07243bb4843d61c35 acl-07102431133dec52a"},
		routes:  map[string][]string{"rtb-07243bb4843d61c35": {"10.10.0.0/16 local"}},
		enis: map[string]string{
			"eni-010f649a7fc5c1e34": "10.10.1.228 - i-08ef86e76fceabd8d interface",
			"eni-029bf1092de61fb40": "10.10.1.44 - i-07519d6ba3f9497e4 interface",
		},
		warnings: []string{"not used: AvailabilityZones.json"},
	},
	{
		name: "test-transit-gateway",
		// The terminated instance, the deleted VPN connection and its
		// deleted attachment are not loaded.
		counts: map[model.Kind]int{model.KindVPC: 2, model.KindSubnet: 3, model.KindRouteTable: 2, model.KindSecurityGroup: 5,
			model.KindNetworkACL: 2, model.KindInternetGateway: 1, model.KindElasticIP: 1, model.KindInstance: 3,
			model.KindNetworkInterface: 5, model.KindTransitGateway: 1, model.KindTGWRouteTable: 1, model.KindTGWAttachment: 2,
			model.KindCustomerGateway: 1},
		names: map[string]string{"vpc-00a31ce9d0c06675c": "VPC B", "vpc-0404e08ceddf7f650": "VPC A", "subnet-0b5b8ddd5a69fcfcd": "subnet-A2",
			"tgw-044be4464fcc69aff": "transit-test", "tgw-attach-07f5ec59e9f540021": "tgw-vpcA", "igw-0a4895a3c58cac8cb": "transit-test"},
		subnets: map[string]string{
			"subnet-0ebf6378a79a3e534": "rtb-017c36290c9baf017 acl-060c3d111b1e1692d",
			"subnet-0b5b8ddd5a69fcfcd": "rtb-0891861fffaea6d52 acl-0b0c7a5db2fc8fa08",
			"subnet-006a19c846f047bd7": "rtb-0891861fffaea6d52 acl-0b0c7a5db2fc8fa08",
		},
		routes: map[string][]string{
			"rtb-017c36290c9baf017": {"192.168.0.0/16 local", "10.10.0.0/16 transit_gateway tgw-044be4464fcc69aff",
				"0.0.0.0/0 internet_gateway igw-0a4895a3c58cac8cb"},
			"rtb-0891861fffaea6d52": {"192.168.0.0/16 transit_gateway tgw-044be4464fcc69aff", "10.10.0.0/16 local"},
		},
		enis: map[string]string{
			"eni-0024c0af5aa1387e5": "192.168.1.106 3.136.41.161 i-0b14080af811fda3d interface",
			"eni-0f0708220e812876c": "10.10.10.157 - i-06ba034d88c84ef07 interface",
			"eni-00f08ecf4f651037c": "10.10.10.132 - - transit_gateway tgw-attach-07f5ec59e9f540021",
			"eni-030eeb1fb8c2d6654": "10.10.20.154 - i-075e846ed41670385 interface",
			"eni-037da70184ed54e2d": "192.168.1.95 - - transit_gateway tgw-attach-0ae2696617bb06fb4",
		},
		tgw: map[string]string{
			"tgw-attach-07f5ec59e9f540021": "tgw-rtb-0fa40c8df355dce6e tgw-rtb-0fa40c8df355dce6e",
			"tgw-attach-0ae2696617bb06fb4": "tgw-rtb-0fa40c8df355dce6e tgw-rtb-0fa40c8df355dce6e",
		},
		tgwRoutes: map[string][]string{
			// The snapshot lists no route; Link adds what the propagations bring.
			"tgw-rtb-0fa40c8df355dce6e": {"10.10.0.0/16 tgw-attach-07f5ec59e9f540021 propagated-vpc",
				"192.168.0.0/16 tgw-attach-0ae2696617bb06fb4 propagated-vpc"},
		},
		warnings: []string{"not used: AvailabilityZones.json, ElasticsearchDomains.json, RdsInstances.json"},
	},
	{
		name: "test-transit-gateway-multi-table",
		counts: map[model.Kind]int{model.KindVPC: 2, model.KindSubnet: 3, model.KindRouteTable: 2, model.KindSecurityGroup: 5,
			model.KindNetworkACL: 2, model.KindInternetGateway: 1, model.KindElasticIP: 1, model.KindInstance: 3,
			model.KindNetworkInterface: 5, model.KindTransitGateway: 1, model.KindTGWRouteTable: 2, model.KindTGWAttachment: 2,
			model.KindCustomerGateway: 1, model.KindVPNGateway: 1},
		names: map[string]string{"tgw-rtb-096a7119299ab1c42": "rt B", "tgw-rtb-0fa40c8df355dce6e": "default",
			"vgw-045e114c413727463": "vgw-045e114c413727463"},
		tgw: map[string]string{
			// A is associated with the default table and propagates into rt B; B the other way round.
			"tgw-attach-07f5ec59e9f540021": "tgw-rtb-0fa40c8df355dce6e tgw-rtb-096a7119299ab1c42",
			"tgw-attach-0ae2696617bb06fb4": "tgw-rtb-096a7119299ab1c42 tgw-rtb-0fa40c8df355dce6e",
		},
		tgwRoutes: map[string][]string{
			"tgw-rtb-096a7119299ab1c42": {"10.10.0.0/16 tgw-attach-07f5ec59e9f540021 propagated-vpc"},
			"tgw-rtb-0fa40c8df355dce6e": {"192.168.0.0/16 tgw-attach-0ae2696617bb06fb4 propagated-vpc"},
		},
		warnings: []string{"not used: AvailabilityZones.json, ElasticsearchDomains.json, RdsInstances.json"},
	},
	{
		name: "test-vpc-peering",
		counts: map[model.Kind]int{model.KindVPC: 3, model.KindSubnet: 3, model.KindRouteTable: 3, model.KindSecurityGroup: 6,
			model.KindNetworkACL: 3, model.KindInstance: 3, model.KindNetworkInterface: 3, model.KindPeering: 2},
		names: map[string]string{"pcx-0d5b836985ac8ca8c": "A-C", "pcx-0b89b559e3319d6cf": "A-B", "vpc-09095dbf2886404ee": "VPC C"},
		subnets: map[string]string{
			"subnet-0ebf6378a79a3e534": "rtb-017c36290c9baf017 acl-060c3d111b1e1692d",
			"subnet-0af94b59d214ff20a": "rtb-0890ea815555d4457 acl-01dee4c0b49e0f2a2",
			"subnet-006a19c846f047bd7": "rtb-0891861fffaea6d52 acl-0b0c7a5db2fc8fa08",
		},
		routes: map[string][]string{
			// The default route's internet gateway is gone: AWS shows a blackhole.
			"rtb-017c36290c9baf017": {"192.168.0.0/16 local", "10.10.0.0/16 peering_connection pcx-0b89b559e3319d6cf", "0.0.0.0/0 blackhole"},
			"rtb-0891861fffaea6d52": {"192.168.1.0/24 peering_connection pcx-0b89b559e3319d6cf",
				"192.168.2.0/24 peering_connection pcx-0d5b836985ac8ca8c", "10.10.0.0/16 local"},
			"rtb-0890ea815555d4457": {"192.168.0.0/16 local", "10.10.0.0/16 peering_connection pcx-0d5b836985ac8ca8c"},
		},
		enis: map[string]string{
			"eni-06347554b65539ff3": "192.168.2.229 - i-04a292ff83b3aa833 interface",
			"eni-0f0708220e812876c": "10.10.10.157 - i-06ba034d88c84ef07 interface",
			"eni-0024c0af5aa1387e5": "192.168.1.106 - i-0b14080af811fda3d interface",
		},
		warnings: []string{"not used: AvailabilityZones.json"},
	},
	{
		name: "test-vpn-gateway",
		// The deleted VPN connection is not loaded; its customer gateway still exists.
		counts: map[model.Kind]int{model.KindVPC: 1, model.KindSubnet: 1, model.KindRouteTable: 1, model.KindSecurityGroup: 3,
			model.KindNetworkACL: 1, model.KindInstance: 1, model.KindNetworkInterface: 1, model.KindVPNGateway: 1,
			model.KindCustomerGateway: 2, model.KindVPNConnection: 1},
		subnets: map[string]string{"subnet-0f263105946ad1a1d": "rtb-0d20fcae075afe460 acl-0ae73e62fae564306"},
		routes: map[string][]string{
			"rtb-0d20fcae075afe460": {"10.0.0.0/16 local", "0.0.0.0/0 vpn_gateway vgw-0c09bd7fadac961bf"},
		},
		enis:     map[string]string{"eni-07c1506e49d784fe0": "10.0.1.204 - i-099cf38911942421c interface"},
		warnings: []string{"no tunnel of vpn connection vpn-03701a53bba3c48b7 was UP", "not used: AvailabilityZones.json"},
	},
}

func routeString(r model.Route) string {
	dest := r.Dest.String()
	if r.DestPrefixList.Set() {
		dest = r.DestPrefixList.Key
	}
	s := dest + " " + string(r.Target)
	if r.TargetRef.Obj != nil {
		s += " " + r.TargetRef.Obj.Base().AWSID
	}
	if r.Origin != model.OriginStatic {
		s += " " + r.Origin.String()
	}
	return s
}

func tgwRouteString(r model.TGWRoute) string {
	s := r.Dest.String()
	if r.Blackhole {
		s += " blackhole"
	}
	if r.Attachment.Obj != nil {
		s += " " + r.Attachment.Obj.Base().AWSID
	}
	return s + " " + r.Origin.String()
}

func eniString(e *model.NetworkInterface) string {
	var ips []string
	for _, ip := range e.PrivateIPs {
		ips = append(ips, ip.String())
	}
	field := func(o model.Object) string {
		if o == nil {
			return "-"
		}
		return o.Base().AWSID
	}
	pub := "-"
	if e.PublicIPMode == model.PublicIPKnown {
		pub = e.PublicIP.String()
	}
	s := fmt.Sprintf("%s %s %s %s", strings.Join(ips, ","), pub, field(e.Instance.Obj), e.Type)
	if e.Owner.Obj != nil {
		s += " " + e.Owner.Obj.Base().AWSID
	}
	return s
}

func TestCorpus(t *testing.T) {
	corpus := corpusDir(t)
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			net, diags := load.Paths([]string{filepath.Join(corpus, sc.name, "aws_configs")}, load.Options{})
			var warnings []string
			for _, d := range diags {
				switch d.Severity {
				case hcl.DiagError:
					t.Errorf("error: %s", d.Error())
				case hcl.DiagWarning:
					warnings = append(warnings, d.Summary)
				}
			}
			if net == nil {
				t.Fatal("no network")
			}
			if len(warnings) != len(sc.warnings) {
				t.Errorf("warnings %q, want %d: %q", warnings, len(sc.warnings), sc.warnings)
			}
			for _, w := range sc.warnings {
				if !slices.ContainsFunc(warnings, func(s string) bool { return strings.Contains(s, w) }) {
					t.Errorf("no warning contains %q: %q", w, warnings)
				}
			}
			counts := net.Counts()
			for _, k := range model.Kinds {
				if counts[k] != sc.counts[k] {
					t.Errorf("%d %s, want %d", counts[k], k, sc.counts[k])
				}
			}
			ids := map[string]model.Object{}
			for _, o := range net.Objects() {
				if id := o.Base().AWSID; id != "" {
					ids[id] = o
				}
				if m := o.Base(); !m.Implicit && m.Range.Filename == "" {
					t.Errorf("%s has no source range", model.Label(o))
				}
			}
			for id, name := range sc.names {
				if o := ids[id]; o == nil || o.Base().Name != name {
					t.Errorf("%s: name %v, want %q", id, o, name)
				}
			}
			for id, want := range sc.subnets {
				s, _ := ids[id].(*model.Subnet)
				if s == nil || s.RouteTable == nil || s.NetworkACL == nil {
					t.Errorf("subnet %s: %v", id, s)
					continue
				}
				if got := s.RouteTable.AWSID + " " + s.NetworkACL.AWSID; got != want {
					t.Errorf("subnet %s uses %s, want %s", id, got, want)
				}
			}
			for id, want := range sc.routes {
				rt, _ := ids[id].(*model.RouteTable)
				if rt == nil {
					t.Errorf("no route table %s", id)
					continue
				}
				var got []string
				for _, r := range rt.Routes {
					got = append(got, routeString(r))
				}
				if !slices.Equal(got, want) {
					t.Errorf("route table %s:\n got %q\nwant %q", id, got, want)
				}
			}
			for id, want := range sc.enis {
				e, _ := ids[id].(*model.NetworkInterface)
				if e == nil {
					t.Errorf("no ENI %s", id)
					continue
				}
				if got := eniString(e); got != want {
					t.Errorf("ENI %s = %q, want %q", id, got, want)
				}
			}
			for id, want := range sc.tgw {
				a, _ := ids[id].(*model.TGWAttachment)
				if a == nil {
					t.Errorf("no attachment %s", id)
					continue
				}
				got := "-"
				if a.Association.Obj != nil {
					got = a.Association.Obj.Base().AWSID
				}
				for _, p := range a.Propagations {
					got += " " + p.Key
				}
				if got != want {
					t.Errorf("attachment %s: %q, want %q", id, got, want)
				}
			}
			for id, want := range sc.tgwRoutes {
				rt, _ := ids[id].(*model.TGWRouteTable)
				if rt == nil {
					t.Errorf("no transit gateway route table %s", id)
					continue
				}
				var got []string
				for _, r := range rt.Routes {
					got = append(got, tgwRouteString(r))
				}
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Errorf("transit gateway route table %s:\n got %q\nwant %q", id, got, want)
				}
			}
		})
	}
}

// TestCorpusDetails checks what the inventory above does not show.
func TestCorpusDetails(t *testing.T) {
	corpus := corpusDir(t)
	get := func(t *testing.T, scenario string) map[string]model.Object {
		net, diags := load.Paths([]string{filepath.Join(corpus, scenario, "aws_configs")}, load.Options{})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		ids := map[string]model.Object{}
		for _, o := range net.Objects() {
			ids[o.Base().AWSID] = o
		}
		return ids
	}
	t.Run("nat gateway", func(t *testing.T) {
		ids := get(t, "test-nat-gateway")
		nat := ids["nat-07ab4846da51f4612"].(*model.NATGateway)
		if nat.Private || nat.PrivateIP.String() != "10.1.250.210" || nat.PublicIP.String() != "3.135.127.225" ||
			nat.SubnetOf().AWSID != "subnet-0428892a357fa1f94" || nat.Interface.Obj != ids["eni-017aaec115610308a"] || nat.EIP.Set() {
			t.Errorf("nat = %+v (no Addresses.json here: no EIP reference)", nat)
		}
		acl := ids["acl-0792adae678b88f85"].(*model.NetworkACL)
		var rules []string
		for _, r := range acl.Rules {
			rules = append(rules, fmt.Sprintf("%s %d %s %s %s", r.Direction, r.Number, r.Action, r.Protocol, r.CIDR))
		}
		want := []string{"egress 100 allow all 0.0.0.0/0", "ingress 100 allow icmp 10.1.1.0/24", "ingress 200 allow all 0.0.0.0/0"}
		if !slices.Equal(rules, want) {
			t.Errorf("rules %q, want %q (the 32767 entries are AWS's implicit deny)", rules, want)
		}
		if v := ids["vpc-0008a7b45e3ddf1dd"].(*model.VPC); v.Region != "us-east-2" || v.Account != "554773406868" {
			t.Errorf("vpc region %q account %q", v.Region, v.Account)
		}
	})
	t.Run("vpc peering", func(t *testing.T) {
		ids := get(t, "test-vpc-peering")
		p := ids["pcx-0b89b559e3319d6cf"].(*model.Peering)
		if p.Requester.Obj != ids["vpc-0404e08ceddf7f650"] || p.Accepter.Obj != ids["vpc-00a31ce9d0c06675c"] || p.State != model.PeeringActive ||
			p.RequesterRegion != "us-east-2" || p.AccepterAccount != "554773406868" {
			t.Errorf("pcx A-B = %+v", p)
		}
		if a := ids["vpc-0404e08ceddf7f650"].(*model.VPC); len(a.CIDRs) != 1 || a.CIDRs[0].Prefix.String() != "10.10.0.0/16" {
			t.Errorf("VPC A blocks %v (10.11.0.0/16 is disassociated)", a.CIDRs)
		}
	})
	t.Run("vpn gateway", func(t *testing.T) {
		ids := get(t, "test-vpn-gateway")
		c := ids["vpn-03701a53bba3c48b7"].(*model.VPNConnection)
		if c.StaticRoutesOnly || c.Tunnels != 0 || c.VPNGateway.Obj != ids["vgw-0c09bd7fadac961bf"] || c.CustomerGateway.Obj != ids["cgw-07affe708bb0e5fb6"] {
			t.Errorf("vpn = %+v", c)
		}
		g := ids["vgw-0c09bd7fadac961bf"].(*model.VPNGateway)
		if g.ASN != 64512 || g.VPC.Obj != ids["vpc-0b966fdeb36d5e43f"] {
			t.Errorf("vgw = %+v", g)
		}
		if cg := ids["cgw-07affe708bb0e5fb6"].(*model.CustomerGateway); cg.ASN != 65000 || cg.IP.String() != "1.1.1.2" {
			t.Errorf("cgw = %+v", cg)
		}
	})
	t.Run("transit gateway", func(t *testing.T) {
		ids := get(t, "test-transit-gateway")
		a := ids["tgw-attach-07f5ec59e9f540021"].(*model.TGWAttachment)
		if a.VPC.Obj != ids["vpc-0404e08ceddf7f650"] || len(a.Subnets) != 1 || a.Subnets[0].Obj != ids["subnet-006a19c846f047bd7"] || a.ApplianceMode {
			t.Errorf("attachment A = %+v", a)
		}
		g := ids["tgw-044be4464fcc69aff"].(*model.TransitGateway)
		if g.ASN != 64512 || g.Region != "us-east-2" || g.DefaultAssociation.Obj != ids["tgw-rtb-0fa40c8df355dce6e"] ||
			g.DefaultPropagation.Obj != ids["tgw-rtb-0fa40c8df355dce6e"] {
			t.Errorf("tgw = %+v", g)
		}
		eip := ids["eipalloc-0ac2b9a9f59d2cc2f"].(*model.ElasticIP)
		if eip.PublicIP.String() != "3.136.41.161" || eip.Interface.Obj != ids["eni-0024c0af5aa1387e5"] || eip.Instance.Obj != ids["i-0b14080af811fda3d"] {
			t.Errorf("eip = %+v", eip)
		}
		if _, ok := ids["i-04a292ff83b3aa833"]; ok {
			t.Error("the terminated instance was loaded")
		}
	})
}
