package native

import (
	"bytes"
	"iter"
	"runtime"
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vpcheck/vpcheck/model"
)

// Parsing dominates the cost of loading a large network (hclsyntax spends
// about a microsecond per token), and the design's seed scale is a single
// 3 MB file of 2,000 VPCs. So files are parsed in parallel, and a large
// file is cut at top-level block headers into pieces parsed in parallel,
// each starting at its true position so that every range is exact.
//
// A cut can only be wrong if the scan below misreads the file (a header-like
// line inside a heredoc, a block comment or a multi-line template); the piece
// before such a cut is then unterminated and fails to parse. So when any
// piece has a diagnostic, the whole file is parsed again in one piece and
// only that result is used: diagnostics are exactly hcl's own.

// minPiece is the smallest piece worth parsing on its own (a variable so
// that tests can cut at every top-level line).
var minPiece = 2 << 10

// parsed is one source, parsed.
type parsed struct {
	file  *hcl.File // the source and its navigation, without the syntax tree
	parts []part    // one per piece, in source order
	diags hcl.Diagnostics
}

// part is a piece as parsed: decoded by the fast reader, or a body from
// hclsyntax, to be decoded.
type part struct {
	blocks *fileBlocks
	body   hcl.Body
}

// piece is part of a source that starts at a top-level block header.
type piece struct {
	src    int // index of the source
	start  hcl.Pos
	bytes  []byte
	blocks *fileBlocks // decoded by the fast reader, or nil
	file   *hcl.File   // else parsed by hclsyntax
	diags  hcl.Diagnostics
}

// parseAll parses every source, in parallel, keeping input order.
func parseAll(srcs []model.Source) []parsed {
	var pieces []*piece
	for i, s := range srcs {
		pieces = append(pieces, cut(i, s.Bytes)...)
	}
	parallel(len(pieces), func(i int) {
		p := pieces[i]
		if readFast {
			if p.blocks, _ = fastDecode(p.bytes, srcs[p.src].Name, p.start); p.blocks != nil {
				return
			}
		}
		p.file, p.diags = hclsyntax.ParseConfig(p.bytes, srcs[p.src].Name, p.start)
	})
	out := make([]parsed, len(srcs))
	byFile := make([][]*piece, len(srcs))
	for _, p := range pieces {
		byFile[p.src] = append(byFile[p.src], p)
	}
	parallel(len(srcs), func(i int) {
		out[i] = assemble(srcs[i], byFile[i])
	})
	return out
}

// assemble joins the pieces of one source, or parses it whole when a piece
// failed (or it was not cut at all).
func assemble(src model.Source, ps []*piece) parsed {
	whole := func(p part, diags hcl.Diagnostics) parsed {
		nav := &lazyNav{name: src.Name, src: src.Bytes, pieces: []navPiece{{start: hcl.InitialPos, end: len(src.Bytes) + 1}}}
		return parsed{file: &hcl.File{Bytes: src.Bytes, Nav: nav}, parts: []part{p}, diags: diags}
	}
	if len(ps) == 1 && ps[0].start == hcl.InitialPos {
		return whole(ps[0].part(), ps[0].diags)
	}
	for _, p := range ps {
		if len(p.diags) > 0 {
			f, diags := hclsyntax.ParseConfig(src.Bytes, src.Name, hcl.InitialPos)
			return whole(part{body: f.Body}, diags)
		}
	}
	parts := make([]part, len(ps))
	nav := &lazyNav{name: src.Name, src: src.Bytes, pieces: make([]navPiece, len(ps))}
	for i, p := range ps {
		parts[i] = p.part()
		nav.pieces[i] = navPiece{start: p.start, end: p.start.Byte + len(p.bytes)}
	}
	return parsed{file: &hcl.File{Bytes: src.Bytes, Nav: nav}, parts: parts}
}

func (p *piece) part() part {
	if p.blocks != nil {
		return part{blocks: p.blocks}
	}
	return part{body: p.file.Body}
}

// cut splits a source into pieces of at least minPiece bytes, each
// beginning at a line that starts a top-level block.
func cut(srcIndex int, src []byte) []*piece {
	whole := []*piece{{src: srcIndex, start: hcl.InitialPos, bytes: src}}
	if len(src) < 2*minPiece {
		return whole
	}
	var out []*piece
	start := hcl.InitialPos
	for h := range topLevelHeaders(src) {
		if h.Byte-start.Byte < minPiece || len(src)-h.Byte < minPiece {
			continue
		}
		out = append(out, &piece{src: srcIndex, start: start, bytes: src[start.Byte:h.Byte]})
		start = h
	}
	if len(out) == 0 {
		return whole
	}
	return append(out, &piece{src: srcIndex, start: start, bytes: src[start.Byte:]})
}

// topLevelHeaders yields the positions of lines that start, at column 1,
// with an identifier while no bracket, string, comment or heredoc is open:
// the headers of top-level blocks. It is a scan for likely cut points, not a
// parser; assemble guards against its mistakes.
func topLevelHeaders(src []byte) iter.Seq[hcl.Pos] {
	return func(yield func(hcl.Pos) bool) {
		scanHeaders(src, yield)
	}
}

func scanHeaders(src []byte, yield func(hcl.Pos) bool) {
	depth := 0
	line := 1
	var heredoc []byte // the closing marker while inside a heredoc
	for i := 0; i < len(src); {
		lineEnd := bytes.IndexByte(src[i:], '\n')
		if lineEnd < 0 {
			lineEnd = len(src)
		} else {
			lineEnd += i
		}
		text := src[i:lineEnd]
		switch {
		case heredoc != nil:
			if bytes.Equal(bytes.TrimSpace(text), heredoc) {
				heredoc = nil
			}
		default:
			if depth == 0 && len(text) > 0 && isIdentStart(text[0]) && !yield(hcl.Pos{Line: line, Column: 1, Byte: i}) {
				return
			}
			var ok bool
			depth, heredoc, ok = scanLine(text, depth)
			if !ok {
				return // something this scan does not follow: cut no further
			}
		}
		i = lineEnd + 1
		line++
	}
}

// scanLine follows brackets through one line outside heredocs. ok is false
// for constructs it does not follow across lines (block comments, strings
// left open).
func scanLine(text []byte, depth int) (int, []byte, bool) {
	for j := 0; j < len(text); j++ {
		switch c := text[j]; c {
		case '#':
			return depth, nil, true
		case '/':
			if j+1 < len(text) && text[j+1] == '/' {
				return depth, nil, true
			}
			if j+1 < len(text) && text[j+1] == '*' {
				end := bytes.Index(text[j+2:], []byte("*/"))
				if end < 0 {
					return depth, nil, false
				}
				j += 2 + end + 1
			}
		case '"':
			j++
			for j < len(text) && text[j] != '"' {
				if text[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(text) {
				return depth, nil, false
			}
		case '{', '[', '(':
			depth++
		case '}', ']', ')':
			depth--
		case '<':
			if j+1 < len(text) && text[j+1] == '<' {
				marker := bytes.TrimPrefix(bytes.TrimSpace(text[j+2:]), []byte("-"))
				if len(marker) == 0 {
					return depth, nil, false
				}
				return depth, append([]byte(nil), marker...), true
			}
		}
	}
	return depth, nil, true
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// lazyNav gives diagnostics their "in block …" context (hcl's text writer
// asks File.Nav for it) from the piece that holds the offset.
//
// The files a Network keeps hold no syntax tree: on 2,000 VPCs the trees
// are four-fifths of the live heap after loading (172 of 215 MB), which
// every later garbage collection would scan, and nothing reads them once
// the network is built. So a piece is parsed again, once, if a diagnostic
// in it is rendered with its context.
type lazyNav struct {
	name   string
	src    []byte
	mu     sync.Mutex
	pieces []navPiece // in source order
}

type navPiece struct {
	start hcl.Pos
	end   int // the byte after the piece
	nav   any // the piece's hclsyntax navigation; nil until needed
}

// ContextString implements the interface hcl's diagnostic writer looks for.
func (n *lazyNav) ContextString(offset int) string {
	i := sort.Search(len(n.pieces), func(i int) bool { return n.pieces[i].end > offset })
	if i == len(n.pieces) || offset < n.pieces[i].start.Byte {
		return ""
	}
	n.mu.Lock()
	p := &n.pieces[i]
	if p.nav == nil {
		f, _ := hclsyntax.ParseConfig(n.src[p.start.Byte:min(p.end, len(n.src))], n.name, p.start)
		p.nav = f.Nav
	}
	nav := p.nav
	n.mu.Unlock()
	if cs, ok := nav.(interface{ ContextString(int) string }); ok {
		return cs.ContextString(offset)
	}
	return ""
}

// parallel runs f(0..n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, f func(int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
