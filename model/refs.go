package model

// Refs returns pointers to every reference an object holds, so that Link can
// resolve them and rules can walk the graph without a switch of their own.
// Each object type lists its own (its refs method, beside its fields); the
// kind table ties the method to the kind.
func Refs(o Object) []*Ref {
	return descriptor(o).list.refs(o, nil)
}

// refList collects pointers to an object's references. It is passed and
// returned by value, as append does: a pointer to it would escape through
// the kind table's method values and cost an allocation per object.
type refList []*Ref

// add lists single references.
func (l refList) add(rs ...*Ref) refList { return append(l, rs...) }

// addAll lists every reference of a slice.
func (l refList) addAll(rs []Ref) refList {
	for i := range rs {
		l = append(l, &rs[i])
	}
	return l
}
