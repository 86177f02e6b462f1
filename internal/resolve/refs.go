package resolve

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
	"github.com/briefbook/briefbook/internal/suggest"
)

// draftNote explains why a link to a draft is broken.
const draftNote = "drafts are built only with --drafts"

// resolveRefs resolves every Ref of doc into doc.Links. from is the brief doc belongs to,
// or nil for profiles and the home page.
func (r *resolver) resolveRefs(doc *model.Doc, from *model.Brief) {
	doc.Links = make([]model.Link, len(doc.Refs))
	for i := range doc.Refs {
		ref, l := &doc.Refs[i], &doc.Links[i]
		switch ref.Kind {
		case model.RefBrief:
			r.briefRef(doc, from, ref, l)
		case model.RefActor:
			r.actorRef(doc, from, ref, l)
		case model.RefDomain:
			r.domainRef(doc, ref, l)
		case model.RefSource:
			r.sourceRef(doc, ref, l)
		case model.RefCitation:
			r.citation(doc, from, ref, l)
		case model.RefRelLink:
			r.relLink(doc, from, ref, l)
		case model.RefRootLink:
			rootLink(ref, l)
		}
	}
}

// refError reports an error at ref's position in doc.
func (r *resolver) refError(doc *model.Doc, ref *model.Ref, format string, args ...any) {
	r.errorf(doc.Path, ref.Line, ref.Col, ref.Len, format, args...)
}

// refUnknown reports an error at ref's position in doc about name, which
// is not among candidates, with a "did you mean" when one is close (see
// [resolver.unknownf]).
func (r *resolver) refUnknown(doc *model.Doc, ref *model.Ref, name string, candidates []string, format string, args ...any) {
	r.unknownf(doc.Path, ref.Line, ref.Col, ref.Len, name, candidates, format, args...)
}

// briefRef resolves [[slug]] and [[slug#heading]].
func (r *resolver) briefRef(doc *model.Doc, from *model.Brief, ref *model.Ref, l *model.Link) {
	if ref.Target == "" && ref.Fragment != "" && from == nil {
		r.ownHeading(doc, ref, l)
		return
	}
	target := r.findBrief(ref.Target)
	if ref.Target == "" && ref.Fragment != "" {
		target = from // [[#heading]]: a heading of this brief
	}
	if target == nil {
		r.deps.needAll()
		if r.draftSlug[ref.Target] || r.draftSlug[slug.Make(ref.Target)] {
			r.errorNote(doc.Path, ref.Line, ref.Col, ref.Len, "links to draft brief \""+ref.Target+"\"", draftNote)
			return
		}
		if r.unparsed["slug:"+slug.Make(ref.Target)] {
			return // the brief's file has errors of its own
		}
		if slug.Make(ref.Target) == "" { // no slug to be a typo of another
			r.refError(doc, ref, "unknown brief %q in wikilink: it has no letters or digits, so no brief has it as slug", ref.Target)
			return
		}
		if prefix, kind, rest := kindTypo(ref.Target); kind != "" {
			dg := r.newDiag(diag.Error, doc.Path, ref.Line, ref.Col, ref.Len,
				fmt.Sprintf("unknown link kind %q in wikilink%s", prefix, didYouMean(kind+":")))
			dg.Suggestion = kind + ":" + rest
			r.d.Add(dg)
			return
		}
		r.refUnknown(doc, ref, slug.Make(ref.Target), r.briefSlugs(), "unknown brief %q in wikilink", ref.Target)
		return
	}
	l.Text = target.Title
	l.Href = target.URL
	r.linkBriefs(from, target)
	if ref.Fragment != "" {
		l.Href += "#" + ref.Fragment
		if !hasHeading(&target.Doc, ref.Fragment) {
			r.refUnknown(doc, ref, ref.Fragment, headingIDs(&target.Doc),
				"brief %q has no heading %q", target.Slug, ref.Fragment)
			return
		}
	}
	l.OK = true
}

// ownHeading resolves [[#heading]] in a profile or the home page.
func (r *resolver) ownHeading(doc *model.Doc, ref *model.Ref, l *model.Link) {
	pg := r.pages[doc.Path]
	if pg == nil {
		return // a page that is not published: nothing links to it
	}
	l.Href, l.Text = pg.url+"#"+ref.Fragment, pg.title()
	if !hasHeading(doc, ref.Fragment) {
		r.refUnknown(doc, ref, ref.Fragment, headingIDs(doc), "%s has no heading %q", doc.Path, ref.Fragment)
		return
	}
	l.OK = true
}

// findBrief returns the published brief a wikilink target names, by slug or
// by the slug of the target; found by the slug of the target, the target
// must be the brief's slug or title written differently ([slug.SameName]),
// so that [[C#]] does not lead to a brief "C++" whose slug is "c".
func (r *resolver) findBrief(target string) *model.Brief {
	if b := r.book.BriefBySlug[target]; b != nil {
		r.deps.bySlug(target, b)
		return b
	}
	r.deps.bySlug(target, nil)
	s := slug.Make(target)
	b := r.book.BriefBySlug[s]
	r.deps.bySlug(s, b)
	if b != nil && !slug.SameName(target, b.Slug) && !slug.SameName(target, b.Title) {
		return nil
	}
	return b
}

// actorRef resolves [[actor:Name]]. In a brief, the actor was found
// beforehand, by briefActors.
func (r *resolver) actorRef(doc *model.Doc, from *model.Brief, ref *model.Ref, l *model.Link) {
	var a *model.Actor
	if from != nil {
		a = r.cur.actors[r.cur.nextActor]
		r.cur.nextActor++
	} else {
		a = r.actor(ref.Target, slug.Key(ref.Target), doc.Path, ref.Line, ref.Col, ref.Len)
	}
	if a == nil {
		return
	}
	l.Href, l.Text, l.OK = a.URL, a.Name, true
}

// domainRef resolves [[domain:slug]].
func (r *resolver) domainRef(doc *model.Doc, ref *model.Ref, l *model.Link) {
	dm := r.book.DomainBySlug[ref.Target]
	if dm == nil {
		dm = r.book.DomainBySlug[slug.Make(ref.Target)]
		if dm != nil && !slug.SameName(ref.Target, dm.Slug) && !slug.SameName(ref.Target, dm.Title) {
			dm = nil // another name with the same slug
		}
	}
	if dm == nil {
		r.refUnknown(doc, ref, slug.Make(ref.Target), sortedKeys(r.book.DomainBySlug),
			"unknown domain %q in wikilink", ref.Target)
		return
	}
	l.Href, l.Text, l.OK = dm.URL, dm.Title, true
}

// sourceRef resolves [[source:id]].
func (r *resolver) sourceRef(doc *model.Doc, ref *model.Ref, l *model.Link) {
	s := r.book.SourceByID[ref.Target]
	if s == nil {
		if !r.in.BrokenBibliography {
			r.refUnknown(doc, ref, ref.Target, sortedKeys(r.book.SourceByID),
				"unknown source %q in wikilink", ref.Target)
		}
		return
	}
	r.deps.sourceTitles()
	l.Href, l.Text, l.OK = s.PageURL, s.Title, true
	if l.Text == "" {
		l.Text = s.ID
	}
}

// citation numbers the items of [@a; @b].
func (r *resolver) citation(doc *model.Doc, from *model.Brief, ref *model.Ref, l *model.Link) {
	if from == nil {
		r.refError(doc, ref, "citations are only allowed in briefs")
		return
	}
	l.OK = true
	l.Numbers = make([]int, len(ref.Cites))
	for i, c := range ref.Cites {
		s, known := r.citeSource(c.ID)
		if s == nil {
			l.OK = false
			if !known && !r.in.BrokenBibliography {
				r.refUnknown(doc, ref, c.ID, r.citationCandidates(), "unknown citation id %q", c.ID)
			}
			continue
		}
		l.Numbers[i] = r.referenceNumber(s)
	}
}

// title returns the title of the page made from a file.
func (p *page) title() string {
	switch {
	case p.brief != nil:
		return p.brief.Title
	case p.actor != nil:
		return p.actor.Name
	case p.domain != nil:
		return p.domain.Title
	case p.home != nil:
		return p.home.Title
	case p.own != nil:
		return p.own.Title
	}
	return ""
}

// briefSlugs returns the slugs of the published briefs, sorted.
func (r *resolver) briefSlugs() []string {
	if r.slugList == nil {
		r.slugList = sortedKeys(r.book.BriefBySlug)
	}
	return r.slugList
}

// kindTypo returns the part of a brief wikilink's target before its first
// ':' (prefix), the link kind of [model.LinkKinds] it is a typo of (kind:
// "actor" for "actr:GSOMIA", "Actor:GSOMIA" or "acotr:GSOMIA"), and the
// rest of the target after the ':'. kind is "" unless the prefix is made
// of letters only and close to a kind by [suggest.Closest], so that a
// brief named by a title with a colon ([[GSOMIA: renewal]]) is reported
// as an unknown brief. It is asked only of a target that names no brief.
func kindTypo(target string) (prefix, kind, rest string) {
	prefix, rest, ok := strings.Cut(target, ":")
	if !ok || prefix == "" || strings.ContainsFunc(prefix, func(c rune) bool { return !unicode.IsLetter(c) }) {
		return "", "", ""
	}
	return prefix, suggest.Closest(prefix, model.LinkKinds), rest
}
