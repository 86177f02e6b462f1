package resolve

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// modelPkg is the import path of package model, whose types the walks
// below follow.
var modelPkg = reflect.TypeFor[model.Book]().PkgPath()

// modelPointers calls visit with the address of every value of a model
// type (a brief, actor, domain, source, home page, page...) that v
// reaches through pointers, and the path it took, each once.
func modelPointers(v reflect.Value, path string, seen map[uintptr]bool, visit func(addr uintptr, path string)) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || v.Type().Elem().PkgPath() != modelPkg {
			return
		}
		addr := v.Pointer()
		if seen[addr] {
			return
		}
		seen[addr] = true
		visit(addr, path)
		modelPointers(v.Elem(), path, seen, visit)
	case reflect.Struct:
		if v.Type().PkgPath() != modelPkg {
			return // time.Time and the like: no model value inside
		}
		for i := range v.NumField() {
			modelPointers(v.Field(i), path+"."+v.Type().Field(i).Name, seen, visit)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			modelPointers(v.Index(i), fmt.Sprintf("%s[%d]", path, i), seen, visit)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			modelPointers(iter.Value(), fmt.Sprintf("%s[%v]", path, iter.Key()), seen, visit)
		}
	case reflect.Interface:
		if !v.IsNil() {
			modelPointers(v.Elem(), path, seen, visit)
		}
	}
}

// TestRelocatedBookIsNew checks that a book made by reuse shares no
// model value with the previous book, which is still in use: every
// pointer it holds, of every field of every type of package model, leads
// to a value of its own. A pointer field added to the model and not
// relocated (relocate.go) fails here, as long as the book below sets it.
// The book has every kind of entity and list: implicit actors and
// domains, inline sources (defined once and twice), a source without a
// page, a home page with start briefs, a page, backlinks, related briefs
// and mentions. Seven edits are made in turn: the first copies a book
// made by a full resolve, the second a book made by reuse, the third
// changes the title of a brief other briefs link to (retitle.go), the
// fourth a brief's actors (reactor.go), the fifth a brief's date
// (redate.go), the sixth a brief's domains (redomain.go), the seventh
// a brief's sources list (resource.go).
func TestRelocatedBookIsNew(t *testing.T) {
	in := synthetic(200, 3)
	in.Briefs[0].Sources = append(in.Briefs[0].Sources, inline("in-1", "Inline one", 20))
	in.Briefs[1].Sources = append(in.Briefs[1].Sources, inline("in-1", "Inline one", 20))
	in.Briefs[2].Sources = append(in.Briefs[2].Sources, inline("!!", "No page", 20))
	in.Briefs[3].Actors = append(in.Briefs[3].Actors, "Nobody Known")
	in.Briefs[4].Domains = append(in.Briefs[4].Domains, "Unprofiled")
	in.Briefs[5].Body = []byte("<p>On Actor 7 and Domain 3.</p>")
	in.Home = &model.Home{Doc: model.Doc{Path: "content/_index.md"}, Start: []string{"brief-1", "brief-2"}}
	in.Pages = []*model.Page{{Doc: model.Doc{Path: "content/about.md"}, Slug: "about", Title: "About"}}
	var memo *Memo
	var prev *model.Book
	for step := range 11 {
		switch step { // a brief added, one removed, one renamed (rebrief.go)
		case 8:
			nb := newBrief("added", "2021-01-01")
			nb.Domains, nb.Actors = []string{"domain-2"}, []string{"Actor 3"}
			nb.Refs = []model.Ref{wiki(model.RefBrief, "brief-7")}
			in.Briefs = append(slices.Clip(in.Briefs), nb)
		case 9:
			k := slices.IndexFunc(in.Briefs, func(b *model.Brief) bool {
				return b.Slug > "brief-9" && len(prev.BriefBySlug[b.Slug].LinkedFrom) > 0
			})
			in.Briefs = slices.Delete(slices.Clone(in.Briefs), k, k+1)
		case 10:
			b := *in.Briefs[120]
			b.Slug, b.Path = b.Slug+"-r", strings.TrimSuffix(b.Path, ".md")+"-r.md"
			in.Briefs = slices.Clone(in.Briefs)
			in.Briefs[120] = &b
		}
		if step == 7 {
			b := *in.Briefs[70]
			b.Sources = append(slices.Clone(b.Sources), model.SourceRef{ID: "src-400", Line: 20, Col: 5})
			in.Briefs[70] = &b
		} else if step == 6 {
			b := *in.Briefs[60]
			b.Domains = []string{"Domain 11", "domain-3"}
			in.Briefs[60] = &b
		} else if step == 5 {
			b := *in.Briefs[50]
			b.Date = b.Date.AddDate(-1, 0, 0)
			in.Briefs[50] = &b
		} else if step == 4 {
			b := *in.Briefs[40]
			b.Actors = []string{"Actor 0", "A1", "actor 150"}
			in.Briefs[40] = &b
		} else if step == 3 {
			k := slices.IndexFunc(in.Briefs, func(b *model.Brief) bool { return len(prev.BriefBySlug[b.Slug].LinkedFrom) > 0 })
			b := *in.Briefs[k]
			b.Title = "Zz a new title"
			in.Briefs[k] = &b
		} else if step > 0 && step < 8 {
			k := 10 * step
			b := *in.Briefs[k]
			b.Body = []byte(fmt.Sprintf("<p>Edit %d.</p>", step))
			in.Briefs[k] = &b
		}
		var book *model.Book
		book, memo = ResolveFrom(memo, in, &diag.List{})
		if step > 0 && !memo.reusedBook {
			t.Fatalf("step %d: the edit did not reuse the book", step)
		}
		if step == 0 {
			checkBookKinds(t, book)
		}
		if prev != nil {
			old := map[uintptr]string{}
			modelPointers(reflect.ValueOf(prev), "book", map[uintptr]bool{}, func(addr uintptr, path string) { old[addr] = path })
			n := 0
			modelPointers(reflect.ValueOf(book), "book", map[uintptr]bool{}, func(addr uintptr, path string) {
				n++
				if was, ok := old[addr]; ok {
					t.Errorf("step %d: %s leads into the previous book (%s)", step, path, was)
				}
			})
			if n < len(book.Briefs) {
				t.Fatalf("step %d: the walk found %d values, fewer than the briefs", step, n)
			}
		}
		prev = book
	}
}

// checkBookKinds fails unless b has a value of every kind the relocation
// handles, so that TestRelocatedBookIsNew cannot pass for want of one.
func checkBookKinds(t *testing.T, b *model.Book) {
	t.Helper()
	has := map[string]bool{
		"home start":     len(b.Home.StartBriefs) > 0,
		"page":           len(b.Pages) > 0,
		"source no page": len(b.SourceByID) > len(b.Sources),
		"co-actors":      len(b.Actors) > 0 && len(b.Actors[0].CoActors) > 0,
		"contents":       len(b.Contents) > 0,
	}
	for _, br := range b.Briefs {
		has["linked from"] = has["linked from"] || len(br.LinkedFrom) > 0
		has["related"] = has["related"] || len(br.Related) > 0
		has["prev"] = has["prev"] || br.Prev != nil
		for _, s := range br.Sources {
			has["inline"] = has["inline"] || s.Inline != nil
		}
	}
	for _, a := range b.Actors {
		has["mentioned actor"] = has["mentioned actor"] || len(a.Mentioned) > 0
		has["implicit actor"] = has["implicit actor"] || !a.Profile
	}
	for _, dm := range b.Domains {
		has["mentioned domain"] = has["mentioned domain"] || len(dm.Mentioned) > 0
	}
	for what, ok := range has {
		if !ok {
			t.Errorf("the test's book has no %s", what)
		}
	}
}

// TestReuseRelinesProblems checks that a reused book's problems quote
// the edited file as it is now: an edit of the text after an
// [[actor:]] link of an unknown actor, on its line, keeps the warning at
// the link (reported by a pass over the whole book, not by the brief's
// own resolution) but changes the line it shows.
func TestReuseRelinesProblems(t *testing.T) {
	in := synthetic(40, 5)
	b := *in.Briefs[7]
	b.Refs = append(append([]model.Ref(nil), b.Refs...), model.Ref{Kind: model.RefActor, Target: "Nobody Known", Line: 12, Col: 1, Len: 18})
	in.Briefs[7] = &b
	text := map[string]string{b.Path: "---\ntitle: x\n---\n\n\n\n\n\n\n\n\n[[actor:Nobody Known]] said so.\n"}
	in.Src = func(p string) []byte { return []byte(text[p]) }
	_, memo := ResolveFrom(nil, in, &diag.List{})
	edited := b
	edited.Body = []byte("<p>" + model.Marker(len(b.Refs)-1) + " said otherwise.</p>")
	in.Briefs[7] = &edited
	text[b.Path] = strings.Replace(text[b.Path], "said so", "said otherwise", 1)
	var d1, d2 diag.List
	_, m := ResolveFrom(memo, in, &d1)
	if !m.reusedBook {
		t.Fatalf("the edit did not reuse the book")
	}
	Resolve(in, &d2)
	quote := func(l *diag.List) string {
		var sb strings.Builder
		for _, dg := range l.Sorted() {
			fmt.Fprintf(&sb, "%s | %s\n", dg, dg.LineText)
		}
		return sb.String()
	}
	if g, w := quote(&d1), quote(&d2); g != w || !strings.Contains(w, "said otherwise") {
		t.Errorf("problems after the edit:\n got %s\nwant %s", g, w)
	}
}

// TestReuseMovedFrontmatter checks that a save that moves the
// frontmatter's keys (a summary now over two lines) gives the problems
// at their new places: an implicit actor's warning, which a brief made
// without positions gets at the line of its actors key.
func TestReuseMovedFrontmatter(t *testing.T) {
	in := synthetic(40, 6)
	b := *in.Briefs[9]
	b.Actors = append(slices.Clone(b.Actors), "Nobody Known")
	in.Briefs[9] = &b
	_, memo := ResolveFrom(nil, in, &diag.List{})
	edited := b
	edited.Summary = "A summary\nover two lines"
	edited.Line = map[string]int{}
	for k, n := range b.Line {
		edited.Line[k] = n + 1
	}
	in.Briefs[9] = &edited
	var d1, d2 diag.List
	ResolveFrom(memo, in, &d1)
	Resolve(in, &d2)
	if g, w := fmt.Sprint(d1.Sorted()), fmt.Sprint(d2.Sorted()); g != w || !strings.Contains(w, ":6:1: warning") {
		t.Errorf("problems after the edit:\n got %s\nwant %s", g, w)
	}
}
