package resolve

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// addActorProfiles makes an actor of every profile, one per slug, and maps
// each name and alias key to it.
func (r *resolver) addActorProfiles(actors []*model.Actor) {
	all := make([]*model.Actor, 0, len(actors))
	for _, a := range actors {
		if a != nil && a.Slug != "" {
			all = append(all, a)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Path < all[j].Path })
	for _, a := range all {
		if first := r.book.ActorBySlug[a.Slug]; first != nil {
			r.lost[a.Path] = duplicateLoss{"/actors/" + a.Slug + "/", first.Path}
			r.duplicate(a.Path, 0, "/actors/"+a.Slug+"/", first.Path,
				"each actor profile needs its own file name")
			continue
		}
		a.Profile = true
		a.URL = "/actors/" + a.Slug + "/"
		r.book.ActorBySlug[a.Slug] = a
		r.profiles = append(r.profiles, a)
		r.pages[a.Path] = &page{url: a.URL, doc: &a.Doc, actor: a}
		r.claimKeys(a)
	}
}

// claimKeys maps the key of a's name and of each alias to a, reporting
// names that another profile already claims.
func (r *resolver) claimKeys(a *model.Actor) {
	names := append([]string{a.Name}, a.Aliases...)
	for _, name := range names {
		k := slug.Key(name)
		if k == "" {
			continue
		}
		switch other := r.actorByKey[k]; {
		case other == nil:
			r.actorByKey[k] = a
		case other != a:
			line, col := r.find(a.Path, name)
			r.errorf(a.Path, line, col, utf8.RuneCountInString(name),
				"actor name %q is also a name or alias of %s", name, other.Path)
		}
	}
}

// find returns the position of the first occurrence of text in the file at
// path, or 0, 0 when it cannot be found. Actor profiles carry no positions
// for their names, and the frontmatter comes first in the file, so the first
// occurrence is almost always the one to point at.
func (r *resolver) find(path, text string) (line, col int) {
	src := r.src(path)
	i := bytes.Index(src, []byte(text))
	if i < 0 || text == "" {
		return 0, 0
	}
	return diag.Position(src, i)
}

// briefActors fills in the ActorList of the brief byPath[i] from its
// actors list, then finds the actor of each of its [[actor:]] links, in
// order, for resolveRefs (in r.refActors[i]): implicit actors are made at
// their first use, frontmatter before body, in path order. Problems are
// reported at the item of the list (at the actors key for a brief made
// without positions) or at the link. Names are matched by the keys in
// r.pre[i].
func (r *resolver) briefActors(b *model.Brief, i int) {
	pre := r.pre[i]
	line := pre.actorLine
	for k, name := range b.Actors {
		at := model.Pos{Line: line, Col: min(line, 1)}
		if k < len(b.ActorPos) {
			at = b.ActorPos[k]
		}
		a := r.actor(name, pre.actorKeys[k], b.Path, at.Line, at.Col, at.Len)
		if a == nil || containsActor(b.ActorList, a) {
			continue
		}
		b.ActorList = append(b.ActorList, a)
	}
	keys := pre.actorKeys[len(b.Actors):]
	if len(keys) == 0 {
		return
	}
	acts := make([]*model.Actor, 0, len(keys))
	for k := range b.Refs {
		if ref := &b.Refs[k]; ref.Kind == model.RefActor {
			acts = append(acts, r.actor(ref.Target, keys[len(acts)], b.Path, ref.Line, ref.Col, ref.Len))
		}
	}
	r.refActors[i] = acts
}

func containsActor(list []*model.Actor, a *model.Actor) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

// actor returns the actor a brief or link names, making an implicit actor
// (and warning at path:line:col, with a "did you mean" when a profile's
// name or alias is close) when no profile matches. It returns nil, after
// reporting an error, when the name cannot make a URL, or when its slug is
// that of an actor with a different name (see [slug.SameName]).
//
// key is slug.Key(name).
func (r *resolver) actor(name, key, path string, line, col, length int) *model.Actor {
	if a := r.actorByKey[key]; a != nil {
		return a
	}
	s := slug.Make(name)
	if s == "" {
		r.errorf(path, line, col, length, "actor name %q has no letters or digits", name)
		return nil
	}
	if p := slug.Problem(s); p != "" {
		r.errorf(path, line, col, length, "actor %q: %s", name, p)
		return nil
	}
	if a := r.book.ActorBySlug[s]; a != nil {
		if !actorNamed(a, name) {
			r.actorClash(a, name, path, line, col, length)
			return nil
		}
		return a
	}
	a := &model.Actor{Slug: s, Name: strings.TrimSpace(name), URL: "/actors/" + s + "/"}
	r.book.ActorBySlug[s] = a
	r.implicitActor[s] = a
	r.firstUse[a.URL] = fmt.Sprintf("%s:%d:%d", path, line, col)
	r.suggestf(diag.Warning, path, line, col, length, name, r.actorNames(),
		"actor %q has no profile (content/actors/%s.md)", a.Name, s)
	return a
}

// actorNamed reports whether name is a's name, an alias or its slug,
// written differently (see [slug.SameName]).
func actorNamed(a *model.Actor, name string) bool {
	if slug.SameName(name, a.Slug) || slug.SameName(name, a.Name) {
		return true
	}
	for _, alias := range a.Aliases {
		if slug.SameName(name, alias) {
			return true
		}
	}
	return false
}

// actorClash reports that name, at path:line:col, has the slug of the
// actor a, whose name is another.
func (r *resolver) actorClash(a *model.Actor, name, path string, line, col, length int) {
	if a.Profile {
		r.errorf(path, line, col, length, "actor %q has the URL %s of the profile %s (%q), whose name and aliases do not include it: "+
			"add it to the aliases there, or write it a profile of its own, with another file name", name, a.URL, a.Path, a.Name)
		return
	}
	r.errorf(path, line, col, length, "actor %q has the same URL %s as actor %q (%s): different names cannot share a page; "+
		"rename one, or write each a profile, with different file names", name, a.URL, a.Name, r.firstUse[a.URL])
}

// actorNames returns the names and aliases of the actor profiles, sorted,
// for suggestions.
func (r *resolver) actorNames() []string {
	if r.actorNameList == nil {
		r.actorNameList = []string{}
		for _, a := range r.profiles {
			r.actorNameList = append(r.actorNameList, a.Name)
			r.actorNameList = append(r.actorNameList, a.Aliases...)
		}
		sort.Strings(r.actorNameList)
	}
	return r.actorNameList
}

// sortActors lists every actor in the book, by name.
func (r *resolver) sortActors() {
	actors := make([]*model.Actor, 0, len(r.book.ActorBySlug))
	for _, s := range sortedKeys(r.book.ActorBySlug) {
		actors = append(actors, r.book.ActorBySlug[s])
	}
	sort.SliceStable(actors, func(i, j int) bool { return actorLess(actors[i], actors[j]) })
	r.book.Actors = actors
}

// actorLess orders actors by name, case-insensitively, then by slug.
func actorLess(a, b *model.Actor) bool {
	ka, kb := slug.Key(a.Name), slug.Key(b.Name)
	if ka != kb {
		return ka < kb
	}
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	return a.Slug < b.Slug
}
