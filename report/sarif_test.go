package report

import (
	"net/url"
	"path/filepath"
	"runtime"
	"testing"
)

// Artifact URIs are URI references relative to %SRCROOT%, percent-encoded
// (SARIF 2.1.0 3.4.3, RFC 3986): each resolves back to the file's name.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
func TestSARIFArtifactURIs(t *testing.T) {
	for _, tc := range []struct{ name, uri, base string }{
		{"net/vpc.net.hcl", "net/vpc.net.hcl", sarifSourceRoot},
		{"./main.tf", "main.tf", sarifSourceRoot},
		{"my net/a b.tf", "my%20net/a%20b.tf", sarifSourceRoot},
		{"x#1/?.json", "x%231/%3F.json", sarifSourceRoot},
		{"100%.tf", "100%25.tf", sarifSourceRoot},
		{"a\nb\x1b.tf", "a%0Ab%1B.tf", sarifSourceRoot},
		{"c:d.tf", "./c:d.tf", sarifSourceRoot},
		{"café.tf", "caf%C3%A9.tf", sarifSourceRoot},
		{"../other/x.tf", "../other/x.tf", sarifSourceRoot},
		{"/abs/my dir/x.tf", "file:///abs/my%20dir/x.tf", ""},
	} {
		if runtime.GOOS == "windows" && filepath.IsAbs(tc.name) != (tc.base == "") {
			continue
		}
		got := sarifArtifactOf(tc.name)
		if got.URI != tc.uri || got.URIBaseID != tc.base {
			t.Errorf("sarifArtifactOf(%q) = %+v, want %q base %q", tc.name, got, tc.uri, tc.base)
			continue
		}
		u, err := url.Parse(got.URI)
		if err != nil {
			t.Errorf("%q: %v", got.URI, err)
			continue
		}
		want := filepath.ToSlash(filepath.Clean(tc.name))
		if tc.base == "" {
			if u.Scheme != "file" || u.Path != want {
				t.Errorf("%q resolves to %s %q, want file %q", got.URI, u.Scheme, u.Path, want)
			}
			continue
		}
		if u.Scheme != "" || u.Fragment != "" || u.RawQuery != "" {
			t.Errorf("%q is not a plain relative reference: %+v", got.URI, u)
		}
		base, _ := url.Parse("file:///src/")
		if r := base.ResolveReference(u); r.Path != filepath.ToSlash(filepath.Join("/src", tc.name)) {
			t.Errorf("%q resolves to %q", got.URI, r.Path)
		}
	}
}
