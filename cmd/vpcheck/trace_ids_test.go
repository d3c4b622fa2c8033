package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestTraceHopsShowAWSIDs: a hop names its component as the user knows it
// and gives the AWS id (issue 12, item 16) — in text after the name, in
// JSON as "id" — only when the object has one: a placeholder vpcheck made
// up for a Terraform resource not yet created is no AWS id. Transit gateway
// objects and their ids:
// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
func TestTraceHopsShowAWSIDs(t *testing.T) {
	args := []string{"trace", "testdata/trace-ids/native", "--from", "instance:a-1", "--to", "instance:b-1", "--port", "443"}
	code, out, stderr := run(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"instance a-1 (i-0a50a50a50a50a50a)",
		"transit_gateway_attachment a (tgw-attach-0a50a50a50a50a50a)",
		"into transit gateway hub (tgw-01e1a2b3c4d5e6f70), associated with",
		"transit_gateway_route_table main (tgw-rtb-0a1b2c3d4e5f60718)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "transit_gateway_attachment b (") {
		t.Errorf("attachment b has no AWS id but shows one:\n%s", out)
	}

	code, out, stderr = run(t, append(args, "--format", "json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc traceRun
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, h := range doc.Hops {
		if h.ID != "" {
			ids[h.Component] = h.ID
		}
	}
	want := map[string]string{
		"instance a-1":                     "i-0a50a50a50a50a50a",
		"subnet a-1":                       "subnet-0a501a501a501a501",
		"transit_gateway_attachment a":     "tgw-attach-0a50a50a50a50a50a",
		"transit_gateway_route_table main": "tgw-rtb-0a1b2c3d4e5f60718",
	}
	for c, id := range want {
		if ids[c] != id {
			t.Errorf("hop %s: id %q, want %q", c, ids[c], id)
		}
	}
	if len(ids) != len(want) {
		t.Errorf("hops with ids %v, want exactly %v", ids, want)
	}

	_, out, stderr = run(t, "trace", "testdata/trace-ids/terraform", "--from", "aws_instance.a", "--to", "aws_instance.b", "--port", "443", "--format", "json")
	doc = traceRun{}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	if len(doc.Hops) < 4 {
		t.Fatalf("only %d hops: %s", len(doc.Hops), out)
	}
	for _, h := range doc.Hops {
		if h.ID != "" {
			t.Errorf("hop %s shows placeholder id %s as an AWS id", h.Component, h.ID)
		}
	}
}
