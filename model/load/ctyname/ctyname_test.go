package ctyname

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestOf(t *testing.T) {
	for _, c := range []struct {
		t    cty.Type
		want string
	}{
		{cty.String, "a string"},
		{cty.Number, "a number"},
		{cty.Bool, "true or false"},
		{cty.List(cty.String), "a list"},
		{cty.Tuple([]cty.Type{cty.String, cty.Number}), "a list"},
		{cty.Set(cty.Number), "a list"},
		{cty.Map(cty.String), "a map"},
		{cty.Object(map[string]cty.Type{"a": cty.String}), "a map"},
		{cty.DynamicPseudoType, cty.DynamicPseudoType.FriendlyName()},
	} {
		if got := Of(c.t); got != c.want {
			t.Errorf("Of(%#v) = %q, want %q", c.t, got, c.want)
		}
	}
}
