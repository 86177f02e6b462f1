package site

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/corpus/gen"
)

// BenchmarkOpen times Open of a synthetic book (10,000 briefs, or
// BENCH_BRIEFS; BENCH_BOOK names a book folder to use instead) as serve
// opens it and as a build does (Spill, Once), reporting the CPU time
// the process used ("cpu-ms", all threads) besides the wall time.
func BenchmarkOpen(b *testing.B) {
	dir := os.Getenv("BENCH_BOOK")
	if dir == "" {
		dir = b.TempDir()
		if _, err := gen.Generate(gen.Options{N: envInt("BENCH_BRIEFS", 10000), Out: dir, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		opts Options
	}{
		{"serve", Options{}},
		{"build", Options{Spill: true, Once: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var cpu time.Duration
			for range b.N {
				c0 := cpuTime()
				s, _, err := Open(context.Background(), dir, c.opts)
				if err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - c0
				s.Close()
			}
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms")
		})
	}
}
