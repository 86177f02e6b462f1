package markup

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// quadratic lists the bodies on which goldmark 1.8.7 takes time that grows
// with the square of their size (see docs/goldmark-quadratic.md). Each
// makes a body of about n bytes.
var quadratic = []struct {
	name string
	make func(n int) string
}{
	{"blockquotes", func(n int) string { return strings.Repeat(">", n) + " x" }},
	{"angle-link", func(n int) string { return strings.Repeat("[a](<b", n/6) }},
	{"nested-list", func(n int) string { return nestedList(int(math.Sqrt(float64(n)))) }},
	{"list-markers", func(n int) string { return strings.Repeat("- ", n/2) + "x" }},
	{"emphasis", func(n int) string { return strings.Repeat("*a_", n/3) }},
	{"strikethrough", func(n int) string { return strings.Repeat("~a_", n/3) }},
	{"link-parens", func(n int) string { return strings.Repeat("[a](b()", n/7) }},
	{"link-open", func(n int) string { return strings.Repeat("[a](", n/4) }},
	{"citation-open", func(n int) string { return strings.Repeat("[@a ", n/4) }},
	{"citation-lines", func(n int) string { return strings.Repeat("[@a\n", n/4) }},
}

// nestedList returns a list nested levels deep, one item per level, each
// indented two spaces more than the one before: about levels² bytes.
func nestedList(levels int) string {
	var b strings.Builder
	for i := range levels {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}

// cpuTime returns the CPU time this process has used, so that the figures
// do not depend on what else runs on the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkQuadratic converts each body of quadratic at 100 KB, 200 KB and
// 400 KB: with briefbook's limits the time per byte stays about the same
// (about-linear growth). Besides ns/op it reports cpu-ns/op, the CPU time
// of the process per conversion, and ns/byte.
//
//	go test ./internal/markup -run '^$' -bench Quadratic -benchtime 3x
func BenchmarkQuadratic(b *testing.B) {
	for _, q := range quadratic {
		for _, k := range []int{1, 2, 4} {
			src := []byte(q.make(k * 100_000))
			b.Run(fmt.Sprintf("%s/%dx", q.name, k), func(b *testing.B) {
				benchConvert(b, src, func(src []byte) { Convert("b.md", src, 0, nil) })
			})
		}
	}
}

// BenchmarkGoldmarkQuadratic converts the same bodies with goldmark alone
// (its defaults and the GFM extension), at 10 KB, 20 KB and 40 KB: the
// time per byte doubles with the size. These are the figures of the note
// to goldmark's maintainers.
//
//	go test ./internal/markup -run '^$' -bench GoldmarkQuadratic -benchtime 1x
func BenchmarkGoldmarkQuadratic(b *testing.B) {
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM))
	for _, q := range quadratic {
		if strings.HasPrefix(q.name, "citation-") {
			continue // briefbook's own syntax
		}
		for _, k := range []int{1, 2, 4} {
			src := []byte(q.make(k * 10_000))
			b.Run(fmt.Sprintf("%s/%dx", q.name, k), func(b *testing.B) {
				benchConvert(b, src, func(src []byte) {
					var out bytes.Buffer
					_ = gm.Convert(src, &out)
				})
			})
		}
	}
}

func benchConvert(b *testing.B, src []byte, convert func([]byte)) {
	b.SetBytes(int64(len(src)))
	start := cpuTime()
	for b.Loop() {
		convert(src)
	}
	cpu := float64(cpuTime()-start) / float64(b.N)
	b.ReportMetric(cpu, "cpu-ns/op")
	b.ReportMetric(cpu/float64(len(src)), "cpu-ns/byte")
}
