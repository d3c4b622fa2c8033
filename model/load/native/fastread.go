package native

import (
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// hclsyntax spends about a microsecond per token (a grapheme scan for every
// column, a token slice, a peeker), and parsing was nine-tenths of loading a
// large network. Native files use a small part of the language: blocks,
// attributes, and as values quoted strings, numbers, true/false/null,
// references, lists and maps of those. So a file is first read by this
// reader, which builds the very syntax tree hclsyntax.ParseConfig builds —
// the same nodes, fields, values and ranges — for that part of the language,
// and gives up on anything else (escapes, templates, heredocs, operators,
// function calls, non-ASCII text outside line comments) and on every error.
// The caller then parses with hclsyntax, so that every diagnostic and every
// construct the fast reader does not know is hcl's own. The decoder reads
// both trees with the same code. FuzzFastRead holds the reader to this.

// readFast enables the fast reader (a variable so that tests can compare
// the two paths).
var readFast = true

// giveUp is the panic value with which the reader abandons a source; it
// is recovered in fastParse, and never escapes it.
type giveUp struct{}

// fastParse parses src as hclsyntax.ParseConfig(src, filename, start)
// would, when src is in the part of the language the reader knows and has
// no error; ok is false otherwise.
func fastParse(src []byte, filename string, start hcl.Pos) (body *hclsyntax.Body, ok bool) {
	r := readers.Get().(*reader)
	defer readers.Put(r)
	r.reset(src, filename, start)
	defer func() {
		if e := recover(); e != nil {
			if _, is := e.(giveUp); !is {
				panic(e)
			}
			body, ok = nil, false
		}
	}()
	return r.body(tokEOF), true
}

// readers keeps readers, and the node slabs they allocate from, between
// sources: a large file is read as many pieces.
var readers = sync.Pool{New: func() any { return new(reader) }}

// reader is a recursive-descent parser that follows hclsyntax's parser
// step by step, for the constructs it knows.
type reader struct {
	scanner
	text string // the source as one string: every name and value is a substring of it

	// The peeker: the next token, as seen with newlines significant or
	// not (hcl skips newlines inside brackets), and where scanning goes on
	// after it.
	peeked      bool
	peekedNL    bool
	peekedTok   token
	peekedAfter scanState
	newlines    []bool // hcl's include-newlines stack; the top applies

	prev    hcl.Range // the last token read (hcl's PrevRange)
	started bool      // whether any token has been read

	// Items of the bodies and lists being read, innermost last.
	attrStack  []*hclsyntax.Attribute
	blockStack []*hclsyntax.Block
	exprStack  []hclsyntax.Expression
	itemStack  []hclsyntax.ObjectConsItem
	stepStack  []hcl.Traverser

	nodes
}

func (r *reader) reset(src []byte, filename string, start hcl.Pos) {
	r.scanner = newScanner(src, filename, start)
	r.text = string(src)
	r.peeked = false
	r.newlines = append(r.newlines[:0], true)
	r.prev, r.started = hcl.Range{}, false
	r.attrStack, r.blockStack, r.exprStack = r.attrStack[:0], r.blockStack[:0], r.exprStack[:0]
	r.itemStack, r.stepStack = r.itemStack[:0], r.stepStack[:0]
}

func (r *reader) giveUp() { panic(giveUp{}) }

func (r *reader) str(t token) string { return r.text[t.start:t.end] }

// stringValue is the text of a tokString, without its quotes.
func (r *reader) stringValue(t token) string { return r.text[t.start+1 : t.end-1] }

func (r *reader) includeNewlines() bool { return r.newlines[len(r.newlines)-1] }

func (r *reader) pushNewlines(include bool) { r.newlines = append(r.newlines, include) }

func (r *reader) popNewlines() { r.newlines = r.newlines[:len(r.newlines)-1] }

// peek returns the next token, skipping newlines where they do not count.
// A token the reader does not know ends the reading.
func (r *reader) peek() token {
	nl := r.includeNewlines()
	if r.peeked && r.peekedNL == nl {
		return r.peekedTok
	}
	saved := r.scanState
	t := r.scan()
	for t.kind == tokNewline && !nl {
		t = r.scan()
	}
	if t.kind == tokOther {
		r.giveUp()
	}
	r.peeked, r.peekedNL, r.peekedTok, r.peekedAfter = true, nl, t, r.scanState
	r.scanState = saved
	return t
}

// next reads the next token.
func (r *reader) next() token {
	t := r.peek()
	r.scanState = r.peekedAfter
	r.peeked = false
	r.prev, r.started = t.rng, true
	if t.kind == tokString {
		// hcl reads a string as three tokens; the last is the closing quote.
		r.prev.Start = r.prev.End
		r.prev.Start.Column--
		r.prev.Start.Byte--
	}
	return t
}

// expect reads the next token, which must be of kind k.
func (r *reader) expect(k tokKind) token {
	if r.peek().kind != k {
		r.giveUp()
	}
	return r.next()
}

// prevRange is hcl's PrevRange: the last token read, or before any the next.
func (r *reader) prevRange() hcl.Range {
	if !r.started {
		return r.peek().rng
	}
	return r.prev
}

// body reads a body up to the end token: the file's (tokEOF) or a block's
// (tokCBrace). As ParseBody.
func (r *reader) body(end tokKind) *hclsyntax.Body {
	start := r.prevRange()
	attrs, blocks := len(r.attrStack), len(r.blockStack)
	var endRange hcl.Range
	for {
		t := r.peek()
		if t.kind == end {
			endRange = r.next().rng
			break
		}
		switch t.kind {
		case tokNewline:
			r.next()
		case tokIdent:
			r.item()
		default:
			r.giveUp()
		}
	}
	b := r.bodies.new()
	*b = hclsyntax.Body{
		Attributes: r.attributes(attrs),
		Blocks:     hclsyntax.Blocks{},
		SrcRange:   hcl.RangeBetween(start, endRange),
		EndRange:   hcl.Range{Filename: endRange.Filename, Start: endRange.End, End: endRange.End},
	}
	if n := len(r.blockStack) - blocks; n > 0 {
		b.Blocks = r.blockSlices.copyOf(r.blockStack[blocks:])
		r.blockStack = r.blockStack[:blocks]
	}
	return b
}

// attributes makes the map of the attributes read since the stack held
// from of them; a name read twice is hcl's "Attribute redefined".
func (r *reader) attributes(from int) hclsyntax.Attributes {
	m := make(hclsyntax.Attributes, len(r.attrStack)-from)
	for _, a := range r.attrStack[from:] {
		if _, dup := m[a.Name]; dup {
			r.giveUp()
		}
		m[a.Name] = a
	}
	r.attrStack = r.attrStack[:from]
	return m
}

// item reads an attribute or a block. As ParseBodyItem.
func (r *reader) item() {
	ident := r.next()
	switch r.peek().kind {
	case tokEqual:
		r.attrStack = append(r.attrStack, r.attribute(ident, false))
	case tokString, tokOBrace, tokIdent:
		r.blockStack = append(r.blockStack, r.block(ident))
	default:
		r.giveUp()
	}
}

// attribute reads the rest of an attribute after its name. As
// finishParsingBodyAttribute.
func (r *reader) attribute(name token, singleLine bool) *hclsyntax.Attribute {
	eq := r.next()
	expr := r.expression()
	end := r.prev
	if !singleLine {
		if k := r.peek().kind; k != tokNewline && k != tokEOF {
			r.giveUp()
		}
		r.next()
	}
	a := r.attrs.new()
	*a = hclsyntax.Attribute{
		Name:        r.str(name),
		Expr:        expr,
		SrcRange:    hcl.RangeBetween(name.rng, end),
		NameRange:   name.rng,
		EqualsRange: eq.rng,
	}
	return a
}

// block reads the rest of a block after its type. As finishParsingBodyBlock.
func (r *reader) block(typ token) *hclsyntax.Block {
	var labelBuf [2]string
	var rangeBuf [2]hcl.Range
	labels, labelRanges := labelBuf[:0], rangeBuf[:0]
	for r.peek().kind != tokOBrace {
		t := r.next()
		switch t.kind {
		case tokString:
			labels = append(labels, r.stringValue(t))
		case tokIdent:
			labels = append(labels, r.str(t))
		default:
			r.giveUp()
		}
		labelRanges = append(labelRanges, t.rng)
	}
	open := r.next()
	var body *hclsyntax.Body
	switch r.peek().kind {
	case tokNewline, tokEOF, tokCBrace:
		body = r.body(tokCBrace)
	default:
		body = r.singleAttrBody()
		r.expect(tokCBrace)
	}
	closing := r.prev
	if k := r.peek().kind; k != tokNewline && k != tokEOF {
		r.giveUp()
	}
	r.next()
	b := r.blocks.new()
	*b = hclsyntax.Block{
		Type:            r.str(typ),
		Body:            body,
		TypeRange:       typ.rng,
		OpenBraceRange:  open.rng,
		CloseBraceRange: closing,
	}
	if len(labels) > 0 {
		b.Labels = r.strings.copyOf(labels)
		b.LabelRanges = r.ranges.copyOf(labelRanges)
	}
	return b
}

// singleAttrBody reads a one-line body, `{ name = value }`, up to its
// closing brace. As parseSingleAttrBody.
func (r *reader) singleAttrBody() *hclsyntax.Body {
	name := r.expect(tokIdent)
	if r.peek().kind != tokEqual {
		r.giveUp()
	}
	a := r.attribute(name, true)
	b := r.bodies.new()
	*b = hclsyntax.Body{
		Attributes: hclsyntax.Attributes{a.Name: a},
		SrcRange:   a.SrcRange,
		EndRange:   hcl.Range{Filename: a.SrcRange.Filename, Start: a.SrcRange.End, End: a.SrcRange.End},
	}
	return b
}

// expression reads a value: what ParseExpression returns for a term that
// no operator, conditional or traversal follows. A term followed by one
// is left to the caller, which gives up on a token it does not expect.
func (r *reader) expression() hclsyntax.Expression {
	t := r.next()
	switch t.kind {
	case tokNumber:
		return r.number(t)
	case tokString:
		return r.template(t)
	case tokIdent:
		switch r.str(t) {
		case "true":
			return r.literal(cty.True, t.rng)
		case "false":
			return r.literal(cty.False, t.rng)
		case "null":
			return r.literal(cty.NullVal(cty.DynamicPseudoType), t.rng)
		}
		return r.traversal(t)
	case tokMinus:
		// Only a negative number: -1 is an ICMP wildcard.
		n := r.expect(tokNumber)
		e := r.unaries.new()
		*e = hclsyntax.UnaryOpExpr{Op: hclsyntax.OpNegate, Val: r.number(n), SrcRange: hcl.RangeBetween(t.rng, n.rng), SymbolRange: t.rng}
		return e
	case tokOBrack:
		return r.tuple(t)
	case tokOBrace:
		return r.object(t)
	}
	r.giveUp()
	return nil
}

func (r *reader) literal(v cty.Value, rng hcl.Range) *hclsyntax.LiteralValueExpr {
	e := r.literals.new()
	*e = hclsyntax.LiteralValueExpr{Val: v, SrcRange: rng}
	return e
}

func (r *reader) number(t token) hclsyntax.Expression {
	v, err := cty.ParseNumberVal(r.str(t))
	if err != nil {
		r.giveUp()
	}
	return r.literal(v, t.rng)
}

// template is a quoted string: a template of one literal part, whose range
// is the text between the quotes. The empty string's part is an empty
// range at the end of its closing quote, where hcl's parser puts it.
func (r *reader) template(t token) hclsyntax.Expression {
	lit := t.rng
	lit.Start.Column++
	lit.Start.Byte++
	lit.End.Column--
	lit.End.Byte--
	if t.end-t.start == 2 {
		lit.Start, lit.End = t.rng.End, t.rng.End
	}
	parts := r.exprSlices.take(1)
	parts[0] = r.literal(cty.StringVal(r.stringValue(t)), lit)
	e := r.templates.new()
	*e = hclsyntax.TemplateExpr{Parts: parts, SrcRange: t.rng}
	return e
}

// traversal reads a reference: the root, then .name and ["name"] steps.
// As parseExpressionTerm and parseExpressionTraversals.
func (r *reader) traversal(root token) hclsyntax.Expression {
	from := len(r.stepStack)
	r.stepStack = append(r.stepStack, hcl.TraverseRoot{Name: r.str(root), SrcRange: root.rng})
	rng := root.rng
	for {
		var step hcl.Range
		switch r.peek().kind {
		case tokDot:
			dot := r.next()
			name := r.expect(tokIdent)
			step = hcl.RangeBetween(dot.rng, name.rng)
			r.stepStack = append(r.stepStack, hcl.TraverseAttr{Name: r.str(name), SrcRange: step})
		case tokOBrack:
			open := r.next()
			r.pushNewlines(false)
			key := r.expect(tokString)
			closing := r.expect(tokCBrack)
			r.popNewlines()
			step = hcl.RangeBetween(open.rng, closing.rng)
			r.stepStack = append(r.stepStack, hcl.TraverseIndex{Key: cty.StringVal(r.stringValue(key)), SrcRange: step})
		default:
			e := r.traversals.new()
			*e = hclsyntax.ScopeTraversalExpr{Traversal: r.stepSlices.copyOf(r.stepStack[from:]), SrcRange: rng}
			r.stepStack = r.stepStack[:from]
			return e
		}
		rng = hcl.RangeBetween(rng, step)
	}
}

// tuple reads a list after its opening bracket. As parseTupleCons.
func (r *reader) tuple(open token) hclsyntax.Expression {
	r.pushNewlines(false)
	if t := r.peek(); t.kind == tokIdent && r.str(t) == "for" {
		r.giveUp()
	}
	from := len(r.exprStack)
	var closing token
	for {
		if r.peek().kind == tokCBrack {
			closing = r.next()
			break
		}
		e := r.expression()
		r.exprStack = append(r.exprStack, e)
		if r.peek().kind == tokCBrack {
			closing = r.next()
			break
		}
		r.expect(tokComma)
	}
	r.popNewlines()
	e := r.tuples.new()
	*e = hclsyntax.TupleConsExpr{SrcRange: hcl.RangeBetween(open.rng, closing.rng), OpenRange: open.rng}
	if len(r.exprStack) > from {
		e.Exprs = r.exprSlices.copyOf(r.exprStack[from:])
		r.exprStack = r.exprStack[:from]
	}
	return e
}

// object reads a map after its opening brace. As parseObjectCons.
func (r *reader) object(open token) hclsyntax.Expression {
	r.pushNewlines(false)
	if t := r.peek(); t.kind == tokIdent && r.str(t) == "for" {
		r.giveUp()
	}
	r.popNewlines()
	r.pushNewlines(true)
	from := len(r.itemStack)
	var closing token
	for {
		t := r.peek()
		if t.kind == tokNewline {
			r.next()
			continue
		}
		if t.kind == tokCBrace {
			closing = r.next()
			break
		}
		key := r.keys.new()
		*key = hclsyntax.ObjectConsKeyExpr{Wrapped: r.expression()}
		r.expect(tokEqual)
		r.itemStack = append(r.itemStack, hclsyntax.ObjectConsItem{KeyExpr: key, ValueExpr: r.expression()})
		t = r.next()
		if t.kind == tokCBrace {
			closing = t
			break
		}
		if t.kind != tokComma && t.kind != tokNewline {
			r.giveUp()
		}
	}
	r.popNewlines()
	e := r.objects.new()
	*e = hclsyntax.ObjectConsExpr{SrcRange: hcl.RangeBetween(open.rng, closing.rng), OpenRange: open.rng}
	if len(r.itemStack) > from {
		e.Items = r.itemSlices.copyOf(r.itemStack[from:])
		r.itemStack = r.itemStack[:from]
	}
	return e
}

// nodes allocates the syntax tree from slabs: one allocation for many
// nodes, where hclsyntax makes one per node. A tree lives only until its
// body is decoded.
type nodes struct {
	bodies      slab[hclsyntax.Body]
	attrs       slab[hclsyntax.Attribute]
	blocks      slab[hclsyntax.Block]
	literals    slab[hclsyntax.LiteralValueExpr]
	templates   slab[hclsyntax.TemplateExpr]
	traversals  slab[hclsyntax.ScopeTraversalExpr]
	tuples      slab[hclsyntax.TupleConsExpr]
	objects     slab[hclsyntax.ObjectConsExpr]
	keys        slab[hclsyntax.ObjectConsKeyExpr]
	unaries     slab[hclsyntax.UnaryOpExpr]
	blockSlices slab[*hclsyntax.Block]
	exprSlices  slab[hclsyntax.Expression]
	itemSlices  slab[hclsyntax.ObjectConsItem]
	stepSlices  slab[hcl.Traverser]
	strings     slab[string]
	ranges      slab[hcl.Range]
}

const slabSize = 256

type slab[T any] struct{ free []T }

// new returns a pointer to a zero T.
func (s *slab[T]) new() *T {
	return &s.take(1)[0]
}

// take returns n zero Ts.
func (s *slab[T]) take(n int) []T {
	if len(s.free) < n {
		s.free = make([]T, max(slabSize, n))
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}

// copyOf returns a copy of items.
func (s *slab[T]) copyOf(items []T) []T {
	out := s.take(len(items))
	copy(out, items)
	return out
}
