package load

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// snapshotDir is the directory that makes a directory a Batfish snapshot.
const snapshotDir = "aws_configs"

// dir adds a directory named as a PATH. One in the Batfish snapshot layout
// (aws_configs/ inside) is that snapshot: only aws_configs/ is read, and
// network definitions beside it are reported as not read, never merged
// into the snapshot's network. Any other directory is one network in one
// format (Terraform with its plan counts as one): a mix of formats is an
// error listing each format's files, since vpcheck cannot tell which of
// them the user means; naming the files reads them together.
func (g *group) dir(fsys fs.FS, display string) hcl.Diagnostics {
	found := group{seen: g.seen, shallow: g.shallow}
	diags := found.walk(fsys, ".", display, true)
	g.seen = found.seen
	// Files not loaded are kept whatever the layout, for the snippets of
	// the diagnostics that say why.
	g.skipped = append(g.skipped, found.skipped...)
	if info, err := fs.Stat(fsys, snapshotDir); err == nil && info.IsDir() {
		inside := filepath.Join(display, snapshotDir) + string(filepath.Separator)
		snapshot, beside := found.split(func(name string) bool { return strings.HasPrefix(name, inside) })
		if names := beside.names(); len(names) > 0 {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning,
				Summary: fmt.Sprintf("%s is a snapshot (%s/): %s not read", display, snapshotDir, listNames(names)),
				Detail:  "A directory in the Batfish snapshot layout is that snapshot alone. To analyse the other files, name them as PATHs of their own.",
			})
		}
		g.absorb(snapshot)
		return diags
	}
	var formats []string
	for _, f := range found.byFormat() {
		formats = append(formats, fmt.Sprintf("%s (%s)", f.name, listNames(f.files)))
	}
	if len(formats) > 1 {
		return append(diags, &hcl.Diagnostic{Severity: hcl.DiagError,
			Summary: fmt.Sprintf("%s mixes network definition formats: %s", display, strings.Join(formats, " and ")),
			Detail:  "A directory is one network in one format. Name the files on the command line to read them together, or move them apart.",
		})
	}
	g.absorb(&found)
	return diags
}

// formatFiles are the files of one format family.
type formatFiles struct {
	name  string
	files []string
}

// byFormat lists the files of each format family the group holds, in a
// fixed order.
func (g *group) byFormat() []formatFiles {
	var tf []model.Source
	for _, dir := range sortedKeys(g.terraform) {
		tf = append(tf, g.terraform[dir]...)
	}
	var snap []model.Source
	for _, dir := range sortedKeys(g.snapshots) {
		snap = append(snap, g.snapshots[dir]...)
	}
	var out []formatFiles
	for _, f := range []struct {
		name string
		srcs []model.Source
	}{{"Terraform", append(tf, g.plans...)}, {"native", g.native}, {"AWS snapshot", snap}} {
		if len(f.srcs) > 0 {
			out = append(out, formatFiles{f.name, sourceNames(f.srcs)})
		}
	}
	return out
}

func (g *group) names() []string {
	var out []string
	for _, f := range g.byFormat() {
		out = append(out, f.files...)
	}
	sort.Strings(out)
	return out
}

func sourceNames(srcs []model.Source) []string {
	out := make([]string, len(srcs))
	for i, s := range srcs {
		out[i] = s.Name
	}
	sort.Strings(out)
	return out
}

// listNames shows a few file names and how many more there are.
func listNames(names []string) string {
	const shown = 4
	if len(names) <= shown {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:shown], ", "), len(names)-shown)
}

// split divides the group's files by whether in(name) holds.
func (g *group) split(in func(name string) bool) (yes, no *group) {
	yes, no = &group{seen: g.seen}, &group{seen: g.seen}
	pick := func(s model.Source) *group {
		if in(s.Name) {
			return yes
		}
		return no
	}
	for _, s := range g.native {
		t := pick(s)
		t.native = append(t.native, s)
	}
	for _, s := range g.plans {
		t := pick(s)
		t.plans = append(t.plans, s)
	}
	for dir, srcs := range g.terraform {
		for _, s := range srcs {
			t := pick(s)
			if t.terraform == nil {
				t.terraform = map[string][]model.Source{}
			}
			t.terraform[dir] = append(t.terraform[dir], s)
		}
	}
	for dir, srcs := range g.snapshots {
		for _, s := range srcs {
			t := pick(s)
			if t.snapshots == nil {
				t.snapshots = map[string][]model.Source{}
			}
			t.snapshots[dir] = append(t.snapshots[dir], s)
		}
	}
	return yes, no
}

// absorb adds another group's files.
func (g *group) absorb(o *group) {
	g.native = append(g.native, o.native...)
	g.plans = append(g.plans, o.plans...)
	for dir, srcs := range o.terraform {
		if g.terraform == nil {
			g.terraform = map[string][]model.Source{}
		}
		g.terraform[dir] = append(g.terraform[dir], srcs...)
	}
	for dir, srcs := range o.snapshots {
		if g.snapshots == nil {
			g.snapshots = map[string][]model.Source{}
		}
		g.snapshots[dir] = append(g.snapshots[dir], srcs...)
	}
	if o.seen != nil {
		g.seen = o.seen
	}
}
