package search

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/model"
)

// specBrief is a brief of a randomBook, before it is made a model value.
type specBrief struct {
	slug, title, summary string
	body                 []byte // shared by the versions of the brief until edited
	day                  int
	domains, actors      []int
}

// randomBook is a book edited at random: each version is made of new
// model values, sharing the bodies of briefs not edited, as the site's
// resolves do.
type randomBook struct {
	rng     *rand.Rand
	briefs  []specBrief
	actors  []string
	domains []string
	n       int // briefs made so far, for new slugs
}

var words = strings.Fields("korea japan alliance treaty 한국 semiconductor export control sanctions missile beta gamma the of and deal summit 大韓民國 cyber space naval")

func (r *randomBook) text(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.rng.IntN(len(words))])
	}
	return b.String()
}

func (r *randomBook) newBrief() specBrief {
	r.n++
	return specBrief{
		slug: fmt.Sprintf("b%d", r.n), title: r.text(3), summary: r.text(5),
		body: []byte("<p>" + r.text(20+r.rng.IntN(40)) + "</p>"),
		day:  r.rng.IntN(300), domains: []int{r.rng.IntN(len(r.domains))}, actors: []int{r.rng.IntN(len(r.actors))},
	}
}

// book makes the current version as a resolved book, newest brief first.
func (r *randomBook) book() *model.Book {
	b := &model.Book{}
	for _, name := range r.actors {
		b.Actors = append(b.Actors, &model.Actor{Slug: strings.ToLower(name), Name: name, Aliases: []string{name + " Alias"}})
	}
	for _, title := range r.domains {
		b.Domains = append(b.Domains, &model.Domain{Slug: strings.ToLower(title), Title: title})
	}
	for _, s := range r.briefs {
		br := &model.Brief{Doc: model.Doc{Path: "content/briefs/" + s.slug + ".md", Body: s.body},
			Slug: s.slug, Title: s.title, Summary: s.summary, URL: "/briefs/" + s.slug + "/",
			Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, s.day)}
		for _, d := range s.domains {
			br.DomainList = append(br.DomainList, b.Domains[d])
			b.Domains[d].Briefs = append(b.Domains[d].Briefs, br)
		}
		for _, a := range s.actors {
			br.ActorList = append(br.ActorList, b.Actors[a])
			b.Actors[a].Briefs = append(b.Actors[a].Briefs, br)
		}
		b.Briefs = append(b.Briefs, br)
	}
	return b
}

// edit makes one random edit, and says what it was. Every edit but an
// actor's rename changes few briefs, so that an index made from the
// previous version's is updated, not built from scratch (TestNewFromEqualsNew).
func (r *randomBook) edit() string {
	i := r.rng.IntN(len(r.briefs))
	s := &r.briefs[i]
	switch r.rng.IntN(13) {
	case 0:
		s.body = []byte("<p>" + string(s.body[3:len(s.body)-4]) + " " + r.text(2) + "</p>")
		return "body of " + s.slug
	case 1:
		s.body = bytes.Clone(s.body) // same text, another parse result
		return "body of " + s.slug + " read again"
	case 2:
		s.title = r.text(3)
		return "title of " + s.slug
	case 3:
		s.summary = r.text(4)
		return "summary of " + s.slug
	case 4, 5: // a date moves the brief in the book's order
		return r.move(i)
	case 6: // a date and a body
		s.body = []byte("<p>" + r.text(10) + "</p>")
		return "body of " + s.slug + " edited and " + r.move(i)
	case 7:
		s.actors = append(s.actors, r.rng.IntN(len(r.actors)))
		return "actor added to " + s.slug
	case 8:
		r.actors[r.rng.IntN(len(r.actors))] += "x"
		return actorRenamed
	case 9: // a new path, with the same body or another parse of it
		was := s.slug
		s.slug += "r"
		if r.rng.IntN(2) == 0 {
			s.body = bytes.Clone(s.body)
		}
		return fmt.Sprintf("%s renamed %s at %d", was, s.slug, i)
	case 10:
		slug := s.slug
		r.briefs = slices.Delete(r.briefs, i, i+1)
		return fmt.Sprintf("%s at %d removed", slug, i)
	default:
		r.briefs = slices.Insert(r.briefs, i, r.newBrief())
		return fmt.Sprintf("%s added at %d", r.briefs[i].slug, i)
	}
}

// actorRenamed is the edit that renames an actor, which changes the key
// of every brief of that actor.
const actorRenamed = "actor renamed"

// move moves brief i to a random place in the book's order, and says so.
func (r *randomBook) move(i int) string {
	b := r.briefs[i]
	r.briefs = slices.Delete(r.briefs, i, i+1)
	j := r.rng.IntN(len(r.briefs) + 1)
	r.briefs = slices.Insert(r.briefs, j, b)
	return fmt.Sprintf("%s moved from %d to %d", b.slug, i, j)
}

// files returns every file of x, by path.
func files(t *testing.T, x *Index) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range x.Paths() {
		var b bytes.Buffer
		if err := x.Write(&b, p); err != nil {
			t.Fatal(err)
		}
		out[p] = b.String()
	}
	return out
}

// TestNewFromEqualsNew checks, under seeded random edits of a book (one
// to three at a time: bodies, titles, dates that move briefs, new,
// deleted and renamed briefs, actors), that an index built from the
// previous version's (NewFrom) has the files of one built from scratch,
// that it took the update rather than indexing the book again (unless an
// actor was renamed, which changes many briefs, or the number of term
// shards changed), that some updates share
// term shards, that a file whose identity is unchanged has the same
// bytes (one whose identity changed may have them too: a body read
// again, a term shard made again), and that every identity, though
// mostly taken from the previous index (see prior.go), is the clean
// index's.
func TestNewFromEqualsNew(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		r := &randomBook{rng: rand.New(rand.NewPCG(seed, 1)), actors: []string{"Korea", "Japan", "China"}, domains: []string{"Trade", "Cyber"}}
		for range 40 + int(seed)*10 {
			r.briefs = append(r.briefs, r.newBrief())
		}
		prev := New(r.book())
		prevFiles := files(t, prev)
		updates, kept := 0, 0
		for step := range 60 {
			var edits []string
			for range 1 + r.rng.IntN(3) {
				edits = append(edits, r.edit())
			}
			at := fmt.Sprintf("seed %d, step %d, after %q", seed, step, edits)
			b := r.book()
			x := NewFrom(prev, b)
			if x.base.Load() != prev {
				t.Fatalf("%s: NewFrom did not keep the built previous index", at)
			}
			clean := New(b)
			rebuilt0 := rebuilt.Load()
			got, want := files(t, x), files(t, clean)
			if x.base.Load() != nil {
				t.Fatalf("%s: a built index kept its base", at)
			}
			if rebuilt.Load() != rebuilt0 && !slices.Contains(edits, actorRenamed) && x.shards == prev.shards {
				t.Fatalf("%s: the index was built from scratch, not updated", at)
			}
			for _, p := range slices.Sorted(maps.Keys(want)) {
				if got[p] != want[p] {
					t.Fatalf("%s: %s differs from a clean index:\n got %s\nwant %s", at, p, got[p], want[p])
				}
			}
			for p, g := range got {
				was, ok := prevFiles[p]
				if !ok {
					continue
				}
				ix, err := x.Identity(p)
				if err != nil {
					t.Fatal(err)
				}
				ip, err := prev.Identity(p)
				if err != nil {
					t.Fatal(err)
				}
				if ic, err := clean.Identity(p); err != nil || ic != ix {
					t.Fatalf("%s: %s has identity %x, a clean index's is %x (%v)", at, p, ix, ic, err)
				}
				if ix == ip && g != was {
					t.Fatalf("%s: %s changed but kept its identity", at, p)
				}
				if ix == ip {
					kept++
				}
			}
			if len(x.tshards) > 0 && prev.shards == x.shards && sameShards(prev, x) > 0 {
				updates++
			}
			prev, prevFiles = x, got
		}
		if updates == 0 || kept == 0 {
			t.Errorf("seed %d: %d indexes shared a term shard with the previous one, %d files kept their identity", seed, updates, kept)
		}
	}
}

// sameShards counts the term shards a and b share.
func sameShards(a, b *Index) int {
	n := 0
	for i := range a.tshards {
		if a.tshards[i] == b.tshards[i] {
			n++
		}
	}
	return n
}

// TestNewFromUnbuilt checks that an index made from one never built
// builds from that one's base, and drops it.
func TestNewFromUnbuilt(t *testing.T) {
	b := testBook()
	a := New(b)
	if _, err := a.Search("beta"); err != nil {
		t.Fatal(err)
	}
	mid := NewFrom(a, b)
	last := NewFrom(mid, b)
	if last.base.Load() != a {
		t.Fatalf("the index of an unbuilt one does not build from its base")
	}
	if got, want := files(t, last), files(t, New(b)); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("files differ from a clean index")
	}
	if sameShards(a, last) != len(a.tshards) {
		t.Errorf("an unchanged book shares %d of %d shards", sameShards(a, last), len(a.tshards))
	}
}

// TestIdentitiesReused checks that an index made from the previous
// version's takes each brief's key and each doc shard's identity from it
// when the brief, or every brief of the shard, reads as before: after an
// edit of one brief's body only that brief's key and its doc shard's
// identity are computed again, and that identity changes while every
// other doc shard keeps its own; after an actor is renamed, exactly the
// shards holding one of its briefs get new identities; after a brief is
// moved, added or deleted, only the key of the moved or new brief is
// computed again (a brief shifted by one number keeps its key), and
// exactly the doc shards whose briefs shifted get new identities. A term shard
// changed by an edit gets a new identity, one not changed keeps it, and
// no file whose bytes changed keeps its identity.
func TestIdentitiesReused(t *testing.T) {
	r := &randomBook{rng: rand.New(rand.NewPCG(7, 1)), domains: []string{"Trade", "Cyber"}}
	for i := range 12 {
		r.actors = append(r.actors, fmt.Sprintf("Actor%d", i))
	}
	for range 200 {
		r.briefs = append(r.briefs, r.newBrief())
	}
	ids := func(x *Index) map[string]uint64 {
		out := map[string]uint64{}
		for _, p := range x.Paths() {
			id, err := x.Identity(p)
			if err != nil {
				t.Fatal(err)
			}
			out[p] = id
		}
		return out
	}
	docPath := func(n int) string { return fmt.Sprintf("%sd/%d.json", Dir, n/DocsPerShard) }
	prev := New(r.book())
	prevIDs, prevFiles := ids(prev), files(t, prev)
	for _, tc := range []struct {
		name     string
		edit     func()
		hashed   int              // brief keys computed again
		changing func(i int) bool // whether brief i's doc shard must change
	}{
		{"body", func() { r.briefs[37].body = []byte("<p>summit naval</p>") }, 1, func(i int) bool { return i == 37 }},
		{"nothing", func() {}, 0, func(int) bool { return false }},
		{"actor renamed", func() { r.actors[1] += "x" }, -1, func(i int) bool { return slices.Contains(r.briefs[i].actors, 1) }},
		{"moved", func() { r.briefs = slices.Insert(slices.Delete(r.briefs, 150, 151), 20, r.briefs[150]) }, 1, func(i int) bool { return i >= 20 && i <= 150 }},
		{"added", func() { r.briefs = slices.Insert(r.briefs, 10, r.newBrief()) }, 1, func(i int) bool { return i >= 10 }},
		{"deleted", func() { r.briefs = slices.Delete(r.briefs, 60, 61) }, 0, func(i int) bool { return i >= 60 }},
	} {
		tc.edit()
		x := NewFrom(prev, r.book())
		k0, d0 := keysHashed.Load(), docsHashed.Load()
		got := ids(x)
		keys, docs := keysHashed.Load()-k0, docsHashed.Load()-d0
		want := map[string]bool{}
		for i := range r.briefs {
			if tc.changing(i) {
				want[docPath(i)] = true
			}
		}
		if tc.hashed >= 0 && keys != int64(tc.hashed) {
			t.Errorf("%s: %d brief keys hashed, want %d", tc.name, keys, tc.hashed)
		}
		if docs != int64(len(want)) {
			t.Errorf("%s: %d doc shard identities hashed, want %d", tc.name, docs, len(want))
		}
		if tc.name == "actor renamed" && (len(want) == 0 || len(want) == x.docs) {
			t.Fatalf("%s: the test needs an actor on some doc shards, not all (%d of %d)", tc.name, len(want), x.docs)
		}
		for j := range x.docs {
			p := fmt.Sprintf("%sd/%d.json", Dir, j)
			if changed := got[p] != prevIDs[p]; changed != want[p] {
				t.Errorf("%s: %s changed identity: %v, want %v", tc.name, p, changed, want[p])
			}
		}
		clean := ids(New(r.book()))
		for p, id := range got {
			if clean[p] != id {
				t.Errorf("%s: %s has identity %x, a clean index's is %x", tc.name, p, id, clean[p])
			}
		}
		// A term shard's identity changes exactly when its bytes do; a
		// file whose bytes changed never keeps its identity.
		now := files(t, x)
		for p, b := range now {
			changed, renamed := b != prevFiles[p], got[p] != prevIDs[p]
			if changed && !renamed || strings.HasPrefix(p, Dir+"t/") && renamed && !changed {
				t.Errorf("%s: %s: bytes changed %v, identity changed %v", tc.name, p, changed, renamed)
			}
		}
		prev, prevIDs, prevFiles = x, got, now
	}
}
