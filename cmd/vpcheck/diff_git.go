package main

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// gitPrefix introduces a side read from a git ref: git:REF or git:REF:PATH.
const gitPrefix = "git:"

// gitTree is a path as committed at a ref, written to a temporary
// directory from `git archive` (a tree) or `git show` (a file): the
// working tree is never checked out or touched.
type gitTree struct {
	ref, path string
	// dir is the temporary directory; root what to load inside it.
	dir, root string
}

// parseGitSpec splits git:REF[:PATH]; PATH defaults to ".".
func parseGitSpec(spec string) (ref, p string, err error) {
	rest := strings.TrimPrefix(spec, gitPrefix)
	ref, p, _ = strings.Cut(rest, ":")
	if ref == "" {
		return "", "", fmt.Errorf("%s: name a ref, as in git:origin/main or git:HEAD~1:network", spec)
	}
	if p == "" {
		p = "."
	}
	return ref, p, nil
}

func git(args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New(msg)
	}
	return out, nil
}

// readGit writes PATH as committed at REF to a temporary directory. The
// caller removes t.dir.
func readGit(spec string) (*gitTree, error) {
	ref, p, err := parseGitSpec(spec)
	if err != nil {
		return nil, err
	}
	if _, err := exec.LookPath("git"); err != nil {
		return nil, fmt.Errorf("%s: git is not installed", spec)
	}
	prefix, err := git("rev-parse", "--show-prefix")
	if err != nil {
		return nil, fmt.Errorf("%s: not in a git repository: %w", spec, err)
	}
	if filepath.IsAbs(p) {
		top, err := git("rev-parse", "--show-toplevel")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", spec, err)
		}
		rel, err := filepath.Rel(strings.TrimSpace(string(top)), p)
		if err != nil || strings.HasPrefix(rel, "..") {
			return nil, fmt.Errorf("%s: %s is outside the repository", spec, p)
		}
		p, prefix = rel, nil
	}
	inRepo := path.Clean(path.Join(strings.TrimSpace(string(prefix)), filepath.ToSlash(p)))
	object := ref + ":" + inRepo
	if inRepo == "." {
		object = ref + ":"
	}
	typ, err := git("cat-file", "-t", object)
	if err != nil {
		return nil, fmt.Errorf("%s: %s is not in the repository at %s: %w", spec, p, ref, err)
	}
	dir, err := os.MkdirTemp("", "vpcheck-git-")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", spec, err)
	}
	t := &gitTree{ref: ref, path: p, dir: dir, root: dir}
	switch strings.TrimSpace(string(typ)) {
	case "tree":
		out, err := git("archive", "--format=tar", object)
		if err == nil {
			err = untar(out, dir)
		}
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("%s: %w", spec, err)
		}
	case "blob":
		out, err := git("show", object)
		if err == nil {
			t.root = filepath.Join(dir, path.Base(inRepo))
			err = os.WriteFile(t.root, out, 0o600)
		}
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("%s: %w", spec, err)
		}
	default:
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%s: %s at %s is not a file or directory", spec, p, ref)
	}
	return t, nil
}

// untar writes a tar archive's regular files under dir, refusing paths
// that leave it.
func untar(b []byte, dir string) error {
	tr := tar.NewReader(bytes.NewReader(b))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.FromSlash(path.Clean(h.Name))
		if !filepath.IsLocal(name) {
			return fmt.Errorf("archive entry %q leaves the directory", h.Name)
		}
		target := filepath.Join(dir, name)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o700); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
				return err
			}
			f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, io.LimitReader(tr, 256<<20))
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
}

// display names a file of the tree as the user knows it:
// git:REF:path/in/the/ref.
func (t *gitTree) display(name string) string {
	rel, err := filepath.Rel(t.dir, name)
	if err != nil || strings.HasPrefix(rel, "..") {
		return name
	}
	base := t.path
	if t.root != t.dir {
		base = filepath.Dir(t.path)
	}
	return gitPrefix + t.ref + ":" + filepath.ToSlash(filepath.Join(base, rel))
}
