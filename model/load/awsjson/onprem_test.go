package awsjson_test

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/model/load/awsjson"
)

// A snapshot says nothing of the networks behind a VPN connection; the user
// declares them in the native format, beside the snapshot, referring to the
// snapshot's connections by AWS id (docs/snapshots.md). test-vpn-gateway's
// on-premises router (configs/) announces a default route over BGP.
func TestOnPremBesideSnapshot(t *testing.T) {
	corpus := corpusDir(t)
	dir := t.TempDir()
	onprem := filepath.Join(dir, "onprem.net.hcl")
	if err := os.WriteFile(onprem, []byte(`
on_prem "datacenter" {
  cidr_blocks        = ["172.16.0.0/12"]
  advertises         = ["0.0.0.0/0"]
  connections        = ["vpn-03701a53bba3c48b7"]
  routes_to_internet = true
}

on_prem "branch" {
  cidr_blocks = ["192.168.50.0/24"]
  connections = [vpn_connection.vpn-03701a53bba3c48b7]
}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	net, diags := load.Paths([]string{onprem, filepath.Join(corpus, "test-vpn-gateway", "aws_configs")}, load.Options{})
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			t.Errorf("error: %s", d.Error())
		}
	}
	if len(net.OnPrem) != 2 {
		t.Fatalf("%d on-premises networks, want 2", len(net.OnPrem))
	}
	for _, o := range net.OnPrem {
		if len(o.Connections) != 1 {
			t.Fatalf("%s: connections %v", o.Name, o.Connections)
		}
		c := model.Target[*model.VPNConnection](o.Connections[0])
		if c == nil || c.AWSID != "vpn-03701a53bba3c48b7" || c.Range.Filename == onprem {
			t.Errorf("%s: connection %+v, want the snapshot's vpn-03701a53bba3c48b7", o.Name, o.Connections[0])
		}
	}
	// The connection is BGP: what the sites announce is what the VGW learns.
	c := net.Lookup(model.KindVPNConnection, "vpn-03701a53bba3c48b7")[0].(*model.VPNConnection)
	learned := map[string]model.RouteOrigin{}
	for _, l := range net.LearnedVPN(c) {
		learned[l.Prefix.String()] = l.Origin
	}
	if len(learned) != 2 || learned["0.0.0.0/0"] != model.OriginPropagatedVPNBGP || learned["192.168.50.0/24"] != model.OriginPropagatedVPNBGP {
		t.Errorf("learned over the VPN: %v", learned)
	}
}

// TestOnPremMergeInModel checks the same at the model level, with no native
// file and no corpus: an on-premises network from another input refers to a
// snapshot's VPN connection by id and resolves after the merge.
func TestOnPremMergeInModel(t *testing.T) {
	snapshot, diags := awsjson.Load([]model.Source{{Name: "VpnConnections.json", Bytes: []byte(`{
	 "CustomerGateways": [{"CustomerGatewayId": "cgw-1", "IpAddress": "198.51.100.1", "BgpAsn": "65000", "State": "available"}],
	 "VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available"}],
	 "VpnConnections": [{"VpnConnectionId": "vpn-0123456789abcdef0", "CustomerGatewayId": "cgw-1", "VpnGatewayId": "vgw-1",
	   "State": "available", "Options": {"StaticRoutesOnly": false}, "Tags": [{"Key": "Name", "Value": "dc-primary"}]}]}`)}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	net := model.New()
	net.Add(&model.OnPrem{
		Meta:        model.Meta{Name: "dc", Range: hcl.Range{Filename: "onprem.net.hcl", Start: hcl.Pos{Line: 1, Column: 1}}},
		CIDRs:       []model.Block{{Prefix: mustPrefix(t, "172.16.0.0/12")}},
		Connections: []model.Ref{{Kind: model.KindVPNConnection, Key: "vpn-0123456789abcdef0"}},
	})
	net.Merge(snapshot)
	if diags := net.Link(); diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	c := model.Target[*model.VPNConnection](net.OnPrem[0].Connections[0])
	if c == nil || c.Name != "dc-primary" {
		t.Errorf("connection = %+v", net.OnPrem[0].Connections[0])
	}
}

func mustPrefix(tb testing.TB, s string) netip.Prefix {
	tb.Helper()
	p, err := netip.ParsePrefix(s)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}
