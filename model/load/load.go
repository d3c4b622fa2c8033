// Package load turns the paths a user gives into one linked network: it
// finds the files, detects each one's format, hands them to the right
// loader, merges the results and links them. It never prints.
package load

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/fixtures"
	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/awsjson"
	"github.com/vpcheck/vpcheck/model/load/jsondoc"
	"github.com/vpcheck/vpcheck/model/load/native"
	"github.com/vpcheck/vpcheck/model/load/source"
	"github.com/vpcheck/vpcheck/model/load/terraform"
)

// ExamplePrefix selects an embedded example: example:NAME.
const ExamplePrefix = "example:"

// Options carry loader settings from the command line.
type Options struct {
	Terraform terraform.Options
	// Config is the .vpcheck.hcl whose on_prem blocks declare the
	// on-premises networks ("" for none; see sites.go).
	Config string
	// Shallow reads a directory PATH without its subdirectories (but with
	// its aws_configs/ snapshot): they are roots of their own (Roots).
	Shallow bool
}

// Format is an input format.
type Format int

// Formats, detected per file.
const (
	FormatUnknown Format = iota
	FormatNative
	FormatTerraform
	FormatSnapshot
	FormatPlan
)

// Paths loads every path — a file, a directory, or example:NAME — into one
// linked and validated network. Diagnostics from every file are collected,
// up to model.DiagnosticLimit of each kind.
func Paths(paths []string, opts Options) (*model.Network, hcl.Diagnostics) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	g := group{shallow: opts.Shallow}
	var diags model.Collector
	for _, p := range paths {
		diags.Add(g.add(p)...)
	}
	net, d := g.load(opts)
	diags.Add(d...)
	if net == nil {
		return nil, diags.Diagnostics()
	}
	diags.Add(addSites(net, opts.Config)...)
	diags.Add(net.Link()...)
	diags.Add(net.Validate()...)
	// Objects with errors are left out or partly read; the rest is analysed.
	net.Incomplete = net.Incomplete || diags.HasErrors()
	return net, diags.Diagnostics()
}

// group is the set of files to load, by format; Terraform and snapshot files
// are grouped by directory because each directory is one module / snapshot.
type group struct {
	native    []model.Source
	terraform map[string][]model.Source
	snapshots map[string][]model.Source
	plans     []model.Source
	// skipped are files not loaded that a diagnostic points into.
	skipped []model.Source
	seen    map[string]bool
	// shallow: see Options.Shallow.
	shallow bool
}

func (g *group) add(p string) hcl.Diagnostics {
	if name, ok := strings.CutPrefix(p, ExamplePrefix); ok {
		fsys, found := fixtures.FS(name)
		if !found {
			var names []string
			for _, e := range fixtures.Examples() {
				names = append(names, e.Name)
			}
			summary := fmt.Sprintf("no example named %q", name)
			if s := closest(name, names); s != "" {
				summary += fmt.Sprintf("; did you mean %q?", ExamplePrefix+s)
			}
			return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: summary,
				Detail: "Available examples: " + strings.Join(names, ", ") + "."}}
		}
		return g.dir(fsys, p)
	}
	info, err := os.Stat(p)
	if err != nil {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: fmt.Sprintf("cannot read %s", p), Detail: source.Reason(err)}}
	}
	if !info.IsDir() {
		return g.file(os.DirFS(filepath.Dir(p)), filepath.Base(p), p, true)
	}
	return g.dir(os.DirFS(p), p)
}

// walk adds the files of a directory tree. Terraform files are taken only
// from the directory named (the root module); child modules are read through
// their module calls, not as roots of their own.
func (g *group) walk(fsys fs.FS, dir, display string, root bool) hcl.Diagnostics {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: fmt.Sprintf("cannot read directory %s", display), Detail: err.Error()}}
	}
	var diags hcl.Diagnostics
	for _, e := range entries {
		name := e.Name()
		sub := path.Join(dir, name)
		shown := filepath.Join(display, name)
		if strings.HasPrefix(name, ".") || name == "node_modules" {
			continue
		}
		if e.IsDir() {
			if root && g.shallow && name != snapshotDir {
				continue
			}
			diags = append(diags, g.walk(fsys, sub, shown, false)...)
			continue
		}
		if strings.HasSuffix(name, ".tf") && !root {
			continue
		}
		diags = append(diags, g.file(fsys, sub, shown, false)...)
	}
	return diags
}

// file adds one file. explicit is true when the user named the file itself,
// so an unrecognised format is an error rather than something to skip.
func (g *group) file(fsys fs.FS, name, display string, explicit bool) hcl.Diagnostics {
	if g.seen == nil {
		g.seen = map[string]bool{}
	}
	if g.seen[display] {
		return nil
	}
	g.seen[display] = true
	format := formatOfName(name)
	if format == FormatUnknown && !explicit {
		return nil
	}
	src, err := source.ReadFS(fsys, name)
	if err != nil {
		return hcl.Diagnostics{source.Diagnostic(display, err)}
	}
	s := model.Source{Name: display, Bytes: src}
	// A file PowerShell 5 wrote with > is UTF-16: one error that says so,
	// rather than a syntax error for every other byte.
	if (format == FormatNative || format == FormatTerraform) && jsondoc.IsUTF16(src) {
		start := hcl.Range{Filename: display, Start: hcl.InitialPos, End: hcl.InitialPos}
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: fmt.Sprintf("%s is UTF-16 encoded: re-encode it as UTF-8", display),
			Detail: "vpcheck reads HCL in UTF-8, as Terraform does; Windows PowerShell 5 writes UTF-16 when output is redirected with >. " +
				"Save the file as UTF-8 (in the editor, or Get-Content FILE | Set-Content -Encoding utf8 NEWFILE), or use PowerShell 7, whose > writes UTF-8.",
			Subject: &start}}
	}
	if format == FormatSnapshot {
		var d *hcl.Diagnostic
		if format, d = detectJSON(display, src); d != nil {
			if explicit {
				d.Severity = hcl.DiagError
			}
			if d.Subject != nil {
				g.skipped = append(g.skipped, s)
			}
			return hcl.Diagnostics{d}
		}
	}
	dir := filepath.Dir(display)
	switch format {
	case FormatNative:
		g.native = append(g.native, s)
	case FormatTerraform:
		if g.terraform == nil {
			g.terraform = map[string][]model.Source{}
		}
		g.terraform[dir] = append(g.terraform[dir], s)
	case FormatSnapshot:
		if g.snapshots == nil {
			g.snapshots = map[string][]model.Source{}
		}
		g.snapshots[dir] = append(g.snapshots[dir], s)
	case FormatPlan:
		g.plans = append(g.plans, s)
	default:
		if explicit {
			return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: fmt.Sprintf("%s is not a network definition vpcheck reads", display),
				Detail: "vpcheck reads *.net.hcl (native), *.tf (Terraform), Terraform plan JSON and AWS describe-* JSON snapshots."}}
		}
	}
	return nil
}

func (g *group) load(opts Options) (*model.Network, hcl.Diagnostics) {
	net := model.New()
	var diags hcl.Diagnostics
	if len(g.native) > 0 {
		n, d := native.Load(g.native)
		diags = append(diags, d...)
		merge(net, n)
	}
	planDirs := map[string]bool{}
	for _, p := range g.plans {
		planDirs[filepath.Dir(p.Name)] = true
	}
	for _, dir := range sortedKeys(g.terraform) {
		// A plan beside its configuration describes the same resources,
		// resolved: read the plan (it maps back to the .tf lines itself).
		if planDirs[dir] {
			continue
		}
		n, d := terraform.Load(dir, g.terraform[dir], opts.Terraform)
		diags = append(diags, d...)
		merge(net, n)
	}
	// All snapshots go to one Load: accounts of one organisation list the
	// same peering or shared transit gateway, and the loader merges those.
	if len(g.snapshots) > 0 {
		var all []model.Source
		for _, dir := range sortedKeys(g.snapshots) {
			all = append(all, g.snapshots[dir]...)
		}
		n, d := awsjson.Load(all)
		diags = append(diags, d...)
		merge(net, n)
	}
	for _, p := range g.plans {
		n, d := terraform.LoadPlan(p, opts.Terraform)
		diags = append(diags, d...)
		merge(net, n)
	}
	for _, s := range g.skipped {
		net.Files[s.Name] = &hcl.File{Bytes: s.Bytes}
	}
	return net, diags
}

// closest returns the name nearest to s, or "" when none is near enough
// to be a likely typo (the bound model.Network.Suggest uses).
func closest(s string, names []string) string {
	best, bestDist := "", len(s)/3+2
	for _, n := range names {
		if d := levenshtein.Distance(strings.ToLower(s), strings.ToLower(n), nil); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

func merge(into, n *model.Network) {
	if n != nil {
		into.Merge(n)
	}
}

func sortedKeys(m map[string][]model.Source) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
