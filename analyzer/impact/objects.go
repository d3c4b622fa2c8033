package impact

import (
	"fmt"
	"net/netip"
	"reflect"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// Change kinds, as the diff JSON spells them.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// Identity is the key that matches an object across two versions of a
// network: its Terraform address when it has one, its AWS id when it comes
// from a snapshot (whose names are Name tags), else its name — never a
// pointer, a file or a line.
func Identity(o model.Object) string {
	kind, sep, name := identityParts(o)
	return kind + sep + name
}

// identityParts is Identity in pieces, for keys that join it to more.
func identityParts(o model.Object) (kind, sep, name string) {
	m := o.Base()
	switch {
	case m.TFAddr != "":
		return string(o.Kind()), " ", m.TFAddr
	case m.AWSID != "" && strings.HasSuffix(m.Range.Filename, ".json"):
		return string(o.Kind()), " id:", m.AWSID
	}
	return string(o.Kind()), " ", m.Name
}

// ObjectChange is one object added, removed or changed.
type ObjectChange struct {
	Identity string
	Kind     model.Kind
	Change   string
	// Before and After are the object on each side (nil where it is not).
	Before, After model.Object
	// Parts are what changed inside it: rules, routes, associations and
	// attributes, each with where it is written on the side it matters.
	Parts []PartChange
}

// Object is the object on the side where the change is seen: after, unless
// it was removed.
func (c *ObjectChange) Object() model.Object {
	if c.After != nil {
		return c.After
	}
	return c.Before
}

// PartChange is one element of an object that changed: a rule or route
// added or removed, an attribute changed.
type PartChange struct {
	// Kind names the element: security_group_rule, nacl_rule, route,
	// association, or the attribute's name.
	Kind   string
	Change string
	// Range is where the element is written: on AFTER when added or
	// changed, on BEFORE when removed.
	Range hcl.Range
	// Text is the element's canonical form, for display.
	Text string
}

// ModelDiff is the object-level difference of two networks.
type ModelDiff struct {
	Changes []ObjectChange
	byID    map[string]*ObjectChange
}

// Empty reports whether the networks are the same but for how they are written.
func (d *ModelDiff) Empty() bool { return len(d.Changes) == 0 }

// Of returns the change of the object with this identity, or nil.
func (d *ModelDiff) Of(id string) *ObjectChange { return d.byID[id] }

// DiffModels compares two networks object by object. Objects match by
// Identity; their content is compared in a canonical form that leaves out
// source ranges, tags, descriptions, what Link derives, and the order of
// list elements (reordered blocks or rules change nothing).
func DiffModels(before, after *model.Network) *ModelDiff {
	d := &ModelDiff{byID: map[string]*ObjectChange{}}
	// Each object is hashed first; forms (strings, for the parts that
	// changed) are built only for objects whose hashes differ.
	type side struct {
		obj  model.Object
		hash uint64
	}
	// The sides are hashed at the same time, each with its own hasher
	// (they share the seed, so equal content hashes equal).
	objsA := after.Objects()
	idA, hashA := make([]string, len(objsA)), make([]uint64, len(objsA))
	var wg sync.WaitGroup
	wg.Go(func() {
		hx := newHasher()
		for i, o := range objsA {
			idA[i], hashA[i] = Identity(o), hx.objectHash(o)
		}
	})
	bs := map[string]side{}
	hx := newHasher()
	for _, o := range before.Objects() {
		bs[Identity(o)] = side{o, hx.objectHash(o)}
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, o := range objsA {
		id := idA[i]
		if seen[id] {
			continue
		}
		seen[id] = true
		b, ok := bs[id]
		if !ok {
			d.Changes = append(d.Changes, ObjectChange{Identity: id, Kind: o.Kind(), Change: Added, After: o,
				Parts: []PartChange{{Kind: string(o.Kind()), Change: Added, Range: o.Base().Range}}})
			continue
		}
		if b.hash == hashA[i] {
			continue
		}
		if parts := compareForms(formOf(b.obj), formOf(o), o); len(parts) > 0 {
			d.Changes = append(d.Changes, ObjectChange{Identity: id, Kind: o.Kind(), Change: Changed, Before: b.obj, After: o, Parts: parts})
		}
	}
	for id, b := range bs {
		if !seen[id] {
			d.Changes = append(d.Changes, ObjectChange{Identity: id, Kind: b.obj.Kind(), Change: Removed, Before: b.obj,
				Parts: []PartChange{{Kind: string(b.obj.Kind()), Change: Removed, Range: b.obj.Base().Range}}})
		}
	}
	sort.Slice(d.Changes, func(i, j int) bool { return d.Changes[i].Identity < d.Changes[j].Identity })
	for i := range d.Changes {
		d.byID[d.Changes[i].Identity] = &d.Changes[i]
	}
	return d
}

// objectForm is an object's canonical content: each top-level field's
// form, and for list fields each element's form with its range.
type objectForm struct {
	fields []fieldForm
}

type fieldForm struct {
	name  string
	value string
	// elems are a list field's elements (nil for other fields).
	elems []elemForm
	list  bool
}

type elemForm struct {
	text string
	rng  hcl.Range
}

var rangeType = reflect.TypeOf(hcl.Range{})
var objectType = reflect.TypeOf((*model.Object)(nil)).Elem()
var refType = reflect.TypeOf(model.Ref{})
var metaType = reflect.TypeOf(model.Meta{})

// skipped are fields that never change what the network does.
var skipped = map[string]bool{"Tags": true, "Description": true, "Desc": true, "Range": true, "Addr": true}

func formOf(o model.Object) objectForm {
	v := reflect.ValueOf(o).Elem()
	t := v.Type()
	var f objectForm
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		fv := v.Field(i)
		if sf.Type == metaType {
			f.fields = append(f.fields, fieldForm{name: "implicit", value: fmt.Sprint(o.Base().Implicit)})
			continue
		}
		if skip(sf) {
			continue
		}
		name := snake(sf.Name)
		if fv.Kind() == reflect.Slice && fv.Type().Elem() != reflect.TypeOf(byte(0)) {
			ff := fieldForm{name: name, list: true}
			for j := 0; j < fv.Len(); j++ {
				e := fv.Index(j)
				ff.elems = append(ff.elems, elemForm{text: canon(e), rng: rangeOfValue(e)})
			}
			sort.Slice(ff.elems, func(a, b int) bool { return ff.elems[a].text < ff.elems[b].text })
			f.fields = append(f.fields, ff)
			continue
		}
		f.fields = append(f.fields, fieldForm{name: name, value: canon(fv)})
	}
	return f
}

// skip reports fields outside the comparison: ranges, tags, descriptions,
// and what Link derives (pointers to objects, lists of them).
func skip(sf reflect.StructField) bool {
	if skipped[sf.Name] || sf.Type == rangeType || !sf.IsExported() {
		return true
	}
	t := sf.Type
	if t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t.Kind() == reflect.Pointer && t.Implements(objectType)
}

// rangeOfValue is where a list element is written, when it says.
func rangeOfValue(v reflect.Value) hcl.Range {
	switch v.Kind() {
	case reflect.Struct:
		if f := v.FieldByName("Range"); f.IsValid() && f.Type() == rangeType {
			return f.Interface().(hcl.Range)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			return rangeOfValue(v.Elem())
		}
	}
	return hcl.Range{}
}

// canon writes a value in a canonical form: references by the identity of
// what they refer to, lists sorted, maps by sorted key.
func canon(v reflect.Value) string {
	var b strings.Builder
	writeCanon(&b, v)
	return b.String()
}

func writeCanon(b *strings.Builder, v reflect.Value) {
	if !v.IsValid() {
		b.WriteString("nil")
		return
	}
	if v.Type() == refType {
		r := v.Interface().(model.Ref)
		switch {
		case r.Obj != nil:
			b.WriteString("&" + Identity(r.Obj))
		case r.Key != "":
			b.WriteString("&?" + string(r.Kind) + " " + r.Key)
		default:
			b.WriteString("&-")
		}
		return
	}
	switch x := v.Interface().(type) {
	case netip.Prefix:
		b.WriteString(x.String())
		return
	case netip.Addr:
		b.WriteString(x.String())
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		if v.Type().Implements(objectType) {
			b.WriteString("&" + Identity(v.Interface().(model.Object)))
			return
		}
		writeCanon(b, v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		if o, ok := v.Interface().(model.Object); ok {
			b.WriteString("&" + Identity(o))
			return
		}
		writeCanon(b, v.Elem())
	case reflect.Struct:
		b.WriteByte('{')
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if skip(sf) {
				continue
			}
			b.WriteString(snake(sf.Name))
			b.WriteByte('=')
			writeCanon(b, v.Field(i))
			b.WriteByte(' ')
		}
		b.WriteByte('}')
	case reflect.Slice, reflect.Array:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = canon(v.Index(i))
		}
		sort.Strings(parts)
		b.WriteString("[" + strings.Join(parts, ",") + "]")
	case reflect.Map:
		keys := v.MapKeys()
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = canon(k) + ":" + canon(v.MapIndex(k))
		}
		sort.Strings(parts)
		b.WriteString("{" + strings.Join(parts, ",") + "}")
	default:
		fmt.Fprint(b, v.Interface())
	}
}

// compareForms lists what differs between two forms of one object; ranges
// come from after for additions and changes, before for removals.
func compareForms(b, a objectForm, after model.Object) []PartChange {
	var out []PartChange
	bf := map[string]fieldForm{}
	for _, f := range b.fields {
		bf[f.name] = f
	}
	for _, f := range a.fields {
		old := bf[f.name]
		if !f.list {
			if old.value != f.value {
				out = append(out, PartChange{Kind: f.name, Change: Changed, Range: after.Base().Range, Text: f.value})
			}
			continue
		}
		kind := elementKind(after.Kind(), f.name)
		count := map[string]int{}
		for _, e := range old.elems {
			count[e.text]++
		}
		for _, e := range f.elems {
			if count[e.text] > 0 {
				count[e.text]--
				continue
			}
			r := e.rng
			if r.Filename == "" {
				r = after.Base().Range
			}
			out = append(out, PartChange{Kind: kind, Change: Added, Range: r, Text: e.text})
		}
		for _, e := range old.elems {
			if count[e.text] > 0 {
				count[e.text]--
				out = append(out, PartChange{Kind: kind, Change: Removed, Range: e.rng, Text: e.text})
			}
		}
	}
	return out
}

// elementKind names the elements of a list field as a reviewer calls them.
func elementKind(k model.Kind, field string) string {
	switch {
	case k == model.KindSecurityGroup && field == "rules":
		return "security_group_rule"
	case k == model.KindNetworkACL && field == "rules":
		return "nacl_rule"
	case field == "routes":
		return "route"
	case field == "subnets" || field == "associations":
		return "association"
	case strings.HasPrefix(field, "propagat"):
		return "propagation"
	}
	return field
}

var snakeCache sync.Map

// snake turns a Go field name into snake case: RouteTable → route_table.
func snake(s string) string {
	if v, ok := snakeCache.Load(s); ok {
		return v.(string)
	}
	out := snakeOf(s)
	snakeCache.Store(s, out)
	return out
}

func snakeOf(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
