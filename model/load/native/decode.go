package native

import (
	"fmt"
	"reflect"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// gohcl.DecodeBody re-derives a struct's schema from its tags for every
// block it decodes (getFieldTags and ImpliedBodySchema were a fifth of the
// CPU time of loading 2,000 VPCs). The block structs of this package use
// only four kinds of field — *hcl.Attribute attributes, slices of nested
// block structs, one name label and def_range — so each struct's decoding
// plan is computed once, at init, from the same tags, and a block is decoded
// with body.Content(schema) and direct field stores. The schema is gohcl's
// own (ImpliedBodySchema), so hcl reports exactly the same diagnostics.
//
// Content itself builds several maps per body (a fifth of what was left of
// decoding). So a body fresh from the parser whose every attribute and block
// the schema expects, with the expected labels, is read straight from the
// syntax tree; anything else goes through Content, which reports it.

// readSyntax enables reading expected bodies from the syntax tree (a
// variable so that a test can compare the two paths).
var readSyntax = true

// blockPlan decodes one block struct type.
type blockPlan struct {
	schema   *hcl.BodySchema
	attrs    []attrField  // in schema order
	blocks   []blockField // in schema order
	label    int          // field index of the name label, or -1
	defRange int          // field index of def_range, or -1

	attrIndex  map[string]int // attribute name -> position in attrs
	blockIndex map[string]int // block type -> position in blocks
}

type attrField struct {
	name  string
	field int
}

type blockField struct {
	typeName  string
	field     int
	sliceType reflect.Type // the field's type, a slice of block structs
	labels    int          // how many labels the block type takes
	plan      *blockPlan
}

var (
	attrPtrType = reflect.TypeFor[*hcl.Attribute]()
	rangeType   = reflect.TypeFor[hcl.Range]()
	filePlan    = planFor(reflect.TypeFor[fileBlocks]())
)

// planFor builds the plan of a block struct type, and of the block types
// nested in it. It panics on a field it does not handle: a programmer error
// caught by every test that loads a file.
func planFor(t reflect.Type) *blockPlan {
	schema, partial := gohcl.ImpliedBodySchema(reflect.New(t).Interface())
	if partial {
		panic(fmt.Sprintf("native: %s has a remain field, which the block decoder does not handle", t))
	}
	p := &blockPlan{schema: schema, label: -1, defRange: -1, attrIndex: map[string]int{}, blockIndex: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("hcl")
		if !ok {
			continue
		}
		name, kind := splitTag(tag)
		switch {
		case kind == "optional" && f.Type == attrPtrType:
			p.attrs = append(p.attrs, attrField{name: name, field: i})
		case kind == "block" && f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			p.blocks = append(p.blocks, blockField{typeName: name, field: i, sliceType: f.Type, plan: planFor(f.Type.Elem())})
		case kind == "label" && f.Type.Kind() == reflect.String && p.label < 0:
			p.label = i
		case kind == "def_range" && f.Type == rangeType:
			p.defRange = i
		default:
			panic(fmt.Sprintf("native: field %s.%s (tag %q) is not one the block decoder handles", t, f.Name, tag))
		}
	}
	for i, a := range p.attrs {
		p.attrIndex[a.name] = i
	}
	for i := range p.blocks {
		bf := &p.blocks[i]
		p.blockIndex[bf.typeName] = i
		for _, bs := range schema.Blocks {
			if bs.Type == bf.typeName {
				bf.labels = len(bs.LabelNames)
			}
		}
	}
	return p
}

// splitTag splits an hcl struct tag "name,kind" (kind defaults to attr).
func splitTag(tag string) (name, kind string) {
	for i := 0; i < len(tag); i++ {
		if tag[i] == ',' {
			return tag[:i], tag[i+1:]
		}
	}
	return tag, "attr"
}

// decodeBody decodes body into *v (a struct of p's type), returning hcl's
// diagnostics for unexpected, duplicate or malformed items.
func (p *blockPlan) decodeBody(body hcl.Body, v reflect.Value) hcl.Diagnostics {
	if sb, ok := body.(*hclsyntax.Body); ok && readSyntax && p.expects(sb) {
		return p.decodeSyntax(sb, v)
	}
	content, diags := body.Content(p.schema)
	if content == nil {
		return diags
	}
	for _, a := range p.attrs {
		if attr := content.Attributes[a.name]; attr != nil {
			*(v.Field(a.field).Addr().Interface().(**hcl.Attribute)) = attr
		}
	}
	if len(p.blocks) == 0 || len(content.Blocks) == 0 {
		return diags
	}
	for _, bf := range p.blocks {
		n := 0
		for _, blk := range content.Blocks {
			if blk.Type == bf.typeName {
				n++
			}
		}
		if n == 0 {
			continue
		}
		sli := reflect.MakeSlice(bf.sliceType, n, n)
		i := 0
		for _, blk := range content.Blocks {
			if blk.Type != bf.typeName {
				continue
			}
			diags = append(diags, bf.plan.decodeBlock(blk, sli.Index(i))...)
			i++
		}
		v.Field(bf.field).Set(sli)
	}
	return diags
}

// expects tells whether Content would accept every item of b without a
// diagnostic: each attribute and block type is in the schema and each
// block has as many labels as its type takes. (Duplicate attributes are
// reported by the parser, not by Content.)
func (p *blockPlan) expects(b *hclsyntax.Body) bool {
	for name := range b.Attributes {
		if _, ok := p.attrIndex[name]; !ok {
			return false
		}
	}
	for _, blk := range b.Blocks {
		i, ok := p.blockIndex[blk.Type]
		if !ok || len(blk.Labels) != p.blocks[i].labels {
			return false
		}
	}
	return true
}

// decodeSyntax decodes a body that expects accepted, as Content would
// (one *hcl.Attribute per attribute, blocks of a type in source order).
func (p *blockPlan) decodeSyntax(b *hclsyntax.Body, v reflect.Value) hcl.Diagnostics {
	// The body's attributes are allocated together, not one by one.
	attrs := make([]hcl.Attribute, len(b.Attributes))
	i := 0
	for name, a := range b.Attributes {
		attrs[i] = hcl.Attribute{Name: a.Name, Expr: a.Expr, Range: a.SrcRange, NameRange: a.NameRange}
		*(v.Field(p.attrs[p.attrIndex[name]].field).Addr().Interface().(**hcl.Attribute)) = &attrs[i]
		i++
	}
	if len(b.Blocks) == 0 {
		return nil
	}
	// Per block type: how many blocks, then the slice they are decoded into.
	type typeSlice struct {
		n, filled int
		slice     reflect.Value
	}
	var small [24]typeSlice // the file schema has 22 block types
	var byType []typeSlice
	if len(p.blocks) <= len(small) {
		byType = small[:len(p.blocks)]
	} else {
		byType = make([]typeSlice, len(p.blocks))
	}
	for _, blk := range b.Blocks {
		byType[p.blockIndex[blk.Type]].n++
	}
	for i, bf := range p.blocks {
		if t := &byType[i]; t.n > 0 {
			t.slice = reflect.MakeSlice(bf.sliceType, t.n, t.n)
		}
	}
	var diags hcl.Diagnostics
	for _, blk := range b.Blocks {
		i := p.blockIndex[blk.Type]
		t := &byType[i]
		diags = append(diags, p.blocks[i].plan.decodeSyntaxBlock(blk, t.slice.Index(t.filled))...)
		t.filled++
	}
	for i, bf := range p.blocks {
		if byType[i].n > 0 {
			v.Field(bf.field).Set(byType[i].slice)
		}
	}
	return diags
}

// decodeSyntaxBlock is decodeBlock for a block read from the syntax tree.
func (p *blockPlan) decodeSyntaxBlock(blk *hclsyntax.Block, v reflect.Value) hcl.Diagnostics {
	diags := p.decodeBody(blk.Body, v)
	if p.label >= 0 && len(blk.Labels) > 0 {
		v.Field(p.label).SetString(blk.Labels[0])
	}
	if p.defRange >= 0 {
		*(v.Field(p.defRange).Addr().Interface().(*hcl.Range)) = blk.DefRange()
	}
	return diags
}

// decodeBlock decodes a block's body, label and definition range into v.
func (p *blockPlan) decodeBlock(blk *hcl.Block, v reflect.Value) hcl.Diagnostics {
	diags := p.decodeBody(blk.Body, v)
	if p.label >= 0 && len(blk.Labels) > 0 {
		v.Field(p.label).SetString(blk.Labels[0])
	}
	if p.defRange >= 0 {
		*(v.Field(p.defRange).Addr().Interface().(*hcl.Range)) = blk.DefRange
	}
	return diags
}

// decodeFile decodes one parsed body (a file or a piece of one).
func decodeFile(body hcl.Body, f *fileBlocks) hcl.Diagnostics {
	return filePlan.decodeBody(body, reflect.ValueOf(f).Elem())
}
