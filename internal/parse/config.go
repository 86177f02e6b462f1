package parse

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/text/language"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/suggest"
)

// Config parses briefbook.yaml: title, baseURL (also spelled base_url or
// baseurl), language ("en" when absent) and description. Every key is kept
// in Params. The base URL must be an absolute http or https URL, or a path
// starting with "/" (see [NormalizeBaseURL]); the language must be a BCP 47
// tag, and is stored in its canonical form ("en_US" gives "en-US", as
// <html lang> wants it). A key close to one of these ("languag") is warned
// about with a suggestion. Problems are reported to d; a field with a
// problem is left at its default.
func Config(path string, src []byte, dl *diag.List) model.Site {
	d := newReport(dl)
	defer d.close(path)
	site := model.Site{Language: "en", Params: map[string]any{}}
	root := yamlDoc(path, src, 0, src, d)
	if root == nil || root.kind == kindNull {
		return site
	}
	if root.kind != kindMap {
		d.Errorf(path, src, root.line, root.col, 1, "briefbook.yaml must be a map of keys to values, not %s", describe(root))
		return site
	}
	f := newFields(path, src, root, d)
	site.Title = f.str("title")
	site.Description = f.str("description")
	site.BaseURL = f.baseURL()
	if lang := f.language("language"); lang != "" {
		site.Language = lang
	}
	site.Params = f.params()
	warnTypos(f)
	return site
}

// language returns the value of key as a canonical BCP 47 tag ("en_US" is
// written "en-US"), or "" when key is absent, empty or not a BCP 47 tag
// (reported at the value).
func (f *fields) language(key string) string {
	v := f.get(key)
	if v == nil {
		return ""
	}
	lang := f.str(key)
	if lang == "" {
		return ""
	}
	tag, err := language.Parse(lang)
	if err != nil {
		f.errorAt(v, "invalid language %q: want a BCP 47 tag such as \"en\" or \"ko\"", lang)
		return ""
	}
	return tag.String()
}

// configKeys are the keys of briefbook.yaml that briefbook reads itself.
var configKeys = []string{"title", "description", "baseURL", "base_url", "language"}

// warnTypos warns about each key of briefbook.yaml that briefbook does not
// read but that is close to one it does ("languag"), suggesting it. Other
// keys are the site's own values for templates (.Site.Params) and are kept
// without a word.
func warnTypos(f *fields) {
	warnKeyTypos(f, configKeys, ".Site.Params")
}

// briefKeys are the frontmatter keys of a brief that briefbook reads.
var briefKeys = []string{"title", "date", "summary", "authors", "domain", "domains", "actors", "sources", "updated", "draft", "slug", "lang"}

// warnKeyTypos warns about each key of f that is not one of keys but is
// close to one ("darft", "Draft", "soruces"), suggesting it: a misspelt
// draft: would publish a brief meant to stay unpublished. Other keys are
// kept for templates, as params says, without a word. A key of fewer than
// five characters is suggested only a key that differs from it in case
// alone: "base" is a word of its own, not a typo of "date".
func warnKeyTypos(f *fields, keys []string, params string) {
	for _, fl := range f.m.fields {
		if slices.Contains(keys, fl.key) || strings.ReplaceAll(strings.ToLower(fl.key), "_", "") == "baseurl" {
			continue
		}
		best := suggest.Closest(fl.key, keys)
		if len([]rune(fl.key)) < 5 && !strings.EqualFold(best, fl.key) {
			best = ""
		}
		if best != "" {
			dg := newDiag(diag.Warning, f.path, f.src, fl.line, fl.col, len([]rune(fl.key)),
				fmt.Sprintf("unknown key %q; did you mean %q? (keys briefbook does not read are kept for templates as %s)", fl.key, best, params))
			dg.Suggestion = best
			f.d.add(dg)
		}
	}
}

// baseURL reads the base URL under any of its spellings.
func (f *fields) baseURL() string {
	var key string
	for _, fl := range f.m.fields {
		if norm := strings.ReplaceAll(strings.ToLower(fl.key), "_", ""); norm != "baseurl" {
			continue
		}
		if key != "" {
			f.d.Errorf(f.path, f.src, fl.line, fl.col, len([]rune(fl.key)), "%q repeats %q: give the base URL once", fl.key, key)
			continue
		}
		key = fl.key
	}
	if key == "" {
		return ""
	}
	s := f.str(key)
	if s == "" {
		return ""
	}
	norm, err := NormalizeBaseURL(s)
	if err != nil {
		f.errorAt(f.get(key), "%v", err)
		return ""
	}
	return norm
}

// NormalizeBaseURL checks s as [CheckBaseURL] does and returns it with an
// internationalised host name in its ASCII (xn--, IDNA 2008 lookup) form, as
// every absolute URL of the site must carry it: "https://bücher.example/"
// gives "https://xn--bcher-kva.example/". Anything else is returned as
// written.
func NormalizeBaseURL(s string) (string, error) {
	if err := CheckBaseURL(s); err != nil {
		return "", err
	}
	u, _ := url.Parse(s) // CheckBaseURL parsed it
	host := u.Hostname()
	if host == "" || isASCII(host) {
		return s, nil
	}
	ascii, err := idna.Lookup.ToASCII(host)
	if err != nil {
		return "", fmt.Errorf("invalid base URL %q: its host is not a valid internationalised domain name: %v", s, err)
	}
	if p := u.Port(); p != "" {
		ascii += ":" + p
	}
	start := strings.Index(s, "://") + len("://")
	end := start + strings.IndexByte(s[start:]+"/", '/')
	return s[:start] + ascii + s[end:], nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// CheckBaseURL reports an error unless s is a base URL a site can be
// published at: an absolute http or https URL, or a path starting with
// "/", with no query, fragment or user information (which would end up
// in every link, or publish credentials), and no empty or dot path
// segments ("//", "/./", "/../"), which browsers resolve differently from
// the site's links. A missing trailing slash is allowed; the site adds it.
func CheckBaseURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("invalid base URL %q: %v", s, err)
	}
	abs := (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
	rel := u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(s, "//")
	why := ""
	switch {
	case !abs && !rel:
		why = "want an absolute http or https URL, or a path starting with /"
	case u.User != nil:
		why = "it holds user information, which every page would publish"
	case u.RawQuery != "" || u.ForceQuery || strings.Contains(s, "?"):
		why = "it has a query, which would end up in the middle of every link"
	case u.Fragment != "" || strings.Contains(s, "#"):
		why = "it has a fragment, which would end up in the middle of every link"
	case strings.Contains(strings.TrimSuffix(u.Path, "/"), "//"):
		why = "its path has an empty segment (//)"
	case slices.ContainsFunc(strings.Split(u.Path, "/"), func(seg string) bool { return seg == "." || seg == ".." }):
		why = "its path has a . or .. segment"
	case !isASCII(u.Hostname()):
		if _, err := idna.Lookup.ToASCII(u.Hostname()); err != nil {
			why = "its host is not a valid internationalised domain name: " + err.Error()
			break
		}
		return nil
	default:
		return nil
	}
	return fmt.Errorf("invalid base URL %q: %s", s, why)
}
