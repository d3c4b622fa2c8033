package layout

import (
	"fmt"
	"strconv"
)

// The sample graphs are shaped like the networks vpcheck draws.

// basicVPC is one VPC with a public and a private subnet in two zones.
func basicVPC() *Graph {
	return &Graph{
		Clusters: []Cluster{
			{ID: "vpc:prod", Label: []string{"vpc prod", "10.0.0.0/16"}, Kind: "vpc"},
			{ID: "az:a", Label: []string{"eu-west-1a"}, Kind: "az", Parent: "vpc:prod"},
			{ID: "az:b", Label: []string{"eu-west-1b"}, Kind: "az", Parent: "vpc:prod"},
			{ID: "subnet:pub-a", Label: []string{"subnet public-a", "10.0.0.0/24 public"}, Kind: "subnet", Parent: "az:a"},
			{ID: "subnet:app-a", Label: []string{"subnet app-a", "10.0.1.0/24"}, Kind: "subnet", Parent: "az:a"},
			{ID: "subnet:app-b", Label: []string{"subnet app-b", "10.0.2.0/24"}, Kind: "subnet", Parent: "az:b"},
		},
		Nodes: []Node{
			{ID: "internet", Label: []string{"internet"}, Kind: "internet"},
			{ID: "igw", Label: []string{"igw-main"}, Kind: "igw", Cluster: "vpc:prod"},
			{ID: "nat", Label: []string{"nat-a"}, Kind: "nat", Cluster: "subnet:pub-a"},
			{ID: "lb", Label: []string{"alb web"}, Kind: "lb", Cluster: "subnet:pub-a"},
			{ID: "rt:public", Label: []string{"rtb public"}, Kind: "route-table", Cluster: "vpc:prod"},
			{ID: "rt:private", Label: []string{"rtb private"}, Kind: "route-table", Cluster: "vpc:prod"},
			{ID: "app-a", Label: []string{"3 instances", "app"}, Kind: "instances", Cluster: "subnet:app-a"},
			{ID: "app-b", Label: []string{"2 instances", "app"}, Kind: "instances", Cluster: "subnet:app-b"},
		},
		Edges: []Edge{
			{From: "internet", To: "igw", Kind: "attachment"},
			{From: "subnet:pub-a", To: "rt:public", Kind: "association"},
			{From: "subnet:app-a", To: "rt:private", Kind: "association"},
			{From: "subnet:app-b", To: "rt:private", Kind: "association"},
			{From: "rt:public", To: "igw", Label: []string{"0.0.0.0/0"}, Kind: "route"},
			{From: "rt:private", To: "nat", Label: []string{"0.0.0.0/0"}, Kind: "route"},
			{From: "lb", To: "app-a", Label: []string{"tcp/443"}, Kind: "target"},
			{From: "lb", To: "app-b", Label: []string{"tcp/443"}, Kind: "target"},
		},
	}
}

// tracedPath is two peered VPCs, a transit gateway to an on-premises
// network, and a traced packet blocked by a network ACL.
func tracedPath() *Graph {
	return &Graph{
		Clusters: []Cluster{
			{ID: "acct:1", Label: []string{"account 111111111111", "eu-west-1"}, Kind: "account"},
			{ID: "vpc:a", Label: []string{"vpc shared", "10.1.0.0/16"}, Kind: "vpc", Parent: "acct:1"},
			{ID: "vpc:b", Label: []string{"vpc payments", "10.2.0.0/16"}, Kind: "vpc", Parent: "acct:1"},
			{ID: "subnet:a1", Label: []string{"subnet tools", "10.1.1.0/24"}, Kind: "subnet", Parent: "vpc:a"},
			{ID: "subnet:b1", Label: []string{"subnet db", "10.2.1.0/24"}, Kind: "subnet", Parent: "vpc:b", Block: "NACL_INGRESS_DENY"},
		},
		Nodes: []Node{
			{ID: "tools", Label: []string{"bastion"}, Kind: "instances", Cluster: "subnet:a1"},
			{ID: "db", Label: []string{"4 instances", "postgres"}, Kind: "instances", Cluster: "subnet:b1"},
			{ID: "rt:a", Label: []string{"rtb shared"}, Kind: "route-table", Cluster: "vpc:a"},
			{ID: "rt:b", Label: []string{"rtb payments"}, Kind: "route-table", Cluster: "vpc:b"},
			{ID: "pcx", Label: []string{"pcx-a-b"}, Kind: "peering", Cluster: "acct:1"},
			{ID: "tgw", Label: []string{"tgw core"}, Kind: "tgw"},
			{ID: "tgw:rt", Label: []string{"tgw-rtb main"}, Kind: "tgw-route-table"},
			{ID: "vpn", Label: []string{"vpn dc1"}, Kind: "vpn"},
			{ID: "onprem", Label: []string{"on-premises", "192.168.0.0/16"}, Kind: "on-prem"},
		},
		Edges: []Edge{
			{From: "tools", To: "rt:a", Kind: "association", Hops: []int{1}},
			{From: "rt:a", To: "pcx", Label: []string{"10.2.0.0/16"}, Kind: "route", Hops: []int{2}},
			{From: "pcx", To: "rt:b", Kind: "peering", Hops: []int{3}},
			{From: "rt:b", To: "subnet:b1", Label: []string{"local"}, Kind: "route", Hops: []int{4}, Block: "NACL_INGRESS_DENY"},
			{From: "db", To: "rt:b", Kind: "association"},
			{From: "rt:a", To: "tgw", Label: []string{"192.168.0.0/16"}, Kind: "route"},
			{From: "tgw", To: "tgw:rt", Kind: "association"},
			{From: "tgw:rt", To: "vpn", Label: []string{"192.168.0.0/16"}, Kind: "route"},
			{From: "vpn", To: "onprem", Kind: "attachment"},
			{From: "tgw:rt", To: "vpc:a", Label: []string{"10.1.0.0/16"}, Kind: "route"},
		},
	}
}

// awkward has what user input may hold and the shapes that need care:
// markup in names, control characters, a cycle, a loop, an edge into an
// empty cluster, a cluster-to-cluster edge, parallel edges.
func awkward() *Graph {
	return &Graph{
		Clusters: []Cluster{
			{ID: `vpc:<evil & "co">`, Label: []string{`vpc <evil & "co">`, "it's\x01here"}, Kind: "vpc"},
			{ID: "subnet:empty", Label: []string{"subnet with nothing in it yet"}, Kind: "subnet", Parent: `vpc:<evil & "co">`},
			{ID: "vpc:other", Label: []string{"vpc other"}, Kind: "vpc"},
		},
		Nodes: []Node{
			{ID: "a", Label: []string{"<script>alert(1)</script>"}, Kind: "x<y", Cluster: `vpc:<evil & "co">`},
			{ID: "b", Label: []string{"tab\there", "bad \xff utf-8"}, Kind: "nat", Cluster: `vpc:<evil & "co">`},
			{ID: "c", Label: []string{"c"}, Kind: "igw", Cluster: "vpc:other", Title: "title with \"quotes\" & <tags>"},
		},
		Edges: []Edge{
			{From: "a", To: "b", Label: []string{"a→b"}},
			{From: "b", To: "a", Label: []string{"back"}},
			{From: "b", To: "b", Label: []string{"self"}},
			{From: "c", To: "subnet:empty", Label: []string{"0.0.0.0/0"}},
			{From: "vpc:other", To: `vpc:<evil & "co">`, Kind: "peering"},
			{From: "c", To: "a"},
			{From: "c", To: "a", Hops: []int{1, 12}},
		},
	}
}

// network is n VPCs of a hub-and-spoke network: each with two zones of
// three subnets, instances, a route table per tier, attached to one transit
// gateway; every tenth VPC has an internet gateway and peers with the
// next. About ten nodes per VPC.
func network(n int) *Graph {
	g := &Graph{
		Nodes: []Node{
			{ID: "tgw", Label: []string{"tgw core"}, Kind: "tgw"},
			{ID: "tgw:rt", Label: []string{"tgw-rtb spokes"}, Kind: "tgw-route-table"},
			{ID: "onprem", Label: []string{"on-premises", "192.168.0.0/16"}, Kind: "on-prem"},
			{ID: "vpn", Label: []string{"vpn dc1"}, Kind: "vpn"},
			{ID: "internet", Label: []string{"internet"}, Kind: "internet"},
		},
		Edges: []Edge{
			{From: "tgw", To: "tgw:rt"},
			{From: "tgw:rt", To: "vpn", Label: []string{"192.168.0.0/16"}},
			{From: "vpn", To: "onprem"},
		},
	}
	for v := range n {
		vpc := fmt.Sprintf("vpc:%d", v)
		cidr := fmt.Sprintf("10.%d.%d.0/22", v/64, v%64*4)
		g.Clusters = append(g.Clusters, Cluster{ID: vpc, Label: []string{"vpc spoke-" + strconv.Itoa(v), cidr}, Kind: "vpc"})
		for _, tier := range []string{"web", "app"} {
			rt := vpc + "/rt:" + tier
			g.Nodes = append(g.Nodes, Node{ID: rt, Label: []string{"rtb " + tier}, Kind: "route-table", Cluster: vpc})
			g.Edges = append(g.Edges, Edge{From: rt, To: "tgw", Label: []string{"0.0.0.0/0"}})
		}
		g.Edges = append(g.Edges, Edge{From: "tgw:rt", To: vpc, Label: []string{cidr}})
		for _, az := range []string{"a", "b"} {
			zone := vpc + "/az:" + az
			g.Clusters = append(g.Clusters, Cluster{ID: zone, Label: []string{"eu-west-1" + az}, Kind: "az", Parent: vpc})
			for _, tier := range []string{"web", "app"} {
				sn := zone + "/subnet:" + tier
				g.Clusters = append(g.Clusters, Cluster{ID: sn, Label: []string{"subnet " + tier + "-" + az}, Kind: "subnet", Parent: zone})
				inst := sn + "/i"
				g.Nodes = append(g.Nodes, Node{ID: inst, Label: []string{strconv.Itoa(2+v%5) + " instances"}, Kind: "instances", Cluster: sn})
				g.Edges = append(g.Edges, Edge{From: sn, To: vpc + "/rt:" + tier})
			}
		}
		if v%10 == 0 {
			igw := vpc + "/igw"
			g.Nodes = append(g.Nodes, Node{ID: igw, Label: []string{"igw"}, Kind: "igw", Cluster: vpc})
			g.Edges = append(g.Edges, Edge{From: vpc + "/rt:web", To: igw, Label: []string{"0.0.0.0/0"}}, Edge{From: igw, To: "internet"})
			if v+1 < n {
				pcx := fmt.Sprintf("pcx:%d", v)
				g.Nodes = append(g.Nodes, Node{ID: pcx, Label: []string{"pcx " + strconv.Itoa(v) + "-" + strconv.Itoa(v+1)}, Kind: "peering"})
				g.Edges = append(g.Edges, Edge{From: vpc + "/rt:app", To: pcx}, Edge{From: pcx, To: fmt.Sprintf("vpc:%d", v+1)})
			}
		}
	}
	return g
}

// sampleKinds styles the sample graphs' kinds.
var sampleKinds = map[string]Style{
	"vpc":             {Fill: "#eef5ff", Stroke: "#4a78c2"},
	"az":              {Fill: "#ffffff", Stroke: "#9aa7b8", Dashed: true},
	"subnet":          {Fill: "#f3faf0", Stroke: "#5c9a4a"},
	"account":         {Fill: "#fbf8ef", Stroke: "#b39a52"},
	"igw":             {Fill: "#e6f4ea", Stroke: "#2e7d32"},
	"nat":             {Fill: "#fff4e0", Stroke: "#c77700"},
	"route-table":     {Fill: "#f0ecfa", Stroke: "#6b52ae"},
	"tgw":             {Fill: "#fde8ef", Stroke: "#b0305c"},
	"tgw-route-table": {Fill: "#fdf0f4", Stroke: "#b0305c"},
	"internet":        {Fill: "#e8f1fb", Stroke: "#1f6feb"},
	"on-prem":         {Fill: "#eeeeee", Stroke: "#555555"},
	"peering":         {Fill: "#e7f7f7", Stroke: "#1b8a8a"},
	"route":           {Stroke: "#6b52ae"},
	"association":     {Stroke: "#9aa7b8", Dashed: true},
}
