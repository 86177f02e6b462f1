package scaffold

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Site returns the files of a small book that builds with no warning and
// no error: briefbook.yaml, one domain profile, one actor profile, one
// brief that cites a source, and content/sources.yaml. The brief and the
// source are dated date. Every file is plainly a template to replace
// ("Example brief", "Example actor"); none states a fact about the world.
func Site(date time.Time) []File {
	d := date.Format(dateLayout)
	files := []struct{ path, data string }{
		{"briefbook.yaml", siteConfig},
		{"content/actors/example-actor.md", exampleActor},
		{"content/briefs/example-brief.md", strings.ReplaceAll(exampleBrief, "DATE", d)},
		{"content/domains/example-domain.md", exampleDomain},
		{"content/sources.yaml", strings.ReplaceAll(exampleSources, "DATE", d)},
	}
	out := make([]File, len(files))
	for i, f := range files {
		out[i] = File{Path: f.path, Data: []byte(f.data)}
	}
	return out
}

// WriteSite writes files, as [Write] does, into the folder dir, which it
// makes if it does not exist. It refuses, writing nothing, when dir holds
// anything at all, hidden files included, or is a file.
func WriteSite(dir string, files []File) error {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return fmt.Errorf("%s is a file, not a folder; briefbook new site writes only into a new or empty folder", dir)
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	names, err := f.Readdirnames(1)
	f.Close()
	if len(names) > 0 {
		return fmt.Errorf("%s is not empty; briefbook new site writes only into a new or empty folder", dir)
	}
	if err != nil && err != io.EOF {
		return err
	}
	return Write(dir, files)
}

const siteConfig = `# The book's settings. See docs/format.md in briefbook's repository.
title: "Example briefing book"
description: "A new briefing book. Replace this description with your own."
language: en
# Where the book will be published, such as https://example.org/book/. It
# makes sitemap.xml, feed.xml and canonical links absolute; set it before
# you publish.
# baseURL: https://example.org/
`

const exampleDomain = `---
title: "Example domain"
summary: "A domain groups the briefs on one subject. Rename this file and edit it."
order: 1
---

This is a domain profile, the introduction of the domain's page, above the
list of its briefs. Briefs name the domain by its slug, the name of this
file without ".md": example-domain.
`

const exampleActor = `---
name: "Example actor"
aliases: ["Example"]
kind: organization
summary: "An actor is a state, an organization, a company, a group or a person that briefs are about."
---

This is an actor profile, the introduction of the actor's page, above the
list of the briefs that name it. Briefs name an actor by its name or one of
its aliases, in any case.
`

const exampleBrief = `---
title: "Example brief"
date: DATE
summary: "A template to copy: the frontmatter a brief has, and the links it can make."
authors: ["Editorial team"]
domain: [example-domain]
actors: ["Example actor"]
sources: [example-source]
---

Write the brief here, in markdown. Name the actors it concerns in the
frontmatter, and link to them in the text: [[actor:Example actor]]. Link
to a domain with [[domain:example-domain]], and to another brief with its
slug between double brackets.

## Sources

Cite a source of content/sources.yaml by its id between brackets, like
this [@example-source]; the citation is numbered and the source is listed
under the brief's references.

Make a new brief with: briefbook new brief "Title" --domain example-domain
`

const exampleSources = `# The bibliography: each source's id, then its details. Briefs cite a
# source as [@id] and list it under sources:.
example-source:
  title: "Example source"
  authors: ["Editorial team"]
  publisher: "Example publisher"
  date: DATE
  url: https://example.org/
`
