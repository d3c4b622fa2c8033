package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcheck/vpcheck/report"
)

// publicPrivateLog is traffic of example:public-private as its ENIs would
// log it: web-1 (10.0.0.10) calls app-1 (10.0.10.10) on 8080, app-1 calls
// the internet through its NAT gateway, the internet calls web-1 on 443.
const publicPrivateLog = `version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
2 123456789012 eni-web1 10.0.0.10 10.0.10.10 49200 8080 6 10 840 1700000000 1700000060 ACCEPT OK
2 123456789012 eni-app1 10.0.0.10 10.0.10.10 49200 8080 6 10 840 1700000000 1700000060 ACCEPT OK
2 123456789012 eni-app1 10.0.10.10 10.0.0.10 8080 49200 6 10 840 1700000000 1700000060 ACCEPT OK
2 123456789012 eni-app1 10.0.10.10 198.51.100.80 40000 443 6 10 840 1700000000 1700000060 ACCEPT OK
2 123456789012 eni-web1 198.51.100.7 10.0.0.10 50123 443 6 10 840 1700000000 1700000060 ACCEPT OK
2 123456789012 eni-web1 10.0.0.10 10.0.10.10 49300 22 6 1 40 1700000000 1700000060 REJECT OK
2 123456789012 eni-web1 - - - - - - - 1700000000 1700000060 - NODATA
`

func writeLog(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "flow.log")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

type replayRun struct {
	Records  int               `json:"records"`
	Replayed int               `json:"replayed"`
	Passing  int               `json:"passing"`
	Dropped  int               `json:"dropped"`
	Rejected int               `json:"rejected"`
	NoData   int               `json:"nodata"`
	Drops    []report.DropJSON `json:"drops"`
}

func TestReplayPasses(t *testing.T) {
	code, stdout, stderr := run(t, "replay", "--format", "json", writeLog(t, publicPrivateLog), "example:public-private")
	if code != exitOK {
		t.Fatalf("exit %d:\n%s\n%s", code, stdout, stderr)
	}
	var r replayRun
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if r.Records != 7 || r.Replayed != 5 || r.Passing != 5 || r.Rejected != 1 || r.NoData != 1 || len(r.Drops) != 0 {
		t.Errorf("%+v", r)
	}
}

// TestReplayAfterChange replays the log on the example with app-1's
// security group no longer admitting web-1: the flow is reported, with
// the security group and its line.
func TestReplayAfterChange(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join("..", "..", "fixtures", "examples", "public-private")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "security.net.hcl" {
			changed := strings.ReplaceAll(string(b), "8080", "8081")
			if changed == string(b) {
				t.Fatal("security.net.hcl has no port 8080 to change")
			}
			b = []byte(changed)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := run(t, "replay", "--format", "json", writeLog(t, publicPrivateLog), dir)
	if code != exitFindings {
		t.Fatalf("exit %d:\n%s\n%s", code, stdout, stderr)
	}
	var r replayRun
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if r.Dropped != 3 || len(r.Drops) != 1 {
		t.Fatalf("%+v", r)
	}
	d := r.Drops[0]
	if d.Client != "10.0.0.10" || d.Server != "10.0.10.10" || d.ServerPort != 8080 || d.Records != 3 || d.Leg != "request" ||
		d.Disposition != "DENIED_OUT" || d.Kind != "security_group" || d.Location == nil || !strings.HasSuffix(d.Location.File, "security.net.hcl") {
		t.Errorf("%+v", d)
	}

	code, stdout, _ = run(t, "replay", writeLog(t, publicPrivateLog), dir)
	if code != exitFindings || !strings.Contains(stdout, "3 would be dropped") || !strings.Contains(stdout, "DENIED_OUT (SG_EGRESS_DENY)") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

func TestReplayMalformedIsInputError(t *testing.T) {
	code, _, stderr := run(t, "replay", writeLog(t, publicPrivateLog+"2 1 eni x y\n"), "example:public-private")
	if code != exitUsage || !strings.Contains(stderr, "flow.log:9:1") || !strings.Contains(stderr, "malformed flow log record") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
}

func TestReplayArguments(t *testing.T) {
	code, _, stderr := run(t, "replay")
	if code != exitUsage || !strings.Contains(stderr, "requires at least 1 arg") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	code, _, stderr = run(t, "replay", filepath.Join(t.TempDir(), "nosuch.log"), "example:public-private")
	if code != exitUsage || !strings.Contains(stderr, "flow log") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
}

func TestReplayStdinAndDirectory(t *testing.T) {
	var out, errOut bytes.Buffer
	streams := &IOStreams{Out: &out, ErrOut: &errOut}
	var got *replayOptions
	cmd := NewCmdReplay(streams, func(o *replayOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"-", "example:public-private"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	got.Stdin = strings.NewReader(publicPrivateLog)
	if err := runReplay(got); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "7 records: 5 replayed, 5 pass") {
		t.Errorf("%s", out.String())
	}

	dir := t.TempDir()
	for i, part := range strings.SplitAfterN(publicPrivateLog, "\n", 4) {
		if err := os.WriteFile(filepath.Join(dir, "part"+string(rune('a'+i))+".log"), []byte(part), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, ".hidden"), []byte("not a flow log\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "replay", dir, "example:public-private")
	if code != exitOK || !strings.Contains(stdout, "7 records: 5 replayed, 5 pass") {
		t.Errorf("exit %d:\n%s\n%s", code, stdout, stderr)
	}
}

// With --format json, malformed records are in the document too.
func TestReplayMalformedJSONHasDiagnostics(t *testing.T) {
	code, stdout, _ := run(t, "replay", "--format", "json", writeLog(t, publicPrivateLog+"2 1 eni x y\n"), "example:public-private")
	var doc struct {
		Records     int `json:"records"`
		Diagnostics []struct {
			Severity, Summary, Detail string
			Location                  *struct {
				File         string
				Line, Column int
			}
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("exit %d: %v\n%s", code, err, stdout)
	}
	if code != exitUsage || len(doc.Diagnostics) != 1 {
		t.Fatalf("exit %d, diagnostics %+v", code, doc.Diagnostics)
	}
	d := doc.Diagnostics[0]
	if d.Severity != "error" || d.Summary != "malformed flow log record" || d.Location == nil || d.Location.Line != 9 || !strings.HasSuffix(d.Location.File, "flow.log") {
		t.Errorf("%+v", d)
	}
	// A clean replay has an empty list, not null.
	_, stdout, _ = run(t, "replay", "--format", "json", writeLog(t, publicPrivateLog), "example:public-private")
	if !strings.Contains(stdout, `"diagnostics": []`) {
		t.Errorf("no empty diagnostics list:\n%s", stdout)
	}
}
