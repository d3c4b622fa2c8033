// Package ctyname names HCL value types the way a reader of a file thinks
// of them ("a string", "a list", "a map"), for the loaders' diagnostics:
// cty's FriendlyName says "list of string" or "object", which a user who
// wrote `tags = ["a"]` did not write.
package ctyname

import "github.com/zclconf/go-cty/cty"

// Of names type t: a string, a number, true or false, a list, a map, or
// cty's own name for anything else.
func Of(t cty.Type) string {
	switch {
	case t == cty.String:
		return "a string"
	case t == cty.Number:
		return "a number"
	case t == cty.Bool:
		return "true or false"
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		return "a list"
	case t.IsObjectType() || t.IsMapType():
		return "a map"
	}
	return t.FriendlyName()
}
