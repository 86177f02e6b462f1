package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/corpus/gen"
)

// BenchmarkServe measures the live preview as an author meets it (make
// bench-serve), on a synthetic book of 10,000 briefs (BENCH_BRIEFS): it
// builds the briefbook command, times a full build of the book, starts
// "briefbook serve" on it and times
//
//   - from starting serve to the first page served;
//   - for 20 edits of each kind (a brief's body, title and actors, a brief
//     renamed, a new brief, content/sources.yaml), from the file being
//     saved to the changed page being served, and to the event that
//     reloads (or moves) the page open in a browser, as median and worst;
//   - the server's resident memory after start, after 100 edits and after
//     1,000 (BENCH_EDITS);
//   - for each kind, the median of the server's CPU time (all threads)
//     and page faults per edit, which a loaded machine disturbs less
//     than the times.
//
// The book lives in BENCH_DIR, /dev/shm (tmpfs) by default.
//
// BENCH_KINDS (comma-separated, as in the table) and BENCH_EACH (20) pick
// the kinds of edit and their number; BENCH_LOG names a file for the
// server's output (one line per rebuild, with its time); BENCH_PROFILE
// a file for a CPU profile of the server, started BENCH_PROFILE_DELAY
// ("10s") after it, to leave the opening out.
//
// It prints a table; nothing is asserted. Run it with
//
//	go test ./internal/serve -run '^$' -bench BenchmarkServe -benchtime 1x -timeout 60m
func BenchmarkServe(b *testing.B) {
	n := envInt("BENCH_BRIEFS", 10000)
	edits := envInt("BENCH_EDITS", 1000)
	// The book lives in BENCH_DIR, /dev/shm by default, as for make bench:
	// on this project's 2-core machines disk waits swamp the figures.
	base := os.Getenv("BENCH_DIR")
	if base == "" {
		if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
			base = "/dev/shm"
		}
	}
	tmp, err := os.MkdirTemp(base, "briefbook-bench-serve-*")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	exe := filepath.Join(tmp, "briefbook")
	if out, err := exec.Command("go", "build", "-o", exe, "github.com/briefbook/briefbook/cmd/briefbook").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	dir := filepath.Join(tmp, "book")
	if _, err := gen.Generate(gen.Options{N: n, Out: dir, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	if out, err := exec.Command(exe, "build", "--source", dir, "--output", filepath.Join(tmp, "out")).CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	buildTime := time.Since(t0)

	port := freePort(b)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(exe, "serve", "--source", dir, "--port", strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if f := os.Getenv("BENCH_LOG"); f != "" {
		log, err := os.Create(f)
		if err != nil {
			b.Fatal(err)
		}
		defer log.Close()
		cmd.Stdout, cmd.Stderr = log, log
	}
	if f := os.Getenv("BENCH_PROFILE"); f != "" {
		abs, err := filepath.Abs(f)
		if err != nil {
			b.Fatal(err)
		}
		// BENCH_PROFILE_DELAY leaves the opening out: "10s".
		cmd.Env = append(os.Environ(), "BRIEFBOOK_CPUPROFILE="+abs, "BRIEFBOOK_CPUPROFILE_DELAY="+os.Getenv("BENCH_PROFILE_DELAY"))
	}
	t0 = time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	bs := &benchServer{b: b, addr: addr, dir: dir, pid: cmd.Process.Pid}
	for {
		if code, _ := bs.tryGet("/book/"); code == 200 {
			break
		}
		if time.Since(t0) > 5*time.Minute {
			b.Fatal("serve never answered")
		}
		time.Sleep(5 * time.Millisecond)
	}
	firstPage := time.Since(t0)
	rssStart := rss(b, cmd.Process.Pid)

	fmt.Printf("\nbriefbook serve, %d briefs, %d cores\n", n, runtime.NumCPU())
	fmt.Printf("full build: %s; serve start to first page: %s (%.0f%% of the build)\n",
		buildTime.Round(time.Millisecond), firstPage.Round(time.Millisecond), 100*firstPage.Seconds()/buildTime.Seconds())
	fmt.Printf("%-14s %18s %18s %18s\n", "edit", "to page served", "to reload event", "server CPU")
	fmt.Printf("%-14s %8s %9s %8s %9s %8s %9s %7s\n", "", "median", "worst", "median", "worst", "median", "worst", "faults")
	briefs := bs.briefs()
	bs.linked = map[string]bool{}
	for _, p := range briefs {
		for _, m := range wikilink.FindAllStringSubmatch(bs.read(p), -1) {
			bs.linked[m[1]] = true
		}
	}
	done, rss100 := 0, 0
	kinds := []string{"body", "title", "actors", "rename", "new brief", "sources.yaml"}
	if k := os.Getenv("BENCH_KINDS"); k != "" {
		kinds = strings.Split(k, ",")
	}
	for _, kind := range kinds {
		var page, event, cpu []time.Duration
		var faults []int
		for i := range envInt("BENCH_EACH", 20) {
			c0, f0 := bs.cpu(), bs.faults()
			p, e := bs.edit(kind, briefs, i)
			page, event, cpu = append(page, p), append(event, e), append(cpu, bs.cpu()-c0)
			faults = append(faults, bs.faults()-f0)
			if done++; done == 100 {
				rss100 = rss(b, cmd.Process.Pid)
			}
		}
		slices.Sort(faults)
		fmt.Printf("%-14s %8s %9s %8s %9s %8s %9s %7d\n", kind, median(page), worst(page), median(event), worst(event), median(cpu), worst(cpu), faults[len(faults)/2])
	}
	// The last 100 body edits, once the server's heap has reached its
	// working size: until then, an edit's allocations land in memory the
	// process touches for the first time, which costs about 6 ms per MB
	// on this project's virtual machines (a page fault for every 4 KiB).
	var late, lateEvent, lateCPU []time.Duration
	for done < edits {
		c0 := bs.cpu()
		p, e := bs.edit("body", briefs, done)
		if done >= edits-100 {
			late, lateEvent, lateCPU = append(late, p), append(lateEvent, e), append(lateCPU, bs.cpu()-c0)
		}
		if done++; done == 100 {
			rss100 = rss(b, cmd.Process.Pid)
		}
	}
	if len(late) > 0 {
		fmt.Printf("%-14s %8s %9s %8s %9s %8s %9s   (the last %d of %d edits)\n", "body, later", median(late), worst(late), median(lateEvent), worst(lateEvent), median(lateCPU), worst(lateCPU), len(late), done)
	}
	fmt.Printf("resident memory: %d MiB after start, %d MiB after 100 edits, %d MiB after %d edits\n",
		rssStart>>10, rss100>>10, rss(b, cmd.Process.Pid)>>10, done)
}

// benchServer is a running "briefbook serve" and its book.
type benchServer struct {
	b    *testing.B
	addr string
	dir  string
	pid  int // the server's process
	seq  int
	// linked holds the slugs of the briefs that some wikilink names.
	linked map[string]bool
}

// briefs returns the source paths of the book's briefs, sorted.
func (s *benchServer) briefs() []string {
	var out []string
	filepath.WalkDir(filepath.Join(s.dir, "content/briefs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			out = append(out, p)
		}
		return nil
	})
	slices.Sort(out)
	return out
}

// pageOf returns the URL path of the brief in file p.
func pageOf(p string) string {
	return "/book/briefs/" + strings.TrimSuffix(filepath.Base(p), ".md") + "/"
}

var (
	titleLine   = regexp.MustCompile(`(?m)^title: "`)
	actorsBlock = regexp.MustCompile(`(?m)^actors:\n`)
	sourceLine  = regexp.MustCompile(`(?m)^sources:\n  - "([^"]+)"`)
	wikilink    = regexp.MustCompile(`\[\[([^\]|#]+)`)
)

// edit makes the i-th edit of a kind and returns the time from the save to
// the changed page being served, and to the event the open page gets.
func (s *benchServer) edit(kind string, briefs []string, i int) (page, event time.Duration) {
	s.seq++
	mark := fmt.Sprintf("Benchmark%d", s.seq)
	p := briefs[(i*37+s.seq*11)%len(briefs)]
	src := s.read(p)
	watch, want := pageOf(p), pageOf(p)
	var write func()
	switch kind {
	case "body":
		write = func() { s.write(p, src+"\n"+mark+"\n") }
	case "title":
		write = func() { s.write(p, titleLine.ReplaceAllString(src, `title: "`+mark+` `)) }
	case "actors":
		write = func() { s.write(p, actorsBlock.ReplaceAllString(src, "actors:\n  - \""+mark+"\"\n")) }
	case "rename":
		// A brief no other brief links to: renaming a linked one breaks
		// the links, and the server keeps serving the last good book.
		for s.linked[strings.TrimSuffix(filepath.Base(p), ".md")] {
			i++
			p = briefs[(i*37+s.seq*11)%len(briefs)]
		}
		src = s.read(p)
		watch, want = pageOf(p), pageOf(p)
		to := strings.TrimSuffix(p, ".md") + "-" + strings.ToLower(mark) + ".md"
		src = titleLine.ReplaceAllString(src, `title: "`+mark+` `)
		want = pageOf(to)
		write = func() {
			if err := os.Rename(p, to); err != nil {
				s.b.Fatal(err)
			}
			s.write(to, src)
		}
		defer func() { briefs[(i*37+s.seq*11)%len(briefs)] = to }()
	case "new brief":
		to := filepath.Join(s.dir, "content/briefs", "new-"+strings.ToLower(mark)+".md")
		want = pageOf(to)
		src = titleLine.ReplaceAllString(src, `title: "`+mark+` `)
		write = func() { s.write(to, src) }
	case "sources.yaml":
		m := sourceLine.FindStringSubmatch(src)
		if m == nil {
			// a brief without sources: use the next one that has some
			for _, q := range briefs {
				if m = sourceLine.FindStringSubmatch(s.read(q)); m != nil {
					watch, want = pageOf(q), pageOf(q)
					break
				}
			}
		}
		sp := filepath.Join(s.dir, "content/sources.yaml")
		bib := s.read(sp)
		write = func() {
			s.write(sp, strings.Replace(bib, m[1]+":\n  title: \"", m[1]+":\n  title: \""+mark+" ", 1))
		}
	}
	ev := s.listen(watch)
	write()
	saved := time.Now()
	for {
		code, body := s.tryGet(want)
		if code == 200 && strings.Contains(body, mark) {
			break
		}
		if time.Since(saved) > time.Minute {
			s.b.Fatalf("%s edit %d: %s never served with %s", kind, i, want, mark)
		}
		time.Sleep(time.Millisecond)
	}
	page = time.Since(saved)
	select {
	case at := <-ev:
		event = at.Sub(saved)
	case <-time.After(time.Minute):
		s.b.Fatalf("%s edit %d: no event on %s", kind, i, watch)
	}
	return page, event
}

// listen opens the events stream of the page at path, as its script does,
// and returns a channel that receives the time of its first reload or
// follow event.
func (s *benchServer) listen(path string) <-chan time.Time {
	_, body := s.tryGet(path)
	u := fmt.Sprintf("http://%s/__briefbook/events?path=%s&gen=%s&hash=%s", s.addr, path, attr(body, "data-gen"), attr(body, "data-hash"))
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.b.Fatal(err)
	}
	ch := make(chan time.Time, 1)
	go func() {
		defer cancel()
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if l := sc.Text(); l == "event: reload" || l == "event: follow" || l == "event: gone" {
				ch <- time.Now()
				return
			}
		}
	}()
	return ch
}

func (s *benchServer) tryGet(path string) (int, string) {
	resp, err := http.Get("http://" + s.addr + path)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func (s *benchServer) read(p string) string {
	data, err := os.ReadFile(p)
	if err != nil {
		s.b.Fatal(err)
	}
	return string(data)
}

func (s *benchServer) write(p, content string) {
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		s.b.Fatal(err)
	}
}

// cpu returns the CPU time the server has used so far, all threads (the
// run time /proc/PID/task/*/schedstat gives in nanoseconds; a thread that
// ended no longer counts, but the Go runtime keeps its threads), or 0
// without /proc.
func (s *benchServer) cpu() time.Duration {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", s.pid))
	var sum time.Duration
	for _, t := range tasks {
		data, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		if f := strings.Fields(string(data)); len(f) > 0 {
			ns, _ := strconv.ParseInt(f[0], 10, 64)
			sum += time.Duration(ns)
		}
	}
	return sum
}

// faults returns the number of page faults the server has taken so far
// (minflt in /proc/PID/stat), or 0 without /proc.
func (s *benchServer) faults() int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses:
	// minflt is the 10th field of the line, the 8th after the name.
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	if len(f) < 8 {
		return 0
	}
	n, _ := strconv.Atoi(f[7])
	return n
}

// rss returns the resident memory of process pid in KiB.
func rss(b *testing.B, pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Logf("no /proc: %v", err)
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return 0
}

func freePort(b *testing.B) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func median(ds []time.Duration) string {
	s := slices.Clone(ds)
	slices.Sort(s)
	return ms(s[len(s)/2])
}

func worst(ds []time.Duration) string { return ms(slices.Max(ds)) }

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
