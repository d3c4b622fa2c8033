package model

import (
	"github.com/hashicorp/hcl/v2"
)

// Meta is what every object has: who it is and where it was written.
type Meta struct {
	// Name is the object's name as the user knows it: the block label in the
	// native format, the Name tag (else the id) of an AWS object, the
	// Terraform address of a Terraform resource. Unique per kind after Link.
	Name string
	// TFAddr is the Terraform address, e.g. module.vpc.aws_subnet.private[1].
	TFAddr string
	// AWSID is the AWS resource id (vpc-0abc…), or a stable placeholder when
	// the object has not been created yet.
	AWSID string
	// PlaceholderID marks an AWSID that vpcheck made up because the object
	// does not exist yet (a Terraform configuration): it ties references
	// together but is no id AWS knows, so outputs do not show it.
	PlaceholderID bool
	// Tags are the object's tags, when the input has them.
	Tags map[string]string
	// Range is where the object is defined.
	Range hcl.Range
	// Implicit marks objects AWS creates without being asked (a VPC's main
	// route table, default network ACL and default security group) that the
	// input did not describe; Link synthesizes them so engines need no
	// special case. Inventories do not count them.
	Implicit bool
	// Rejected are the attributes the input gave but the loader could not
	// read, and reported (RejectedCIDR: an invalid IPv4 block): Validate
	// does not report them missing as well, one mistake once.
	Rejected []string
}

// RejectedCIDR marks an object whose IPv4 CIDR block was given but invalid.
const RejectedCIDR = "cidr"

// Rejects reports whether the loader rejected attribute attr of the object.
func (m *Meta) Rejects(attr string) bool {
	for _, a := range m.Rejected {
		if a == attr {
			return true
		}
	}
	return false
}

// Object is any node of the network graph.
type Object interface {
	Kind() Kind
	Base() *Meta
}

// Label is the display form of an object: "kind name".
func Label(o Object) string {
	return string(o.Kind()) + " " + o.Base().Name
}

// AWSIDOf is the AWS id to show beside an object's name: its AWSID when
// AWS gave it (not a placeholder) and it differs from the name, else "".
func AWSIDOf(o Object) string {
	m := o.Base()
	if m.AWSID == "" || m.PlaceholderID || m.AWSID == m.Name {
		return ""
	}
	return m.AWSID
}

// Ref is a reference from one object to another, as written in the input.
// Link resolves it and stores the target in Obj.
type Ref struct {
	// Kind is the kind of object referred to.
	Kind Kind
	// Key is the name, AWS id or Terraform address used to refer.
	Key string
	// Range is where the reference is written.
	Range hcl.Range
	// Obj is the referred object, set by Link; nil when unresolved.
	Obj Object
	// External marks a reference to an object that may lie outside the
	// inputs: the far VPC of a cross-account peering, a security group of a
	// peer VPC. Link resolves it when some input describes the object and
	// otherwise leaves it unresolved (Obj nil) without reporting it.
	External bool
}

// Set reports whether the reference was written at all.
func (r Ref) Set() bool { return r.Key != "" || r.Obj != nil }

// To makes a reference to an existing object (for loaders that already hold it).
func To(o Object) Ref {
	m := o.Base()
	return Ref{Kind: o.Kind(), Key: m.Name, Range: m.Range, Obj: o}
}

// Target returns the referred object as a T, or the zero T when the
// reference is unresolved or of another kind.
func Target[T Object](r Ref) T {
	t, _ := r.Obj.(T)
	return t
}

// Targets returns the resolved targets of refs that are of type T.
func Targets[T Object](refs []Ref) []T {
	out := make([]T, 0, len(refs))
	for _, r := range refs {
		if t, ok := r.Obj.(T); ok {
			out = append(out, t)
		}
	}
	return out
}
