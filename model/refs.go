package model

// Refs returns pointers to every reference an object holds, so that Link can
// resolve them and rules can walk the graph without a switch of their own.
// Each object type lists its own (its refs method, beside its fields); the
// kind table ties the method to the kind.
func Refs(o Object) []*Ref {
	var l refList
	descriptor(o).list.refs(o, &l)
	return l
}

// refList collects pointers to an object's references.
type refList []*Ref

// add lists single references.
func (l *refList) add(rs ...*Ref) { *l = append(*l, rs...) }

// addAll lists every reference of a slice.
func (l *refList) addAll(rs []Ref) {
	for i := range rs {
		*l = append(*l, &rs[i])
	}
}
