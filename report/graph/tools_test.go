package graph

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/report"
)

// The dot output must be accepted by the real Graphviz (Debian package
// graphviz), and every node must come out of it: dot keeps the id
// attribute, so the SVG has one <g id="n-…" class="node"> per node (dot writes the dash
// as &#45;).
func TestDotRendersWithGraphviz(t *testing.T) {
	dotBin, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz dot not installed (apt-get install graphviz)")
	}
	type item struct {
		name string
		g    *Graph
	}
	var items []item
	for _, ex := range fixtures.Examples() {
		items = append(items, item{ex.Name, Build(loadExample(t, ex.Name), Options{})})
	}
	for _, c := range pathCases {
		items = append(items, item{c.example + "." + c.name, buildPath(t, c)})
	}
	nodeRE := regexp.MustCompile(`<g id="n(-|&#45;)[^"]*" class="node"`)
	for _, it := range items {
		var src bytes.Buffer
		if err := it.g.WriteDot(&src); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		cmd := exec.CommandContext(ctx, dotBin, "-Tsvg")
		cmd.Stdin = &src
		var out, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &stderr
		err := cmd.Run()
		cancel()
		if err != nil {
			t.Errorf("%s: dot -Tsvg: %v\n%s", it.name, err, stderr.String())
			continue
		}
		if s := stderr.String(); strings.Contains(s, "Error") || strings.Contains(s, "syntax") {
			t.Errorf("%s: dot complains:\n%s", it.name, s)
		}
		if got := len(nodeRE.FindAll(out.Bytes(), -1)); got != len(it.g.Nodes) {
			t.Errorf("%s: dot drew %d nodes, the graph has %d", it.name, got, len(it.g.Nodes))
		}
	}
}

// browser is a headless Chromium on this machine, or "".
func browser() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func runBrowser(t *testing.T, bin, dir string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
		"--user-data-dir=" + filepath.Join(dir, "profile"), "--window-size=1600,1000"}
	var out, stderr bytes.Buffer
	for attempt := 1; ; attempt++ {
		out.Reset()
		stderr.Reset()
		cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
		cmd.Stdout, cmd.Stderr = &out, &stderr
		err := cmd.Run()
		if err == nil {
			return out.Bytes()
		}
		// Headless Chromium on a loaded CI machine now and then dies of a
		// signal (a segmentation fault) before it reads the page: that
		// says nothing of the page, so it gets one more try. Any other
		// failure, or a second crash, fails the test.
		var exit *exec.ExitError
		if attempt == 1 && ctx.Err() == nil && errors.As(err, &exit) && !exit.Exited() {
			t.Logf("%s %v: %v; trying once more", bin, args, err)
			continue
		}
		t.Fatalf("%s %v: %v\n%s", bin, args, err, stderr.String())
	}
}

// The HTML page opened in a real headless browser (Debian package
// chromium): its script counts the SVG nodes that rendered with a size
// (getBBox), which must be every node of the graph; and a screenshot of
// it is a real picture, not a blank page.
func TestHTMLRendersInBrowser(t *testing.T) {
	bin := browser()
	if bin == "" {
		t.Skip("no headless Chromium installed (apt-get install chromium)")
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	dir := t.TempDir()
	cases := []struct {
		name string
		g    *Graph
	}{
		{"public-private", Build(loadExample(t, "public-private"), Options{})},
		{"tgw-hub.trace", buildPath(t, pathCase{"trace-dev-prod-blackhole", "tgw-hub", "dev-1", "api-1", model.ProtoTCP, 443, 0})},
		{"three-tier-nacl.trace", buildPath(t, pathCase{"trace-internet-alb-nacl-denied", "three-tier-nacl", "internet", "alb-a", model.ProtoTCP, 80, 0})},
	}
	drawnRE := regexp.MustCompile(`data-nodes-drawn="(\d+)"`)
	for _, c := range cases {
		page := filepath.Join(dir, c.name+".html")
		if err := os.WriteFile(page, render(t, report.FormatHTML, c.g, c.name), 0o644); err != nil {
			t.Fatal(err)
		}
		dom := runBrowser(t, bin, dir, "--dump-dom", "file://"+page)
		m := drawnRE.FindSubmatch(dom)
		if m == nil {
			t.Errorf("%s: the page's script did not run (no data-nodes-drawn in the DOM)", c.name)
			continue
		}
		if n, _ := strconv.Atoi(string(m[1])); n != len(c.g.Nodes) {
			t.Errorf("%s: the browser drew %d nodes, the graph has %d", c.name, n, len(c.g.Nodes))
		}
		// Selecting an object (what a click does) shows its details.
		sel := runBrowser(t, bin, dir, "--dump-dom", "file://"+page+"#sel=subnet%3Apublic-a")
		if c.name == "public-private" && !bytes.Contains(sel, []byte("<td>10.0.0.0/24</td>")) {
			t.Errorf("%s: selecting subnet:public-a does not show its cidr in the details", c.name)
		}
		shot := filepath.Join(dir, c.name+".png")
		runBrowser(t, bin, dir, "--screenshot="+shot, "file://"+page)
		f, err := os.Open(shot)
		if err != nil {
			t.Fatalf("%s: no screenshot: %v", c.name, err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: screenshot: %v", c.name, err)
		}
		colours := map[uint32]bool{}
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y += 7 {
			for x := b.Min.X; x < b.Max.X; x += 7 {
				r, g, bl, _ := img.At(x, y).RGBA()
				colours[r>>8<<16|g>>8<<8|bl>>8] = true
			}
		}
		if len(colours) < 8 {
			t.Errorf("%s: the screenshot has %d colours: a blank page", c.name, len(colours))
		}
	}
}
