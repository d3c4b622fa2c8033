package load_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model/load"
)

// A directory in the Batfish snapshot layout is that snapshot; the
// Terraform beside it is reported as not read, never merged (the corpus's
// test-nat-gateway is such a directory).
func TestSnapshotDirectoryIgnoresFilesBeside(t *testing.T) {
	dir := filepath.Join("testdata", "snapshot-beside-tf")
	n, diags := load.Paths([]string{dir}, load.Options{})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%s", diags.Error())
	}
	if len(n.VPCs) != 1 || n.VPCs[0].AWSID != "vpc-0a1b2c3d4e5f60718" {
		t.Errorf("vpcs %v: the snapshot's only", n.VPCs)
	}
	want := dir + " is a snapshot (aws_configs/): " + filepath.Join(dir, "network.tf") + " not read"
	if len(diags) == 0 || diags[0].Summary != want {
		t.Errorf("diagnostics:\n%s\nwant %q", diags.Error(), want)
	}
	// Named explicitly, both are read.
	n, diags = load.Paths([]string{filepath.Join(dir, "aws_configs"), filepath.Join(dir, "network.tf")}, load.Options{})
	if len(n.VPCs) != 2 {
		t.Errorf("named files: %d vpcs\n%s", len(n.VPCs), diags.Error())
	}
}

// Any other mix of formats in one directory is an error listing both sets
// of files, unless the files are named.
func TestMixedFormatsInOneDirectory(t *testing.T) {
	dir := filepath.Join("testdata", "mixed-formats")
	_, diags := load.Paths([]string{dir}, load.Options{})
	want := dir + " mixes network definition formats: Terraform (" + filepath.Join(dir, "main.tf") + ") and native (" + filepath.Join(dir, "extra.net.hcl") + ")"
	var errs []string
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			errs = append(errs, d.Summary)
		}
	}
	if strings.Join(errs, "\n") != want {
		t.Errorf("errors %q, want %q", errs, want)
	}
	n, diags := load.Paths([]string{filepath.Join(dir, "main.tf"), filepath.Join(dir, "extra.net.hcl")}, load.Options{})
	if diags.HasErrors() || len(n.VPCs) != 2 {
		t.Errorf("named files: %d vpcs\n%s", len(n.VPCs), diags.Error())
	}
}
