package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// A hand-written plan in the format of `terraform show -json` (format 1.2):
// a new VPC (id unknown), two counted subnets referring to it, a route table
// with an inline route to an existing internet gateway, and a security group.
const planText = `{
  "format_version": "1.2",
  "terraform_version": "1.9.0",
  "variables": {"cidr": {"value": "10.20.0.0/16"}},
  "planned_values": {
    "root_module": {
      "resources": [
        {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
         "provider_name": "registry.terraform.io/hashicorp/aws",
         "values": {"cidr_block": "10.20.0.0/16", "tags": {"Name": "main"}}},
        {"address": "aws_route_table.rt", "mode": "managed", "type": "aws_route_table", "name": "rt",
         "values": {"route": [{"cidr_block": "0.0.0.0/0", "gateway_id": "igw-0123456789abcdef0", "nat_gateway_id": ""}], "tags": null}},
        {"address": "aws_internet_gateway.existing", "mode": "managed", "type": "aws_internet_gateway", "name": "existing",
         "values": {"id": "igw-0123456789abcdef0", "vpc_id": "vpc-0aaaaaaaaaaaaaaa1"}},
        {"address": "aws_vpc.existing", "mode": "managed", "type": "aws_vpc", "name": "existing",
         "values": {"id": "vpc-0aaaaaaaaaaaaaaa1", "cidr_block": "10.99.0.0/16"}},
        {"address": "data.aws_region.current", "mode": "data", "type": "aws_region", "name": "current", "values": {"name": "eu-west-1"}}
      ],
      "child_modules": [
        {"address": "module.net", "resources": [
          {"address": "module.net.aws_subnet.s[0]", "mode": "managed", "type": "aws_subnet", "name": "s", "index": 0,
           "values": {"cidr_block": "10.20.0.0/24", "availability_zone": "eu-west-1a", "map_public_ip_on_launch": false}},
          {"address": "module.net.aws_subnet.s[1]", "mode": "managed", "type": "aws_subnet", "name": "s", "index": 1,
           "values": {"cidr_block": "10.20.1.0/24", "availability_zone": "eu-west-1b", "map_public_ip_on_launch": false}},
          {"address": "module.net.aws_vpc.inner", "mode": "managed", "type": "aws_vpc", "name": "inner",
           "values": {"cidr_block": "10.30.0.0/16"}}
        ]}
      ]
    }
  },
  "resource_changes": [
    {"address": "aws_vpc.main", "change": {"actions": ["create"], "after_unknown": {"id": true, "arn": true, "default_route_table_id": true}}},
    {"address": "aws_route_table.rt", "change": {"actions": ["create"], "after_unknown": {"id": true, "vpc_id": true}}},
    {"address": "module.net.aws_subnet.s[0]", "change": {"actions": ["create"], "after_unknown": {"id": true, "vpc_id": true}}},
    {"address": "module.net.aws_subnet.s[1]", "change": {"actions": ["create"], "after_unknown": {"id": true, "vpc_id": true}}}
  ],
  "configuration": {
    "root_module": {
      "resources": [
        {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
         "expressions": {"cidr_block": {"references": ["var.cidr"]}}},
        {"address": "aws_route_table.rt", "mode": "managed", "type": "aws_route_table", "name": "rt",
         "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}}
      ],
      "module_calls": {
        "net": {"source": "./net", "module": {
          "resources": [
            {"address": "aws_subnet.s", "mode": "managed", "type": "aws_subnet", "name": "s",
             "expressions": {"vpc_id": {"references": ["aws_vpc.inner.id", "aws_vpc.inner"]}},
             "count_expression": {"constant_value": 2}}
          ]
        }}
      }
    }
  }
}`

func writePlan(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "plan.json")
}

func loadPlan(t *testing.T, path string) (*model.Network, hcl.Diagnostics) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n, diags := LoadPlan(model.Source{Name: path, Bytes: b}, Options{})
	if diags.HasErrors() {
		t.Fatalf("plan errors:\n%s", diagText(diags))
	}
	if ld := n.Link(); ld.HasErrors() {
		t.Fatalf("link errors:\n%s", diagText(ld))
	}
	return n, diags
}

func TestPlanWithoutConfiguration(t *testing.T) {
	path := writePlan(t, map[string]string{"plan.json": planText})
	n, _ := loadPlan(t, path)
	main := byName[*model.VPC](t, n, model.KindVPC, "aws_vpc.main")
	if main.AWSID != placeholderID("vpc", "aws_vpc.main") || main.CIDRs[0].Prefix.String() != "10.20.0.0/16" || main.Tags["Name"] != "main" {
		t.Errorf("planned VPC: %+v", main)
	}
	if !strings.HasSuffix(main.Range.Filename, "plan.json") || main.Range.Start.Line != 8 {
		t.Errorf("range of a planned resource without configuration: %s (want its address in plan.json)", main.Range)
	}
	rt := byName[*model.RouteTable](t, n, model.KindRouteTable, "aws_route_table.rt")
	if rt.VPCOf() != main {
		t.Errorf("unknown vpc_id not resolved through the configuration's references: %+v", rt.VPC)
	}
	if got := routesOf(rt); got != "0.0.0.0/0->internet_gateway:aws_internet_gateway.existing" {
		t.Errorf("routes: %s", got)
	}
	igw := byName[*model.InternetGateway](t, n, model.KindInternetGateway, "aws_internet_gateway.existing")
	if model.Target[*model.VPC](igw.VPC).Name != "aws_vpc.existing" {
		t.Errorf("known ids are kept: %+v", igw.VPC)
	}
	inner := byName[*model.VPC](t, n, model.KindVPC, "module.net.aws_vpc.inner")
	for _, name := range []string{"module.net.aws_subnet.s[0]", "module.net.aws_subnet.s[1]"} {
		s := byName[*model.Subnet](t, n, model.KindSubnet, name)
		if s.VPCOf() != inner || s.AZ == "" {
			t.Errorf("%s: vpc %v az %q", name, s.VPCOf(), s.AZ)
		}
	}
}

func TestPlanWithConfigurationBeside(t *testing.T) {
	path := writePlan(t, map[string]string{
		"plan.json": planText,
		"main.tf": `variable "cidr" {}
resource "aws_vpc" "main" {
  cidr_block = var.cidr
}
resource "aws_vpc" "existing" { cidr_block = "10.99.0.0/16" }
resource "aws_internet_gateway" "existing" { vpc_id = aws_vpc.existing.id }
resource "aws_route_table" "rt" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.existing.id
  }
}
module "net" { source = "./net" }
`,
		"net/main.tf": `resource "aws_vpc" "inner" { cidr_block = "10.30.0.0/16" }
resource "aws_subnet" "s" {
  count      = 2
  vpc_id     = aws_vpc.inner.id
  cidr_block = cidrsubnet(aws_vpc.inner.cidr_block, 8, count.index)
}
`,
	})
	n, diags := loadPlan(t, path)
	if hasDiag(diags, hcl.DiagWarning, "has no value", 0) {
		t.Errorf("the plan's variables are not used for the configuration:\n%s", diagText(diags))
	}
	main := byName[*model.VPC](t, n, model.KindVPC, "aws_vpc.main")
	if !strings.HasSuffix(main.Range.Filename, "main.tf") || main.Range.Start.Line != 2 {
		t.Errorf("range mapped back to the configuration: %s", main.Range)
	}
	rt := byName[*model.RouteTable](t, n, model.KindRouteTable, "aws_route_table.rt")
	if rt.VPCOf() != main || rt.Routes[0].Range.Start.Line != 9 {
		t.Errorf("route table: vpc %v, route range %s", rt.VPCOf(), rt.Routes[0].Range)
	}
	s := byName[*model.Subnet](t, n, model.KindSubnet, "module.net.aws_subnet.s[1]")
	if s.VPCOf() == nil || s.VPCOf().Name != "module.net.aws_vpc.inner" || s.CIDR.Prefix.String() != "10.20.1.0/24" {
		t.Errorf("subnet: plan values win, unknowns from the configuration: vpc %v cidr %s", s.VPCOf(), s.CIDR.Prefix)
	}
	if len(n.VPCs) != 3 {
		t.Errorf("resources of the configuration are not loaded twice: %d VPCs", len(n.VPCs))
	}
}

func TestPlanInvalidJSON(t *testing.T) {
	_, diags := LoadPlan(model.Source{Name: "plan.json", Bytes: []byte("{\n  \"format_version\": \"1.2\",\n  oops\n}")}, Options{})
	if !hasDiag(diags, hcl.DiagError, "invalid Terraform plan JSON", 3) {
		t.Errorf("invalid JSON not reported at line 3:\n%s", diagText(diags))
	}
}

// A plan that is malformed is reported at its line and column with the
// JSON path, in JSON's terms (never encoding/json's Go struct names), and
// the file is kept for the snippet.
func TestPlanErrorsHaveJSONPathAndPosition(t *testing.T) {
	const head = "{\"format_version\": \"1.2\", \"terraform_version\": \"1.6.0\",\n"
	for _, tc := range []struct {
		src, summary string
		line, col    int
	}{
		{head + ` "planned_values": {"root_module": {"resources": "oops"}}}`, `planned_values.root_module.resources: expected an array, found a string`, 2, 50},
		{head + ` "planned_values": {"root_module": {"resources": [{"address": "a"}, {"address": "b", "name": 5}]}}}`, `planned_values.root_module.resources[1].name: expected a string, found a number`, 2, 94},
		{head + ` "planned_values": {"root_module": {"child_modules": [{"resources": [{"type": ["x"]}]}]}}}`, `planned_values.root_module.child_modules[0].resources[0].type: expected a string, found an array`, 2, 79},
		{head + ` "resource_changes": {"address": "x"}}`, `resource_changes: expected an array, found an object`, 2, 22},
		{head + ` "planned_values": {"root_module": {}}, "planned_values": {}}`, `duplicate member name "planned_values"`, 2, 41},
		{head + ` "planned_values": {"root_module": {"address": "a` + "\xff" + `b"}}}`, `invalid UTF-8`, 2, 50},
		{head + ` "planned_values": {}} {}`, `a second JSON document`, 2, 24},
		{head + ` "planned_values": [}`, `expected a value, found '}'`, 2, 21},
	} {
		net, diags := LoadPlan(model.Source{Name: "plan.json", Bytes: []byte(tc.src)}, Options{})
		if len(diags) != 1 {
			t.Errorf("%s: %d diagnostics:\n%s", tc.summary, len(diags), diagText(diags))
			continue
		}
		d := diags[0]
		if !strings.Contains(d.Summary, tc.summary) || strings.Contains(d.Summary+d.Detail, "Go struct") || strings.Contains(d.Summary, "planModule") {
			t.Errorf("got %q, want %q", d.Summary, tc.summary)
		}
		if d.Subject == nil || d.Subject.Start.Line != tc.line || d.Subject.Start.Column != tc.col {
			t.Errorf("%s: at %v, want %d:%d", tc.summary, d.Subject, tc.line, tc.col)
		}
		if net == nil || net.Files["plan.json"] == nil {
			t.Errorf("%s: the file is not kept for the snippet", tc.summary)
		}
	}
}

// A tag value that is not text says what it is.
func TestPlanTagValueNotAString(t *testing.T) {
	src := `{"format_version": "1.2", "terraform_version": "1.6.0", "planned_values": {"root_module": {"resources": [
  {"address": "aws_vpc.v", "mode": "managed", "type": "aws_vpc", "name": "v",
   "values": {"cidr_block": "10.0.0.0/16", "tags": {"Name": {"x": 1}, "Env": "prod"}}}]}}}`
	net, diags := LoadPlan(model.Source{Name: "plan.json", Bytes: []byte(src)}, Options{})
	if !hasDiag(diags, hcl.DiagError, `aws_vpc.v: tag "Name" must be a string, not a map`, 2) {
		t.Errorf("got:\n%s", diagText(diags))
	}
	if len(net.VPCs) != 1 || net.VPCs[0].Tags["Env"] != "prod" {
		t.Errorf("the other tags are still read: %+v", net.VPCs)
	}
}
