package native

import (
	"reflect"
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
// reader. It builds the very expressions hclsyntax.ParseConfig builds — the
// same nodes, fields, values and ranges — and places them in the block
// structs with the decoder's own plans (decode.go), as decodeSyntax would
// from hclsyntax's tree; the tree above the expressions (bodies, blocks,
// attribute maps: a third of what was allocated) is never built. It gives up
// on anything else (escapes, templates, heredocs, operators, function calls,
// non-ASCII text outside line comments), on every syntax error and on every
// body decodeSyntax would leave to Content; the caller then parses and
// decodes that piece through hclsyntax, so that every diagnostic and every
// construct the fast reader does not know is hcl's own. The values are then
// decoded by the same code on both paths. FuzzFastRead holds the reader to
// this.

// readFast enables the fast reader (a variable so that tests can compare
// the two paths).
var readFast = true

// giveUp is the panic value with which the reader abandons a source; it
// is recovered in fastDecode, and never escapes it.
type giveUp struct{}

// fastDecode parses src and decodes it into file blocks, as
// hclsyntax.ParseConfig(src, filename, start) and decodeFile would, when
// src is in the part of the language the reader knows, has no syntax error,
// and has only the attributes and blocks the schema expects, where it
// expects them (the bodies decodeSyntax reads); ok is false otherwise. The
// blocks are decoded by the same plans, with no syntax tree above the
// expressions.
func fastDecode(src []byte, filename string, start hcl.Pos) (f *fileBlocks, ok bool) {
	r := readers.Get().(*reader)
	defer readers.Put(r)
	r.reset(src, filename, start)
	defer func() {
		if e := recover(); e != nil {
			if _, is := e.(giveUp); !is {
				panic(e)
			}
			f, ok = nil, false
		}
	}()
	f = new(fileBlocks)
	r.body(filePlan, reflect.ValueOf(f).Elem(), tokEOF)
	return f, true
}

// readers keeps readers, and the node slabs they allocate from, between
// sources: a large file is read as many pieces.
var readers = sync.Pool{New: func() any { return new(reader) }}

// reader is a recursive-descent parser that follows hclsyntax's parser
// step by step, for the constructs it knows.
type reader struct {
	scanner
	text string // the source as one string: every name and value is a substring of it

	// The peeker: the next raw token, scanned once. Where newlines do not
	// count (inside brackets), peeking reads past them for good: unlike
	// hcl's peeker, which leaves them for a later peek where they count.
	// No such later peek meets one here but the one that starts an
	// object's items, which skips newlines anyway.
	ahead    token
	newlines []bool // hcl's include-newlines stack; the top applies

	prev token // the last token read (hcl's PrevRange)

	// Items of the lists being read, innermost last.
	exprStack []hclsyntax.Expression
	itemStack []hclsyntax.ObjectConsItem
	stepStack []hcl.Traverser

	nodes
}

func (r *reader) reset(src []byte, filename string, start hcl.Pos) {
	r.scanner = newScanner(src, filename, start)
	r.text = string(src)
	r.ahead = r.scan()
	r.newlines = append(r.newlines[:0], true)
	r.prev = token{}
	r.exprStack, r.itemStack, r.stepStack = r.exprStack[:0], r.itemStack[:0], r.stepStack[:0]
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
	if r.ahead.kind == tokNewline && !r.includeNewlines() {
		for r.ahead.kind == tokNewline {
			r.ahead = r.scan()
		}
	}
	if r.ahead.kind == tokOther {
		r.giveUp()
	}
	return r.ahead
}

// next reads the next token.
func (r *reader) next() token {
	t := r.peek()
	r.ahead = r.scan()
	r.prev = t
	return t
}

// expect reads the next token, which must be of kind k.
func (r *reader) expect(k tokKind) token {
	if r.peek().kind != k {
		r.giveUp()
	}
	return r.next()
}

// body reads a body up to its end token, the file's (tokEOF) or a block's
// (tokCBrace), into v, a struct of p's type. As ParseBody, then
// decodeSyntax.
func (r *reader) body(p *blockPlan, v reflect.Value, end tokKind) {
	for {
		t := r.peek()
		if t.kind == end {
			r.next()
			return
		}
		switch t.kind {
		case tokNewline:
			r.next()
		case tokIdent:
			r.item(p, v)
		default:
			r.giveUp()
		}
	}
}

// item reads an attribute or a block. As ParseBodyItem.
func (r *reader) item(p *blockPlan, v reflect.Value) {
	name := r.next()
	switch r.peek().kind {
	case tokEqual:
		r.setAttribute(p, v, r.attribute(name, false))
	case tokString, tokOBrace, tokIdent:
		i, ok := p.blockIndex[r.str(name)]
		if !ok {
			r.giveUp() // Content reports it
		}
		r.block(name, &p.blocks[i], v.Field(p.blocks[i].field))
	default:
		r.giveUp()
	}
}

// setAttribute stores a in its field of v.
func (r *reader) setAttribute(p *blockPlan, v reflect.Value, a *hcl.Attribute) {
	i, ok := p.attrIndex[a.Name]
	if !ok {
		r.giveUp() // Content reports it
	}
	field := v.Field(p.attrs[i].field).Addr().Interface().(**hcl.Attribute)
	if *field != nil {
		r.giveUp() // the parser reports it
	}
	*field = a
}

// attribute reads the rest of an attribute after its name. As
// finishParsingBodyAttribute, then decodeSyntax.
func (r *reader) attribute(name token, singleLine bool) *hcl.Attribute {
	r.next() // =
	expr := r.expression()
	// hcl's PrevRange; only its end counts (hcl reads a string as three
	// tokens, of which this is the last).
	end := r.rng(r.prev)
	if !singleLine {
		if k := r.peek().kind; k != tokNewline && k != tokEOF {
			r.giveUp()
		}
		r.next()
	}
	a := r.attrs.new()
	nameRange := r.rng(name)
	*a = hcl.Attribute{Name: r.str(name), Expr: expr, Range: hcl.RangeBetween(nameRange, end), NameRange: nameRange}
	return a
}

// block reads the rest of a block after its type and appends it to the
// slice. As finishParsingBodyBlock, then decodeSyntaxBlock.
func (r *reader) block(typ token, bf *blockField, slice reflect.Value) {
	labels := 0
	var first string
	last := typ
	for r.peek().kind != tokOBrace {
		t := r.next()
		label := ""
		switch t.kind {
		case tokString:
			label = r.stringValue(t)
		case tokIdent:
			label = r.str(t)
		default:
			r.giveUp()
		}
		if labels == 0 {
			first = label
		}
		labels++
		last = t
	}
	if labels != bf.labels {
		r.giveUp() // Content reports it
	}
	r.next() // {
	v := appendZero(slice)
	switch r.peek().kind {
	case tokNewline, tokEOF, tokCBrace:
		r.body(bf.plan, v, tokCBrace)
	default:
		// A one-line body, { name = value }. As parseSingleAttrBody.
		name := r.expect(tokIdent)
		if r.peek().kind != tokEqual {
			r.giveUp()
		}
		r.setAttribute(bf.plan, v, r.attribute(name, true))
		r.expect(tokCBrace)
	}
	if k := r.peek().kind; k != tokNewline && k != tokEOF {
		r.giveUp()
	}
	r.next()
	if p := bf.plan; p.label >= 0 && labels > 0 {
		v.Field(p.label).SetString(first)
	}
	if p := bf.plan; p.defRange >= 0 {
		*(v.Field(p.defRange).Addr().Interface().(*hcl.Range)) = hcl.RangeBetween(r.rng(typ), r.rng(last))
	}
}

// appendZero grows a slice of block structs by a zero element and returns
// that element.
func appendZero(slice reflect.Value) reflect.Value {
	n := slice.Len()
	if n == slice.Cap() {
		grown := reflect.MakeSlice(slice.Type(), n, max(4, 2*n))
		reflect.Copy(grown, slice)
		slice.Set(grown)
	}
	slice.SetLen(n + 1)
	return slice.Index(n)
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
			return r.literal(cty.True, r.rng(t))
		case "false":
			return r.literal(cty.False, r.rng(t))
		case "null":
			return r.literal(cty.NullVal(cty.DynamicPseudoType), r.rng(t))
		}
		return r.traversal(t)
	case tokMinus:
		// Only a negative number: -1 is an ICMP wildcard.
		n := r.expect(tokNumber)
		e := r.unaries.new()
		*e = hclsyntax.UnaryOpExpr{Op: hclsyntax.OpNegate, Val: r.number(n), SrcRange: hcl.RangeBetween(r.rng(t), r.rng(n)), SymbolRange: r.rng(t)}
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
	return r.literal(v, r.rng(t))
}

// template is a quoted string: a template of one literal part, whose range
// is the text between the quotes. The empty string's part is an empty
// range at the end of its closing quote, where hcl's parser puts it.
func (r *reader) template(t token) hclsyntax.Expression {
	whole := r.rng(t)
	lit := r.rng(token{start: t.start + 1, end: t.end - 1, line: t.line, lineStart: t.lineStart})
	if t.end-t.start == 2 {
		lit.Start, lit.End = whole.End, whole.End
	}
	parts := r.exprSlices.take(1)
	parts[0] = r.literal(cty.StringVal(r.stringValue(t)), lit)
	e := r.templates.new()
	*e = hclsyntax.TemplateExpr{Parts: parts, SrcRange: whole}
	return e
}

// traversal reads a reference: the root, then .name and ["name"] steps.
// As parseExpressionTerm and parseExpressionTraversals.
func (r *reader) traversal(root token) hclsyntax.Expression {
	from := len(r.stepStack)
	r.stepStack = append(r.stepStack, hcl.TraverseRoot{Name: r.str(root), SrcRange: r.rng(root)})
	rng := r.rng(root)
	for {
		var step hcl.Range
		switch r.peek().kind {
		case tokDot:
			dot := r.next()
			name := r.expect(tokIdent)
			step = hcl.RangeBetween(r.rng(dot), r.rng(name))
			r.stepStack = append(r.stepStack, hcl.TraverseAttr{Name: r.str(name), SrcRange: step})
		case tokOBrack:
			open := r.next()
			r.pushNewlines(false)
			key := r.expect(tokString)
			closing := r.expect(tokCBrack)
			r.popNewlines()
			step = hcl.RangeBetween(r.rng(open), r.rng(closing))
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
	*e = hclsyntax.TupleConsExpr{SrcRange: hcl.RangeBetween(r.rng(open), r.rng(closing)), OpenRange: r.rng(open)}
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
	*e = hclsyntax.ObjectConsExpr{SrcRange: hcl.RangeBetween(r.rng(open), r.rng(closing)), OpenRange: r.rng(open)}
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
	attrs      slab[hcl.Attribute]
	literals   slab[hclsyntax.LiteralValueExpr]
	templates  slab[hclsyntax.TemplateExpr]
	traversals slab[hclsyntax.ScopeTraversalExpr]
	tuples     slab[hclsyntax.TupleConsExpr]
	objects    slab[hclsyntax.ObjectConsExpr]
	keys       slab[hclsyntax.ObjectConsKeyExpr]
	unaries    slab[hclsyntax.UnaryOpExpr]
	exprSlices slab[hclsyntax.Expression]
	itemSlices slab[hclsyntax.ObjectConsItem]
	stepSlices slab[hcl.Traverser]
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
