package markup

import (
	"bytes"
	"testing"

	"github.com/briefbook/briefbook/internal/corpus/gen"
	"github.com/briefbook/briefbook/internal/diag"
)

// benchBriefs returns the files of the first n briefs of a synthetic book
// (see package gen), each about 8 KB, with the offset where its body starts.
func benchBriefs(b *testing.B, n int) (srcs [][]byte, starts []int) {
	b.Helper()
	srcs, err := gen.Briefs(b.TempDir(), n)
	if err != nil {
		b.Fatal(err)
	}
	for i, src := range srcs {
		// The generator writes YAML frontmatter: "---\n...\n---\n".
		end := bytes.Index(src[3:], []byte("\n---\n"))
		if !bytes.HasPrefix(src, []byte("---\n")) || end < 0 {
			b.Fatalf("brief %d: no frontmatter", i)
		}
		starts = append(starts, 3+end+len("\n---\n"))
	}
	return srcs, starts
}

// BenchmarkConvert converts the body of one typical brief (about 8 KB,
// 1,200 words, with wikilinks, citations, a table or list, footnotes),
// cycling through 50 different briefs.
func BenchmarkConvert(b *testing.B) {
	srcs, starts := benchBriefs(b, 50)
	size := 0
	for _, s := range srcs {
		size += len(s)
	}
	b.SetBytes(int64(size / len(srcs)))
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		var d diag.List
		Convert("brief.md", srcs[i%len(srcs)], starts[i%len(srcs)], &d)
		if d.Len() > 0 {
			b.Fatal(d.Sorted())
		}
		i++
	}
}

// BenchmarkCountWords counts the words of the bodies of typical briefs.
func BenchmarkCountWords(b *testing.B) {
	srcs, starts := benchBriefs(b, 50)
	var all []byte
	for i, s := range srcs {
		all = append(all, s[starts[i]:]...)
	}
	b.SetBytes(int64(len(all)))
	for b.Loop() {
		countWords(all)
	}
}
