package terraform

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpcheck/vpcheck/model"
)

// fixture writes files (relative names, may contain directories) into a
// temporary directory and returns it with the root module's sources.
func fixture(t *testing.T, files map[string]string) (string, []model.Source) {
	t.Helper()
	dir := t.TempDir()
	var srcs []model.Source
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(name, "/") && strings.HasSuffix(name, ".tf") {
			srcs = append(srcs, model.Source{Name: p, Bytes: []byte(text)})
		}
	}
	sort.Slice(srcs, func(i, j int) bool { return srcs[i].Name < srcs[j].Name })
	return dir, srcs
}

// run evaluates a root module written as files.
func run(t *testing.T, files map[string]string, opts Options) (*evaluator, *model.Network, hcl.Diagnostics) {
	t.Helper()
	dir, srcs := fixture(t, files)
	e, m, _, diags := evaluate(dir, srcs, opts, nil)
	return e, m.net, diags
}

// runMain evaluates one main.tf and fails on error diagnostics.
func runMain(t *testing.T, src string) (*evaluator, *model.Network, hcl.Diagnostics) {
	t.Helper()
	e, n, diags := run(t, map[string]string{"main.tf": src}, Options{})
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", diagText(diags))
	}
	return e, n, diags
}

func diagText(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Error())
		b.WriteString("\n")
	}
	return b.String()
}

// rootLocal returns a local value of the root module.
func rootLocal(t *testing.T, e *evaluator, name string) cty.Value {
	t.Helper()
	v, ok := e.instances[e.root][0].locals[name]
	if !ok {
		t.Fatalf("no local %q", name)
	}
	return v
}

func wantString(t *testing.T, what string, v cty.Value, want string) {
	t.Helper()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String || v.AsString() != want {
		t.Errorf("%s = %#v, want %q", what, v, want)
	}
}

// hasDiag reports whether a diagnostic of the severity mentions text and is
// at the line (0: any line).
func hasDiag(diags hcl.Diagnostics, sev hcl.DiagnosticSeverity, text string, line int) bool {
	for _, d := range diags {
		if d.Severity != sev || !strings.Contains(d.Summary+" "+d.Detail, text) {
			continue
		}
		if line == 0 || (d.Subject != nil && d.Subject.Start.Line == line) {
			return true
		}
	}
	return false
}

func TestVariablePrecedenceAndTypes(t *testing.T) {
	varFile := filepath.Join(t.TempDir(), "extra.tfvars")
	if err := os.WriteFile(varFile, []byte(`from_file = "var-file"`), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"main.tf": `
variable "plain"     { default = "default" }
variable "tfvars"    { default = "default" }
variable "auto"      { default = "default" }
variable "from_file" { default = "default" }
variable "cli"       { default = "default" }
variable "cidrs"     { type = list(string) }
variable "count"     { type = number }
variable "enabled"   { type = bool }
variable "settings" {
  type = object({ name = string, size = optional(number, 3) })
  default = { name = "x" }
}
locals {
  plain = var.plain
  tfvars = var.tfvars
  auto = var.auto
  from_file = var.from_file
  cli = var.cli
  first_cidr = var.cidrs[1]
  doubled = var.count * 2
  enabled = var.enabled ? "yes" : "no"
  size = var.settings.size
}
`,
		"terraform.tfvars":   `tfvars = "tfvars"` + "\n" + `auto = "tfvars"`,
		"b.auto.tfvars":      `auto = "b.auto"`,
		"a.auto.tfvars":      `auto = "a.auto"`,
		"z.auto.tfvars.json": `{"cidrs": ["10.0.0.0/16", "10.1.0.0/16"]}`,
	}
	e, _, diags := run(t, files, Options{
		VarFiles: []string{varFile},
		Vars:     map[string]string{"cli": "cli", "count": "21", "enabled": "true"},
	})
	if diags.HasErrors() {
		t.Fatal(diagText(diags))
	}
	for name, want := range map[string]string{
		"plain": "default", "tfvars": "tfvars", "auto": "b.auto", "from_file": "var-file",
		"cli": "cli", "first_cidr": "10.1.0.0/16", "enabled": "yes",
	} {
		wantString(t, "local."+name, rootLocal(t, e, name), want)
	}
	if v := rootLocal(t, e, "doubled"); !v.RawEquals(cty.NumberIntVal(42)) {
		t.Errorf("local.doubled = %#v, want 42 (--var count=21 converted to a number)", v)
	}
	if v := rootLocal(t, e, "size"); !v.RawEquals(cty.NumberIntVal(3)) {
		t.Errorf("local.size = %#v, want the optional attribute's default 3", v)
	}
}

func TestVariableErrors(t *testing.T) {
	_, _, diags := run(t, map[string]string{"main.tf": `
variable "needed" {}
variable "n" { type = number }
locals { x = var.needed }
`}, Options{Vars: map[string]string{"n": "not-a-number", "nope": "1"}})
	if !hasDiag(diags, hcl.DiagWarning, `variable "needed" has no value`, 2) {
		t.Errorf("missing value of a required variable is not reported at its declaration:\n%s", diagText(diags))
	}
	if !hasDiag(diags, hcl.DiagError, "Invalid value for input variable", 0) {
		t.Errorf("a --var that does not convert to the type is not reported:\n%s", diagText(diags))
	}
	if !hasDiag(diags, hcl.DiagError, "undeclared variable", 0) {
		t.Errorf("a --var for an undeclared variable is not reported:\n%s", diagText(diags))
	}
}

func TestLocalsDependencyOrder(t *testing.T) {
	e, _, _ := runMain(t, `
locals {
  c = "${local.b}-c"
  b = "${local.a}-b"
}
locals {
  a = upper("a")
}
`)
	wantString(t, "local.c", rootLocal(t, e, "c"), "A-b-c")
}

func TestReferenceCycle(t *testing.T) {
	e, n, diags := run(t, map[string]string{"main.tf": `locals {
  a = local.b
  b = local.a
  c = "fine"
}
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
`}, Options{})
	if !hasDiag(diags, hcl.DiagError, "Reference cycle", 2) || !hasDiag(diags, hcl.DiagError, "local.b refers to local.a", 2) {
		t.Errorf("cycle not reported at the reference in local.a:\n%s", diagText(diags))
	}
	if v := rootLocal(t, e, "a"); v.IsKnown() {
		t.Errorf("local.a in a cycle = %#v, want unknown", v)
	}
	wantString(t, "local.c", rootLocal(t, e, "c"), "fine")
	if len(n.VPCs) != 1 {
		t.Errorf("the rest of the configuration is not analysed: %d VPCs", len(n.VPCs))
	}
}

func TestUndeclaredReferences(t *testing.T) {
	e, n, diags := run(t, map[string]string{"main.tf": `locals {
  a = var.missing
  b = local.nope
  c = aws_vpc.nope.id
  d = module.nope.x
  e = data.aws_vpc.nope.id
  ok = "yes"
}
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
`}, Options{})
	for line, text := range map[int]string{
		2: "undeclared input variable", 3: "undeclared local value", 4: "undeclared resource",
		5: "undeclared module", 6: "undeclared resource",
	} {
		if !hasDiag(diags, hcl.DiagError, text, line) {
			t.Errorf("line %d: no %q error:\n%s", line, text, diagText(diags))
		}
	}
	if v := rootLocal(t, e, "a"); v.IsKnown() {
		t.Errorf("a reference to an undeclared variable = %#v, want unknown", v)
	}
	wantString(t, "local.ok", rootLocal(t, e, "ok"), "yes")
	if len(n.VPCs) != 1 {
		t.Errorf("the rest of the configuration is not analysed")
	}
}

func TestSyntaxErrorKeepsOtherFiles(t *testing.T) {
	_, n, diags := run(t, map[string]string{
		"bad.tf":  "resource \"aws_vpc\" \"x\" {\n  cidr_block = \n}\n",
		"good.tf": `resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }`,
	}, Options{})
	found := false
	for _, d := range diags {
		if d.Severity == hcl.DiagError && d.Subject != nil && strings.HasSuffix(d.Subject.Filename, "bad.tf") && d.Subject.Start.Line <= 3 {
			found = true
		}
	}
	if !found {
		t.Errorf("syntax error not reported in bad.tf:\n%s", diagText(diags))
	}
	if len(n.VPCs) != 1 || n.VPCs[0].Name != "aws_vpc.v" {
		t.Errorf("want only aws_vpc.v (good.tf), not the broken block: %d VPCs", len(n.VPCs))
	}
}

func TestFunctionsInConfiguration(t *testing.T) {
	e, _, _ := runMain(t, `
locals {
  cidr     = "10.0.0.0/16"
  subnets  = cidrsubnets(local.cidr, 8, 8, 4)
  host     = cidrhost(cidrsubnet(local.cidr, 8, 2), 10)
  mask     = cidrnetmask(local.cidr)
  merged   = merge({ a = 1 }, { b = 2 })
  flat     = flatten([["a"], ["b", ["c"]]])
  joined   = join(",", concat(["x"], ["y"]))
  looked   = lookup({ a = "1" }, "b", "default")
  looknull = lookup({ a = "1" }, "b", null)
  elem     = element(["a", "b", "c"], 4)
  zipped   = zipmap(["k"], ["v"])["k"]
  ranged   = length(range(3))
  distinct = length(distinct(["a", "a", "b"]))
  compact  = join("", compact(["a", "", "b"]))
  coalesce = coalesce("", "first")
  base     = basename("/a/b/c.tf")
  json     = jsonencode({ a = [1] })
  format   = format("%s-%03d", "x", 7)
  sliced   = join(",", slice(["a", "b", "c", "d"], 1, 3))
  tried    = try(local.merged.nope, "fallback")
  can      = can(regex("^[a-z]+$", "abc")) ? "ok" : "no"
  regex    = regex("^([a-z]+)-", "ab-1")[0]
  replaced = replace("a.b.c", ".", "-")
  replre   = replace("a1b22", "/[0-9]+/", "#")
  one      = one(["only"])
  sum      = sum([1, 2, 3])
  prod     = length(setproduct(["a", "b"], ["x", "y", "z"]))
  index    = index(["a", "b"], "b")
  chunks   = length(chunklist(["a", "b", "c"], 2))
  reversed = join("", reverse(["a", "b"]))
  sorted   = join("", sort(["b", "a"]))
  starts   = startswith("subnet-1", "subnet-") && endswith("x.tf", ".tf") ? "yes" : "no"
  trans    = transpose({ a = ["x"], b = ["x", "y"] })["x"][1]
  keys     = join(",", keys({ b = 1, a = 2 }))
  values   = join(",", [for v in values({ a = "1", b = "2" }) : v])
  maxmin   = max(1, 5, 3) - min(4, 2)
  substr   = substr("abcdef", 1, 3)
  lengthst = length("héllo")
  contains = contains(["a"], "a") ? "yes" : "no"
  split    = split("/", "a/b")[1]
  lower    = "${lower("AB")}${upper("c")}${trimspace(" d ")}"
  tostr    = tostring(5)
  tonum    = tonumber("5") + 1
  tobool   = tobool("true") ? "t" : "f"
  toset    = length(toset(["a", "a"]))
  tomap    = tomap({ a = "b" })["a"]
  tolist   = tolist(["a"])[0]
  coalist  = coalescelist([], ["z"])[0]
  uuid     = uuid()
}
`)
	checks := map[string]string{
		"host": "10.0.2.10", "mask": "255.255.0.0", "flat": "", "joined": "x,y", "looked": "default",
		"elem": "b", "zipped": "v", "compact": "ab", "coalesce": "first", "base": "c.tf",
		"json": `{"a":[1]}`, "format": "x-007", "sliced": "b,c", "tried": "fallback", "can": "ok",
		"regex": "ab", "replaced": "a-b-c", "replre": "a#b#", "one": "only", "reversed": "ba",
		"sorted": "ab", "starts": "yes", "trans": "b", "keys": "a,b", "values": "1,2", "substr": "bcd",
		"contains": "yes", "split": "b", "lower": "abCd", "tostr": "5", "tobool": "t", "tomap": "b",
		"tolist": "a", "coalist": "z",
	}
	for name, want := range checks {
		if name == "flat" {
			continue
		}
		wantString(t, "local."+name, rootLocal(t, e, name), want)
	}
	numbers := map[string]int64{"ranged": 3, "distinct": 2, "sum": 6, "prod": 6, "index": 1, "chunks": 2, "maxmin": 3, "lengthst": 5, "tonum": 6, "toset": 1}
	for name, want := range numbers {
		if v := rootLocal(t, e, name); !v.RawEquals(cty.NumberIntVal(want)) {
			t.Errorf("local.%s = %#v, want %d", name, v, want)
		}
	}
	if v := rootLocal(t, e, "subnets"); v.LengthInt() != 3 || v.Index(cty.NumberIntVal(2)).AsString() != "10.0.16.0/20" {
		t.Errorf("local.subnets = %#v", v)
	}
	if v := rootLocal(t, e, "flat"); v.LengthInt() != 3 {
		t.Errorf("local.flat = %#v, want 3 elements", v)
	}
	if v := rootLocal(t, e, "looknull"); !v.IsNull() {
		t.Errorf("lookup with a null default = %#v, want null", v)
	}
	if v := rootLocal(t, e, "uuid"); v.IsKnown() {
		t.Errorf("uuid() = %#v, want unknown (known only on apply)", v)
	}
}

func TestUnsupportedAndUnknownFunctions(t *testing.T) {
	e, n, diags := run(t, map[string]string{"main.tf": `locals {
  y = yamlencode({ a = 1 })
  z = no_such_function(1)
  ok = "fine"
}
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
`}, Options{})
	if !hasDiag(diags, hcl.DiagWarning, "function yamlencode is not supported", 2) {
		t.Errorf("unsupported function not reported at its call:\n%s", diagText(diags))
	}
	if !hasDiag(diags, hcl.DiagError, "no_such_function", 3) {
		t.Errorf("unknown function not reported at its call:\n%s", diagText(diags))
	}
	if v := rootLocal(t, e, "y"); v.IsKnown() {
		t.Errorf("result of an unsupported function = %#v, want unknown", v)
	}
	if len(n.VPCs) != 1 {
		t.Error("the rest of the configuration is not analysed")
	}
}

func TestCountForEachAndReferences(t *testing.T) {
	_, n, _ := runMain(t, `
locals {
  azs = ["eu-west-1a", "eu-west-1b"]
  extra = { app = "10.0.100.0/24", db = "10.0.101.0/24" }
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "counted" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.main.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
}
resource "aws_subnet" "keyed" {
  for_each   = local.extra
  vpc_id     = aws_vpc.main.id
  cidr_block = each.value
  tags       = { Name = each.key }
}
resource "aws_subnet" "from_set" {
  for_each   = toset(["10.0.200.0/24"])
  vpc_id     = aws_vpc.main.id
  cidr_block = each.key
}
resource "aws_route_table" "rt" {
  vpc_id = aws_vpc.main.id
}
resource "aws_route_table_association" "a" {
  count          = length(aws_subnet.counted)
  subnet_id      = element(aws_subnet.counted[*].id, count.index)
  route_table_id = aws_route_table.rt.id
}
resource "aws_network_acl" "acl" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = [for s in aws_subnet.keyed : s.id]
}
`)
	if len(n.VPCs) != 1 || n.VPCs[0].AWSID != placeholderID("vpc", "aws_vpc.main") {
		t.Fatalf("vpc placeholder id: %+v", n.VPCs)
	}
	vpcID := n.VPCs[0].AWSID
	want := map[string]string{
		"aws_subnet.counted[0]":                "10.0.0.0/24",
		"aws_subnet.counted[1]":                "10.0.1.0/24",
		`aws_subnet.keyed["app"]`:              "10.0.100.0/24",
		`aws_subnet.keyed["db"]`:               "10.0.101.0/24",
		`aws_subnet.from_set["10.0.200.0/24"]`: "10.0.200.0/24",
	}
	got := map[string]string{}
	for _, s := range n.Subnets {
		got[s.Name] = s.CIDR.Prefix.String()
		if s.VPC.Key != vpcID {
			t.Errorf("%s: vpc %q, want %q", s.Name, s.VPC.Key, vpcID)
		}
		if s.TFAddr != s.Name || s.AWSID != placeholderID("subnet", s.Name) {
			t.Errorf("%s: address %q, id %q", s.Name, s.TFAddr, s.AWSID)
		}
	}
	for name, cidr := range want {
		if got[name] != cidr {
			t.Errorf("%s = %q, want %q (all: %v)", name, got[name], cidr, got)
		}
	}
	if n.Subnets[1].AZ != "eu-west-1b" {
		t.Errorf("count.index not applied to the zone: %q", n.Subnets[1].AZ)
	}
	if len(n.RouteTables) != 1 || len(n.RouteTables[0].Subnets) != 2 || n.RouteTables[0].Subnets[1].Key != placeholderID("subnet", "aws_subnet.counted[1]") {
		t.Errorf("route table associations: %+v", n.RouteTables[0].Subnets)
	}
	if len(n.NetworkACLs) != 1 || len(n.NetworkACLs[0].Subnets) != 2 {
		t.Errorf("network ACL subnets from a for expression: %+v", n.NetworkACLs)
	}
}

func TestUnknownCountIsReported(t *testing.T) {
	_, n, diags := run(t, map[string]string{"main.tf": `
data "aws_subnets" "all" {}
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_network_interface" "e" {
  count     = length(data.aws_subnets.all.ids)
  subnet_id = data.aws_subnets.all.ids[count.index]
}
`}, Options{})
	if !hasDiag(diags, hcl.DiagWarning, "count of aws_network_interface.e is not known", 5) {
		t.Errorf("unknown count not reported:\n%s", diagText(diags))
	}
	if !hasDiag(diags, hcl.DiagWarning, "data.aws_subnets.all is read from AWS", 2) {
		t.Errorf("data source not reported:\n%s", diagText(diags))
	}
	if len(n.Interfaces) != 0 || len(n.VPCs) != 1 {
		t.Errorf("interfaces %d, vpcs %d", len(n.Interfaces), len(n.VPCs))
	}
}

func TestDynamicBlocksConditionalsSplats(t *testing.T) {
	_, n, _ := runMain(t, `
variable "ports" { default = [22, 443] }
variable "open" { default = true }
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "s" {
  count      = 2
  vpc_id     = aws_vpc.v.id
  cidr_block = cidrsubnet(aws_vpc.v.cidr_block, 8, count.index)
}
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.v.id
  dynamic "ingress" {
    for_each = var.ports
    iterator = port
    content {
      from_port   = port.value
      to_port     = port.value
      protocol    = "tcp"
      cidr_blocks = var.open ? ["0.0.0.0/0"] : aws_subnet.s[*].cidr_block
    }
  }
  dynamic "egress" {
    for_each = var.open ? [] : [1]
    content {
      from_port   = 0
      to_port     = 0
      protocol    = "-1"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = aws_subnet.s[*].cidr_block
  }
}
`)
	g := n.SecurityGroups[0]
	var got []string
	for _, r := range g.Rules {
		got = append(got, r.Direction.String()+" "+r.Ports.String()+" "+r.CIDR.String())
	}
	want := "ingress 22 0.0.0.0/0|ingress 443 0.0.0.0/0|ingress 5432 10.0.0.0/24|ingress 5432 10.0.1.0/24"
	if strings.Join(got, "|") != want {
		t.Errorf("rules:\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	if g.Rules[0].Range.Start.Line != 12 {
		t.Errorf("a dynamic rule's range starts at line %d, want 12 (the dynamic block)", g.Rules[0].Range.Start.Line)
	}
}

func TestComputedAttributes(t *testing.T) {
	e, n, diags := runMain(t, `
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "s" {
  vpc_id     = aws_vpc.v.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_eip" "ip" { domain = "vpc" }
resource "aws_instance" "web" {
  subnet_id = aws_subnet.s.id
}
locals {
  cidr      = aws_vpc.v.cidr_block
  eip       = aws_eip.ip.public_ip
  arn       = aws_vpc.v.arn
  instance  = aws_instance.web.private_ip
  main_rt   = aws_vpc.v.main_route_table_id
  something = aws_vpc.v.not_an_attribute_vpcheck_knows
}
`)
	wantString(t, "aws_vpc.v.cidr_block", rootLocal(t, e, "cidr"), "10.0.0.0/16")
	for _, name := range []string{"eip", "arn", "instance", "something"} {
		if v := rootLocal(t, e, name); v.IsKnown() {
			t.Errorf("local.%s = %#v, want unknown", name, v)
		}
	}
	wantString(t, "aws_vpc.v.main_route_table_id", rootLocal(t, e, "main_rt"), placeholderID("rtb", "aws_vpc.v#main"))
	if hasDiag(diags, hcl.DiagWarning, "private_ip", 0) {
		t.Errorf("an address assigned at launch is reported:\n%s", diagText(diags))
	}
	if len(n.Interfaces) != 1 || n.Interfaces[0].Name != "aws_instance.web/eni0" || len(n.Interfaces[0].PrivateIPs) != 0 {
		t.Errorf("instance ENI: %+v", n.Interfaces)
	}
}

func TestAvailabilityZonePlaceholders(t *testing.T) {
	for _, tt := range []struct{ provider, want string }{
		{`provider "aws" { region = "eu-central-1" }`, "eu-central-1"},
		{`provider "aws" {}`, "us-east-1"},
		{`locals { r = "ap-south-1" }` + "\n" + `provider "aws" { region = local.r }`, "ap-south-1"},
	} {
		e, _, diags := runMain(t, tt.provider+`
data "aws_availability_zones" "azs" {}
data "aws_region" "current" {}
locals {
  az  = data.aws_availability_zones.azs.names[2]
  reg = data.aws_region.current.name
}
`)
		wantString(t, "zone", rootLocal(t, e, "az"), tt.want+"c")
		if !hasDiag(diags, hcl.DiagWarning, "placeholder availability zones "+tt.want+"a", 0) {
			t.Errorf("placeholder not reported:\n%s", diagText(diags))
		}
		if tt.want == "us-east-1" {
			if v := rootLocal(t, e, "reg"); v.IsKnown() {
				t.Errorf("aws_region without a configured region = %#v, want unknown", v)
			}
		} else {
			wantString(t, "region", rootLocal(t, e, "reg"), tt.want)
		}
	}
}

func TestModules(t *testing.T) {
	files := map[string]string{
		"main.tf": `
module "net" {
  source = "./modules/net"
  cidr   = "10.1.0.0/16"
  azs    = ["a", "b"]
}
module "many" {
  source   = "./modules/net"
  for_each = { x = "10.2.0.0/16" }
  cidr     = each.value
  azs      = ["a"]
}
module "remote" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
resource "aws_security_group" "sg" {
  vpc_id = module.net.vpc_id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = module.net.subnet_cidrs
  }
}
locals { unread = module.remote.vpc_id }
`,
		"modules/net/main.tf": `
variable "cidr" { type = string }
variable "azs" { type = list(string) }
resource "aws_vpc" "this" { cidr_block = var.cidr }
module "subnets" {
  source = "../subnets"
  vpc_id = aws_vpc.this.id
  cidr   = var.cidr
  count  = length(var.azs)
  index  = count.index
}
output "vpc_id" { value = aws_vpc.this.id }
output "subnet_cidrs" { value = [for m in module.subnets : m.cidr] }
`,
		"modules/subnets/main.tf": `
variable "vpc_id" {}
variable "cidr" {}
variable "index" {}
resource "aws_subnet" "s" {
  vpc_id     = var.vpc_id
  cidr_block = cidrsubnet(var.cidr, 8, var.index)
}
output "cidr" { value = aws_subnet.s.cidr_block }
`,
	}
	e, n, diags := run(t, files, Options{})
	// A registry module that is not installed is an error: the network
	// lacks all it creates. The rest is still analysed.
	if !hasDiag(diags, hcl.DiagError, "module remote (source terraform-aws-modules/vpc/aws) is not installed: run terraform init", 0) {
		t.Errorf("unread remote module not reported:\n%s", diagText(diags))
	}
	for _, d := range diags {
		if d.Severity == hcl.DiagError && !strings.Contains(d.Summary, "module remote") {
			t.Errorf("unexpected error: %s", d.Error())
		}
	}
	if !n.Incomplete || len(n.Omitted) == 0 || n.Omitted[0].Resource != "module.remote" {
		t.Errorf("network without module.remote: incomplete %v, omitted %+v", n.Incomplete, n.Omitted)
	}
	if v := rootLocal(t, e, "unread"); v.IsKnown() {
		t.Errorf("output of an unread module = %#v, want unknown", v)
	}
	var names []string
	for _, s := range n.Subnets {
		names = append(names, s.Name+"="+s.CIDR.Prefix.String())
	}
	want := `module.net.module.subnets[0].aws_subnet.s=10.1.0.0/24 module.net.module.subnets[1].aws_subnet.s=10.1.1.0/24 module.many["x"].module.subnets[0].aws_subnet.s=10.2.0.0/24`
	if strings.Join(names, " ") != want {
		t.Errorf("subnets:\n got %s\nwant %s", strings.Join(names, " "), want)
	}
	if n.Subnets[0].VPC.Key != placeholderID("vpc", "module.net.aws_vpc.this") {
		t.Errorf("module input: subnet vpc %q", n.Subnets[0].VPC.Key)
	}
	g := n.SecurityGroups[0]
	if g.VPC.Key != placeholderID("vpc", "module.net.aws_vpc.this") || len(g.Rules) != 2 || g.Rules[1].CIDR.String() != "10.1.1.0/24" {
		t.Errorf("module outputs: sg vpc %q rules %+v", g.VPC.Key, g.Rules)
	}
	if !strings.HasSuffix(n.Subnets[0].Range.Filename, filepath.FromSlash("modules/subnets/main.tf")) {
		t.Errorf("range of a module resource: %s", n.Subnets[0].Range)
	}
}

func TestRemoteModuleFromManifest(t *testing.T) {
	files := map[string]string{
		"main.tf": `module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  cidr   = "10.9.0.0/16"
}`,
		".terraform/modules/modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws","Dir":".terraform/modules/vpc"}]}`,
		".terraform/modules/vpc/main.tf":  `variable "cidr" {}` + "\n" + `resource "aws_vpc" "this" { cidr_block = var.cidr }`,
	}
	_, n, diags := run(t, files, Options{})
	if diags.HasErrors() || len(n.VPCs) != 1 || n.VPCs[0].Name != "module.vpc.aws_vpc.this" || n.VPCs[0].CIDRs[0].Prefix.String() != "10.9.0.0/16" {
		t.Errorf("module from modules.json: %+v\n%s", n.VPCs, diagText(diags))
	}
}

func TestEmbeddedConfigurationWithoutDisk(t *testing.T) {
	srcs := []model.Source{{Name: "example:x/main.tf", Bytes: []byte(`
module "m" { source = "./child" }
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
`)}}
	n, diags := Load("example:x", srcs, Options{})
	if len(n.VPCs) != 1 || !hasDiag(diags, hcl.DiagError, "module m (source ./child) was not read", 2) || !n.Incomplete {
		t.Errorf("vpcs %d\n%s", len(n.VPCs), diagText(diags))
	}
}

// Only attribute names read through references are added to instances; a
// depends_on list (resource names, no attributes) must not add any, or every
// instance of a large configuration would carry every resource's name.
func TestWantedAttributesIgnoreDependsOn(t *testing.T) {
	e, _, _ := runMain(t, `
resource "aws_vpc" "a" { cidr_block = "10.0.0.0/16" }
resource "aws_internet_gateway" "g" { vpc_id = aws_vpc.a.id }
resource "aws_eip" "e" {
  domain     = "vpc"
  depends_on = [aws_internet_gateway.g]
}
locals { x = [for s in [aws_vpc.a] : s.cidr_block] }
`)
	if contains(e.relNames, "g") || contains(e.relNames, "a") || !contains(e.relNames, "cidr_block") {
		t.Errorf("attribute names read through values: %v", e.relNames)
	}
	if !e.wanted["aws_vpc"]["id"] {
		t.Errorf("attributes read from aws_vpc: %v", e.wanted["aws_vpc"])
	}
}
