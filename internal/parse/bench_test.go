package parse

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/briefbook/briefbook/internal/corpus/gen"
	"github.com/briefbook/briefbook/internal/diag"
)

// BenchmarkBrief parses one typical brief file of a synthetic book (see
// package gen): frontmatter of 2-5 actors and 1-3 sources, and a body of
// about 8 KB converted to HTML. It cycles through 50 different briefs.
func BenchmarkBrief(b *testing.B) {
	dir := b.TempDir()
	if _, err := gen.Generate(gen.Options{N: 50, Out: dir, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	paths, err := filepath.Glob(filepath.Join(dir, "content", "briefs", "*", "*.md"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no briefs generated: %v", err)
	}
	var srcs [][]byte
	size := 0
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
		size += len(src)
	}
	b.SetBytes(int64(size / len(srcs)))
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		var d diag.List
		if br := Brief("content/briefs/x.md", srcs[i%len(srcs)], &d); br == nil || d.Len() > 0 {
			b.Fatalf("brief %d: %v", i%len(srcs), d.Sorted())
		}
		i++
	}
}
