package native

import "github.com/hashicorp/hcl/v2"

// The tokens of the fast reader (fastread.go), scanned as hclsyntax's
// scanner (scan_tokens.rl) scans them, for the part of the language the
// fast reader accepts. Whatever else the scanner meets is tokOther, on which
// the reader gives up.
//
// Positions are byte-exact and counted in bytes: hcl counts columns in
// grapheme clusters, which is the same for every ASCII byte except the pair
// CR LF, a newline either way. So the scanner accepts non-ASCII bytes only
// in a line comment, whose newline ends the line before any column is
// counted past them, and gives up on them anywhere else.

type tokKind uint8

const (
	tokEOF     tokKind = iota
	tokNewline         // a newline, or a line comment and the newline that ends it
	tokIdent
	tokNumber
	tokString // a whole quoted string of plain characters: no escapes, no templates
	tokOBrace
	tokCBrace
	tokOBrack
	tokCBrack
	tokComma
	tokEqual
	tokDot
	tokMinus
	tokOther // anything else: the reader gives up
)

// token is small, for it is copied at every step: its range is made when
// needed, from where its line starts.
type token struct {
	kind       tokKind
	start, end int // byte offsets in the source
	line       int // the line it starts on
	lineStart  int // the offset of that line
}

// scanState is where scanning continues: an offset and the line it is on.
type scanState struct {
	off       int
	line      int
	lineStart int // offset of the line's first byte (less than 0 on a first line that starts past column 1)
}

// scanner reads the raw tokens of one source, newlines and comments included.
type scanner struct {
	src      []byte
	filename string
	base     hcl.Pos // the position of src[0]
	scanState
}

func newScanner(src []byte, filename string, start hcl.Pos) scanner {
	return scanner{
		src: src, filename: filename, base: start,
		scanState: scanState{line: start.Line, lineStart: -(start.Column - 1)},
	}
}

// rng is the range of t, a token within one line (any but a newline).
func (s *scanner) rng(t token) hcl.Range {
	return hcl.Range{
		Filename: s.filename,
		Start:    hcl.Pos{Line: t.line, Column: t.start - t.lineStart + 1, Byte: s.base.Byte + t.start},
		End:      hcl.Pos{Line: t.line, Column: t.end - t.lineStart + 1, Byte: s.base.Byte + t.end},
	}
}

// newline moves to the line that starts at off.
func (s *scanner) newline(off int) {
	s.line++
	s.lineStart = off
}

func (s *scanner) token(kind tokKind, start, end int) token {
	return token{kind: kind, start: start, end: end, line: s.line, lineStart: s.lineStart}
}

// scan returns the next raw token. Spaces, tabs and block comments are
// skipped, as is a line comment at the very end of the source (hcl's peeker
// skips a comment that no newline ends).
func (s *scanner) scan() token {
	src := s.src
	for {
		i := s.off
		for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
		s.off = i
		if i == len(src) {
			return s.token(tokEOF, i, i)
		}
		c := src[i]
		switch {
		case c == '\n' || (c == '\r' && i+1 < len(src) && src[i+1] == '\n'):
			end := i + 1
			if c == '\r' {
				end++
			}
			return s.lineEnd(tokNewline, i, end)
		case c == '#' || (c == '/' && i+1 < len(src) && src[i+1] == '/'):
			if t, ok := s.lineComment(i); ok {
				return t
			}
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			if !s.blockComment(i) {
				return s.token(tokOther, i, i+1)
			}
			continue
		case isIdentStart(c):
			j := i + 1
			for j < len(src) && isIdentByte(src[j]) {
				j++
			}
			if j < len(src) && src[j] >= 0x80 {
				return s.token(tokOther, i, j) // the identifier may go on in Unicode
			}
			return s.advance(tokIdent, i, j)
		case c >= '0' && c <= '9':
			return s.advance(tokNumber, i, numberEnd(src, i))
		case c == '"':
			return s.quoted(i)
		}
		kind := tokOther
		switch c {
		case '{':
			kind = tokOBrace
		case '}':
			kind = tokCBrace
		case '[':
			kind = tokOBrack
		case ']':
			kind = tokCBrack
		case ',':
			kind = tokComma
		case '-':
			kind = tokMinus
		case '=':
			if i+1 == len(src) || (src[i+1] != '=' && src[i+1] != '>') {
				kind = tokEqual
			}
		case '.':
			if i+2 >= len(src) || src[i+1] != '.' || src[i+2] != '.' {
				kind = tokDot
			}
		}
		return s.advance(kind, i, i+1)
	}
}

func (s *scanner) advance(kind tokKind, start, end int) token {
	t := s.token(kind, start, end)
	s.off = end
	return t
}

// lineEnd returns a token that ends with a newline, and moves to the
// next line.
func (s *scanner) lineEnd(kind tokKind, start, end int) token {
	t := s.token(kind, start, end)
	s.off = end
	s.newline(end)
	return t
}

// lineComment scans a # or // comment at i. One that a newline ends is a
// newline to the parser (as hcl's peeker makes it, with the comment's
// range); ok is false for one that runs to the end of the source, which
// is skipped.
func (s *scanner) lineComment(i int) (token, bool) {
	src := s.src
	j := i
	for j < len(src) && src[j] != '\n' {
		j++
	}
	if j < len(src) {
		return s.lineEnd(tokNewline, i, j+1), true
	}
	// Nothing follows on its line but the end of the source, whose column
	// is counted past the comment.
	for k := i; k < j; k++ {
		if src[k] >= 0x80 {
			s.off = i
			return s.token(tokOther, i, j), true
		}
	}
	s.off = j
	return token{}, false
}

// blockComment skips a /* */ comment at i, following its lines; false if
// it is not closed or holds a non-ASCII byte.
func (s *scanner) blockComment(i int) bool {
	src := s.src
	for j := i + 2; j+1 < len(src); j++ {
		switch c := src[j]; {
		case c >= 0x80:
			return false
		case c == '\n':
			s.newline(j + 1)
		case c == '*' && src[j+1] == '/':
			s.off = j + 2
			return true
		}
	}
	return false
}

// quoted scans a quoted string at i. It is tokString only when its text
// is its value, a single template literal: no escape, no interpolation or
// directive, no newline (an error), nothing but ASCII (hcl normalizes
// strings to Unicode NFC).
func (s *scanner) quoted(i int) token {
	src := s.src
	for j := i + 1; j < len(src); j++ {
		switch c := src[j]; c {
		case '"':
			return s.advance(tokString, i, j+1)
		case '\\', '\n', '\r':
			return s.token(tokOther, i, j)
		case '$', '%':
			if j+1 < len(src) && src[j+1] == '{' {
				return s.token(tokOther, i, j)
			}
		default:
			if c >= 0x80 {
				return s.token(tokOther, i, j)
			}
		}
	}
	return s.token(tokOther, i, len(src))
}

// numberEnd returns the end of the number literal at i, as hcl's scanner
// takes it: the longest run of digits, dots and exponents (e5, e+5, E-5)
// that starts with a digit and does not end with a dot.
func numberEnd(src []byte, i int) int {
	end := i + 1
	for j := i + 1; j < len(src); {
		switch c := src[j]; {
		case c >= '0' && c <= '9':
			j++
			end = j
		case c == '.':
			j++
		case c == 'e' || c == 'E':
			k := j + 1
			if k < len(src) && (src[k] == '+' || src[k] == '-') {
				k++
			}
			if k < len(src) && src[k] >= '0' && src[k] <= '9' {
				j = k + 1
				end = j
				continue
			}
			return end
		default:
			return end
		}
	}
	return end
}

func isIdentByte(c byte) bool {
	return isIdentStart(c) || (c >= '0' && c <= '9') || c == '-'
}
