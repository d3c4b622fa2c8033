package impact

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
)

// A subnet without a host is an endpoint, a hypothetical host standing for
// whatever is launched there (../testdata/cases/hostless.net.hcl). Public
// IPs on launch: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html

const hostlessNet = "../testdata/cases/hostless.net.hcl"

// loadWith loads the hostless network with extra blocks appended.
func loadWith(t *testing.T, extra string) *model.Network {
	t.Helper()
	src, err := os.ReadFile(hostlessNet)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "network.net.hcl")
	if err := os.WriteFile(p, append(src, []byte(extra)...), 0o600); err != nil {
		t.Fatal(err)
	}
	n, diags := load.Paths([]string{dir}, load.Options{})
	if diags.HasErrors() || n == nil {
		t.Fatalf("load: %v", diags)
	}
	return n
}

func changeText(cs []Change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.From.Key + " -> " + c.To.Key + " " + c.Example.String() + "\n")
	}
	return b.String()
}

// An instance launched in a subnet that had none replaces its hypothetical
// host: what the hypothetical host could do is not lost (no real host
// ever had it); the instance's own flows are gained. (Its public IP is
// assigned on launch: a declared one would also take its address out of
// the internet, which diff rightly reports.)
func TestInstanceInEmptySubnet(t *testing.T) {
	before := loadWith(t, "")
	after := loadWith(t, `
instance "spare-1" {
  subnet          = subnet.spare
  private_ip      = "10.14.2.10"
  public_ip       = "auto"
  security_groups = [security_group.web]
}
`)
	res, err := Compare(before, after)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Lost) > 0 {
		t.Errorf("an instance added to an empty subnet loses nothing, got lost:\n%s", changeText(res.Lost))
	}
	gained := changeText(res.Gained)
	if !strings.Contains(gained, "internet -> instance spare-1") {
		t.Errorf("the internet reaching the new instance on 443 is gained; gained:\n%s", gained)
	}
	if strings.Contains(gained, "subnet spare") {
		t.Errorf("the replaced hypothetical host gains nothing; gained:\n%s", gained)
	}
	checkExhaustive(t, "instance in empty subnet", res)
	confirmWithReach(t, "instance in empty subnet", res)
}

// A change to a subnet that stays without a host is judged on its
// hypothetical host, whose public IP is the same on both sides: a network
// ACL closing tcp/22 loses exactly that, and gains nothing. An instance
// added elsewhere with a public address assigned on launch does not move
// it.
func TestEmptySubnetACLChange(t *testing.T) {
	acl := `
network_acl "spare" {
  vpc     = vpc.hl
  subnets = [subnet.spare]
  ingress {
    rule       = 100
    action     = "deny"
    protocol   = "tcp"
    ports      = 22
    cidr_block = "0.0.0.0/0"
  }
  ingress {
    rule       = 200
    action     = "allow"
    protocol   = "all"
    cidr_block = "0.0.0.0/0"
  }
  egress {
    rule       = 100
    action     = "allow"
    protocol   = "all"
    cidr_block = "0.0.0.0/0"
  }
}
`
	other := `
instance "web-2" {
  subnet          = subnet.web
  private_ip      = "10.14.1.11"
  public_ip       = "auto"
  security_groups = [security_group.web]
}
`
	before := loadWith(t, "")
	after := loadWith(t, other+acl)
	res, err := Compare(before, after)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Gained {
		if c.From.Key != "instance web-2" && c.To.Key != "instance web-2" {
			t.Errorf("only the new instance gains, got gained %s -> %s", c.From.Key, c.To.Key)
		}
	}
	var found bool
	for _, c := range res.Lost {
		if c.From.Key == KindInternet && c.To.Key == "subnet spare" {
			found = true
			for _, p := range c.Packets {
				if p.Protocol != "tcp" || p.Ports != "22" {
					t.Errorf("internet -> subnet spare lost %s %s, want tcp 22", p.Protocol, p.Ports)
				}
			}
		}
	}
	if !found {
		t.Errorf("internet -> subnet spare tcp/22 is lost; lost:\n%s", changeText(res.Lost))
	}
	checkExhaustive(t, "acl on empty subnet", res)
	confirmWithReach(t, "acl on empty subnet", res)
}

// A transit gateway attachment placed in a subnet without a host makes it
// the attachment's own subnet, which AWS advises keeping for the
// attachment (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-best-design-practices.html):
// it stops standing for a hypothetical host, and diff does not report the
// hypothetical host's flows as lost.
func TestEmptySubnetBecomesAttachmentSubnet(t *testing.T) {
	before := loadWith(t, "\ntransit_gateway \"hub\" {}\n")
	after := loadWith(t, `
transit_gateway "hub" {}

transit_gateway_attachment "hl" {
  transit_gateway = transit_gateway.hub
  vpc             = vpc.hl
  subnets         = [subnet.data]
}
`)
	res, err := Compare(before, after)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(res.Lost, res.Gained...) {
		if c.From.Key == "subnet data" || c.To.Key == "subnet data" {
			t.Errorf("subnet data changed kind of endpoint, not reachability: %s -> %s reported", c.From.Key, c.To.Key)
		}
	}
	checkExhaustive(t, "attachment in empty subnet", res)
	confirmWithReach(t, "attachment in empty subnet", res)
}
