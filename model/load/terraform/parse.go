package terraform

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vpcheck/vpcheck/model"
)

// HCL's parser spends most of its time per token and keeps every token of a
// file in one growing slice, so a multi-megabyte generated configuration
// parses slowly. A large file is therefore cut into chunks at top-level
// block ends ("}" alone at the start of a line) and the chunks are parsed in
// parallel, each with its real starting position so every range is exact.
// A cut inside a heredoc or comment makes a chunk fail to parse; the whole
// file is then parsed at once, so diagnostics are always HCL's own.

// chunkedParseMin is the file size from which chunked parsing pays off.
const chunkedParseMin = 48 << 10

// chunkSize is the target size of a chunk.
const chunkSize = 24 << 10

// parseFile parses a .tf file, keeping its first few syntax errors (a file
// of junk gives one per character).
func parseFile(src []byte, name string) (*hcl.File, hcl.Diagnostics) {
	f, diags := parseChunked(src, name)
	var c model.Collector
	c.AddSyntax(diags)
	return f, c.Diagnostics()
}

func parseChunked(src []byte, name string) (*hcl.File, hcl.Diagnostics) {
	if len(src) < chunkedParseMin {
		return hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	}
	type chunk struct {
		start hcl.Pos
		end   int
		file  *hcl.File
		diags hcl.Diagnostics
	}
	defer relaxGC()()
	var chunks []*chunk
	pos := hcl.InitialPos
	for pos.Byte < len(src) {
		end := pos.Byte + chunkSize
		if end >= len(src) {
			end = len(src)
		} else if k := bytes.Index(src[end:], []byte("\n}\n")); k < 0 {
			end = len(src)
		} else {
			end += k + 3
		}
		chunks = append(chunks, &chunk{start: pos, end: end})
		pos = hcl.Pos{Line: pos.Line + bytes.Count(src[pos.Byte:end], []byte("\n")), Column: 1, Byte: end}
	}
	work := make(chan *chunk)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(chunks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				c.file, c.diags = hclsyntax.ParseConfig(src[c.start.Byte:c.end], name, c.start)
			}
		}()
	}
	for _, c := range chunks {
		work <- c
	}
	close(work)
	wg.Wait()

	body := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}}
	for _, c := range chunks {
		b, ok := c.file.Body.(*hclsyntax.Body)
		if c.diags.HasErrors() || !ok {
			return hclsyntax.ParseConfig(src, name, hcl.InitialPos)
		}
		for k, a := range b.Attributes {
			if _, dup := body.Attributes[k]; dup {
				// Let HCL report the duplicate with its own words.
				return hclsyntax.ParseConfig(src, name, hcl.InitialPos)
			}
			body.Attributes[k] = a
		}
		body.Blocks = append(body.Blocks, b.Blocks...)
	}
	last := chunks[len(chunks)-1].file.Body.(*hclsyntax.Body)
	body.SrcRange = hcl.Range{Filename: name, Start: hcl.InitialPos, End: last.SrcRange.End}
	body.EndRange = last.EndRange
	return &hcl.File{Body: body, Bytes: src}, nil
}

// parseGCPercent is the garbage collector's target while a large file is
// parsed. Most of what the parser allocates is its token slices, garbage as
// soon as a chunk is parsed, while what stays (the syntax tree) grows to
// about half of what the evaluation that follows holds: collecting less
// often there does not raise the peak of the load, and halves the
// collections that scan the growing tree.
const parseGCPercent = 200

var gcMu sync.Mutex
var gcUsers int
var gcSaved int

// relaxGC raises the collector's target to parseGCPercent (unless it is
// higher or off) until the returned function is called; parses running at
// the same time share the setting.
func relaxGC() func() {
	gcMu.Lock()
	if gcUsers == 0 {
		gcSaved = debug.SetGCPercent(parseGCPercent)
		if gcSaved < 0 || gcSaved > parseGCPercent {
			debug.SetGCPercent(gcSaved)
		}
	}
	gcUsers++
	gcMu.Unlock()
	return func() {
		gcMu.Lock()
		gcUsers--
		if gcUsers == 0 {
			debug.SetGCPercent(gcSaved)
		}
		gcMu.Unlock()
	}
}
