package parse

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/diag"
)

// memoryPerByte and memoryExtra give the heap that parsing one file may
// take: memoryPerByte times its size in bytes plus memoryExtra. They are
// the figures docs/format.md ("Limits") documents; TestHostileMemory holds
// the parsers to them. The most per byte, about 215, is taken by a YAML
// list of one-letter items, two bytes each: a yaml.v3 node, a value and a
// template value per item.
const (
	memoryPerByte = 256
	memoryExtra   = 16 << 20
)

// bigInputs are files within every limit that make the most values, and so
// take the most memory, per byte: the size the memory bound is made for.
var bigInputs = []hostile{
	{"yaml flat list 1 MiB", "b.md", func() string { return yamlHead + "l:\n" + strings.Repeat("- a\n", 1<<18) + "---\n" }, ""},
	{"yaml flow list 1 MiB", "b.md", func() string { return yamlHead + "l: [" + strings.Repeat("a,", 1<<19) + "a]\n---\n" }, ""},
	{"yaml map 1 MiB", "content/sources.yaml", func() string {
		var b strings.Builder
		for i := 0; b.Len() < 1<<20; i++ {
			fmt.Fprintf(&b, "s%d: {title: T}\n", i)
		}
		return b.String()
	}, ""},
	{"csl-json items 1 MiB", "content/sources.json", func() string {
		var b strings.Builder
		b.WriteString("[")
		for i := 0; b.Len() < 1<<20; i++ {
			fmt.Fprintf(&b, `{"id":"s%d","title":"T","issued":{"date-parts":[[2021,3,18]]}},`, i)
		}
		return b.String() + `{"id":"last"}]`
	}, ""},
	{"csl-json names 1 MiB", "content/sources.json", func() string {
		return `[{"id":"a","author":[` + strings.Repeat(`{"literal":"a"},`, 1<<16) + `{"literal":"b"}]}]`
	}, ""},
	{"bibtex entries 1 MiB", "content/sources.bib", func() string {
		var b strings.Builder
		for i := 0; b.Len() < 1<<20; i++ {
			fmt.Fprintf(&b, "@a{s%d,t={T},year=2021}\n", i)
		}
		return b.String()
	}, ""},
	{"bibtex names 1 MiB", "content/sources.bib", func() string {
		return "@a{k, author = {" + strings.Repeat("a and ", 1<<18) + "}}"
	}, ""},
	{"bibtex accents 1 MiB", "content/sources.bib", func() string {
		return "@a{k, title = {" + strings.Repeat(`{\"u}`, 1<<18) + "}}"
	}, ""},
	{"toml flat list 1 MiB", "b.md", func() string { return tomlHead + "l = [" + strings.Repeat("1,", 1<<19) + "1]\n+++\n" }, ""},
	{"toml keys 1 MiB", "b.md", func() string {
		var b strings.Builder
		b.WriteString(tomlHead + "[t]\n")
		for i := 0; b.Len() < 1<<20; i++ {
			fmt.Fprintf(&b, "k%d = 1\n", i)
		}
		return b.String() + "+++\n"
	}, ""},
	{"toml headers 100 deep, 1 MiB", "b.md", func() string {
		var b strings.Builder
		b.WriteString(tomlHead)
		for i := 0; b.Len() < 1<<20; i++ {
			fmt.Fprintf(&b, "[%s.k%d]\n", dotted(99), i)
		}
		return b.String() + "+++\n"
	}, ""},
}

const childEnv = "BRIEFBOOK_PARSE_MEMORY_CHILD"

// TestHostileMemory parses each hostile input, and each of bigInputs, in a
// child process (this test binary run again) and checks that the heap it
// needs stays under memoryPerByte times the file's size plus memoryExtra.
// The child runs with a memory limit of that bound and stops itself when
// its heap goes far over it, so that a regression fails the test instead
// of taking the machine's memory.
func TestHostileMemory(t *testing.T) {
	if name := os.Getenv(childEnv); name != "" {
		memoryChild(name)
		return
	}
	if testing.Short() {
		t.Skip("-short: skipping the child processes that measure memory")
	}
	for _, h := range append(append(append([]hostile{}, hostiles...), floods...), bigInputs...) {
		t.Run(h.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHostileMemory$", "-test.count=1")
			cmd.Env = append(os.Environ(), childEnv+"="+h.name, "GOGC=", "GOMEMLIMIT=")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, tail(out))
			}
			var size, peak, errs int
			if _, err := fmt.Sscanf(lastLine(string(out), "size "), "size %d peak %d errors %d", &size, &peak, &errs); err != nil {
				t.Fatalf("child printed no figures: %v\n%s", err, tail(out))
			}
			if bound := memoryBound(size); peak > bound {
				t.Errorf("%d-byte file took %d bytes of heap, over the bound of %d", size, peak, bound)
			}
			if (errs > 0) != (h.want != "") {
				t.Errorf("%d errors, want %q", errs, h.want)
			}
			t.Logf("%d bytes: peak heap %d bytes (%.1f per byte)", size, peak, float64(peak)/float64(size))
		})
	}
}

func memoryBound(size int) int { return memoryPerByte*size + memoryExtra }

// memoryChild parses the input called name and prints its size, the heap
// it took and the number of errors.
func memoryChild(name string) {
	var h *hostile
	for _, x := range append(append(append([]hostile{}, hostiles...), floods...), bigInputs...) {
		if x.name == name {
			h = &x
		}
	}
	if h == nil {
		fmt.Println("no input named", strconv.Quote(name))
		os.Exit(2)
	}
	src := []byte(h.src())
	bound := memoryBound(len(src))
	debug.SetGCPercent(10)
	debug.SetMemoryLimit(int64(bound))
	go watchHeap(4 * bound)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var d diag.List
	parseAny(h.path, src, &d)
	runtime.ReadMemStats(&after)
	errs := 0
	for _, x := range d.Sorted() {
		if x.Severity == diag.Error {
			errs++
		}
	}
	fmt.Printf("size %d peak %d errors %d\n", len(src), after.HeapSys-before.HeapInuse, errs)
	runtime.KeepAlive(src)
}

// watchHeap ends the process when its heap goes over limit bytes.
func watchHeap(limit int) {
	for {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapAlloc > uint64(limit) {
			fmt.Printf("heap of %d bytes, over %d: stopped\n", m.HeapAlloc, limit)
			os.Exit(3)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func lastLine(out, prefix string) string {
	lines := strings.Split(out, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], prefix) {
			return lines[i]
		}
	}
	return ""
}

func tail(out []byte) string {
	if len(out) > 2000 {
		out = out[len(out)-2000:]
	}
	return string(out)
}
