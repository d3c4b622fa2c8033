package jsondoc

import (
	"bytes"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// File is a JSON source with an index of its lines, to turn the byte
// offsets of values into hcl positions.
type File struct {
	Name string
	Src  []byte
	// lineStarts are the byte offsets at which lines begin.
	lineStarts []int
}

// NewFile indexes the lines of src.
func NewFile(name string, src []byte) *File {
	f := &File{Name: name, Src: src, lineStarts: make([]int, 1, bytes.Count(src, []byte{'\n'})+1)}
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		f.lineStarts = append(f.lineStarts, i)
	}
	return f
}

// Pos converts a byte offset into an hcl position (1-based line and column;
// columns count characters, as hcl's do).
func (f *File) Pos(off int) hcl.Pos {
	if off < 0 {
		off = 0
	}
	if off > len(f.Src) {
		off = len(f.Src)
	}
	line := sort.Search(len(f.lineStarts), func(i int) bool { return f.lineStarts[i] > off })
	start := f.lineStarts[line-1]
	return hcl.Pos{Line: line, Column: utf8.RuneCount(f.Src[start:off]) + 1, Byte: off}
}

// Range returns the range of bytes [start, end) of the file.
func (f *File) Range(start, end int) hcl.Range {
	if end < start {
		end = start
	}
	return hcl.Range{Filename: f.Name, Start: f.Pos(start), End: f.Pos(end)}
}

// PathAt finds the innermost value of doc that ends at byte offset end (or,
// failing that, that holds the byte before it) and returns it with its JSON
// path from doc ("planned_values.root_module.resources[0].name"; "" for doc
// itself). encoding/json reports a type mismatch at the end of the value
// and names the field by Go struct names and without indices; this gives
// the user's view of the same place.
func PathAt(doc *Value, end int) (string, *Value) {
	var b []byte
	v := doc
	for {
		next := -1
		for i := range v.Children {
			c := &v.Children[i].Value
			if c.Start < end && end <= c.End {
				next = i
				break
			}
		}
		if next < 0 {
			return string(b), v
		}
		if v.Kind == Object {
			if len(b) > 0 {
				b = append(b, '.')
			}
			b = append(b, v.Children[next].Key...)
		} else {
			b = fmt.Appendf(b, "[%d]", next)
		}
		v = &v.Children[next].Value
	}
}
