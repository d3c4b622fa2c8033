package awsjson

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/jsondoc"
)

func TestIsResult(t *testing.T) {
	for key, want := range map[string]bool{
		"Vpcs": true, "Reservations": true, "AvailabilityZones": true, "directConnectGateways": true,
		"AdditionalRoutesAvailable": true, "vpcs": false, "planned_values": false, "name": false,
	} {
		if got := IsResult(key); got != want {
			t.Errorf("IsResult(%q) = %v, want %v", key, got, want)
		}
	}
}

// inventory summarises a network for comparing two loads.
func inventory(net *model.Network) string {
	var b strings.Builder
	for _, o := range net.Objects() {
		m := o.Base()
		if m.Implicit {
			continue
		}
		fmt.Fprintf(&b, "%s %s %s", o.Kind(), m.Name, m.AWSID)
		switch o := o.(type) {
		case *model.RouteTable:
			for _, r := range o.Routes {
				fmt.Fprintf(&b, " [%s %s %s %s]", r.Dest, r.DestPrefixList.Key, r.Target, r.TargetRef.Key)
			}
		case *model.Subnet:
			fmt.Fprintf(&b, " %s rt=%s acl=%s", o.CIDR.Prefix, o.RouteTable.AWSID, o.NetworkACL.AWSID)
		case *model.NetworkInterface:
			fmt.Fprintf(&b, " %v %v inst=%s", o.PrivateIPs, o.PublicIP, o.Instance.Key)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestCombinedFileEqualsOneFilePerCall(t *testing.T) {
	// everyTarget holds several calls' results in one file; split it into
	// one file per call and the network must be the same.
	docs, err := jsondoc.Parse([]byte(everyTarget))
	if err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for _, m := range docs[0].Children {
		pairs = append(pairs, m.Key+".json", `{"`+m.Key+`": `+everyTarget[m.Value.Start:m.Value.End]+`}`)
	}
	combined, _ := loadFiles(t, "snapshot.json", everyTarget)
	split, _ := loadFiles(t, pairs...)
	if a, b := inventory(combined), inventory(split); a != b {
		t.Errorf("combined and split snapshots differ:\n%s\n---\n%s", a, b)
	}
	// Concatenated documents (aws … >> all.json) are one combined file too.
	var concatenated strings.Builder
	for i := 1; i < len(pairs); i += 2 {
		concatenated.WriteString(pairs[i] + "\n")
	}
	appended, diags := loadFiles(t, "all.json", concatenated.String())
	if errs := messages(diags, hcl.DiagError); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if a, b := inventory(combined), inventory(appended); a != b {
		t.Errorf("combined and concatenated snapshots differ:\n%s\n---\n%s", a, b)
	}
}

func TestDeterministic(t *testing.T) {
	a, _ := loadFiles(t, "b.json", tgwBase, "a.json", minimalVPC)
	b, _ := loadFiles(t, "a.json", minimalVPC, "b.json", tgwBase)
	if inventory(a) != inventory(b) {
		t.Error("the order of the sources changed the network")
	}
}

func TestNames(t *testing.T) {
	net, diags := loadFiles(t, "s.json", `{
	 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Tags": [{"Key": "Name", "Value": "prod"}]},
	          {"VpcId": "vpc-2", "CidrBlock": "10.1.0.0/16", "Tags": [{"Key": "Name", "Value": "vpc-1"}]}],
	 "Subnets": [
	  {"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "Tags": [{"Key": "Name", "Value": "app"}]},
	  {"SubnetId": "subnet-2", "VpcId": "vpc-1", "CidrBlock": "10.0.2.0/24", "Tags": [{"Key": "Name", "Value": "app"}]},
	  {"SubnetId": "subnet-3", "VpcId": "prod", "CidrBlock": "10.0.3.0/24", "Tags": [{"Key": "Name", "Value": "  "}]},
	  {"SubnetId": "subnet-4", "VpcId": "vpc-1", "CidrBlock": "10.0.4.0/24", "Tags": [{"Key": "Name", "Value": "db"}]}],
	 "RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Tags": [{"Key": "Name", "Value": "app"}],
	   "Associations": [{"SubnetId": "subnet-4"}], "Routes": []}]
	}`)
	if errs := messages(diags, hcl.DiagError); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	got := map[string]string{}
	for _, o := range net.Objects() {
		if !o.Base().Implicit {
			got[o.Base().AWSID] = o.Base().Name
		}
	}
	want := map[string]string{
		"vpc-1": "prod", "vpc-2": "vpc-2", // a name that is another VPC's id would make the id ambiguous
		"subnet-1": "subnet-1", "subnet-2": "subnet-2", // colliding tags: both take their id
		"subnet-3": "subnet-3", // blank tag
		"subnet-4": "db",
		"rtb-1":    "app", // names are unique per kind: a route table may share a subnet's name
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("names = %v, want %v", got, want)
	}
	if s := byID[*model.Subnet](t, net, model.KindSubnet, "subnet-1"); s.Tags["Name"] != "app" {
		t.Error("the colliding Name tag is kept in Tags")
	}
	// References by id resolve whatever the name; subnet-3 referred to its VPC by name.
	if s := byID[*model.Subnet](t, net, model.KindSubnet, "subnet-3"); s.VPCOf() == nil || s.VPCOf().AWSID != "vpc-1" {
		t.Error("subnet-3's VPC did not resolve")
	}
	if got := net.Lookup(model.KindSubnet, "subnet-4"); len(got) != 1 || got[0].Base().Name != "db" {
		t.Errorf("lookup by id: %v", got)
	}
}

func TestAccountsLayout(t *testing.T) {
	vpc := func(id, cidr string) string {
		return `{"Vpcs": [{"VpcId": "` + id + `", "CidrBlock": "` + cidr + `"}]}`
	}
	peering := `{"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1",
	  "Status": {"Code": "active"},
	  "RequesterVpcInfo": {"VpcId": "vpc-b", "OwnerId": "222222222222", "Region": "us-east-1"},
	  "AccepterVpcInfo": {"VpcId": "vpc-a", "OwnerId": "111111111111", "Region": "eu-west-1"}}]}`
	net, diags := loadFiles(t,
		"snap/accounts/111111111111/eu-west-1/Vpcs.json", vpc("vpc-a", "10.0.0.0/16"),
		"snap/accounts/222222222222/us-east-1/Vpcs.json", vpc("vpc-b", "10.1.0.0/16"),
		// Both accounts list the peering between them.
		"snap/accounts/222222222222/us-east-1/VpcPeeringConnections.json", peering,
		"snap/accounts/111111111111/eu-west-1/VpcPeeringConnections.json", peering,
		"other/Vpcs.json", `{"Vpcs": [{"VpcId": "vpc-c", "CidrBlock": "10.2.0.0/16", "OwnerId": "333333333333"}]}`,
		"other/Subnets.json", `{"Subnets": [{"SubnetId": "subnet-c", "VpcId": "vpc-c", "CidrBlock": "10.2.0.0/24", "AvailabilityZone": "ap-southeast-2b"}]}`,
		"other/TransitGateways.json", `{"TransitGateways": [{"TransitGatewayId": "tgw-c"}]}`,
		"third/Vpcs.json", `{"Vpcs": [{"VpcId": "vpc-d", "CidrBlock": "10.3.0.0/16"}]}`,
		"third/TransitGateways.json", `{"TransitGateways": [{"TransitGatewayId": "tgw-d", "TransitGatewayArn": "arn:aws:ec2:sa-east-1:4:transit-gateway/tgw-d"}]}`,
	)
	if errs := messages(diags, hcl.DiagError); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if warnings := messages(diags, hcl.DiagWarning); len(warnings) > 0 {
		t.Errorf("warnings: %v (a peering listed by both of its accounts is no mistake)", warnings)
	}
	if len(net.Peerings) != 1 {
		t.Errorf("%d peerings, want 1", len(net.Peerings))
	}
	for _, tc := range []struct{ id, account, region string }{
		{"vpc-a", "111111111111", "eu-west-1"},
		{"vpc-b", "222222222222", "us-east-1"},
		{"vpc-c", "333333333333", "ap-southeast-2"}, // OwnerId, and the region of its subnets' AZ
		{"vpc-d", "", "sa-east-1"},                  // the region of the directory's ARNs
	} {
		v := byID[*model.VPC](t, net, model.KindVPC, tc.id)
		if v.Account != tc.account || v.Region != tc.region {
			t.Errorf("%s: account %q region %q, want %q %q", tc.id, v.Account, v.Region, tc.account, tc.region)
		}
	}
	if g := byID[*model.TransitGateway](t, net, model.KindTransitGateway, "tgw-c"); g.Region != "ap-southeast-2" {
		t.Errorf("tgw-c region %q", g.Region)
	}
	p := byID[*model.Peering](t, net, model.KindPeering, "pcx-1")
	if p.Requester.Obj == nil || p.Accepter.Obj == nil || p.State != model.PeeringActive ||
		p.RequesterAccount != "222222222222" || p.AccepterRegion != "eu-west-1" {
		t.Errorf("pcx-1 = %+v", p)
	}
}

func TestPeeringToAnotherAccount(t *testing.T) {
	net := mustLoad(t, "s.json", `{
	 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "OwnerId": "1"}],
	 "VpcPeeringConnections": [
	  {"VpcPeeringConnectionId": "pcx-1", "Status": {"Code": "active"}, "Tags": [{"Key": "Name", "Value": "partner"}],
	   "RequesterVpcInfo": {"VpcId": "vpc-1", "OwnerId": "1", "Region": "eu-west-1"},
	   "AccepterVpcInfo": {"VpcId": "vpc-partner", "OwnerId": "2", "Region": "eu-west-1"}},
	  {"VpcPeeringConnectionId": "pcx-2", "Status": {"Code": "pending-acceptance"},
	   "RequesterVpcInfo": {"VpcId": "vpc-1"}, "AccepterVpcInfo": {"VpcId": "vpc-x"}},
	  {"VpcPeeringConnectionId": "pcx-3", "Status": {"Code": "rejected"},
	   "RequesterVpcInfo": {"VpcId": "vpc-1"}, "AccepterVpcInfo": {"VpcId": "vpc-y"}}]}`)
	p := byID[*model.Peering](t, net, model.KindPeering, "pcx-1")
	if p.Name != "partner" || p.Requester.Obj == nil || p.Accepter.Obj != nil || !p.Accepter.External || p.AccepterAccount != "2" {
		t.Errorf("pcx-1 = %+v", p)
	}
	if p := byID[*model.Peering](t, net, model.KindPeering, "pcx-2"); p.State != model.PeeringPending {
		t.Errorf("pcx-2 state %q", p.State)
	}
	if len(net.Peerings) != 2 {
		t.Errorf("%d peerings; a rejected one no longer exists", len(net.Peerings))
	}
}

func TestEndpointsAndPrefixLists(t *testing.T) {
	net := mustLoad(t, "s.json", `{
	 "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
	 "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24"}],
	 "SecurityGroups": [{"GroupId": "sg-1", "GroupName": "ep", "VpcId": "vpc-1"}],
	 "RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": [
	   {"DestinationPrefixListId": "pl-s3", "GatewayId": "vpce-s3", "Origin": "CreateRoute", "State": "active"}]}],
	 "PrefixLists": [{"PrefixListId": "pl-s3", "PrefixListName": "com.amazonaws.eu-west-1.s3", "Cidrs": ["52.218.0.0/17", "3.5.64.0/21"]}],
	 "ManagedPrefixLists": [
	  {"PrefixListId": "pl-s3", "PrefixListName": "com.amazonaws.eu-west-1.s3", "AddressFamily": "IPv4", "OwnerId": "AWS", "State": "create-complete"},
	  {"PrefixListId": "pl-corp", "PrefixListName": "corp", "AddressFamily": "IPv4", "MaxEntries": 10, "OwnerId": "1", "State": "modify-complete"},
	  {"PrefixListId": "pl-v6", "PrefixListName": "corp6", "AddressFamily": "IPv6", "OwnerId": "1", "State": "create-complete",
	   "Entries": [{"Cidr": "2001:db8::/32"}]},
	  {"PrefixListId": "pl-gone", "PrefixListName": "old", "OwnerId": "1", "State": "delete-complete"}],
	 "ManagedPrefixListEntries": [{"PrefixListId": "pl-corp", "Entries": [{"Cidr": "192.0.2.0/24", "Description": "office"}, {"Cidr": "198.51.100.0/24"}]}],
	 "VpcEndpoints": [
	  {"VpcEndpointId": "vpce-s3", "VpcEndpointType": "Gateway", "VpcId": "vpc-1", "ServiceName": "com.amazonaws.eu-west-1.s3",
	   "State": "available", "RouteTableIds": ["rtb-1"]},
	  {"VpcEndpointId": "vpce-sqs", "VpcEndpointType": "Interface", "VpcId": "vpc-1", "ServiceName": "com.amazonaws.eu-west-1.sqs",
	   "State": "available", "SubnetIds": ["subnet-1"], "Groups": [{"GroupId": "sg-1", "GroupName": "ep"}], "NetworkInterfaceIds": ["eni-not-collected"]},
	  {"VpcEndpointId": "vpce-old", "VpcEndpointType": "Interface", "VpcId": "vpc-1", "ServiceName": "x", "State": "Deleted"}]}`)
	s3 := byID[*model.PrefixList](t, net, model.KindPrefixList, "pl-s3")
	if !s3.AWSManaged || s3.Family != "IPv4" || len(s3.Entries) != 2 || s3.Name != "com.amazonaws.eu-west-1.s3" {
		t.Errorf("pl-s3 = %+v", s3)
	}
	corp := byID[*model.PrefixList](t, net, model.KindPrefixList, "pl-corp")
	if corp.AWSManaged || corp.MaxEntries != 10 || len(corp.Entries) != 2 || corp.Name != "corp" {
		t.Errorf("pl-corp = %+v", corp)
	}
	if v6 := byID[*model.PrefixList](t, net, model.KindPrefixList, "pl-v6"); v6.Family != "IPv6" || len(v6.Entries) != 1 {
		t.Errorf("pl-v6 = %+v", v6)
	}
	if len(net.PrefixLists) != 3 {
		t.Errorf("%d prefix lists, want 3 (one deleted; pl-s3 listed twice)", len(net.PrefixLists))
	}
	gw := byID[*model.VPCEndpoint](t, net, model.KindVPCEndpoint, "vpce-s3")
	if gw.Type != model.EndpointGateway || gw.PrefixList.Obj != model.Object(s3) || len(gw.RouteTables) != 1 || gw.RouteTables[0].Obj == nil {
		t.Errorf("vpce-s3 = %+v", gw)
	}
	rt := byID[*model.RouteTable](t, net, model.KindRouteTable, "rtb-1")
	endpointRoutes := 0
	for _, r := range rt.Routes {
		if r.Target == model.TargetVPCEndpoint {
			endpointRoutes++
		}
	}
	if endpointRoutes != 1 {
		t.Errorf("%d endpoint routes: the snapshot's route and Link's must be one", endpointRoutes)
	}
	sqs := byID[*model.VPCEndpoint](t, net, model.KindVPCEndpoint, "vpce-sqs")
	if sqs.Type != model.EndpointInterface || len(sqs.Subnets) != 1 || len(sqs.SecurityGroups) != 1 || sqs.SecurityGroups[0].Obj == nil {
		t.Errorf("vpce-sqs = %+v", sqs)
	}
	// Its ENI was not collected: Link makes one, as for a native definition.
	if len(sqs.Interfaces) != 1 || !sqs.Interfaces[0].Obj.Base().Implicit {
		t.Errorf("vpce-sqs interfaces = %+v", sqs.Interfaces)
	}
	if len(net.Endpoints) != 2 {
		t.Errorf("%d endpoints; a Deleted one no longer exists", len(net.Endpoints))
	}
}

func TestNotUsedIsOneWarning(t *testing.T) {
	_, diags := loadFiles(t,
		"dir/Vpcs.json", `{"Vpcs": []}`,
		"dir/RdsInstances.json", `{"DBInstances": []}`,
		"dir/AvailabilityZones.json", `{"AvailabilityZones": [{"ZoneName": "us-east-2a"}]}`,
		"dir/combined.json", `{"Subnets": [], "DhcpOptions": [], "Custom": 1}`)
	var notUsed []*hcl.Diagnostic
	for _, d := range diags {
		if strings.HasPrefix(d.Summary, "not used:") {
			notUsed = append(notUsed, d)
		}
	}
	if len(notUsed) != 1 {
		t.Fatalf("%d 'not used' diagnostics, want 1: %v", len(notUsed), diags)
	}
	want := "not used: AvailabilityZones.json, RdsInstances.json, combined.json (DhcpOptions, Custom)"
	if notUsed[0].Summary != want || notUsed[0].Severity != hcl.DiagWarning {
		t.Errorf("got %q (%v), want %q as a warning", notUsed[0].Summary, notUsed[0].Severity, want)
	}
}

func TestNextTokenWarns(t *testing.T) {
	_, diags := loadFiles(t, "Vpcs.json", `{"Vpcs": [], "NextToken": "abc"}`)
	d := findDiag(t, diags, "NextToken: the output is cut short")
	if d.Severity != hcl.DiagWarning || d.Subject == nil || d.Subject.Start.Line != 1 {
		t.Errorf("diagnostic = %+v", d)
	}
}

func TestBadValuesAreReportedWithPathAndPosition(t *testing.T) {
	src := `{
  "RouteTables": [
    {"RouteTableId": "rtb-0", "Routes": []},
    {"RouteTableId": "rtb-1", "Routes": []},
    {"RouteTableId": "rtb-2", "Routes": []},
    {
      "RouteTableId": "rtb-3",
      "Routes": [
        {"DestinationCidrBlock": "10.0.0.0/33", "GatewayId": "local"},
        {"DestinationCidrBlock": "10.0.0.1/16", "GatewayId": "local"}
      ]
    }
  ],
  "Vpcs": [{"VpcId": 7, "CidrBlock": "10.0.0.0/16"}, {"CidrBlock": "10.1.0.0/16"}],
  "Subnets": {"SubnetId": "subnet-1"}
}`
	_, diags := Load([]model.Source{{Name: "RouteTables.json", Bytes: []byte(src)}})
	for _, tc := range []struct {
		summary   string
		line, col int
	}{
		{`RouteTables[3].Routes[0].DestinationCidrBlock: "10.0.0.0/33" is not a valid CIDR block`, 9, 34},
		{`RouteTables[3].Routes[1].DestinationCidrBlock: "10.0.0.1/16" has host bits set; did you mean 10.0.0.0/16?`, 10, 34},
		{`Vpcs[0].VpcId: expected a string, found a number`, 14, 22},
		{`Vpcs[1]: no VpcId: every vpc needs its id`, 14, 54},
		{`Subnets: expected an array, found an object`, 15, 14},
	} {
		d := findDiag(t, diags, tc.summary)
		if d.Summary != tc.summary || d.Severity != hcl.DiagError {
			t.Errorf("got %q, want %q", d.Summary, tc.summary)
		}
		if d.Subject == nil || d.Subject.Filename != "RouteTables.json" || d.Subject.Start.Line != tc.line || d.Subject.Start.Column != tc.col {
			t.Errorf("%s: subject %v, want RouteTables.json:%d,%d", tc.summary, d.Subject, tc.line, tc.col)
		}
	}
}

func TestMalformedJSON(t *testing.T) {
	for _, tc := range []struct {
		src       string
		detail    string
		line, col int
	}{
		{"{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\",}\n  ]\n}", `expected a member name in quotes, found '}'`, 3, 23},
		{"{\"Vpcs\": [\n]\n", `expected ',' or '}' after member "Vpcs", found the end of the file`, 3, 1},
		{"{\"Vpcs\": [1 2]}", `expected ',' or ']' in array, found '2'`, 1, 13},
		{"{\"Vpcs\": tru}", `expected a value, found 't'`, 1, 10},
		{"{\"Vpcs\": \"a\tb\"}", `control character 0x09 in string`, 1, 12},
		{"{\"Vpcs\": -}", `invalid number: expected a digit, found '}'`, 1, 11},
		{"\xff\xfe{\x00}\x00", `the file is UTF-16 encoded`, 1, 1},
		{"", `the file holds no JSON document`, 1, 1},
		{"{\"é\": [], \"Vpcs\": [}", `expected a value, found '}'`, 1, 20},
		// Not UTF-8, and a member named twice: errors, as in HCL, never a
		// silent U+FFFD or a silent choice between two values.
		{"{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"Tags\": [{\"Key\": \"Name\", \"Value\": \"a\xffb\"}]}]}", `invalid UTF-8 (byte 0xff) in string`, 1, 66},
		{"{\"Vpcs\": [{\"VpcId\": \"vpc-1\",\n  \"VpcId\": \"vpc-2\"}]}", `duplicate member name "VpcId"`, 2, 3},
	} {
		_, diags := Load([]model.Source{{Name: "Vpcs.json", Bytes: []byte(tc.src)}})
		if len(diags) != 1 {
			t.Errorf("%q: %d diagnostics, want 1: %v", tc.src, len(diags), diags)
			continue
		}
		d := diags[0]
		if !strings.HasPrefix(d.Summary, "malformed JSON: ") || !strings.Contains(d.Summary, tc.detail) {
			t.Errorf("%q: %q / %q, want detail %q", tc.src, d.Summary, d.Detail, tc.detail)
		}
		if d.Subject == nil || d.Subject.Start.Line != tc.line || d.Subject.Start.Column != tc.col {
			t.Errorf("%q: subject %v, want line %d col %d", tc.src, d.Subject, tc.line, tc.col)
		}
	}
}

func TestFilesAreKeptForSnippets(t *testing.T) {
	net, _ := Load([]model.Source{{Name: "a/Vpcs.json", Bytes: []byte(`{"Vpcs": []}`)}, {Name: "a/bad.json", Bytes: []byte(`{`)}})
	for _, name := range []string{"a/Vpcs.json", "a/bad.json"} {
		if f := net.Files[name]; f == nil || len(f.Bytes) == 0 {
			t.Errorf("net.Files[%q] = %v", name, f)
		}
	}
}

func TestDescribedTwice(t *testing.T) {
	net, diags := loadFiles(t,
		"a.json", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}`,
		"b.json", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.9.0.0/16"}]}`)
	d := findDiag(t, diags, "Vpcs[0]: vpc vpc-1 is described twice; the description at a.json:1,21-28 is used")
	if d.Severity != hcl.DiagWarning || len(net.VPCs) != 1 || net.VPCs[0].CIDRs[0].Prefix != prefix("10.0.0.0/16") {
		t.Errorf("diag %v, vpcs %v", d, net.VPCs)
	}
}

// A value read twice (a VPC's CidrBlock as text and as a block) is
// reported once.
func TestBadValueReportedOnce(t *testing.T) {
	_, diags := loadFiles(t, "Vpcs.json", `{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": 167772160}]}`)
	n := 0
	for _, d := range diags {
		if strings.Contains(d.Summary, "Vpcs[0].CidrBlock: expected a string, found a number") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("reported %d times:\n%v", n, diags)
	}
}
