package parse

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// Config parses briefbook.yaml: title, baseURL (also spelled base_url or
// baseurl), language ("en" when absent) and description. Every key is kept
// in Params. The base URL must be an absolute http or https URL, or a path
// starting with "/"; the language must be a BCP 47 tag. Problems are
// reported to d; a field with a problem is left at its default.
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
	if v := f.get("language"); v != nil {
		if lang := f.str("language"); lang != "" {
			if _, err := language.Parse(lang); err != nil {
				f.errorAt(v, "invalid language %q: want a BCP 47 tag such as \"en\" or \"ko\"", lang)
			} else {
				site.Language = lang
			}
		}
	}
	site.Params = f.params()
	return site
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
	if err := CheckBaseURL(s); err != nil {
		f.errorAt(f.get(key), "%v", err)
		return ""
	}
	return s
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
	default:
		return nil
	}
	return fmt.Errorf("invalid base URL %q: %s", s, why)
}
