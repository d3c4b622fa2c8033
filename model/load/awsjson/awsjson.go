// Package awsjson loads AWS API snapshots: the JSON returned by EC2 describe-* calls.
package awsjson

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
)

// IsSnapshot reports whether a JSON document looks like describe-* output.
func IsSnapshot(src []byte) bool { return false }

// Load reads one snapshot: the files of one directory (one per call) or a
// single combined file, into an unlinked network.
func Load(srcs []model.Source) (*model.Network, hcl.Diagnostics) {
	return model.New(), nil
}
