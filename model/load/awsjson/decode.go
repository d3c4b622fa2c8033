package awsjson

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load/jsondoc"
)

// file is one parsed snapshot file and what its path says about it.
type file struct {
	*jsondoc.File
	// account and region come from an accounts/<account>/<region>/ layout.
	account, region string
}

func newFile(name string, src []byte) *file {
	f := &file{File: jsondoc.NewFile(name, src)}
	f.account, f.region = layoutOf(name)
	return f
}

// node is a value in a file with its JSON path (Vpcs[0].CidrBlock), which
// diagnostics name so that the user can find the value without a line number.
// The path is kept as the parent's path and the member name, joined only
// when needed: most values are read and never reported.
type node struct {
	l      *loader
	f      *file
	v      *jsondoc.Value
	parent string
	key    string
}

// path returns the value's JSON path.
func (n node) path() string {
	switch {
	case n.key == "":
		return n.parent
	case n.parent == "":
		return n.key
	}
	return n.parent + "." + n.key
}

// Range is the whole value's range.
func (n node) Range() hcl.Range { return n.f.Range(n.v.Start, n.v.End) }

// headRange is the first line of the value: for an object, its opening
// brace; a snippet then shows where the object starts, not all of it.
func (n node) headRange() hcl.Range {
	if n.v.Kind == jsondoc.Object || n.v.Kind == jsondoc.Array {
		return n.f.Range(n.v.Start, n.v.Start+1)
	}
	return n.Range()
}

// errorf reports bad input at this value.
func (n node) errorf(format string, args ...any) {
	n.l.diag(hcl.DiagError, n, fmt.Sprintf(format, args...))
}

// warnf reports a doubtful value that is still loaded.
func (n node) warnf(format string, args ...any) {
	n.l.diag(hcl.DiagWarning, n, fmt.Sprintf(format, args...))
}

func (l *loader) diag(sev hcl.DiagnosticSeverity, n node, msg string) {
	r := n.Range()
	if r.End.Line != r.Start.Line {
		r = n.headRange()
	}
	summary := msg
	if p := n.path(); p != "" {
		summary = p + ": " + msg
	}
	k := reportedKey{r.Filename, r.Start.Byte, summary}
	if l.reported[k] {
		return
	}
	if l.reported == nil {
		l.reported = map[reportedKey]bool{}
	}
	l.reported[k] = true
	l.diags = append(l.diags, &hcl.Diagnostic{Severity: sev, Summary: summary, Subject: &r})
}

// reportedKey identifies a diagnostic: its file, where it starts, its text.
type reportedKey struct {
	file    string
	at      int
	summary string
}

// child returns member key's value v (an element when key is "[i]").
func (n node) child(v *jsondoc.Value, key string) node {
	return node{l: n.l, f: n.f, v: v, parent: n.path(), key: key}
}

// get returns member key of an object; absent and null are both "not there",
// since the AWS CLI omits empty fields and other tools write null.
func (n node) get(key string) (node, bool) {
	if n.v.Kind != jsondoc.Object {
		return node{}, false
	}
	v, ok := n.v.Member(key)
	if !ok || v.Kind == jsondoc.Null {
		return node{}, false
	}
	return n.child(v, key), true
}

// want checks the kind of a value, reporting a mismatch.
func (n node) want(k jsondoc.Kind) bool {
	if n.v.Kind == k {
		return true
	}
	n.errorf("expected %s, found %s", k, n.v.Kind)
	return false
}

// str returns a string member, "" when absent.
func (n node) str(key string) string {
	c, ok := n.get(key)
	if !ok || !c.want(jsondoc.String) {
		return ""
	}
	return c.v.Text
}

// text is the string content of a string value.
func (n node) text() string {
	if !n.want(jsondoc.String) {
		return ""
	}
	return n.v.Text
}

// boolean returns a boolean member, def when absent.
func (n node) boolean(key string, def bool) bool {
	c, ok := n.get(key)
	if !ok {
		return def
	}
	switch {
	case c.v.Kind == jsondoc.Bool:
		return c.v.Bool
	case c.v.Kind == jsondoc.String && (c.v.Text == "true" || c.v.Text == "false"):
		return c.v.Text == "true"
	}
	c.errorf("expected a boolean, found %s", c.v.Kind)
	return def
}

// integer returns an integer member. The AWS CLI writes some integers as
// strings (CustomerGateways BgpAsn), so numeric strings are accepted too.
func (n node) integer(key string) (int64, bool) {
	c, ok := n.get(key)
	if !ok {
		return 0, false
	}
	return c.integerValue()
}

func (n node) integerValue() (int64, bool) {
	if n.v.Kind != jsondoc.Number && n.v.Kind != jsondoc.String {
		n.errorf("expected a whole number, found %s", n.v.Kind)
		return 0, false
	}
	i, err := strconv.ParseInt(strings.TrimSpace(n.v.Text), 10, 64)
	if err != nil {
		n.errorf("%q is not a whole number", n.v.Text)
		return 0, false
	}
	return i, true
}

// object returns an object member.
func (n node) object(key string) (node, bool) {
	c, ok := n.get(key)
	if !ok || !c.want(jsondoc.Object) {
		return node{}, false
	}
	return c, true
}

// array returns the elements of an array member, nil when absent.
func (n node) array(key string) []node {
	c, ok := n.get(key)
	if !ok || !c.want(jsondoc.Array) {
		return nil
	}
	return c.elements()
}

func (n node) elements() []node {
	out := make([]node, len(n.v.Children))
	base := n.path()
	for i := range n.v.Children {
		out[i] = node{l: n.l, f: n.f, v: &n.v.Children[i].Value, parent: base + "[" + strconv.Itoa(i) + "]"}
	}
	return out
}

// objects returns the elements of an array member that are objects,
// reporting the others.
func (n node) objects(key string) []node {
	var out []node
	for _, e := range n.array(key) {
		if e.want(jsondoc.Object) {
			out = append(out, e)
		}
	}
	return out
}

// strs returns the strings of an array-of-strings member with their nodes.
func (n node) strs(key string) []node {
	var out []node
	for _, e := range n.array(key) {
		if e.want(jsondoc.String) && e.v.Text != "" {
			out = append(out, e)
		}
	}
	return out
}

// rangeOf is the range of member key's value, else the object's first line.
func (n node) rangeOf(key string) hcl.Range {
	if c, ok := n.get(key); ok {
		r := c.Range()
		if r.End.Line != r.Start.Line {
			return c.headRange()
		}
		return r
	}
	return n.headRange()
}

// cidr parses a CIDR block member; ok is false when absent or invalid (reported).
func (n node) cidr(key string) (model.Block, bool) {
	c, ok := n.get(key)
	if !ok {
		return model.Block{}, false
	}
	return c.cidrValue()
}

func (n node) cidrValue() (model.Block, bool) {
	s := n.text()
	if s == "" {
		return model.Block{}, false
	}
	p, err := model.ParseCIDR(s)
	if err != nil {
		n.errorf("%s", err)
		return model.Block{}, false
	}
	return model.Block{Prefix: p, Range: n.Range()}, true
}

// ip parses an IP address member; the zero Addr when absent or invalid (reported).
func (n node) ip(key string) netip.Addr {
	c, ok := n.get(key)
	if !ok {
		return netip.Addr{}
	}
	s := c.text()
	if s == "" {
		return netip.Addr{}
	}
	a, err := model.ParseIP(s)
	if err != nil {
		c.errorf("%s", err)
		return netip.Addr{}
	}
	return a
}

// ref makes a reference of kind k to the id in member key, ranged at the id.
func (n node) ref(k model.Kind, key string) model.Ref {
	id := n.str(key)
	if id == "" {
		return model.Ref{}
	}
	return model.Ref{Kind: k, Key: id, Range: n.rangeOf(key)}
}

// refTo makes a reference of kind k to the id that this string node holds.
func (n node) refTo(k model.Kind) model.Ref {
	return model.Ref{Kind: k, Key: n.v.Text, Range: n.Range()}
}

// tags reads a Tags (or TagSet) list of {Key, Value} into a map.
func (n node) tags() map[string]string {
	list := n.objects("Tags")
	if list == nil {
		list = n.objects("TagSet")
	}
	if len(list) == 0 {
		return nil
	}
	out := make(map[string]string, len(list))
	for _, t := range list {
		if k := t.str("Key"); k != "" {
			out[k] = t.str("Value")
		}
	}
	return out
}

// meta fills the common fields of an object described by n whose id is in
// member idKey: the AWS id, the tags, and the range of the id (a one-line
// snippet that names the object). The name is settled later (see names.go).
func (n node) meta(idKey string) model.Meta {
	return model.Meta{AWSID: n.str(idKey), Tags: n.tags(), Range: n.rangeOf(idKey)}
}
