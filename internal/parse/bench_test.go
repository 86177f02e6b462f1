package parse

import (
	"testing"

	"github.com/briefbook/briefbook/internal/corpus/gen"
	"github.com/briefbook/briefbook/internal/diag"
)

// BenchmarkBrief parses one typical brief file of a synthetic book (see
// package gen): frontmatter of 2-5 actors and 1-3 sources, and a body of
// about 8 KB converted to HTML. It cycles through 50 different briefs.
func BenchmarkBrief(b *testing.B) {
	srcs, err := gen.Briefs(b.TempDir(), 50)
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, src := range srcs {
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
