package graph

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/vpcheck/vpcheck/analyzer"
	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/report"
)

// Names from the input reach every format escaped: no raw control
// character anywhere, no markup of the input's in the page, no quote that
// ends a dot or mermaid string early.
func TestAwkwardNamesAreEscaped(t *testing.T) {
	net, diags := load.Paths([]string{"testdata/awkward.net.hcl"}, load.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	g := Build(dataplane.Compile(net), Options{})
	if len(g.Nodes) < 4 {
		t.Fatalf("awkward network drew %d nodes", len(g.Nodes))
	}
	for _, f := range report.GraphOutput.Formats() {
		out := string(render(t, f, g, "awkward <title>"))
		for _, r := range out {
			if r < 0x20 && r != '\n' && r != '\t' {
				t.Errorf("%s: raw control character %U in the output", f, r)
				break
			}
		}
		if (f == report.FormatHTML || f == report.FormatMermaid) && strings.Contains(out, "<script>alert") {
			// Both are read as markup: the page, and mermaid's labels.
			t.Errorf("%s: the input's markup is in the output unescaped", f)
		}
		switch f {
		case report.FormatMermaid:
			for _, line := range strings.Split(out, "\n") {
				if i := strings.Index(line, `["`); i >= 0 && strings.Count(line[i:], `"`) != 2 {
					t.Errorf("mermaid: a label's quote is not escaped: %s", line)
				}
			}
		case report.FormatDot:
			if !strings.Contains(out, `vpc p\"r<o>d&\\x`) {
				t.Errorf("dot: the vpc's name is not quoted as dot reads it:\n%s", out)
			}
		}
	}
	if dotBin, err := exec.LookPath("dot"); err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, dotBin, "-Tsvg")
		cmd.Stdin = bytes.NewReader(render(t, report.FormatDot, g, ""))
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &bytes.Buffer{}, &stderr
		if err := cmd.Run(); err != nil {
			t.Errorf("dot -Tsvg: %v\n%s", err, stderr.String())
		}
	}
}

// WriteMermaidFlows (diff's markdown) draws each path on its own, steps
// numbered, a blocked one's last step with its code.
func TestMermaidFlows(t *testing.T) {
	d := loadExample(t, "tgw-hub")
	an := analyzer.New(d)
	g := Build(d, Options{})
	ok, err := an.Trace(analyzer.TraceQuery{From: "api-1", To: "artifacts-1", Protocol: 6, DstPort: 443, ICMPType: -1, ICMPCode: -1})
	if err != nil {
		t.Fatal(err)
	}
	bad, err := an.Trace(analyzer.TraceQuery{From: "dev-1", To: "api-1", Protocol: 6, DstPort: 443, ICMPType: -1, ICMPCode: -1})
	if err != nil {
		t.Fatal(err)
	}
	flows := []Flow{
		{Title: "gained: api-1 → artifacts-1 tcp/443", Elements: g.Elements(d, &ok.Forward)},
		{Title: "lost: dev-1 → api-1 tcp/443", Elements: g.Elements(d, &bad.Forward), Block: string(bad.ForwardOutcome.Code)},
	}
	if n := len(flows[0].Elements); n < 5 || flows[0].Elements[0] != "instance:api-1" || flows[0].Elements[n-1] != "instance:artifacts-1" {
		t.Fatalf("api-1 → artifacts-1 passes %v", flows[0].Elements)
	}
	var b bytes.Buffer
	if err := WriteMermaidFlows(&b, g, flows); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"flowchart LR", `subgraph f0["gained: api-1 → artifacts-1 tcp/443"]`, `f0_0["api-1<br/>10.1.10.10"]`,
		`f0_0 -->|"1"| f0_1`, "× TGW_BLACKHOLE", "linkStyle"} {
		if !strings.Contains(out, want) {
			t.Errorf("flows lack %q:\n%s", want, out)
		}
	}
	checkGolden(t, "tgw-hub.flows.mmd", b.Bytes())
}
