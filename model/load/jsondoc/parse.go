// Package jsondoc is a small JSON parser that keeps the byte offsets of
// every value, for the loaders of JSON inputs (AWS snapshots, Terraform
// plans). encoding/json reports where a syntax error is only as an offset
// and forgets where a decoded value came from; vpcheck needs both, so that a
// bad CIDR block in RouteTables.json is reported at its line and column
// with its JSON path. String escapes are still decoded by encoding/json, so
// the two cannot disagree on what a string says.
package jsondoc

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Kind is the type of a JSON value.
type Kind uint8

// The kinds of JSON value.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

func (k Kind) String() string {
	switch k {
	case Bool:
		return "a boolean"
	case Number:
		return "a number"
	case String:
		return "a string"
	case Array:
		return "an array"
	case Object:
		return "an object"
	}
	return "null"
}

// Value is one parsed value with the byte range it was read from.
type Value struct {
	Kind Kind
	Bool bool
	// Text is a string's decoded content or a number's literal.
	Text string
	// Children are an object's members in input order, or an array's
	// elements (with no key): one slice for both keeps values small, and a
	// snapshot of thousands of VPCs is millions of values.
	Children []Member
	// Start and End are byte offsets: the first byte and one past the last.
	Start, End int
}

// Member is one member of an object (or element of an array).
type Member struct {
	Key   string
	Value Value
}

// Member returns the value of key; the last one wins on duplicates, as in encoding/json.
func (v *Value) Member(key string) (*Value, bool) {
	if v.Kind != Object {
		return nil, false
	}
	for i := len(v.Children) - 1; i >= 0; i-- {
		if v.Children[i].Key == key {
			return &v.Children[i].Value, true
		}
	}
	return nil, false
}

// SyntaxError is malformed JSON at a byte offset.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string { return e.Msg }

// maxDepth bounds nesting so that hostile input cannot exhaust the stack;
// describe-* output nests fewer than ten levels.
const maxDepth = 256

type jsonParser struct {
	src   []byte
	pos   int
	depth int
	// build is false when only skipping (content detection): nothing is allocated.
	build bool
	// stack is where the children of the objects and arrays being read
	// collect; each value then gets a slice of exactly its size, which
	// halves what parsing allocates.
	stack []Member
}

// Parse parses a file holding one JSON document, or several
// concatenated ones (`aws … >> file.json` appends), and returns them in order.
func Parse(src []byte) ([]Value, *SyntaxError) {
	p := &jsonParser{src: src, build: true}
	if err := p.prologue(); err != nil {
		return nil, err
	}
	var docs []Value
	for {
		p.space()
		if p.pos >= len(p.src) {
			break
		}
		v, err := p.value()
		if err != nil {
			return docs, err
		}
		docs = append(docs, v)
	}
	if len(docs) == 0 {
		return nil, &SyntaxError{Offset: p.pos, Msg: "the file holds no JSON document"}
	}
	return docs, nil
}

// prologue skips a UTF-8 byte order mark and rejects UTF-16.
func (p *jsonParser) prologue() *SyntaxError {
	switch {
	case len(p.src) >= 3 && p.src[0] == 0xEF && p.src[1] == 0xBB && p.src[2] == 0xBF:
		p.pos = 3
	case IsUTF16(p.src):
		return &SyntaxError{Offset: 0, Msg: "the file is UTF-16 encoded; " + UTF16Fix}
	}
	return nil
}

// UTF16Fix tells how to write a snapshot as UTF-8 instead.
const UTF16Fix = "Windows PowerShell 5 writes UTF-16 when output is redirected with >. " +
	"Save the file as UTF-8: aws ec2 describe-… | Out-File -Encoding utf8 File.json, " +
	"or run the command in PowerShell 7, whose > writes UTF-8."

// IsUTF16 reports whether src is UTF-16 text: it starts with a UTF-16 byte
// order mark, or (without one) its first character, which JSON requires to
// be ASCII, has a zero byte beside it.
func IsUTF16(src []byte) bool {
	if len(src) < 2 {
		return false
	}
	switch {
	case (src[0] == 0xFF && src[1] == 0xFE) || (src[0] == 0xFE && src[1] == 0xFF):
		return true
	case src[0] != 0 && src[0] < 0x80 && src[1] == 0, src[0] == 0 && src[1] != 0 && src[1] < 0x80:
		return true
	}
	return false
}

func (p *jsonParser) space() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) errorf(off int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// found describes the byte at the current position for an error message.
func (p *jsonParser) found() string {
	if p.pos >= len(p.src) {
		return "the end of the file"
	}
	r, _ := utf8.DecodeRune(p.src[p.pos:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", p.src[p.pos])
	}
	return fmt.Sprintf("%q", r)
}

func (p *jsonParser) value() (Value, *SyntaxError) {
	p.space()
	if p.pos >= len(p.src) {
		return Value{}, p.errorf(p.pos, "expected a value, found the end of the file")
	}
	start := p.pos
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		return Value{Kind: String, Text: s, Start: start, End: p.pos}, err
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", Value{Kind: Bool, Bool: true})
	case c == 'f':
		return p.literal("false", Value{Kind: Bool})
	case c == 'n':
		return p.literal("null", Value{Kind: Null})
	}
	return Value{}, p.errorf(p.pos, "expected a value, found %s", p.found())
}

func (p *jsonParser) literal(word string, v Value) (Value, *SyntaxError) {
	start := p.pos
	if len(p.src)-p.pos < len(word) || string(p.src[p.pos:p.pos+len(word)]) != word {
		return Value{}, p.errorf(p.pos, "expected a value, found %s", p.found())
	}
	p.pos += len(word)
	v.Start, v.End = start, p.pos
	return v, nil
}

func (p *jsonParser) enter() *SyntaxError {
	p.depth++
	if p.depth > maxDepth {
		return p.errorf(p.pos, "values are nested more than %d deep", maxDepth)
	}
	return nil
}

func (p *jsonParser) object() (Value, *SyntaxError) {
	v := Value{Kind: Object, Start: p.pos}
	if err := p.enter(); err != nil {
		return v, err
	}
	defer func() { p.depth-- }()
	p.pos++ // {
	p.space()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		v.End = p.pos
		return v, nil
	}
	mark := len(p.stack)
	defer func() { p.stack = p.stack[:mark] }()
	var keys map[string]bool
	for {
		p.space()
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return v, p.errorf(p.pos, "expected a member name in quotes, found %s", p.found())
		}
		keyStart := p.pos
		key, err := p.str()
		if err != nil {
			return v, err
		}
		if p.build {
			if keys, err = p.unique(keys, mark, key, keyStart); err != nil {
				return v, err
			}
		}
		p.space()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return v, p.errorf(p.pos, "expected ':' after member name %q, found %s", key, p.found())
		}
		p.pos++
		val, err := p.value()
		if err != nil {
			return v, err
		}
		if p.build {
			p.stack = append(p.stack, Member{Key: key, Value: val})
		}
		p.space()
		if p.pos >= len(p.src) {
			return v, p.errorf(p.pos, "expected ',' or '}' after member %q, found the end of the file", key)
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			v.End = p.pos
			if p.build {
				v.Children = append([]Member(nil), p.stack[mark:]...)
			}
			return v, nil
		default:
			return v, p.errorf(p.pos, "expected ',' or '}' after member %q, found %s", key, p.found())
		}
	}
}

// uniqueScan is how many members an object may have before their names
// are checked through a map rather than by a scan of the earlier ones.
const uniqueScan = 16

// unique reports key as an error when the object whose members start at
// p.stack[mark] already has a member of that name. RFC 8259 (section 4)
// leaves what a duplicate means to each reader, and readers disagree (the
// first wins in some, the last in encoding/json): a file that two tools
// would read differently is refused, as hcl refuses a duplicate attribute.
// keys is the map of names once the object is large; it is returned.
func (p *jsonParser) unique(keys map[string]bool, mark int, key string, at int) (map[string]bool, *SyntaxError) {
	members := p.stack[mark:]
	if keys == nil && len(members) < uniqueScan {
		for i := range members {
			if members[i].Key == key {
				return nil, p.duplicate(key, at)
			}
		}
		return nil, nil
	}
	if keys == nil {
		keys = make(map[string]bool, 2*len(members))
		for i := range members {
			keys[members[i].Key] = true
		}
	}
	if keys[key] {
		return keys, p.duplicate(key, at)
	}
	keys[key] = true
	return keys, nil
}

func (p *jsonParser) duplicate(key string, at int) *SyntaxError {
	return p.errorf(at, "duplicate member name %q: an object may name a member once (readers disagree on which value counts); remove one of them", key)
}

func (p *jsonParser) array() (Value, *SyntaxError) {
	v := Value{Kind: Array, Start: p.pos}
	if err := p.enter(); err != nil {
		return v, err
	}
	defer func() { p.depth-- }()
	p.pos++ // [
	p.space()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		v.End = p.pos
		return v, nil
	}
	mark := len(p.stack)
	defer func() { p.stack = p.stack[:mark] }()
	for {
		val, err := p.value()
		if err != nil {
			return v, err
		}
		if p.build {
			p.stack = append(p.stack, Member{Value: val})
		}
		p.space()
		if p.pos >= len(p.src) {
			return v, p.errorf(p.pos, "expected ',' or ']' in array, found the end of the file")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			v.End = p.pos
			if p.build {
				v.Children = append([]Member(nil), p.stack[mark:]...)
			}
			return v, nil
		default:
			return v, p.errorf(p.pos, "expected ',' or ']' in array, found %s", p.found())
		}
	}
}

// str reads a string starting at the opening quote and returns its content.
func (p *jsonParser) str() (string, *SyntaxError) {
	start := p.pos
	p.pos++ // "
	escaped := false
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '"':
			p.pos++
			if !p.build {
				return "", nil
			}
			if !escaped {
				return string(p.src[start+1 : p.pos-1]), nil
			}
			var s string
			if err := json.Unmarshal(p.src[start:p.pos], &s); err != nil {
				return "", p.errorf(start, "invalid string: %v", err)
			}
			return s, nil
		case c == '\\':
			escaped = true
			if p.pos+1 >= len(p.src) {
				p.pos++
				continue
			}
			switch p.src[p.pos+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.pos += 2
			case 'u':
				for i := 2; i < 6; i++ {
					if p.pos+i >= len(p.src) || !isHex(p.src[p.pos+i]) {
						return "", p.errorf(p.pos, "invalid \\u escape in string")
					}
				}
				p.pos += 6
			default:
				return "", p.errorf(p.pos, "invalid escape \\%c in string", p.src[p.pos+1])
			}
		case c < 0x20:
			return "", p.errorf(p.pos, "control character 0x%02x in string; newlines and tabs must be written \\n and \\t", c)
		case c >= utf8.RuneSelf:
			// JSON is UTF-8 (RFC 8259 section 8.1); a byte that is not
			// would be read as U+FFFD, a name or tag vpcheck cannot
			// show as it is in the account.
			r, size := utf8.DecodeRune(p.src[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errorf(p.pos, "invalid UTF-8 (byte 0x%02x) in string: JSON must be UTF-8; re-encode the file as UTF-8", c)
			}
			p.pos += size
		default:
			p.pos++
		}
	}
	return "", p.errorf(start, "string is not closed: no '\"' before the end of the file")
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// number reads a number as the JSON grammar (RFC 8259 section 6) defines it.
func (p *jsonParser) number() (Value, *SyntaxError) {
	start := p.pos
	digits := func() int {
		n := 0
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	if p.src[p.pos] == '-' {
		p.pos++
	}
	if p.pos < len(p.src) && p.src[p.pos] == '0' {
		p.pos++
	} else if digits() == 0 {
		return Value{}, p.errorf(p.pos, "invalid number: expected a digit, found %s", p.found())
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return Value{}, p.errorf(p.pos, "invalid number: expected a digit after '.', found %s", p.found())
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return Value{}, p.errorf(p.pos, "invalid number: expected a digit in the exponent, found %s", p.found())
		}
	}
	v := Value{Kind: Number, Start: start, End: p.pos}
	if p.build {
		v.Text = string(p.src[start:p.pos])
	}
	return v, nil
}

// TopLevel reads the first document of src as far as telling what it
// holds, without building any value: its kind and, for an object, its
// member names, each passed to visit until visit returns true. err is the
// first syntax error met on the way (UTF-16 input is one); the kind is
// still that of the document's first byte.
func TopLevel(src []byte, visit func(key string) bool) (Kind, *SyntaxError) {
	p := &jsonParser{src: src}
	if err := p.prologue(); err != nil {
		return Null, err
	}
	p.space()
	if p.pos >= len(p.src) {
		return Null, p.errorf(p.pos, "the file holds no JSON document")
	}
	switch c := p.src[p.pos]; {
	case c == '{':
	case c == '[':
		return Array, nil
	case c == '"':
		return String, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return Number, nil
	case c == 't' || c == 'f':
		return Bool, nil
	case c == 'n':
		return Null, nil
	default:
		return Null, p.errorf(p.pos, "expected a value, found %s", p.found())
	}
	p.pos++
	p.depth = 1
	for {
		p.space()
		if p.pos < len(p.src) && p.src[p.pos] == '}' {
			return Object, nil
		}
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return Object, p.errorf(p.pos, "expected a member name in quotes, found %s", p.found())
		}
		p.build = true
		key, err := p.str()
		p.build = false
		if err != nil {
			return Object, err
		}
		if visit(key) {
			return Object, nil
		}
		p.space()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return Object, p.errorf(p.pos, "expected ':' after member name %q, found %s", key, p.found())
		}
		p.pos++
		if _, err := p.value(); err != nil {
			return Object, err
		}
		p.space()
		switch {
		case p.pos < len(p.src) && p.src[p.pos] == ',':
			p.pos++
		case p.pos < len(p.src) && p.src[p.pos] == '}':
		default:
			return Object, p.errorf(p.pos, "expected ',' or '}' after member %q, found %s", key, p.found())
		}
	}
}
