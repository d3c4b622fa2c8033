package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/hashicorp/hcl/v2"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/rules"
)

// ValidateResult is what `vpcheck validate` has to say: the input's
// diagnostics, and how many objects of each kind it holds or, with --list,
// each object.
type ValidateResult struct {
	Networks    []rules.Network
	Counts      map[model.Kind]int
	Diagnostics hcl.Diagnostics
	// List asks for every object rather than the counts.
	List bool
}

// ValidateJSON is the `validate --format json` document (docs/architecture.md,
// "The CLI contract").
type ValidateJSON struct {
	Counts      map[string]int `json:"counts"`
	Diagnostics []Diagnostic   `json:"diagnostics"`
	// Objects is filled by --list.
	Objects []ObjectJSON `json:"objects,omitempty"`
}

// ObjectJSON is one object of `validate --list --format json`: the names a
// selector may use for it.
type ObjectJSON struct {
	Kind     string    `json:"kind"`
	Name     string    `json:"name"`
	Address  string    `json:"address,omitempty"`
	AWSID    string    `json:"aws_id,omitempty"`
	Root     string    `json:"root,omitempty"`
	Implicit bool      `json:"implicit,omitempty"`
	Location *Location `json:"location,omitempty"`
}

// Document is the JSON document of r: a count for every kind.
func (r *ValidateResult) Document() ValidateJSON {
	doc := ValidateJSON{Counts: map[string]int{}, Diagnostics: JSONDiagnostics(r.Diagnostics)}
	for _, k := range model.Kinds {
		doc.Counts[string(k)] = r.Counts[k]
	}
	if r.List {
		doc.Objects = r.objects()
	}
	return doc
}

// objects lists the objects of each network, kinds in model.Kinds order
// and each kind in input order; root is set when there are several.
func (r *ValidateResult) objects() []ObjectJSON {
	out := []ObjectJSON{}
	for _, n := range r.Networks {
		root := ""
		if len(r.Networks) > 1 {
			root = n.Root
		}
		for _, o := range n.Net.Objects() {
			m := o.Base()
			out = append(out, ObjectJSON{Kind: string(o.Kind()), Name: m.Name, Address: m.TFAddr, AWSID: m.AWSID,
				Root: root, Implicit: m.Implicit, Location: LocationOf(&m.Range)})
		}
	}
	return out
}

// WriteValidateText prints the --list table, or else the kinds the input
// has with their counts; the diagnostics are not its (they go to stderr).
func WriteValidateText(w io.Writer, r *ValidateResult) error {
	if r.List {
		return writeObjects(w, r.objects())
	}
	return WriteInventory(w, r.Counts)
}

// writeObjects prints the --list table.
func writeObjects(w io.Writer, objects []ObjectJSON) error {
	if len(objects) == 0 {
		_, err := fmt.Fprintln(w, "no network objects found")
		return err
	}
	header := []string{"KIND", "NAME", "ADDRESS", "AWS ID", "DEFINED AT"}
	withRoot := len(objects) > 0 && objects[0].Root != ""
	if withRoot {
		header = append([]string{"ROOT"}, header...)
	}
	rows := make([][]string, 0, len(objects))
	for _, o := range objects {
		at := ""
		if o.Location != nil {
			at = o.Location.String()
		}
		if o.Implicit {
			// Created by AWS with its VPC: the place is the VPC's.
			at += " (implicit)"
		}
		row := []string{o.Kind, o.Name, dash(o.Address), dash(o.AWSID), at}
		if withRoot {
			row = append([]string{o.Root}, row...)
		}
		rows = append(rows, row)
	}
	return WriteTable(w, header, rows)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// WriteInventory prints the kinds the input has, in model.Kinds order.
func WriteInventory(w io.Writer, counts map[model.Kind]int) error {
	var rows [][]string
	for _, k := range model.Kinds {
		if counts[k] > 0 {
			rows = append(rows, []string{string(k), strconv.Itoa(counts[k])})
		}
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "no network objects found")
		return err
	}
	return WriteTable(w, []string{"KIND", "COUNT"}, rows)
}
