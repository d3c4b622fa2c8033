package terraform

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/source"
)

// maxModuleDepth bounds module nesting; real configurations stay far below.
const maxModuleDepth = 32

// moduleLoader reads child modules. Local sources ("./x", "../x") are read
// relative to the calling module's directory; other sources only from the
// directory `terraform init` recorded in .terraform/modules/modules.json.
// vpcheck never downloads anything.
type moduleLoader struct {
	rootDir    string
	rootOnDisk bool
	// rootSrcs are the root module's sources: when the root is not on disk
	// (an embedded example), a local child module can only be found among
	// them, which load.Paths never passes; such a call is reported unread.
	rootSrcs []model.Source
	manifest map[string]string // module key ("a.b") → directory
	parsed   *sourceFiles
	diags    hcl.Diagnostics
	omitted  omissions
}

func newModuleLoader(rootDir string, rootOnDisk bool, srcs []model.Source, parsed *sourceFiles) *moduleLoader {
	l := &moduleLoader{rootDir: rootDir, rootOnDisk: rootOnDisk, rootSrcs: srcs, parsed: parsed}
	if rootOnDisk {
		l.manifest = readModuleManifest(rootDir)
	}
	return l
}

// readModuleManifest reads .terraform/modules/modules.json, written by
// `terraform init`: {"Modules":[{"Key":"vpc","Source":"…","Dir":"…"}]}.
func readModuleManifest(rootDir string) map[string]string {
	b, err := source.ReadFile(filepath.Join(rootDir, ".terraform", "modules", "modules.json"))
	if err != nil {
		return nil
	}
	var manifest struct {
		Modules []struct {
			Key string `json:"Key"`
			Dir string `json:"Dir"`
		} `json:"Modules"`
	}
	if json.Unmarshal(b, &manifest) != nil {
		return nil
	}
	out := map[string]string{}
	for _, m := range manifest.Modules {
		if m.Key == "" {
			continue
		}
		dir := filepath.FromSlash(m.Dir)
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(rootDir, dir)
		}
		out[m.Key] = dir
	}
	return out
}

func isLocalSource(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || s == "." || s == ".."
}

// loadChildren resolves every module call of m, recursively.
func (l *moduleLoader) loadChildren(m *moduleConfig, ancestors []string) {
	names := make([]string, 0, len(m.calls))
	for name := range m.calls {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		c := m.calls[name]
		if c.source == "" {
			continue
		}
		path := append(append([]string{}, m.path...), name)
		if len(path) > maxModuleDepth {
			l.diags = append(l.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Module nesting too deep",
				Detail:   fmt.Sprintf("Module calls are nested more than %d levels deep; %s was not read.", maxModuleDepth, "module."+strings.Join(path, ".module.")),
				Subject:  c.rng.Ptr(),
			})
			continue
		}
		child := l.load(m, c, path, ancestors)
		if child == nil {
			continue
		}
		c.child = child
		l.loadChildren(child, append(ancestors, filepath.Clean(child.dir)))
	}
}

func (l *moduleLoader) load(parent *moduleConfig, c *moduleCall, modPath []string, ancestors []string) *moduleConfig {
	key := strings.Join(modPath, ".")
	var dir string
	var onDisk bool
	switch {
	case isLocalSource(c.source):
		if parent.onDisk {
			dir, onDisk = filepath.Join(parent.dir, filepath.FromSlash(c.source)), true
		} else {
			dir = path.Join(filepath.ToSlash(parent.dir), c.source)
		}
	case l.manifest[key] != "":
		dir, onDisk = l.manifest[key], true
	default:
		l.notRead(c, modPath, fmt.Sprintf("module %s (source %s) is not installed: run terraform init", c.name, c.source),
			"vpcheck reads registry and remote modules only where `terraform init` installs them (.terraform/modules/modules.json) and never downloads them.")
		return nil
	}
	for _, a := range ancestors {
		if a == filepath.Clean(dir) {
			l.diags = append(l.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  fmt.Sprintf("module %s calls itself", c.name),
				Detail:   fmt.Sprintf("The module source %s resolves to %s, a module that is already being read higher up the call chain.", c.source, dir),
				Subject:  c.rng.Ptr(),
			})
			return nil
		}
	}
	var srcs []model.Source
	if onDisk {
		var err error
		srcs, err = readModuleDir(dir)
		if err != nil {
			why := capitalize(err.Error()) + "."
			if sub := gitSubmodule(l.rootDir, dir); sub != "" {
				why += fmt.Sprintf(" It is the git submodule %q, which is not checked out: run git submodule update --init.", sub)
			}
			l.notRead(c, modPath, fmt.Sprintf("module %s (source %s) could not be read", c.name, c.source), why)
			return nil
		}
	} else {
		for _, s := range l.rootSrcs {
			if path.Dir(filepath.ToSlash(s.Name)) == dir {
				srcs = append(srcs, s)
			}
		}
		if len(srcs) == 0 {
			l.notRead(c, modPath, fmt.Sprintf("module %s (source %s) was not read", c.name, c.source),
				"The calling configuration is not on disk (an embedded example), so only its own files are available.")
			return nil
		}
	}
	child, diags := parseModule(srcs, modPath, dir, onDisk, l.rootDir, l.parsed)
	l.diags = append(l.diags, diags...)
	return child
}

// notRead reports a module call whose module is not available: an error,
// since the network then lacks everything the module creates, which no
// answer about it can make up for. Its outputs are unknown.
func (l *moduleLoader) notRead(c *moduleCall, modPath []string, summary, why string) {
	addr := "module." + strings.Join(modPath, ".module.")
	detail := why + " The resources of " + addr + " (source " + c.source + ") were not analysed"
	switch {
	case c.forEach != nil:
		detail += ", for any of the instances its for_each makes"
	case c.count != nil:
		detail += ", for any of the instances its count makes"
	}
	detail += "; its outputs are unknown, and so is everything that depends on them."
	l.omitted.omit(&l.diags, hcl.DiagError, addr, c.rng, summary, detail)
}

// gitSubmodule returns the path of the git submodule dir is, as a
// .gitmodules file of the root module's directory or one above it
// declares it, or "".
func gitSubmodule(rootDir, dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	start, err := filepath.Abs(rootDir)
	if err != nil {
		return ""
	}
	for d := start; ; d = filepath.Dir(d) {
		if b, err := os.ReadFile(filepath.Join(d, ".gitmodules")); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
				if ok && strings.TrimSpace(k) == "path" && filepath.Join(d, filepath.FromSlash(strings.TrimSpace(v))) == abs {
					return strings.TrimSpace(v)
				}
			}
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// readModuleDir reads the *.tf files of a module directory, by name.
func readModuleDir(dir string) ([]model.Source, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot read directory %s: %w", dir, unwrapPath(err))
	}
	var out []model.Source
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		name := filepath.Join(dir, e.Name())
		b, err := source.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", name, unwrapPath(err))
		}
		out = append(out, model.Source{Name: name, Bytes: b})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("directory %s has no .tf files", dir)
	}
	return out, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
