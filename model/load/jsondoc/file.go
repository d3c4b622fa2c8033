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
	// marks hold, for each long line (by index), a mark about every
	// markStep bytes, so that a column on a line of megabytes (minified
	// JSON is one line) costs at most about markStep bytes of counting, not
	// the whole line up to it for every value.
	marks map[int][]mark
}

// mark is a character boundary of a line and the characters before it.
type mark struct{ at, chars int }

// markStep is the spacing of the character-count marks on long lines.
const markStep = 1024

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
	if off-start <= markStep {
		return hcl.Pos{Line: line, Column: utf8.RuneCount(f.Src[start:off]) + 1, Byte: off}
	}
	marks := f.lineMarks(line - 1)
	i := min((off-start)/markStep, len(marks)-1)
	for marks[i].at > off {
		i--
	}
	m := marks[i]
	return hcl.Pos{Line: line, Column: m.chars + utf8.RuneCount(f.Src[m.at:off]) + 1, Byte: off}
}

// lineMarks returns the marks of line i (0-based), made the first time it
// is asked for: the line's start, then the first character boundary at or
// after every markStep bytes.
func (f *File) lineMarks(i int) []mark {
	if m, ok := f.marks[i]; ok {
		return m
	}
	start, end := f.lineStarts[i], len(f.Src)
	if i+1 < len(f.lineStarts) {
		end = f.lineStarts[i+1]
	}
	m := []mark{{at: start}}
	for next := start + markStep; next < end; next += markStep {
		at := next
		for at < end && !utf8.RuneStart(f.Src[at]) {
			at++
		}
		last := m[len(m)-1]
		m = append(m, mark{at: at, chars: last.chars + utf8.RuneCount(f.Src[last.at:at])})
	}
	if f.marks == nil {
		f.marks = map[int][]mark{}
	}
	f.marks[i] = m
	return m
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
