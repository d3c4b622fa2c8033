package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpcheck/vpcheck/model/load/source"
)

// Root is one network of a run: a Terraform root module, a snapshot, a
// directory of native files, an example, or JSON files given together.
// Each is loaded on its own (Paths(root.Paths, opts) with Options.Shallow
// set from root.Shallow), so two root modules that both declare vpc "main"
// are two networks, not one with a duplicate.
type Root struct {
	// Name is how output names the root: the directory, the example or the
	// files, as the user wrote them (cleaned).
	Name string
	// Paths are what to load for it.
	Paths []string
	// Shallow loads the root's directory without its subdirectories, which
	// are roots of their own (--recursive).
	Shallow bool
}

// NoDefinitionsSummary starts the error for a PATH with nothing to analyse.
const NoDefinitionsSummary = "no network definitions under "

// RootOptions say how Roots reads the PATHs.
type RootOptions struct {
	// Recursive finds every root under a directory PATH.
	Recursive bool
	// Changed says the PATHs are files a version-control hook passes (the
	// files a commit changes): a file that is no network definition (a
	// package.json, an IAM policy, a deleted file) is skipped rather than
	// an error, and when none is left there is nothing to analyse.
	Changed bool
}

// Roots maps the paths a user gives to the networks they name:
//
//   - a directory is one network (its .tf files one root module, its
//     native and snapshot files one network), or with recursive every root
//     under it: each directory with network definitions, except those
//     another directory there calls as a Terraform module, and a directory
//     in the snapshot layout as a whole; hidden directories (.terraform,
//     .git) are skipped;
//   - a .tf file stands for the root module that holds it: its directory,
//     or when that directory is a module other directories of the
//     repository call, each root module that calls it (so `lint a.tf b.tf`,
//     what pre-commit runs, analyses the whole root once);
//   - a .net.hcl file stands for the native files of its directory, which
//     reference each other (not its other formats nor its subdirectories);
//   - JSON files (plans, snapshots) named together are loaded together, as
//     one network: accounts of one organisation share peerings;
//   - with Changed (the files a commit changes, as a hook passes them),
//     files that are no network definition (package.json, an IAM policy,
//     a deleted file) are skipped.
//
// A directory with no network definitions is an error that says so.
func Roots(paths []string, opts RootOptions) ([]Root, hcl.Diagnostics) {
	recursive := opts.Recursive
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var roots []Root
	var diags hcl.Diagnostics
	seen := map[string]bool{}
	add := func(r Root) {
		if !seen[r.Name] {
			seen[r.Name] = true
			roots = append(roots, r)
		}
	}
	var files []string
	var modules *moduleIndex
	for _, p := range paths {
		if strings.HasPrefix(p, ExamplePrefix) {
			add(Root{Name: p, Paths: []string{p}})
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			if !opts.Changed {
				// Paths reports why it cannot be read.
				add(Root{Name: p, Paths: []string{p}})
			}
			continue
		}
		p = filepath.Clean(p)
		if info.IsDir() {
			if !recursive {
				if !holdsDefinitions(p) {
					diags = append(diags, noDefinitions(p, false))
					continue
				}
				add(Root{Name: p, Paths: []string{p}})
				continue
			}
			found, d := findRoots(p)
			diags = append(diags, d...)
			if len(found) == 0 {
				diags = append(diags, noDefinitions(p, true))
			}
			for _, r := range found {
				add(r)
			}
			continue
		}
		switch formatOfName(p) {
		case FormatTerraform:
			if modules == nil {
				modules = newModuleIndex()
			}
			for _, dir := range modules.rootsOf(filepath.Dir(p)) {
				add(Root{Name: dir, Paths: []string{dir}})
			}
		case FormatSnapshot:
			if !opts.Changed || isNetworkJSON(p) {
				files = append(files, p)
			}
		case FormatNative:
			// The native files of its directory, which reference each
			// other; not the directory's other formats or subdirectories.
			dir := filepath.Dir(p)
			sib, _ := filepath.Glob(filepath.Join(dir, "*.net.hcl"))
			if len(sib) == 0 {
				sib = []string{p}
			}
			add(Root{Name: dir, Paths: sib})
		default:
			if !opts.Changed {
				files = append(files, p)
			}
		}
	}
	if len(files) > 0 {
		add(Root{Name: strings.Join(files, ","), Paths: files})
	}
	return roots, diags
}

func noDefinitions(dir string, recursive bool) *hcl.Diagnostic {
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: NoDefinitionsSummary + dir}
	if recursive {
		d.Detail = "vpcheck reads *.tf (Terraform), *.net.hcl (native), Terraform plan JSON and AWS describe-* JSON snapshots; none is in this directory tree."
	} else {
		d.Summary += "; use --recursive to search subdirectories"
		d.Detail = "A directory is one network: its own *.tf files (one Terraform root module), and the *.net.hcl and snapshot JSON files in it and below. " +
			"Root modules in subdirectories are each a network of their own: name them, or give --recursive to find them all."
	}
	return d
}

// skipDir says which directories no search enters: hidden ones (.git,
// .terraform with its downloaded modules) and node_modules, as the
// directory walk of Paths does.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") && name != "." && name != ".." || name == "node_modules"
}

// holdsDefinitions reports whether loading dir as a PATH reads anything:
// .tf files in dir itself, .net.hcl and .json files in it or below. Names
// are looked at first; JSON files are read (their start) only when no
// other definition is there.
func holdsDefinitions(dir string) bool {
	found := false
	var jsons []string
	_ = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipDir
		}
		if e.IsDir() {
			if p != dir && skipDir(e.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		switch formatOfName(e.Name()) {
		case FormatTerraform:
			found = filepath.Dir(p) == dir
		case FormatNative:
			found = true
		case FormatSnapshot:
			jsons = append(jsons, p)
		}
		return nil
	})
	for _, p := range jsons {
		if found {
			break
		}
		found = isNetworkJSON(p)
	}
	return found
}

// jsonPrefix is how much of a JSON file isNetworkJSON reads first: the
// member that tells a snapshot or a plan is near the start, and a snapshot
// may be hundreds of megabytes that the loader reads anyway.
const jsonPrefix = 64 << 10

// isNetworkJSON reports whether a .json file is a plan or a snapshot (not
// package.json, an IAM policy or a vpcheck baseline), reading its top
// level only.
func isNetworkJSON(file string) bool {
	f, err := os.Open(file)
	if err != nil {
		// Paths says why it cannot be read.
		return true
	}
	head := make([]byte, jsonPrefix)
	n, err := io.ReadFull(f, head)
	_ = f.Close()
	if err == nil || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		if format, _ := detectJSON(file, head[:n]); format == FormatPlan || format == FormatSnapshot {
			return true
		}
		if n < jsonPrefix {
			return false
		}
	}
	// Undecided within the prefix (or unreadable there): the whole file.
	src, err := source.ReadFile(file)
	if err != nil {
		return true
	}
	format, _ := detectJSON(file, src)
	return format == FormatPlan || format == FormatSnapshot
}

// findRoots lists the roots under top for --recursive, sorted.
func findRoots(top string) ([]Root, hcl.Diagnostics) {
	idx := &moduleIndex{tf: map[string]bool{}, calls: map[string][]string{}}
	other := map[string]bool{}
	var snapshots []string
	var diags hcl.Diagnostics
	err := filepath.WalkDir(top, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf("cannot read %s", p), Detail: source.Reason(err)})
			return filepath.SkipDir
		}
		if e.IsDir() {
			if p != top && skipDir(e.Name()) {
				return filepath.SkipDir
			}
			if info, err := os.Stat(filepath.Join(p, snapshotDir)); err == nil && info.IsDir() {
				snapshots = append(snapshots, p)
				return filepath.SkipDir
			}
			return nil
		}
		dir := filepath.Dir(p)
		switch formatOfName(e.Name()) {
		case FormatTerraform:
			idx.addFile(dir, p)
		case FormatNative:
			other[dir] = true
		case FormatSnapshot:
			if !other[dir] && isNetworkJSON(p) {
				other[dir] = true
			}
		}
		return nil
	})
	if err != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf("cannot read %s", top), Detail: source.Reason(err)})
	}
	called := idx.called()
	var roots []Root
	for dir := range idx.tf {
		if !called[dir] {
			other[dir] = true
		}
	}
	for dir := range other {
		roots = append(roots, Root{Name: dir, Paths: []string{dir}, Shallow: true})
	}
	for _, dir := range snapshots {
		roots = append(roots, Root{Name: dir, Paths: []string{dir}})
	}
	sort.Slice(roots, func(i, j int) bool { return roots[i].Name < roots[j].Name })
	return roots, diags
}

// moduleIndex knows which directories hold .tf files and which local
// module directories each calls (module blocks whose source is ./ or ../).
type moduleIndex struct {
	tf    map[string]bool
	calls map[string][]string
	// scanned are the search tops already walked.
	scanned map[string]bool
}

func newModuleIndex() *moduleIndex {
	return &moduleIndex{tf: map[string]bool{}, calls: map[string][]string{}, scanned: map[string]bool{}}
}

// addFile records a .tf file of dir and the local modules it calls.
func (m *moduleIndex) addFile(dir, file string) {
	m.tf[dir] = true
	src, err := source.ReadFile(file)
	if err != nil || !bytes.Contains(src, []byte("module")) {
		// Most files call no module: parsing them would cost the most
		// of a search through a large repository.
		return
	}
	f, _ := hclsyntax.ParseConfig(src, file, hcl.InitialPos)
	if f == nil {
		return
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return
	}
	for _, b := range body.Blocks {
		if b.Type != "module" {
			continue
		}
		attr, ok := b.Body.Attributes["source"]
		if !ok {
			continue
		}
		v, d := attr.Expr.Value(nil)
		if d.HasErrors() || v.Type() != cty.String || v.IsNull() {
			continue
		}
		s := v.AsString()
		if strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") {
			m.calls[dir] = append(m.calls[dir], filepath.Join(dir, filepath.FromSlash(s)))
		}
	}
}

// called is every directory some indexed directory calls as a module.
func (m *moduleIndex) called() map[string]bool {
	out := map[string]bool{}
	for _, callees := range m.calls {
		for _, c := range callees {
			out[c] = true
		}
	}
	return out
}

// rootsOf returns the root modules that hold module directory dir: dir
// itself when nothing in its repository calls it, else every directory
// that calls it, directly or through other modules, and is not called
// itself. The repository is the nearest parent holding .git, else the
// current directory when dir is inside it.
func (m *moduleIndex) rootsOf(dir string) []string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return []string{dir}
	}
	top := searchTop(abs)
	if !m.scanned[top] {
		m.scanned[top] = true
		_ = filepath.WalkDir(top, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return filepath.SkipDir
			}
			if e.IsDir() {
				if p != top && skipDir(e.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			if formatOfName(e.Name()) == FormatTerraform {
				m.addFile(filepath.Dir(p), p)
			}
			return nil
		})
	}
	callers := map[string][]string{}
	for caller, callees := range m.calls {
		for _, c := range callees {
			callers[c] = append(callers[c], caller)
		}
	}
	var out []string
	visited := map[string]bool{abs: true}
	todo := []string{abs}
	for len(todo) > 0 {
		d := todo[0]
		todo = todo[1:]
		if len(callers[d]) == 0 {
			if d != abs {
				out = append(out, display(d))
			}
			continue
		}
		for _, c := range callers[d] {
			if !visited[c] {
				visited[c] = true
				todo = append(todo, c)
			}
		}
	}
	if len(out) == 0 {
		return []string{dir}
	}
	sort.Strings(out)
	return out
}

// searchTop is where rootsOf looks for the callers of a module in dir.
func searchTop(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, dir); err == nil && !strings.HasPrefix(rel, "..") {
			return wd
		}
	}
	return dir
}

// display shows an absolute directory relative to the current directory
// when it is inside it, as users write paths.
func display(abs string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return abs
}
