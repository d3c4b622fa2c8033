package packetset

import "github.com/vpcheck/vpcheck/analyzer/symbolic/bdd"

// Importer copies sets of one space into another (bdd.Importer): the
// source space is only read, and must not change while it is in use.
type Importer struct{ im *bdd.Importer }

// ImporterFrom returns an Importer of from's sets into s.
func (s *Space) ImporterFrom(from *Space) *Importer {
	return &Importer{s.f.ImporterFrom(from.f)}
}

// Set is x of the source space, as a set of the destination.
func (im *Importer) Set(x Set) Set { return Set{im.im.Node(x.n)} }
