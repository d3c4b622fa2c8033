package graph

import (
	"bytes"
	"testing"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/model/load"
)

// loadExample loads an embedded example and compiles it.
func loadExample(t testing.TB, name string) *dataplane.Dataplane {
	t.Helper()
	net, diags := load.Paths([]string{load.ExamplePrefix + name}, load.Options{})
	if diags.HasErrors() {
		t.Fatalf("%s: %s", name, diags.Error())
	}
	return dataplane.Compile(net)
}

func detail(ds []Detail, key string) string {
	for _, d := range ds {
		if d.Key == key {
			return d.Value
		}
	}
	return ""
}

// A subnet is public when it has a direct route to an internet gateway
// (https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html):
// public-private's public-a/b route 0.0.0.0/0 to the IGW, app-a/b to NAT
// gateways.
func TestBuildSubnetAccess(t *testing.T) {
	g := Build(loadExample(t, "public-private"), Options{})
	for id, want := range map[string]string{
		"subnet:public-a": "public", "subnet:public-b": "public",
		"subnet:app-a": "private", "subnet:app-b": "private",
	} {
		c := g.Cluster(id)
		if c == nil {
			t.Fatalf("no cluster %s", id)
		}
		if got := detail(c.Details, "access"); got != want {
			t.Errorf("%s access = %q, want %q", id, got, want)
		}
		if c.Parent != "vpc:prod" {
			t.Errorf("%s parent = %q", id, c.Parent)
		}
	}
	if got := detail(g.Cluster("subnet:app-a").Details, "egress"); got != "nat" {
		t.Errorf("app-a egress = %q, want nat", got)
	}
	if g.edgeBetween("route-table:public", "igw:prod") == nil || g.edgeBetween("igw:prod", "internet") == nil {
		t.Error("missing route table → igw → internet edges")
	}
	if e := g.edgeBetween("route-table:private-a", "nat:nat-a"); e == nil || len(e.Label) != 1 || e.Label[0] != "0.0.0.0/0" {
		t.Errorf("private-a → nat-a route edge = %+v", e)
	}
}

// VPN-only: a subnet routing to a virtual private gateway and not to an
// internet gateway.
func TestBuildVPNOnlySubnet(t *testing.T) {
	g := Build(loadExample(t, "hybrid-vgw"), Options{})
	n := 0
	for _, c := range g.Clusters {
		if c.Kind == KindSubnet && detail(c.Details, "access") == "vpn-only" {
			n++
		}
	}
	if n == 0 {
		t.Error("no vpn-only subnet in hybrid-vgw")
	}
}

// Instances beyond MaxInstances in a subnet are one group with a count,
// pinned ones apart.
func TestBuildGroupsInstances(t *testing.T) {
	d := loadExample(t, "sg-exposed")
	whole := Build(d, Options{MaxInstances: 100})
	var hosts int
	for _, n := range whole.Nodes {
		if n.Kind == KindInstance {
			hosts++
		}
	}
	if hosts < 2 {
		t.Fatalf("sg-exposed has %d instances drawn", hosts)
	}
	g := Build(d, Options{MaxInstances: 1})
	counted := 0
	for _, n := range g.Nodes {
		switch n.Kind {
		case KindInstance:
			counted++
		case KindInstances:
			counted += n.Count
		}
	}
	if counted != hosts {
		t.Errorf("grouped graph accounts for %d instances, want %d", counted, hosts)
	}
}

// Every element ID is unique, every reference resolves, and building twice
// gives the same bytes.
func TestBuildWellFormedAndStable(t *testing.T) {
	for _, ex := range fixtures.Examples() {
		d := loadExample(t, ex.Name)
		g := Build(d, Options{})
		seen := map[string]bool{}
		for _, c := range g.Clusters {
			if seen[c.ID] {
				t.Errorf("%s: duplicate id %s", ex.Name, c.ID)
			}
			seen[c.ID] = true
			if c.Parent != "" && !seen[c.Parent] {
				t.Errorf("%s: cluster %s before its parent %s", ex.Name, c.ID, c.Parent)
			}
		}
		for _, n := range g.Nodes {
			if seen[n.ID] {
				t.Errorf("%s: duplicate id %s", ex.Name, n.ID)
			}
			seen[n.ID] = true
			if n.Cluster != "" && g.Cluster(n.Cluster) == nil {
				t.Errorf("%s: node %s in unknown cluster %s", ex.Name, n.ID, n.Cluster)
			}
		}
		for _, e := range g.Edges {
			if !seen[e.From] || !seen[e.To] {
				t.Errorf("%s: edge %s has an unknown end", ex.Name, e.ID)
			}
			if g.within(e.From, e.To) || g.within(e.To, e.From) {
				t.Errorf("%s: edge %s joins a cluster to its contents", ex.Name, e.ID)
			}
		}
		var a, b bytes.Buffer
		if err := g.WriteJSON(&a); err != nil {
			t.Fatal(err)
		}
		if err := Build(loadExample(t, ex.Name), Options{}).WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two builds differ", ex.Name)
		}
	}
}
