// Command corpus writes a deterministic synthetic briefing book for
// benchmarks (see package gen for its shape):
//
//	go run ./internal/corpus -n 10000 -out DIR [-seed 1] [-format briefbook|hugo] [-reuse]
//
// The same -n and -seed always give byte-identical files. DIR must be
// missing, empty, or hold a book written by an earlier run, which is
// replaced; with -reuse, a book written with the same options is kept.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/briefbook/briefbook/internal/corpus/gen"
)

func main() {
	n := flag.Int("n", 1000, "number of briefs")
	out := flag.String("out", "", "output folder (required)")
	seed := flag.Uint64("seed", 1, "random seed")
	format := flag.String("format", "briefbook", "site format: briefbook or hugo")
	reuse := flag.Bool("reuse", false, "keep the output folder if it already holds this book")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: corpus -n N -out DIR [-seed S] [-format briefbook|hugo] [-reuse]")
		os.Exit(2)
	}
	start := time.Now()
	o := gen.Options{N: *n, Out: *out, Seed: *seed, Format: gen.Format(*format), Reuse: *reuse}
	wrote, err := gen.Generate(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		os.Exit(1)
	}
	if wrote {
		fmt.Fprintf(os.Stderr, "corpus: wrote %d briefs (%s, seed %d) to %s in %.1fs\n", *n, *format, *seed, *out, time.Since(start).Seconds())
	} else {
		fmt.Fprintf(os.Stderr, "corpus: %s already holds %d briefs (%s, seed %d)\n", *out, *n, *format, *seed)
	}
}
