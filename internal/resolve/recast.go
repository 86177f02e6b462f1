package resolve

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// A save of one brief's actors list (reactor.go) may also name an actor
// no profile, link or other brief names yet (a new implicit actor), or
// leave out the last use of one (its page is dropped). That save is
// patched too (castActors, recast), as a full resolve would make it:
//
//   - a new actor, named as first written in the list, gets its page
//     (Book.ActorBySlug, its place in Book.Actors by name), a feature of
//     its own in the related-briefs indexes, its name in the index of
//     names (mentions.go), and the warning a full resolve gives at its
//     first use, with its "did you mean";
//   - a dropped actor leaves Book.Actors and ActorBySlug, the index of
//     names and the warnings (its feature stays, with no brief);
//   - the briefs whose body may hold a name added or dropped (by their
//     word filters, as buildMentions finds them) or link to its page are
//     searched again, and moved into or out of the Mentioned lists of what
//     they mention now: a longer name can hide a shorter one;
//   - then the brief's actors are patched as for profiles (reactor).
//
// It falls back to a full resolve when:
//
//   - a name makes no slug or a reserved one, or clashes with an actor of
//     another name (an error);
//   - an implicit actor the brief names now exists already but its first
//     use (its warning) is not in a brief whose path sorts before this
//     one's (the first use, the name and the warning would move);
//   - an implicit actor the brief leaves out is still used elsewhere but
//     its first use was this brief, or the brief's file has any other
//     problem of the passes over the whole book, or one names it
//     (Memo.fileNamed, after the dropped actors' warnings are taken out);
//   - a dropped actor's warning cannot be found in this file.
//
// A new or dropped domain without a profile still makes a full resolve
// (redomain.go): it makes or empties a chapter.

// castPlan is what the save of a brief's actors list that makes or drops
// implicit actors changes besides the brief (see above).
type castPlan struct {
	made    []*model.Actor    // the new implicit actors (slug, name, URL), in list order
	dropped []string          // the slugs of the implicit actors the brief was the last use of
	warn    []diag.Diagnostic // the first-use warnings of made, in list order
}

// castActors returns the slugs of the actors the new parse result c of
// the brief at index j of prev's input names, each once, in order, and
// what else changes when some have no profile (nil when all have), with
// prev, or a copy of it without the warnings of the dropped actors, for
// the rest of the reuse to see. It returns false when the save cannot be
// patched (see above).
func (r *resolver) castActors(prev *Memo, j int, c *model.Brief) ([]string, *castPlan, *Memo, bool) {
	if !prev.fileNamed(c.Path) {
		if slugs, ok := r.profileActors(c.Actors); ok {
			return slugs, nil, prev, true
		}
	}
	bm := prev.briefs[j]
	if bm.pre == nil || int(bm.rank) >= len(prev.book.Briefs) {
		return nil, nil, nil, false
	}
	ob := prev.book.Briefs[bm.rank]
	plan := &castPlan{}
	slugs, ok := r.castNames(prev, c, plan)
	if !ok {
		return nil, nil, nil, false
	}
	global := prev.global
	for _, a := range ob.ActorList {
		if a.Profile || slices.Contains(slugs, a.Slug) || len(a.Briefs) != 1 || a.Briefs[0] != ob || actorLinked(prev.book, a) {
			continue
		}
		msg := implicitActorMessage(a.Name, a.Slug)
		k := slices.IndexFunc(global, func(dg diag.Diagnostic) bool {
			return dg.Path == c.Path && dg.Severity == diag.Warning && strings.HasPrefix(dg.Message, msg)
		})
		if k < 0 {
			return nil, nil, nil, false
		}
		global = slices.Delete(slices.Clone(global), k, k+1)
		plan.dropped = append(plan.dropped, a.Slug)
	}
	view := prev
	if len(plan.dropped) > 0 {
		v := *prev
		v.global = global
		view = &v
	}
	if view.fileNamed(c.Path) {
		return nil, nil, nil, false
	}
	return slugs, plan, view, true
}

// castNames finds the actors of c's actors list as briefActors would,
// in prev's book, and fills in plan's new actors and their warnings.
func (r *resolver) castNames(prev *Memo, c *model.Brief, plan *castPlan) ([]string, bool) {
	pre := newBriefPre(c)
	var slugs []string
	for k, name := range c.Actors {
		a := r.actorByKey[pre.actorKeys[k]]
		if a == nil {
			s := slug.Make(name)
			if s == "" || slug.Problem(s) != "" {
				return nil, false
			}
			made := slices.IndexFunc(plan.made, func(x *model.Actor) bool { return x.Slug == s })
			if made >= 0 {
				a = plan.made[made]
			} else {
				a = prev.book.ActorBySlug[s]
			}
			switch {
			case a == nil:
				at := model.Pos{Line: pre.actorLine, Col: min(pre.actorLine, 1)}
				if k < len(c.ActorPos) {
					at = c.ActorPos[k]
				}
				a = &model.Actor{Slug: s, Name: strings.TrimSpace(name), URL: "/actors/" + s + "/"}
				plan.made = append(plan.made, a)
				plan.warn = append(plan.warn, r.implicitWarning(c.Path, at, name, a))
			case !actorNamed(a, name):
				return nil, false // an error: another name with that slug
			case !a.Profile && made < 0 && !usedBefore(prev, a, c.Path):
				return nil, false
			}
		}
		if !slices.Contains(slugs, a.Slug) {
			slugs = append(slugs, a.Slug)
		}
	}
	return slugs, true
}

// implicitActorMessage is the start of the warning at the first use of
// the implicit actor name with slug s (resolver.actor).
func implicitActorMessage(name, s string) string {
	return fmt.Sprintf("actor %q has no profile (content/actors/%s.md)", name, s)
}

// implicitWarning returns the warning resolver.actor reports at the
// first use of the implicit actor a, written name, at at in path.
func (r *resolver) implicitWarning(path string, at model.Pos, name string, a *model.Actor) diag.Diagnostic {
	d := r.d
	var l diag.List
	r.d = &l
	r.suggestf(diag.Warning, path, at.Line, at.Col, at.Len, name, r.actorNames(), "%s", implicitActorMessage(a.Name, a.Slug))
	r.d = d
	return l.Sorted()[0]
}

// usedBefore reports whether the implicit actor a of prev's book was
// first used (its warning) in a brief whose path sorts before path.
func usedBefore(prev *Memo, a *model.Actor, path string) bool {
	msg := implicitActorMessage(a.Name, a.Slug)
	for _, dg := range prev.global {
		if dg.Severity == diag.Warning && strings.HasPrefix(dg.Message, msg) {
			return strings.HasPrefix(dg.Path, "content/briefs/") && dg.Path < path
		}
	}
	return false
}

// actorLinked reports whether a document of b has an [[actor:]] link to
// a: a use of the actor besides the briefs' actors lists.
func actorLinked(b *model.Book, a *model.Actor) bool {
	linked := func(d *model.Doc) bool {
		for k := range d.Refs {
			if d.Refs[k].Kind == model.RefActor && k < len(d.Links) && d.Links[k].Href == a.URL {
				return true
			}
		}
		return false
	}
	for _, x := range b.Briefs {
		if linked(&x.Doc) {
			return true
		}
	}
	for _, x := range b.Actors {
		if linked(&x.Doc) {
			return true
		}
	}
	for _, x := range b.Domains {
		if linked(&x.Doc) {
			return true
		}
	}
	for _, x := range b.Pages {
		if linked(&x.Doc) {
			return true
		}
	}
	return b.Home != nil && linked(&b.Home.Doc)
}

// recast gives the brief at index j of the input, in m's book (made by
// relocation), the actors of slugs (reactor), first making the new
// implicit actors of plan and then dropping those it no longer uses, and
// patches the mentions and warnings they change (see above). plan nil:
// every actor has a profile.
func (m *Memo) recast(j int, slugs []string, plan *castPlan) bool {
	if plan == nil || len(plan.made) == 0 && len(plan.dropped) == 0 {
		return m.reactor(j, slugs)
	}
	names := m.names.clone()
	var changed [][]string
	urls := map[string]bool{}
	b := m.book
	actors := slices.Clone(b.Actors)
	for _, p := range plan.made {
		if b.ActorBySlug[p.Slug] != nil {
			return false
		}
		a := &model.Actor{Slug: p.Slug, Name: p.Name, URL: p.URL}
		b.ActorBySlug[a.Slug] = a
		k, _ := slices.BinarySearchFunc(actors, a, func(x, y *model.Actor) int {
			if actorLess(x, y) {
				return -1
			}
			return 1
		})
		actors = slices.Insert(actors, k, a)
		m.addFeature(featureKey{'a', a.Slug}, weightActor)
		// The index of names outlives this book (every memo made from
		// m by reuse keeps it): it names the actor by a copy with no
		// lists, as the patches find its targets by key (targetKey).
		// Given a itself, whose Briefs point into this book's array of
		// briefs, it kept every book made by such a save alive until
		// the next full resolve (about 6 MB each at 10,000 briefs,
		// 60 MB at 100,000).
		named := &model.Actor{Slug: a.Slug, Name: a.Name, URL: a.URL}
		names.page(named.URL, named)
		names.add(named.Name, 1, named)
		changed, urls[a.URL] = append(changed, lowerWords(a.Name)), true
	}
	b.Actors, m.entities.actors, m.entities.actorArr = actors, actors, nil
	if !m.reactor(j, slugs) {
		return false
	}
	for _, s := range plan.dropped {
		a := b.ActorBySlug[s]
		if a == nil || a.Profile || len(a.Briefs) > 0 {
			return false
		}
		delete(b.ActorBySlug, s)
		b.Actors = slices.DeleteFunc(b.Actors, func(x *model.Actor) bool { return x == a })
		names.drop(a)
		changed, urls[a.URL] = append(changed, lowerWords(a.Name)), true
	}
	m.entities.actors = b.Actors
	m.names, m.mentionNames, m.mentionPages = names, names.sigs, names.pages
	m.rementionAll(changed, urls)
	m.global = withWarnings(m.global, plan.warn)
	return true
}

// lowerWords returns the words of name in lower case.
func lowerWords(name string) []string {
	ws := words(name, nil)
	for i, w := range ws {
		ws[i] = strings.ToLower(w)
	}
	return ws
}

// addFeature gives the feature k a number in copies of m's related-briefs
// indexes, with no brief.
func (m *Memo) addFeature(k featureKey, weight int32) {
	if _, ok := m.byKey[k]; ok {
		return
	}
	rl := *m.rl
	rl.weights = append(slices.Clip(rl.weights), weight)
	rl.posting = append(slices.Clip(rl.posting), nil)
	rl.bits = append(slices.Clip(rl.bits), nil)
	m.rl = &rl
	m.byKey = maps.Clone(m.byKey)
	m.byKey[k] = int32(len(m.keys))
	m.keys = append(slices.Clip(m.keys), k)
}

// withWarnings returns global (sorted, with no problem in the files of
// warn) with the warnings of warn (all in one file) in their places.
func withWarnings(global, warn []diag.Diagnostic) []diag.Diagnostic {
	if len(warn) == 0 {
		return global
	}
	var l diag.List
	for _, dg := range warn {
		l.Add(dg)
	}
	w := l.Sorted()
	k, _ := slices.BinarySearchFunc(global, w[0].Path, func(dg diag.Diagnostic, p string) int { return strings.Compare(dg.Path, p) })
	return slices.Insert(slices.Clone(global), k, w...)
}

// clone returns a copy of x that adding or dropping names leaves x as it
// is: its maps are copied, their lists shared until changed.
func (x *nameIndex) clone() *nameIndex {
	c := *x
	c.exact, c.folded = maps.Clone(x.exact), maps.Clone(x.folded)
	c.byURL, c.byKey = maps.Clone(x.byURL), maps.Clone(x.byKey)
	c.pages, c.sigs = maps.Clone(x.pages), maps.Clone(x.sigs)
	for k, l := range c.exact {
		c.exact[k] = slices.Clip(l)
	}
	for k, l := range c.folded {
		c.folded[k] = slices.Clip(l)
	}
	return &c
}

// drop takes the names and page of the actor a out of x (a clone): the
// first words stay in the filter, which only rules words out.
func (x *nameIndex) drop(a *model.Actor) {
	k := targetKey(a)
	for _, m := range []map[string][]*name{x.exact, x.folded} {
		for w, l := range m {
			if slices.ContainsFunc(l, func(n *name) bool { return targetKey(n.target) == k }) {
				l = slices.DeleteFunc(slices.Clone(l), func(n *name) bool { return targetKey(n.target) == k })
				if len(l) == 0 {
					delete(m, w)
				} else {
					m[w] = l
				}
			}
		}
	}
	for sig := range x.sigs {
		if strings.HasSuffix(sig, "\x00"+k) {
			delete(x.sigs, sig)
		}
	}
	delete(x.byURL, a.URL)
	delete(x.byKey, k)
	delete(x.pages, a.URL)
}

// rementionAll searches again, with m.names, the body of every brief of
// m's book that may hold all the words of one of changed, or links to
// one of urls, and moves it into or out of the Mentioned lists of what
// it mentions now.
func (m *Memo) rementionAll(changed [][]string, urls map[string]bool) {
	b := m.book
	rank := func(y *model.Brief) int32 { return m.briefs[slabIndex(m.slab, y)].rank }
	var sc wordProbe
	for i := range m.briefs {
		bm := &m.briefs[i]
		if bm.pre == nil || int(bm.rank) >= len(b.Briefs) {
			continue
		}
		nb := b.Briefs[bm.rank]
		if !rootLinksToAny(nb, urls) && !slices.ContainsFunc(changed, func(ws []string) bool {
			return bm.mentions.words.mayHoldAll(ws) && sc.mayHold(nb, ws[0])
		}) {
			continue
		}
		found, words := m.names.briefMentions(nb)
		keys := found.keys()
		old := bm.mentions.targets
		if !slices.Equal(keys, old) {
			for _, k := range old {
				if !slices.Contains(keys, k) {
					m.mentionIn(k, nb, false, rank)
				}
			}
			for _, k := range keys {
				if !slices.Contains(old, k) {
					m.mentionIn(k, nb, true, rank)
				}
			}
		}
		bm.mentions = mentionMemo{sum: bm.mentions.sum, words: words, targets: keys}
	}
}

// rootLinksToAny reports whether a link of b from the site's root leads
// to one of the page URLs in urls: the only links to an implicit actor's
// page but [[actor:]] links, which make the actor (see briefMentions).
func rootLinksToAny(b *model.Brief, urls map[string]bool) bool {
	for k := range b.Refs {
		if b.Refs[k].Kind == model.RefRootLink && k < len(b.Links) && urls[pageURL(b.Links[k].Href)] {
			return true
		}
	}
	return false
}

// mentionIn adds nb to, or removes it from, the Mentioned list of the
// target of m's book named key (see targetKey), unless nb names it in its
// frontmatter or references; a target no longer in the book is left.
func (m *Memo) mentionIn(key string, nb *model.Brief, add bool, rank func(*model.Brief) int32) {
	b := m.book
	page := func(prefix string) string {
		return strings.TrimSuffix(strings.TrimPrefix(key[1:], prefix), "/")
	}
	switch key[0] {
	case 'a':
		if a := b.ActorBySlug[page("/actors/")]; a != nil && "a"+a.URL == key && !containsActor(nb.ActorList, a) {
			a.Mentioned = withBrief(a.Mentioned, nb, add, rank)
		}
	case 'd':
		if dm := b.DomainBySlug[page("/domains/")]; dm != nil && "d"+dm.URL == key && !containsDomain(nb.DomainList, dm) {
			dm.Mentioned = withBrief(dm.Mentioned, nb, add, rank)
		}
	case 's':
		if s := b.SourceByID[key[1:]]; s != nil && !hasReference(nb, s) {
			s.Mentioned = withBrief(s.Mentioned, nb, add, rank)
		}
	}
}
