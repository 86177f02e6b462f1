package site

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	briefbook "github.com/briefbook/briefbook"
)

// book is the test's view of a site folder on disk: its files by
// slash-separated path. Every edit changes the folder and the map together
// and returns the paths it touched.
type book struct {
	dir   string
	files map[string]string
}

// load reads every file under dir into a book.
func loadBook(t testing.TB, dir string) *book {
	t.Helper()
	b := &book{dir: dir, files: map[string]string{}}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		b.files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *book) write(t testing.TB, p, content string) {
	t.Helper()
	full := filepath.Join(b.dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	b.files[p] = content
}

func (b *book) remove(t testing.TB, p string) {
	t.Helper()
	if err := os.Remove(filepath.Join(b.dir, filepath.FromSlash(p))); err != nil {
		t.Fatal(err)
	}
	delete(b.files, p)
}

// paths returns the book's paths under prefix with the suffix, sorted.
func (b *book) paths(prefix, suffix string) []string {
	var out []string
	for p := range b.files {
		if strings.HasPrefix(p, prefix) && strings.HasSuffix(p, suffix) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// frontmatter splits a markdown file into its delimiter ("---" or "+++"),
// frontmatter lines and body; ok is false if it has none.
func frontmatter(text string) (delim string, lines []string, body string, ok bool) {
	for _, d := range []string{"---", "+++"} {
		if !strings.HasPrefix(text, d+"\n") {
			continue
		}
		rest := text[len(d)+1:]
		end := strings.Index(rest, "\n"+d+"\n")
		if end < 0 {
			return "", nil, "", false
		}
		return d, strings.Split(rest[:end], "\n"), rest[end+len(d)+2:], true
	}
	return "", nil, "", false
}

// setKey sets the frontmatter key of a markdown file to value, a JSON-like
// literal valid in both YAML and TOML ("text", ["a", "b"], 2021-04-06), or
// removes the key when value is "". A YAML key's block list is removed with
// it.
func setKey(text, key, value string) string {
	delim, lines, body, ok := frontmatter(text)
	if !ok {
		return text
	}
	keyRE := regexp.MustCompile(`^` + regexp.QuoteMeta(key) + `\s*[:=]`)
	var out []string
	for i := 0; i < len(lines); i++ {
		if !keyRE.MatchString(lines[i]) {
			out = append(out, lines[i])
			continue
		}
		for i+1 < len(lines) && (strings.HasPrefix(lines[i+1], " ") || strings.HasPrefix(lines[i+1], "\t")) {
			i++
		}
	}
	if value != "" {
		sep := ": "
		if delim == "+++" {
			sep = " = "
		}
		out = append(out, key+sep+value)
	}
	return delim + "\n" + strings.Join(out, "\n") + "\n" + delim + "\n" + body
}

// getKey returns the single-line value of a frontmatter key, or "".
func getKey(text, key string) string {
	_, lines, _, _ := frontmatter(text)
	keyRE := regexp.MustCompile(`^` + regexp.QuoteMeta(key) + `\s*[:=]\s*(.*)$`)
	for _, l := range lines {
		if m := keyRE.FindStringSubmatch(l); m != nil {
			return strings.Trim(m[1], `"' `)
		}
	}
	return ""
}

// quoteList returns names as a list literal valid in YAML and TOML.
func quoteList(names ...string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// editor makes random edits of a book, each a kind of change an author
// makes, and names each edit for the failure message.
type editor struct {
	t      *testing.T
	b      *book
	rng    *rand.Rand
	n      int               // edits made, for fresh names
	broken map[string]string // file → its content before it was broken
}

// pick returns a random element of list, or "" if it is empty.
func (e *editor) pick(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[e.rng.IntN(len(list))]
}

// names returns the slugs of the book's briefs (file names without .md).
func (e *editor) slugs() []string {
	var out []string
	for _, p := range e.b.paths("content/briefs/", ".md") {
		out = append(out, strings.TrimSuffix(path.Base(p), ".md"))
	}
	return out
}

// terms returns the names of the book's actor or domain profiles.
func (e *editor) profiles(kind string) []string {
	var out []string
	for _, p := range e.b.paths("content/"+kind+"/", ".md") {
		out = append(out, strings.TrimSuffix(path.Base(p), ".md"))
	}
	return out
}

// entryTitle matches the title of a bibliography entry in YAML, quoted.
var entryTitle = regexp.MustCompile(`(?m)^  title: "([^"\n]*)"`)

// bodyWord matches a word of a brief's text.
var bodyWord = regexp.MustCompile(`[A-Za-z]+`)

// bodyOf returns the text of a brief's file after its frontmatter.
func bodyOf(file string) string {
	if _, rest, ok := strings.Cut(strings.TrimPrefix(file, "---\n"), "\n---\n"); ok {
		return rest
	}
	return file
}

// sourceIDs returns the ids defined in content/sources.yaml and in the
// exports edits 16 and 17 write (content/sources.json, sources.bib).
func (e *editor) sourceIDs() []string {
	var out []string
	for _, l := range strings.Split(e.b.files["content/sources.yaml"], "\n") {
		if l != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "#") && strings.HasSuffix(l, ":") {
			out = append(out, strings.TrimSuffix(l, ":"))
		}
	}
	for _, m := range exportID.FindAllStringSubmatch(e.b.files["content/sources.json"]+e.b.files["content/sources.bib"], -1) {
		out = append(out, m[1]+m[2])
	}
	return out
}

// exportID matches an id in the exports that edits 16 and 17 write.
var exportID = regexp.MustCompile(`(?m)^\t\t"id": "([^"]+)",$|^@\w+\{([^,]+),$`)

// edit makes one random edit and returns its description and the paths it
// wrote or removed.
func (e *editor) edit() (string, []string) {
	e.n++
	for {
		if desc, paths := e.try(e.rng.IntN(21)); desc != "" {
			return desc, paths
		}
	}
}

// try makes the edit numbered op, or returns "" if the book has nothing it
// applies to.
func (e *editor) try(op int) (string, []string) {
	b, t := e.b, e.t
	briefs := b.paths("content/briefs/", ".md")
	brief := e.pick(briefs)
	switch op {
	case 0: // add a brief
		p := fmt.Sprintf("content/briefs/new-%d.md", e.n)
		text := fmt.Sprintf("---\ntitle: \"New brief %d\"\ndate: 2022-0%d-1%d\ndomain: %s\nactors: %s\n---\nSee [[%s]] and [[actor:%s]].\n",
			e.n, 1+e.rng.IntN(9), e.rng.IntN(9), quoteList(e.pick(e.profiles("domains"))+"x"),
			quoteList(e.pick(e.profiles("actors"))), e.pick(e.slugs()), e.pick(e.profiles("actors")))
		b.write(t, p, text)
		return "add " + p, []string{p}
	case 1: // delete a brief
		if brief == "" {
			return "", nil
		}
		b.remove(t, brief)
		return "delete " + brief, []string{brief}
	case 2: // rename a brief
		if brief == "" {
			return "", nil
		}
		to := fmt.Sprintf("content/briefs/renamed-%d.md", e.n)
		text := b.files[brief]
		b.remove(t, brief)
		b.write(t, to, text)
		return "rename " + brief + " to " + to, []string{brief, to}
	case 3, 4: // edit a body: a wikilink, a citation, a heading, or text
		if brief == "" {
			return "", nil
		}
		add := []string{
			fmt.Sprintf("\nAlso [[%s]].\n", e.pick(e.slugs())),
			fmt.Sprintf("\nClaim [@%s].\n", e.pick(e.sourceIDs())),
			fmt.Sprintf("\n## Heading %d\n\nText.\n", e.n),
			"\nMore words here.\n",
			fmt.Sprintf("\nSee [[%s#heading-%d]].\n", e.pick(e.slugs()), e.n-1),
			fmt.Sprintf("\nText %d, with a [link](/%s/) from the root.\n", e.n, []string{"briefs", "nowhere"}[e.rng.IntN(2)]),
		}[e.rng.IntN(6)]
		b.write(t, brief, b.files[brief]+add)
		return fmt.Sprintf("body of %s += %q", brief, add), []string{brief}
	case 5: // title
		if brief == "" {
			return "", nil
		}
		v := fmt.Sprintf("%q", fmt.Sprintf("Title %d", e.n))
		b.write(t, brief, setKey(b.files[brief], "title", v))
		return "title of " + brief + " = " + v, []string{brief}
	case 6: // date
		if brief == "" {
			return "", nil
		}
		v := fmt.Sprintf("%d-%02d-%02d", 2015+e.rng.IntN(10), 1+e.rng.IntN(12), 1+e.rng.IntN(28))
		b.write(t, brief, setKey(b.files[brief], "date", v))
		return "date of " + brief + " = " + v, []string{brief}
	case 7: // slug, sometimes clashing with another brief's
		if brief == "" {
			return "", nil
		}
		v := fmt.Sprintf("%q", e.pick(append(e.slugs(), fmt.Sprintf("slug-%d", e.n))))
		b.write(t, brief, setKey(b.files[brief], "slug", v))
		return "slug of " + brief + " = " + v, []string{brief}
	case 8: // domains, actors or sources
		if brief == "" {
			return "", nil
		}
		key, v := "domain", quoteList(e.pick(e.profiles("domains")), fmt.Sprintf("Topic %d", e.rng.IntN(3)))
		switch e.rng.IntN(4) {
		case 3: // profiles only
			v = quoteList(e.pick(e.profiles("domains")), e.pick(e.profiles("domains")))
		case 1: // profiles only, or an actor without one: used before, or new
			key, v = "actors", quoteList(e.pick(e.profiles("actors")), e.pick(e.profiles("actors")))
			switch e.rng.IntN(4) {
			case 0:
				v = quoteList(e.pick(e.profiles("actors")), fmt.Sprintf("Actor %d", e.rng.IntN(3)))
			case 1:
				v = quoteList(e.pick(e.profiles("actors")), fmt.Sprintf("Newcomer %d", e.n))
			}
			if implicitActors.MatchString(v) || implicitActors.MatchString(b.files[brief]) {
				key = "implicit-actors" // one without a profile named, or maybe dropped
			}
		case 2:
			key, v = "sources", quoteList(e.pick(e.sourceIDs()))
		}
		text := setKey(setKey(b.files[brief], "domains", ""), strings.TrimPrefix(key, "implicit-"), v)
		b.write(t, brief, text)
		return key + " of " + brief + " = " + v, []string{brief}
	case 9: // add, edit or delete an actor profile
		return e.profile("actors", "name", "aliases")
	case 10: // add, edit or delete a domain profile
		return e.profile("domains", "title", "order")
	case 11: // sources.yaml
		p := "content/sources.yaml"
		text := b.files[p]
		if e.rng.IntN(2) == 0 {
			text += fmt.Sprintf("src-%d:\n  title: \"Source %d\"\n  date: 2021\n", e.n, e.n)
			b.write(t, p, text)
			return "edit " + p, []string{p}
		}
		// An entry's fields alone, its id kept (resolve's rebib.go): a
		// title prefixed, or one taken from a brief's body, whose words
		// that brief holds in order (a mention) or out of order.
		titles := entryTitle.FindAllStringSubmatchIndex(text, -1)
		if len(titles) == 0 {
			text = strings.Replace(text, "title: ", fmt.Sprintf("title: Edited %d ", e.n), 1)
			b.write(t, p, text)
			return "bibfields of " + p, []string{p}
		}
		at := titles[e.rng.IntN(len(titles))]
		title := fmt.Sprintf("Edited %d %s", e.n, text[at[2]:at[3]])
		words := bodyWord.FindAllString(bodyOf(b.files[e.pick(e.b.paths("content/briefs/", ".md"))]), -1)
		if len(words) >= 5 && e.rng.IntN(2) == 0 {
			k := e.rng.IntN(len(words) - 4)
			run := slices.Clone(words[k : k+5])
			if e.rng.IntN(2) == 0 {
				slices.Reverse(run)
			}
			title = strings.Join(run, " ")
		}
		b.write(t, p, text[:at[2]]+title+text[at[3]:])
		return "bibfields of " + p + ": " + title, []string{p}
	case 12: // the home page
		p := "content/_index.md"
		b.write(t, p, b.files[p]+fmt.Sprintf("\nSee [[%s]].\n", e.pick(e.slugs())))
		return "edit " + p, []string{p}
	case 13: // briefbook.yaml
		p := "briefbook.yaml"
		b.write(t, p, setYAMLTitle(b.files[p], fmt.Sprintf("Book %d", e.n)))
		return "edit " + p, []string{p}
	case 14: // a template override, added, changed or removed
		p := "templates/404.html"
		if _, ok := b.files[p]; ok && e.rng.IntN(2) == 0 {
			b.remove(t, p)
			return "remove " + p, []string{p}
		}
		builtin, err := fs.ReadFile(briefbook.Theme, p)
		if err != nil {
			t.Fatal(err)
		}
		b.write(t, p, strings.Replace(string(builtin), "There is no page", fmt.Sprintf("Edit %d: there is no page", e.n), 1))
		return "write " + p, []string{p}
	case 15: // break a file, or fix the one broken
		for p, text := range e.broken {
			b.write(t, p, text)
			delete(e.broken, p)
			return "fix " + p, []string{p}
		}
		if brief == "" {
			return "", nil
		}
		e.broken[brief] = b.files[brief]
		b.write(t, brief, "---\ntitle: [unclosed\n---\nbody\n")
		return "break " + brief, []string{brief}
	case 16: // a file next to the briefs: added, changed, removed, or linked to
		return e.bundle(brief)
	case 17, 18: // a reference manager's export: CSL-JSON or BibTeX
		return e.export(op == 18)
	case 20: // an actor without a profile brought in, or its last use dropped
		if brief == "" {
			return "", nil
		}
		v := quoteList(e.pick(e.profiles("actors")), fmt.Sprintf("Newcomer %d", e.n))
		if e.rng.IntN(2) == 0 {
			for _, p := range briefs {
				if strings.Contains(b.files[p], `"Newcomer `) {
					brief, v = p, quoteList(e.pick(e.profiles("actors")))
					break
				}
			}
		}
		b.write(t, brief, setKey(b.files[brief], "actors", v))
		return "implicit-actors of " + brief + " = " + v, []string{brief}
	case 19: // a page of its own, added, changed (linking to a brief) or removed; the home page's start list
		p := "content/about.md"
		switch _, ok := b.files[p]; {
		case ok && e.rng.IntN(3) == 0:
			b.remove(t, p)
			return "remove " + p, []string{p}
		case e.rng.IntN(3) == 0:
			h := "content/_index.md"
			body := b.files[h]
			if strings.HasPrefix(body, "---\n") {
				if end := strings.Index(body[3:], "\n---\n"); end >= 0 {
					body = body[3+end+5:]
				}
			}
			b.write(t, h, fmt.Sprintf("---\ntitle: Home %d\nstart: [%s]\n---\n", e.n, e.pick(e.slugs()))+body)
			return "start in " + h, []string{h}
		}
		b.write(t, p, fmt.Sprintf("---\ntitle: About %d\norder: %d\n---\nSee [[%s]].\n", e.n, e.rng.IntN(3), e.pick(e.slugs())))
		return "write " + p, []string{p}
	}
	return "", nil
}

// bundle adds, changes or removes a file next to the briefs, or links to
// one from brief (the link may be broken: the file may be gone).
func (e *editor) bundle(brief string) (string, []string) {
	b, t := e.b, e.t
	list := b.paths("content/briefs/files/", ".txt")
	switch op := e.rng.IntN(4); {
	case op == 0 || len(list) == 0:
		p := fmt.Sprintf("content/briefs/files/chart-%d.txt", e.n)
		b.write(t, p, fmt.Sprintf("chart %d\n", e.n))
		return "add " + p, []string{p}
	case op == 1:
		p := e.pick(list)
		b.write(t, p, b.files[p]+fmt.Sprintf("edit %d\n", e.n))
		return "edit " + p, []string{p}
	case op == 2:
		p := e.pick(list)
		b.remove(t, p)
		return "delete " + p, []string{p}
	default:
		if brief == "" {
			return "", nil
		}
		up := strings.Repeat("../", strings.Count(strings.TrimPrefix(brief, "content/briefs/"), "/"))
		add := fmt.Sprintf("\nSee [the chart](%sfiles/%s) and ![it](/briefs/files/%s).\n",
			up, path.Base(e.pick(list)), path.Base(e.pick(list)))
		b.write(t, brief, b.files[brief]+add)
		return fmt.Sprintf("body of %s += %q", brief, add), []string{brief}
	}
}

// export adds, edits or removes content/sources.json (Zotero's CSL JSON)
// or, when bib, content/sources.bib (Zotero's BibTeX). An entry added
// sometimes takes the id of another bibliography entry: an error until
// the file changes again.
func (e *editor) export(bib bool) (string, []string) {
	b, t := e.b, e.t
	p := "content/sources.json"
	if bib {
		p = "content/sources.bib"
	}
	id := fmt.Sprintf("export-%d", e.n)
	if e.rng.IntN(4) == 0 {
		if other := e.pick(e.sourceIDs()); other != "" {
			id = other
		}
	}
	var entry string
	if bib {
		entry = fmt.Sprintf("\n@article{%s,\n\ttitle = {M{\\\"u}ller {Export} %d},\n\tauthor = {van Gogh, Vincent},\n\tmonth = apr,\n\tyear = {2021},\n}\n", id, e.n)
	} else {
		entry = fmt.Sprintf("\t{\n\t\t\"id\": %q,\n\t\t\"title\": \"Export %d\",\n\t\t\"author\": [{\"family\": \"Gogh\", \"given\": \"Vincent\", \"non-dropping-particle\": \"van\"}],\n\t\t\"issued\": {\"date-parts\": [[\"2021\", 4, %d]]}\n\t}", id, e.n, 1+e.rng.IntN(28))
	}
	text, ok := b.files[p]
	switch op := e.rng.IntN(3); {
	case ok && op == 0:
		b.remove(t, p)
		return "remove " + p, []string{p}
	case ok && op == 1:
		text = strings.Replace(text, "Export", fmt.Sprintf("Edited %d", e.n), 1)
	case bib:
		text += entry
	case ok && strings.HasSuffix(text, "\t}\n]"):
		text = strings.TrimSuffix(text, "\n]") + ",\n" + entry + "\n]"
	default:
		text = "[\n" + entry + "\n]"
	}
	b.write(t, p, text)
	return "write " + p + " with " + id, []string{p}
}

// implicitActors matches the names of actors without a profile that
// edit 8 writes in a brief's actors list.
var implicitActors = regexp.MustCompile(`"(Actor|Newcomer) \d+"`)

// profile adds, edits or deletes a profile of kind ("actors" or "domains").
func (e *editor) profile(kind, nameKey, otherKey string) (string, []string) {
	b, t := e.b, e.t
	list := b.paths("content/"+kind+"/", ".md")
	switch op := e.rng.IntN(3); {
	case op == 0 || len(list) == 0:
		p := fmt.Sprintf("content/%s/profile-%d.md", kind, e.n)
		b.write(t, p, fmt.Sprintf("---\n%s: \"Profile %d\"\n---\nAbout it.\n", nameKey, e.n))
		return "add " + p, []string{p}
	case op == 1:
		p := e.pick(list)
		v := quoteList(fmt.Sprintf("Alias %d", e.n))
		if otherKey == "order" {
			v = fmt.Sprint(e.rng.IntN(5))
		}
		b.write(t, p, setKey(b.files[p], otherKey, v))
		return otherKey + " of " + p + " = " + v, []string{p}
	default:
		p := e.pick(list)
		b.remove(t, p)
		return "delete " + p, []string{p}
	}
}

// setYAMLTitle sets the top-level title: of a YAML file.
func setYAMLTitle(text, title string) string {
	re := regexp.MustCompile(`(?m)^title:.*$`)
	if re.MatchString(text) {
		return re.ReplaceAllString(text, fmt.Sprintf("title: %q", title))
	}
	return fmt.Sprintf("title: %q\n", title) + text
}

// newRand returns the random source of a seeded test run.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }
