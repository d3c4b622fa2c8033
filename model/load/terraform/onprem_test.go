package terraform

import (
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

// The networks behind a VPN connection are on-premises, named after the
// connection: its static routes' destinations ("the CIDR block associated
// with the local subnet of the customer network",
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpnConnectionRoute.html)
// and its customer-side range (local_ipv4_network_cidr,
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnConnectionOptionsSpecification.html),
// which a BGP connection's site announces. A Direct Connect gateway's
// allowed prefixes are the AWS side and make no site
// (https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html).
func TestOnPremBehindVPNConnections(t *testing.T) {
	n, diags := loadTestdata(t, "onprem")
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diagText(diags))
	}
	if d := append(n.Link(), n.Validate()...); d.HasErrors() {
		t.Fatalf("link:\n%s", diagText(d))
	}
	sites := map[string]string{}
	for _, o := range n.OnPrem {
		var cidrs []string
		for _, b := range o.CIDRs {
			cidrs = append(cidrs, b.Prefix.String())
		}
		if len(o.Connections) != 1 || o.Connections[0].Obj == nil || !o.Implicit {
			t.Errorf("%s: connections %v, implicit %v", o.Name, o.Connections, o.Implicit)
		}
		sites[o.Name] = strings.Join(cidrs, " ")
	}
	want := map[string]string{
		"aws_vpn_connection.office/on-prem":  "192.168.10.0/24 192.168.20.0/24",
		"aws_vpn_connection.factory/on-prem": "172.20.0.0/16",
	}
	if len(sites) != len(want) {
		t.Errorf("sites %v, want %v", sites, want)
	}
	for name, cidrs := range want {
		if sites[name] != cidrs {
			t.Errorf("%s: %q, want %q", name, sites[name], cidrs)
		}
	}
	// The VGW learns the BGP site's range; the static routes propagate as
	// static VPN routes.
	rt := byName[*model.RouteTable](t, n, model.KindRouteTable, "aws_route_table.app")
	learned := map[string]model.RouteOrigin{}
	for _, r := range rt.Routes {
		if r.Target == model.TargetVPNGateway {
			learned[r.Dest.String()] = r.Origin
		}
	}
	if learned["172.20.0.0/16"] != model.OriginPropagatedVPNBGP || learned["192.168.10.0/24"] != model.OriginPropagatedVPNStatic || len(learned) != 3 {
		t.Errorf("learned routes %v", learned)
	}
}
