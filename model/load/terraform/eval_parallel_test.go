package terraform

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/vpcheck/vpcheck/fixtures/generate"
	"github.com/vpcheck/vpcheck/model"
)

// TestParallelEvaluationIsSerial holds the parallel evaluation (runParallel,
// forced on every configuration) to the serial one: the same diagnostics in
// the same order, the same resources with the same values, omissions and
// mapped network, on generated networks, every configuration under testdata,
// configurations whose completion order matters (the default VPC and the
// resources that fall back on it, diagnostics repeated per instance) and the
// shared corpus when present.
func TestParallelEvaluationIsSerial(t *testing.T) {
	type input struct {
		name string
		dir  string
		srcs []model.Source
	}
	var inputs []input
	for _, cfg := range []generate.Config{
		generate.Default(40),
		func() generate.Config { c := generate.Default(30); c.TransitGateways = 3; c.PeeringEvery = 3; return c }(),
	} {
		var b bytes.Buffer
		if err := generate.WriteTerraform(&b, cfg); err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("generated-%d-%d", cfg.VPCs, cfg.TransitGateways)
		inputs = append(inputs, input{name, name, []model.Source{{Name: name + "/main.tf", Bytes: b.Bytes()}}})
	}
	for name, files := range orderSensitiveConfigs {
		dir, srcs := fixture(t, files)
		inputs = append(inputs, input{name, dir, srcs})
	}
	roots := []string{"testdata"}
	if c := sharedCorpus(); c != "" {
		roots = append(roots, filepath.Join(c, "terraform-real"), filepath.Join(c, "terraform-aws-vpc"), filepath.Join(c, "batfish-aws"))
	}
	for _, root := range roots {
		for _, dir := range tfDirs(t, root) {
			inputs = append(inputs, input{dir, dir, tfSources(t, dir)})
		}
	}
	if len(inputs) < 10 {
		t.Fatalf("only %d inputs", len(inputs))
	}

	defer func(v int) { parallelMinNodes = v }(parallelMinNodes)
	for _, in := range inputs {
		parallelMinNodes = 1 << 30
		serial := evaluation(in.dir, in.srcs)
		parallelMinNodes = 0
		parallel := evaluation(in.dir, in.srcs)
		if serial.text != parallel.text {
			t.Errorf("%s: the parallel evaluation differs:\n%s", in.name, firstDifference(serial.text, parallel.text))
			continue
		}
		if !reflect.DeepEqual(serial.net, parallel.net) {
			t.Errorf("%s: the parallel evaluation maps another network", in.name)
		}
	}
}

// orderSensitiveConfigs are evaluations whose result depends on the order
// in which instances are completed or their diagnostics added.
var orderSensitiveConfigs = map[string]map[string]string{
	"default-vpc-after-users": {"main.tf": `
provider "aws" { region = "eu-west-1" }
resource "aws_security_group" "loose" {
  name = "loose"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_default_subnet" "a" { availability_zone = "eu-west-1a" }
resource "aws_default_vpc" "d" {}
resource "aws_default_security_group" "d" { vpc_id = aws_default_vpc.d.id }
resource "aws_security_group" "late" { name = "late" }
resource "aws_vpc" "v" {
  count = 3
  cidr_block = "10.${count.index}.0.0/16"
  assign_generated_ipv6_cidr_block = true
  tags = { n = tonumber("x${count.index}") }
}
resource "aws_default_route_table" "r" { default_route_table_id = aws_vpc.v[0].default_route_table_id }
resource "aws_default_network_acl" "n" { default_network_acl_id = aws_vpc.v[1].default_network_acl_id }
resource "aws_subnet" "s" {
  for_each   = { a = 0, b = 1 }
  vpc_id     = aws_vpc.v[each.value].id
  cidr_block = "10.${each.value}.1.0/24"
  ipv6_cidr_block = cidrsubnet(aws_vpc.v[each.value].ipv6_cidr_block, 8, 1)
}
resource "aws_ec2_transit_gateway" "t" {}
resource "aws_ec2_transit_gateway_vpc_attachment" "a" {
  count              = 3
  transit_gateway_id = aws_ec2_transit_gateway.t.id
  vpc_id             = aws_vpc.v[count.index].id
  subnet_ids         = [for s in aws_subnet.s : s.id]
}
resource "aws_iam_role" "r" {
  count = 2
  name  = var.missing_everywhere
}
resource "aws_instance" "i" {
  count     = 4
  subnet_id = aws_subnet.s["a"].id
  ami       = timestamp()
  tags      = { n = undefined_function(count.index) }
}
resource "aws_route" "unknown" {
  count          = length(aws_instance.i[0].private_ip)
  route_table_id = aws_vpc.v[0].main_route_table_id
}
resource "aws_vpc" "many" {
  count      = 300
  cidr_block = "10.${count.index % 250}.0.0/16"
}
resource "aws_security_group" "per_vpc" {
  count  = 300
  vpc_id = aws_vpc.many[count.index].id
  dynamic "ingress" {
    for_each = [22, 443, aws_vpc.many[count.index].id]
    content {
      from_port = ingress.value
      to_port   = ingress.value
      protocol  = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
`},
	"module-instances": {
		"main.tf": `
provider "aws" { region = "us-east-2" }
module "net" {
  source   = "./net"
  for_each = toset(["a", "b", "c"])
  cidr     = each.key == "a" ? "10.1.0.0/16" : each.key == "b" ? "10.2.0.0/16" : "10.3.0.0/16"
}
resource "aws_vpc_peering_connection" "p" {
  vpc_id      = module.net["a"].vpc_id
  peer_vpc_id = module.net["b"].vpc_id
}
output "ids" { value = [for k, m in module.net : m.vpc_id] }
`,
		"net/main.tf": `
variable "cidr" { type = string }
resource "aws_vpc" "this" { cidr_block = var.cidr }
resource "aws_subnet" "s" {
  count      = 2
  vpc_id     = aws_vpc.this.id
  cidr_block = cidrsubnet(var.cidr, 8, count.index)
}
resource "aws_security_group" "no_vpc" { name = "x" }
output "vpc_id" { value = aws_vpc.this.id }
`,
	},
}

type evaluated struct {
	text string
	net  *model.Network
}

func evaluation(dir string, srcs []model.Source) evaluated {
	e, m, _, diags := evaluate(dir, srcs, Options{}, nil)
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "diag %d %s\n", d.Severity, d.Error())
	}
	for _, r := range e.out {
		fmt.Fprintf(&b, "resource %s %s %q %q %#v\n", r.addr, r.typ, r.module, r.region, cty.ObjectVal(r.value))
		for _, typ := range sortedKeys(r.blockRanges) {
			fmt.Fprintf(&b, "  blocks %s %v\n", typ, r.blockRanges[typ])
		}
	}
	for _, o := range m.net.Omitted {
		fmt.Fprintf(&b, "omitted %s %s %s\n", o.Resource, o.Reason, o.Range)
	}
	return evaluated{b.String(), m.net}
}

func firstDifference(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\nserial:   %s\nparallel: %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines serial, %d parallel", len(la), len(lb))
}

// sharedCorpus is ../shared/corpus beside the repository root, "" when
// absent.
func sharedCorpus() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	c := filepath.Join(filepath.Dir(dir), "shared", "corpus")
	if st, err := os.Stat(c); err != nil || !st.IsDir() {
		return ""
	}
	return c
}

// tfDirs lists the directories under root holding .tf files.
func tfDirs(t *testing.T, root string) []string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".tf") {
			seen[filepath.Dir(p)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

func tfSources(t *testing.T, dir string) []model.Source {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var srcs []model.Source
	for _, en := range entries {
		if en.IsDir() || !strings.HasSuffix(en.Name(), ".tf") {
			continue
		}
		p := filepath.Join(dir, en.Name())
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, model.Source{Name: p, Bytes: b})
	}
	return srcs
}

// TestUsesRegistryCoversCompletion checks that every completion that reads
// or writes the id registry is one usesRegistry defers to evaluation order:
// for every mapped type, with attributes that reach the registry's entries,
// completing must leave an empty registry empty, and give the same
// attributes with a registry full of entries as with an empty one, unless
// usesRegistry says so.
func TestUsesRegistryCoversCompletion(t *testing.T) {
	types := map[string]bool{}
	for typ := range mappings {
		types[typ] = true
	}
	for typ := range idPrefixes {
		types[typ] = true
	}
	for typ := range cloudControl {
		types[typ] = true
	}
	const s = "sentinel-id"
	full := func() *idRegistry {
		reg := newIDRegistry()
		reg.implicit[s] = implicitObject{owner: "vpc-owner", role: roleMainRouteTable}
		reg.defaultVPC["r1"] = "vpc-default"
		reg.vpcs[s] = vpcDefaults{mainRouteTable: "rtb-x", networkACL: "acl-x", securityGroup: "sg-x"}
		reg.subnetAZ[s] = "az-full"
		reg.tgwDefault[s] = "tgw-rtb-x"
		return reg
	}
	empty := func(reg *idRegistry) bool {
		return len(reg.vpcs)+len(reg.implicit)+len(reg.defaultVPC)+len(reg.tgwDefault)+len(reg.subnetAZ) == 0
	}
	attrSets := []func() attrs{
		func() attrs { return attrs{} },
		func() attrs {
			return attrs{
				"availability_zone":      cty.StringVal("az1"),
				"default_route_table_id": cty.StringVal(s),
				"default_network_acl_id": cty.StringVal(s),
				"vpc_id":                 cty.StringVal(s),
				"subnet_mapping":         cty.TupleVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"subnet_id": cty.StringVal(s)})}),
			}
		},
	}
	checked := 0
	for _, typ := range sortedKeys(types) {
		for i, mk := range attrSets {
			if usesRegistry(typ, mk()) {
				continue
			}
			checked++
			a1, r1 := mk(), newIDRegistry()
			completeResource(typ, "x.y", "r1", a1, r1)
			if !empty(r1) {
				t.Errorf("%s (attributes %d): completion writes the registry, but usesRegistry is false", typ, i)
			}
			a2 := mk()
			completeResource(typ, "x.y", "r1", a2, full())
			if x, y := fmt.Sprintf("%#v", cty.ObjectVal(a1)), fmt.Sprintf("%#v", cty.ObjectVal(a2)); x != y {
				t.Errorf("%s (attributes %d): completion reads the registry, but usesRegistry is false:\n%s\n%s", typ, i, x, y)
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d completions checked", checked)
	}
}
