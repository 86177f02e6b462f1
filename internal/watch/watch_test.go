package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// site makes a small site folder and returns it.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{
		"briefbook.yaml", "content/briefs/a.md", "content/briefs/b.md",
		"content/briefs/sub/c.md", "templates/brief.html", "static/css/style.css",
	} {
		write(t, dir, f, "x")
	}
	return dir
}

// write writes content to the slash-separated path rel under dir, making
// its folders.
func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// do runs a file operation, failing the test on error.
func do(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func start(t *testing.T, dir string) *Watcher {
	t.Helper()
	w, err := New(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// next returns the next batch, failing the test if none comes within 10 s
// (a bound against hanging, not a timing assertion).
func next(t *testing.T, w *Watcher) Batch {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := w.Next(ctx)
	if err != nil {
		t.Fatalf("no batch: %v", err)
	}
	return b
}

// until collects batches until the sentinel path has been reported, and
// returns every path reported, sorted, each once.
func until(t *testing.T, w *Watcher, sentinel string) []string {
	t.Helper()
	seen := map[string]bool{}
	for !seen[sentinel] {
		b := next(t, w)
		if b.All {
			t.Fatalf("unexpected full rescan: %v", b.Warnings)
		}
		for _, p := range b.Paths {
			seen[p] = true
		}
	}
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// covered reports whether path p is one of paths or lies under one.
func covered(p string, paths []string) bool {
	for _, q := range paths {
		if p == q || strings.HasPrefix(p, q+"/") {
			return true
		}
	}
	return false
}

// TestSaves makes each kind of save editors and tools make, on real files
// watched by fsnotify, and checks the paths the batches report: the file
// saved, never an editor's temporary file. Each case ends by writing a
// sentinel file, so that a case whose save reports nothing still ends.
func TestSaves(t *testing.T) {
	const sentinel = "content/briefs/zz-sentinel.md"
	cases := []struct {
		name string
		save func(t *testing.T, dir string)
		want []string // exactly the paths reported, sentinel aside
	}{
		{"write in place", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/a.md", "new")
		}, []string{"content/briefs/a.md"}},
		{"vim backupcopy=no: 4913 probe, rename to backup, write, remove backup", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/4913", "")
			do(t, os.Remove(filepath.Join(dir, "content/briefs/4913")))
			write(t, dir, "content/briefs/.a.md.swp", "swap")
			do(t, os.Rename(filepath.Join(dir, "content/briefs/a.md"), filepath.Join(dir, "content/briefs/a.md~")))
			write(t, dir, "content/briefs/a.md", "new")
			do(t, os.Remove(filepath.Join(dir, "content/briefs/a.md~")))
			write(t, dir, "content/briefs/.a.md.swo", "swap")
			write(t, dir, "content/briefs/a.md.swx", "swap")
			do(t, os.Remove(filepath.Join(dir, "content/briefs/.a.md.swp")))
		}, []string{"content/briefs/a.md"}},
		{"vim's second probe name", func(t *testing.T, dir string) {
			write(t, dir, "static/css/5036", "")
			do(t, os.Remove(filepath.Join(dir, "static/css/5036")))
		}, nil},
		{"rename over from a hidden temporary file (VS Code, atomic writers)", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/.a.md.tmp1234", "new")
			do(t, os.Rename(filepath.Join(dir, "content/briefs/.a.md.tmp1234"), filepath.Join(dir, "content/briefs/a.md")))
		}, []string{"content/briefs/a.md"}},
		{"JetBrains safe write", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/a.md___jb_tmp___", "new")
			do(t, os.Rename(filepath.Join(dir, "content/briefs/a.md"), filepath.Join(dir, "content/briefs/a.md___jb_old___")))
			do(t, os.Rename(filepath.Join(dir, "content/briefs/a.md___jb_tmp___"), filepath.Join(dir, "content/briefs/a.md")))
			do(t, os.Remove(filepath.Join(dir, "content/briefs/a.md___jb_old___")))
		}, []string{"content/briefs/a.md"}},
		{"Emacs lock link, autosave and backup", func(t *testing.T, dir string) {
			do(t, os.Symlink("user@host.1234:1700000000", filepath.Join(dir, "content/briefs/.#a.md")))
			write(t, dir, "content/briefs/#a.md#", "autosave")
			write(t, dir, "content/briefs/a.md~", "backup")
			do(t, os.Remove(filepath.Join(dir, "content/briefs/#a.md#")))
			do(t, os.Remove(filepath.Join(dir, "content/briefs/.#a.md")))
		}, nil},
		{"sed -i: a temporary sedXXXXXX renamed over the file", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/sedAb12Cd", "new")
			do(t, os.Rename(filepath.Join(dir, "content/briefs/sedAb12Cd"), filepath.Join(dir, "content/briefs/a.md")))
		}, []string{"content/briefs/a.md"}},
		{"sed -i itself", func(t *testing.T, dir string) {
			out, err := exec.Command("sed", "-i", "s/^/x/", filepath.Join(dir, "content/briefs/a.md")).CombinedOutput()
			if err != nil {
				t.Fatalf("sed -i: %v\n%s", err, out)
			}
		}, []string{"content/briefs/a.md"}},
		{"a file created and removed at once", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/scratch.md", "x")
			do(t, os.Remove(filepath.Join(dir, "content/briefs/scratch.md")))
		}, nil},
		{"delete and recreate", func(t *testing.T, dir string) {
			do(t, os.Remove(filepath.Join(dir, "content/briefs/b.md")))
			write(t, dir, "content/briefs/b.md", "again")
		}, []string{"content/briefs/b.md"}},
		{"files outside the watched folders", func(t *testing.T, dir string) {
			write(t, dir, "public/index.html", "out")
			write(t, dir, "README.md", "readme")
			write(t, dir, "content/.git/HEAD", "ref")
		}, nil},
		{"briefbook.yaml saved by rename", func(t *testing.T, dir string) {
			write(t, dir, "briefbook.yaml.tmp~", "title: x")
			do(t, os.Rename(filepath.Join(dir, "briefbook.yaml.tmp~"), filepath.Join(dir, "briefbook.yaml")))
		}, []string{"briefbook.yaml"}},
		{"permissions changed", func(t *testing.T, dir string) {
			do(t, os.Chmod(filepath.Join(dir, "templates/brief.html"), 0o600))
		}, []string{"templates/brief.html"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := site(t)
			w := start(t, dir)
			c.save(t, dir)
			write(t, dir, sentinel, "s")
			got := until(t, w, sentinel)
			want := append(slices.Clone(c.want), sentinel)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("reported %q, want %q", got, want)
			}
		})
	}
}

// TestCreated checks Batch.Created: a file written in place was not
// created in the batch; a new file was, and so
// was one a temporary file was renamed over (Created does not tell it from
// a new file).
func TestCreated(t *testing.T) {
	dir := site(t)
	w := start(t, dir)
	write(t, dir, "content/briefs/a.md", "saved")
	write(t, dir, "content/briefs/new.md", "new")
	write(t, dir, "content/briefs/sub/.c.md.tmp", "renamed over")
	do(t, os.Rename(filepath.Join(dir, "content/briefs/sub/.c.md.tmp"), filepath.Join(dir, "content/briefs/sub/c.md")))
	const sentinel = "content/briefs/zz-sentinel.md"
	write(t, dir, sentinel, "s")
	created := map[string]bool{}
	for seen := false; !seen; {
		b := next(t, w)
		for _, p := range b.Created {
			if !slices.Contains(b.Paths, p) {
				t.Errorf("Created has %q, which Paths %q has not", p, b.Paths)
			}
			created[p] = true
		}
		seen = slices.Contains(b.Paths, sentinel)
	}
	for p, want := range map[string]bool{
		"content/briefs/a.md":   false,
		"content/briefs/new.md": true, "content/briefs/sub/c.md": true, sentinel: true,
	} {
		if created[p] != want {
			t.Errorf("%s in Created: %v, want %v", p, created[p], want)
		}
	}
}

// TestFolders covers folders made, renamed and removed with the files in
// them: "mkdir -p" with a file written at once, a file written later in
// the new folder, a folder renamed (its files reported under the new name
// afterwards) and a folder removed.
func TestFolders(t *testing.T) {
	dir := site(t)
	w := start(t, dir)

	// mkdir -p a/b/c with a file written at once: the file is covered by a
	// reported path, whether or not its own event came.
	do(t, os.MkdirAll(filepath.Join(dir, "content/briefs/a/b/c"), 0o755))
	write(t, dir, "content/briefs/a/b/c/x.md", "x")
	got := until(t, w, "content/briefs/a")
	if !covered("content/briefs/a/b/c/x.md", got) {
		t.Errorf("mkdir -p: reported %q, which does not cover the file", got)
	}
	// A file written later in the deepest folder is reported: it is watched.
	// (The batch may also name the new folders, whose events can come late.)
	write(t, dir, "content/briefs/a/b/c/y.md", "y")
	if got := until(t, w, "content/briefs/a/b/c/y.md"); !slices.Contains(got, "content/briefs/a/b/c/y.md") {
		t.Errorf("file in a new folder: reported %q", got)
	}

	// A folder renamed with its briefs: both names are reported, and a
	// later write in a subfolder is reported under the new name.
	do(t, os.Rename(filepath.Join(dir, "content/briefs/a"), filepath.Join(dir, "content/briefs/renamed")))
	got = until(t, w, "content/briefs/renamed")
	if !covered("content/briefs/a/b/c/x.md", got) {
		t.Errorf("rename: reported %q, which does not cover the old name", got)
	}
	write(t, dir, "content/briefs/renamed/b/c/z.md", "z")
	if got := until(t, w, "content/briefs/renamed/b/c/z.md"); !slices.Equal(got, []string{"content/briefs/renamed/b/c/z.md"}) {
		t.Errorf("file in a renamed folder: reported %q", got)
	}

	// A folder removed with its briefs.
	do(t, os.RemoveAll(filepath.Join(dir, "content/briefs/renamed")))
	got = until(t, w, "content/briefs/renamed")
	for _, p := range got {
		if !strings.HasPrefix(p, "content/briefs/renamed") {
			t.Errorf("remove: reported %q", p)
		}
	}

	// A whole watched tree removed and made again.
	do(t, os.RemoveAll(filepath.Join(dir, "static")))
	until(t, w, "static")
	write(t, dir, "static/css/new.css", "x")
	got = until(t, w, "static")
	if !covered("static/css/new.css", got) {
		t.Errorf("static made again: reported %q", got)
	}
}

// TestCheckout writes 1,000 files at once, as a checkout of another branch
// does, and checks that the batches cover every one.
func TestCheckout(t *testing.T) {
	dir := site(t)
	w := start(t, dir)
	var want []string
	for i := range 1000 {
		p := fmt.Sprintf("content/briefs/d%d/b%04d.md", i%10, i)
		want = append(want, p)
		write(t, dir, p, "x")
	}
	write(t, dir, "content/briefs/zz.md", "end")
	got := until(t, w, "content/briefs/zz.md")
	for _, p := range want {
		if !covered(p, got) {
			t.Fatalf("%s not reported (got %d paths)", p, len(got))
		}
	}
}

// TestErrors checks that a watcher error, such as an event-queue
// overflow, makes the next batch a full rescan with a warning.
func TestErrors(t *testing.T) {
	dir := site(t)
	w := start(t, dir)
	w.fail(fsnotify.ErrEventOverflow)
	b := next(t, w)
	if !b.All || len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], "too many file changes") {
		t.Errorf("batch %+v, want a full rescan with a warning", b)
	}
	w.fail(errors.New("boom"))
	if b := next(t, w); !b.All || !strings.Contains(b.Warnings[0], "boom") {
		t.Errorf("batch %+v, want a full rescan naming the error", b)
	}
}

// TestNextStops checks that Next returns when its context ends and when
// the watcher is closed.
func TestNextStops(t *testing.T) {
	w := start(t, site(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := w.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Next after cancel: %v", err)
	}
	w.Close()
	if _, err := w.Next(context.Background()); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Next after Close: %v", err)
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"4913": true, "5036": true, "5037": false, "4790": false, "04913": false,
		".a.md.swp": true, "a.md.swo": true, "a.swx": true, ".#a.md": true, "#a.md#": true,
		"a.md~": true, "a.md___jb_tmp___": true, "a.md___jb_old___": true, ".git": true,
		"a.md": false, "#": false, "2021.md": false, "style.css": false, "#tag": false,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestBatchRule checks, on a clock of its own, when a pending batch is
// handed out: a small batch after one quiet period, a short one (2 ms)
// when files were only written in place (or MaxDelay while events keep
// coming); a bulk batch, such as a checkout, after ten quiet
// periods or a quarter of the time its events have been coming, whichever
// is longer (at most a second), and at the latest ten times MaxDelay after
// its first event. A burst written slowly on a loaded machine, with long
// pauses, is one batch; a batch handed out mid-way would be a rebuild of
// half a branch.
func TestBatchRule(t *testing.T) {
	w := start(t, site(t)) // Quiet 10 ms, MaxDelay 2 s
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	for _, c := range []struct {
		name        string
		paths       int
		inPlace     bool      // files only written in place: nothing created, removed or renamed
		last        time.Time // of the last event; the first is at t0
		notAt, take time.Time // not ready at notAt, ready at take
	}{
		{"one save of several steps (renamed over, or to a backup)", 1, false, ms(5), ms(14), ms(15)},
		{"one save in place: quiet for 2 ms", 1, true, ms(5), ms(6), ms(7)},
		{"saves in place, events for 2.5 s", 10, true, ms(2500), ms(1999), ms(2000)},
		{"small batch, events for 2.5 s", 10, false, ms(2500), ms(1999), ms(2000)},
		{"checkout in 40 ms", 1000, false, ms(40), ms(139), ms(140)},
		{"checkout in place in 40 ms: a bulk change all the same", 1000, true, ms(40), ms(139), ms(140)},
		{"checkout in 2 s: a pause of 400 ms is not its end", 1000, false, ms(2000), ms(2499), ms(2500)},
		{"checkout in 10 s: quiet for at most a second", 1000, false, ms(10000), ms(10999), ms(11000)},
		{"bulk change that never ends: at most 20 s", 1000, false, ms(25000), ms(19999), ms(20000)},
	} {
		w.mu.Lock()
		for i := range c.paths {
			w.pending[fmt.Sprintf("content/briefs/%d.md", i)] = true
		}
		w.reshaped = !c.inPlace
		w.first, w.last = t0, c.last
		if c.last.After(c.take) {
			w.last = c.notAt // events still coming when it is taken
		}
		_, early := w.take(c.notAt)
		b, ok := w.take(c.take)
		w.pending, w.first, w.last = map[string]bool{}, time.Time{}, time.Time{}
		w.mu.Unlock()
		if early || !ok || len(b.Paths) != c.paths {
			t.Errorf("%s: taken at %v: %v; at %v: %v with %d paths", c.name,
				c.notAt.Sub(t0), early, c.take.Sub(t0), ok, len(b.Paths))
		}
	}
}

// TestSlowSaveInPlace truncates a file and writes it 100 ms later, as a
// slow writer saving in place does: the batch must not be handed out while
// the file is empty (a build would report a brief with no front matter),
// and a file left empty on purpose still makes its batch once the grace
// has passed.
func TestSlowSaveInPlace(t *testing.T) {
	dir := site(t)
	w, err := New(dir, Options{EmptyGrace: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	p := filepath.Join(dir, "content", "briefs", "a.md")
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
	do(t, err)
	go func() {
		time.Sleep(100 * time.Millisecond) // ten quiet periods
		f.WriteString("---\ntitle: A\n---\n")
		f.Close()
	}()
	b := next(t, w)
	if !slices.Equal(b.Paths, []string{"content/briefs/a.md"}) {
		t.Fatalf("batch %v, want content/briefs/a.md", b.Paths)
	}
	if data, err := os.ReadFile(p); err != nil || len(data) == 0 {
		t.Fatalf("batch handed out while the file was empty (%q, %v)", data, err)
	}

	w2, err := New(dir, Options{EmptyGrace: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w2.Close() })
	do(t, os.WriteFile(filepath.Join(dir, "content", "briefs", "b.md"), nil, 0o644))
	if b := next(t, w2); !slices.Contains(b.Paths, "content/briefs/b.md") {
		t.Fatalf("an empty file was never reported: %v", b.Paths)
	}
}

// TestInPlaceQuiet checks, on real files, which batches count as saves
// in place, handed out after the short quiet period: a file written in
// place does, and so does a new page source (a brief, an actor...); a
// file removed or renamed (a step of a save that renames the file to a
// backup), a temporary file or a folder created, or a second file
// created (a checkout) makes the batch wait the whole quiet period.
func TestInPlaceQuiet(t *testing.T) {
	for _, c := range []struct {
		name    string
		change  func(t *testing.T, dir string)
		last    string // the path of the change's last event
		inPlace bool
	}{
		{"write in place", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/a.md", "new")
		}, "content/briefs/a.md", true},
		{"new brief", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/new.md", "new")
		}, "content/briefs/new.md", true},
		{"new brief in a subfolder", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/sub/new.md", "new")
		}, "content/briefs/sub/new.md", true},
		{"new page", func(t *testing.T, dir string) {
			write(t, dir, "content/about.md", "new")
		}, "content/about.md", true},
		{"new brief renamed into place (hidden temporary file)", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/.new.md.tmp1234", "new")
			do(t, os.Rename(filepath.Join(dir, "content/briefs/.new.md.tmp1234"), filepath.Join(dir, "content/briefs/new.md")))
		}, "content/briefs/new.md", true},
		{"two new briefs", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/new1.md", "new")
			write(t, dir, "content/briefs/new2.md", "new")
		}, "content/briefs/new2.md", false},
		{"new file not a page source (bundle file)", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/chart.png", "png")
		}, "content/briefs/chart.png", false},
		{"new template", func(t *testing.T, dir string) {
			write(t, dir, "templates/new.md", "new")
		}, "templates/new.md", false},
		{"new folder with a brief", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/d/new.md", "new")
		}, "content/briefs/d", false},
		{"new symbolic link named as a brief", func(t *testing.T, dir string) {
			do(t, os.Symlink("a.md", filepath.Join(dir, "content/briefs/link.md")))
		}, "content/briefs/link.md", false},
		{"delete and recreate", func(t *testing.T, dir string) {
			do(t, os.Remove(filepath.Join(dir, "content/briefs/a.md")))
			write(t, dir, "content/briefs/a.md", "again")
		}, "content/briefs/a.md", false},
		{"file renamed to a backup", func(t *testing.T, dir string) {
			do(t, os.Rename(filepath.Join(dir, "content/briefs/a.md"), filepath.Join(dir, "content/briefs/a.md~")))
		}, "content/briefs/a.md", false},
		{"temporary file renamed over the file", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/sedAb12Cd", "new")
			do(t, os.Rename(filepath.Join(dir, "content/briefs/sedAb12Cd"), filepath.Join(dir, "content/briefs/a.md")))
		}, "content/briefs/a.md", false},
		{"file removed", func(t *testing.T, dir string) {
			do(t, os.Remove(filepath.Join(dir, "content/briefs/a.md")))
		}, "content/briefs/a.md", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := site(t)
			w, err := New(dir, Options{Quiet: time.Hour, MaxDelay: time.Hour}) // Next never takes the batch here
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { w.Close() })
			c.change(t, dir)
			// Wait for the last event to be recorded: at most 10 s, a
			// bound against hanging, not a timing assertion.
			for i := 0; ; i++ {
				w.mu.Lock()
				_, ok := w.pending[c.last]
				w.mu.Unlock()
				if ok {
					break
				}
				if i == 1000 {
					t.Fatalf("no event recorded for %s", c.last)
				}
				time.Sleep(10 * time.Millisecond)
			}
			w.mu.Lock()
			defer w.mu.Unlock()
			want := time.Hour
			if c.inPlace {
				want = 2 * time.Millisecond
			}
			if got := w.quiet(); got != want {
				t.Errorf("quiet period %v, want %v", got, want)
			}
		})
	}
}

// TestOneBatch makes saves of several steps, with a pause longer than
// the short quiet period of saves in place (InPlaceQuiet) between two
// steps, and checks that each comes as one batch with the file saved, as
// long as the pause is shorter than Quiet: the Create of a new brief is
// handed out early, but never a step of a save that removes or renames
// a file, creates a temporary file or a folder, or creates several files.
func TestOneBatch(t *testing.T) {
	const sentinel = "content/briefs/zz-sentinel.md"
	pause := func() { time.Sleep(20 * time.Millisecond) } // ten short quiet periods
	path := func(dir, rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	cases := []struct {
		name string
		save func(t *testing.T, dir string)
		want []string // the paths reported, sentinel aside
	}{
		{"delete and recreate", func(t *testing.T, dir string) {
			do(t, os.Remove(path(dir, "content/briefs/b.md")))
			pause()
			write(t, dir, "content/briefs/b.md", "again")
		}, []string{"content/briefs/b.md"}},
		{"sed -i: a temporary sedXXXXXX renamed over the file", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/sedAb12Cd", "new")
			pause()
			do(t, os.Rename(path(dir, "content/briefs/sedAb12Cd"), path(dir, "content/briefs/a.md")))
		}, []string{"content/briefs/a.md"}},
		{"vim backupcopy=no: rename to backup, write, remove backup", func(t *testing.T, dir string) {
			do(t, os.Rename(path(dir, "content/briefs/a.md"), path(dir, "content/briefs/a.md~")))
			pause()
			write(t, dir, "content/briefs/a.md", "new")
			do(t, os.Remove(path(dir, "content/briefs/a.md~")))
		}, []string{"content/briefs/a.md"}},
		{"JetBrains safe write", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/a.md___jb_tmp___", "new")
			do(t, os.Rename(path(dir, "content/briefs/a.md"), path(dir, "content/briefs/a.md___jb_old___")))
			pause()
			do(t, os.Rename(path(dir, "content/briefs/a.md___jb_tmp___"), path(dir, "content/briefs/a.md")))
			do(t, os.Remove(path(dir, "content/briefs/a.md___jb_old___")))
		}, []string{"content/briefs/a.md"}},
		{"mkdir then write", func(t *testing.T, dir string) {
			do(t, os.Mkdir(path(dir, "content/briefs/d"), 0o755))
			pause()
			write(t, dir, "content/briefs/d/x.md", "x")
		}, []string{"content/briefs/d", "content/briefs/d/x.md"}},
		{"several new briefs (a checkout, a copy)", func(t *testing.T, dir string) {
			write(t, dir, "content/briefs/n1.md", "1")
			write(t, dir, "content/briefs/n2.md", "2")
			pause()
			write(t, dir, "content/briefs/n3.md", "3")
		}, []string{"content/briefs/n1.md", "content/briefs/n2.md", "content/briefs/n3.md"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := site(t)
			w, err := New(dir, Options{Quiet: 500 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { w.Close() })
			batches := make(chan Batch, 16)
			go func() {
				for {
					b, err := w.Next(context.Background())
					if err != nil {
						close(batches)
						return
					}
					batches <- b
				}
			}()
			c.save(t, dir)
			write(t, dir, sentinel, "s")
			var got [][]string
			for b := range batches {
				got = append(got, b.Paths)
				if slices.Contains(b.Paths, sentinel) {
					break
				}
			}
			want := append(slices.Clone(c.want), sentinel)
			slices.Sort(want)
			if len(got) != 1 {
				t.Fatalf("batches %q, want one", got)
			}
			for _, p := range got[0] {
				if !slices.Contains(want, p) {
					t.Errorf("reported %q, not one of %q", p, want)
				}
			}
			for _, p := range want {
				if !covered(p, got[0]) {
					t.Errorf("%s not reported: %q", p, got[0])
				}
			}
		})
	}
}

// TestNewBriefHandedOut saves a new brief, as an editor does (Create,
// then Write), with a quiet period of an hour: the batch is handed out
// all the same, after the short quiet period of saves in place.
func TestNewBriefHandedOut(t *testing.T) {
	dir := site(t)
	w, err := New(dir, Options{Quiet: time.Hour, MaxDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	write(t, dir, "content/briefs/new.md", "---\ntitle: New\n---\n")
	if b := next(t, w); !slices.Equal(b.Paths, []string{"content/briefs/new.md"}) {
		t.Errorf("batch %q, want content/briefs/new.md", b.Paths)
	}
}
