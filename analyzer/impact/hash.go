package impact

import (
	"fmt"
	"hash/maphash"
	"math"
	"net/netip"
	"reflect"
	"sync"

	"github.com/vpcheck/vpcheck/analyzer/dataplane"
	"github.com/vpcheck/vpcheck/model"
)

// seed is the one seed of every hash a diff compares: both sides are
// hashed in one process.
var seed = maphash.MakeSeed()

// hasher writes values into a 64-bit hash, field by field, without
// building strings. Two values with one hash are taken to be equal: the
// chance that two different ones collide is about 2^-64 per pair compared.
type hasher struct {
	h maphash.Hash
	// ids caches objects' identities (shared with sub).
	ids map[model.Object]string
	// sub hashes the elements of a set, one at a time.
	sub *hasher
}

func newHasher() *hasher {
	x := &hasher{ids: map[model.Object]string{}}
	x.h.SetSeed(seed)
	return x
}

// child is the hasher of x's set elements.
func (x *hasher) child() *hasher {
	if x.sub == nil {
		x.sub = &hasher{ids: x.ids}
		x.sub.h.SetSeed(seed)
	}
	return x.sub
}

func (x *hasher) sum() uint64 { s := x.h.Sum64(); x.h.Reset(); return s }

func (x *hasher) u64(v uint64) {
	var b [8]byte
	for i := range b {
		b[i] = byte(v >> (8 * i))
	}
	_, _ = x.h.Write(b[:])
}

func (x *hasher) int(v int)    { x.u64(uint64(v)) }
func (x *hasher) str(s string) { x.int(len(s)); _, _ = x.h.WriteString(s) }
func (x *hasher) boolean(v bool) {
	if v {
		x.int(1)
	} else {
		x.int(0)
	}
}
func (x *hasher) addr(a netip.Addr) { b, _ := a.MarshalBinary(); x.int(len(b)); _, _ = x.h.Write(b) }

func (x *hasher) prefix(p netip.Prefix) {
	x.addr(p.Addr())
	x.int(p.Bits())
}

// object writes an object by identity.
func (x *hasher) object(o model.Object) {
	if o == nil {
		x.str("")
		return
	}
	id, ok := x.ids[o]
	if !ok {
		id = Identity(o)
		x.ids[o] = id
	}
	x.str(id)
}

// mix spreads one element's hash before it joins a multiset sum.
func mix(v uint64) uint64 {
	v ^= v >> 33
	v *= 0xff51afd7ed558ccd
	v ^= v >> 33
	v *= 0xc4ceb9fe1a85ec53
	v ^= v >> 33
	return v
}

// prefixSet writes a set of prefixes, in any order.
func (x *hasher) prefixSet(ps []netip.Prefix) {
	var s uint64
	e := x.child()
	for _, p := range ps {
		e.prefix(p)
		s += mix(e.sum())
	}
	x.int(len(ps))
	x.u64(s)
}

func (x *hasher) ports(r model.PortRange) { x.int(int(r.From)); x.int(int(r.To)) }

func (x *hasher) outcome(o dataplane.Outcome) {
	x.str(string(o.Code))
	x.object(o.Component)
	x.str(o.Message)
}

func (x *hasher) guard(g *dataplane.Guard) {
	x.int(len(g.Protocols))
	for _, p := range g.Protocols {
		x.int(int(p))
	}
	x.prefixSet(g.Src)
	x.prefixSet(g.Dst)
	x.boolean(g.Never)
	x.outcome(g.Fail)
}

func (x *hasher) xform(t dataplane.Xform) {
	x.int(int(t.Kind))
	x.addr(t.Addr)
	x.ports(t.Ports)
	if t.NAT != nil {
		x.object(t.NAT)
	} else {
		x.str("")
	}
}

// filterRule hashes one compiled rule of a filter: everything that
// decides which packets it matches, its action and its number.
func (x *hasher) filterRule(r *dataplane.FilterRule) uint64 {
	x = x.child()
	x.boolean(r.Deny)
	x.int(int(r.Proto))
	x.ports(r.Ports)
	x.int(int(r.ICMP.Type))
	x.int(int(r.ICMP.Code))
	x.int(r.Number)
	x.prefixSet(r.Peers)
	x.boolean(r.Dsts != nil)
	x.prefixSet(r.Dsts)
	x.ports(r.SrcPorts)
	x.boolean(r.MatchSrcPorts)
	x.object(r.Owner)
	return x.sum()
}

// filterHash hashes a filter: its kind, semantics and its rules as a set
// (a security group's are one; a network ACL's carry their numbers).
func (x *hasher) filterHash(f *dataplane.Filter) uint64 {
	x = x.child()
	x.int(int(f.Kind))
	x.boolean(f.Stateful)
	x.boolean(f.ReplyOnly)
	x.boolean(f.FirstMatch)
	var s uint64
	for i := range f.Rules {
		s += mix(x.filterRule(&f.Rules[i]))
	}
	x.int(len(f.Rules))
	x.u64(s)
	return x.sum()
}

// objectHash is an object's canonical content as a hash, with formOf's
// rules (ranges, tags, descriptions and what Link derives left out;
// references by identity; lists as multisets, maps by key) but no string
// built: DiffModels computes forms only for objects whose hashes differ.
func (x *hasher) objectHash(o model.Object) uint64 {
	v := reflect.ValueOf(o).Elem()
	x.boolean(o.Base().Implicit)
	for _, i := range fieldsOf(v.Type()) {
		x.int(i)
		x.value(v.Field(i))
	}
	return x.sum()
}

// fieldPlans caches, per struct type, the indexes of the fields compared.
var fieldPlans sync.Map

func fieldsOf(t reflect.Type) []int {
	if p, ok := fieldPlans.Load(t); ok {
		return p.([]int)
	}
	var out []int
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Type == metaType || skip(sf) {
			continue
		}
		out = append(out, i)
	}
	fieldPlans.Store(t, out)
	return out
}

var (
	prefixType = reflect.TypeOf(netip.Prefix{})
	addrType   = reflect.TypeOf(netip.Addr{})
)

// value writes v as writeCanon would, into the hash.
func (x *hasher) value(v reflect.Value) {
	if !v.IsValid() {
		x.str("nil")
		return
	}
	switch v.Type() {
	case refType:
		r := v.Interface().(model.Ref)
		switch {
		case r.Obj != nil:
			x.str("&")
			x.object(r.Obj)
		case r.Key != "":
			x.str("&?")
			x.str(string(r.Kind))
			x.str(r.Key)
		default:
			x.str("&-")
		}
		return
	case prefixType:
		x.prefix(v.Interface().(netip.Prefix))
		return
	case addrType:
		x.addr(v.Interface().(netip.Addr))
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			x.str("nil")
			return
		}
		if o, ok := v.Interface().(model.Object); ok {
			x.str("&")
			x.object(o)
			return
		}
		x.value(v.Elem())
	case reflect.Struct:
		for _, i := range fieldsOf(v.Type()) {
			x.int(i)
			x.value(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		var s uint64
		e := x.child()
		for i := 0; i < v.Len(); i++ {
			e.value(v.Index(i))
			s += mix(e.sum())
		}
		x.int(v.Len())
		x.u64(s)
	case reflect.Map:
		var s uint64
		e := x.child()
		it := v.MapRange()
		for it.Next() {
			e.value(it.Key())
			e.value(it.Value())
			s += mix(e.sum())
		}
		x.int(v.Len())
		x.u64(s)
	case reflect.String:
		x.str(v.String())
	case reflect.Bool:
		x.boolean(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x.u64(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		x.u64(v.Uint())
	case reflect.Float32, reflect.Float64:
		x.u64(math.Float64bits(v.Float()))
	default:
		x.str(fmt.Sprint(v.Interface()))
	}
}
