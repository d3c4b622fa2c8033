package native

import (
	"testing"

	"github.com/vpcheck/vpcheck/model"
)

// The file schema has one block per kind, named as the kind table says, in
// the table's order (the order decoder.file converts them in).
func TestFileBlocksAreTheKindTable(t *testing.T) {
	var blocks []string
	for _, b := range filePlan.blocks {
		blocks = append(blocks, b.typeName)
	}
	if len(blocks) != len(model.Kinds) {
		t.Fatalf("fileBlocks has %d block types, the kind table %d kinds", len(blocks), len(model.Kinds))
	}
	for i, k := range model.Kinds {
		d, _ := model.DescriptorOf(k)
		if blocks[i] != d.Native {
			t.Errorf("block %d of fileBlocks is %q, the kind table's %s is %q", i, blocks[i], k, d.Native)
		}
	}
}

// An id of a kind vpcheck does not model is never taken for a route target
// of some kind: the user is asked to say what it is.
func TestKindOfAWSIDUnmodelled(t *testing.T) {
	for id, want := range map[string]model.Kind{
		"igw-0123456789abcdef0":  model.KindInternetGateway,
		"tgw-0123456789abcdef0":  model.KindTransitGateway,
		"sg-01234567":            model.KindSecurityGroup,
		"cagw-0123456789abcdef0": "",
		"igw-main":               "", // a name, not an id
	} {
		if got, _ := kindOfAWSID(id); got != want {
			t.Errorf("kindOfAWSID(%q) = %q, want %q", id, got, want)
		}
	}
}
