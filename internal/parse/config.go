package parse

import (
	"net/url"
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
	u, err := url.Parse(s)
	abs := err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
	rel := err == nil && u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/")
	if !abs && !rel {
		f.errorAt(f.get(key), "invalid base URL %q: want an absolute http or https URL, or a path starting with /", s)
		return ""
	}
	return s
}
