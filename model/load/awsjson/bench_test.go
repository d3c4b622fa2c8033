package awsjson_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vpcheck/vpcheck/model"
	"github.com/vpcheck/vpcheck/model/load"
	"github.com/vpcheck/vpcheck/model/load/awsjson"
)

// BenchmarkLoadCorpus loads each corpus scenario as a user would: reading
// the directory, detecting formats, loading, linking and validating. The
// target is under 50 ms per scenario (lint of a typical
// repository in under 50 ms, whole process).
func BenchmarkLoadCorpus(b *testing.B) {
	corpus := corpusDir(b)
	for _, sc := range scenarios {
		dir := filepath.Join(corpus, sc.name, "aws_configs")
		b.Run(sc.name, func(b *testing.B) {
			for b.Loop() {
				if _, diags := load.Paths([]string{dir}, load.Options{}); diags.HasErrors() {
					b.Fatal(diags.Error())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/load")
		})
	}
}

// BenchmarkParseAndMap measures the loader alone on files already in memory
// (no file system, no Link), in bytes of JSON per second.
func BenchmarkParseAndMap(b *testing.B) {
	corpus := corpusDir(b)
	for _, sc := range scenarios {
		files, _ := filepath.Glob(filepath.Join(corpus, sc.name, "aws_configs", "*.json"))
		var srcs []model.Source
		size := 0
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			srcs = append(srcs, model.Source{Name: f, Bytes: src})
			size += len(src)
		}
		b.Run(sc.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				if _, diags := awsjson.Load(srcs); diags.HasErrors() {
					b.Fatal(diags.Error())
				}
			}
		})
	}
}
