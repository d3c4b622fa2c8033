package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
)

// Fingerprint identifies a finding across versions of a network: the rule,
// the address of the object at fault, the addresses of the related objects
// and the finding's defining facts (Facts, or the message when a rule sets
// none). It never includes file names, lines or the order of blocks, so
// moving a resource to another file or reordering blocks keeps it; a rule
// whose message names objects by a display name (a Name tag) sets Facts to
// what defines the problem, so that retagging keeps it too.
//
// diff matches new and fixed findings by it, and baselines record it.
func (f Finding) Fingerprint() string {
	related := make([]string, 0, len(f.Related))
	for _, r := range f.Related {
		if r.Resource != "" {
			related = append(related, r.Resource)
		}
	}
	sort.Strings(related)
	facts := f.Facts
	if facts == "" {
		facts = f.Message
	}
	h := sha256.New()
	for _, part := range []string{f.Rule, f.Resource, strings.Join(related, "\x00"), facts} {
		h.Write([]byte(part))
		h.Write([]byte{0xff})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
