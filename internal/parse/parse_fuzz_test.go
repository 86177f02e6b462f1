package parse

import (
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/diag"
)

// FuzzBrief checks that no input makes the parse path panic or hang, and
// that every diagnostic names the file and a position that is not negative.
// The other parsers share its frontmatter and YAML code and run on the same
// input.
func FuzzBrief(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\ndate: 2021-04-06\ndomain: cyber\nactors: [ROK, Japan]\nsources: [a, {id: b, title: B}]\n---\nBody [[x]] [@a].\n",
		"+++\ntitle = \"T\"\ndate = 2021-04-06\ndomain = [\"a\"]\n[[sources]]\nid = \"b\"\n+++\nBody.\n",
		"---\ndate: 2021-13-45\n---\n",
		"---\ntitle: [\n---\n",
		"+++\ntitle = \"\n+++\n",
		"---\na: &a [x,x]\nb: &b [*a,*a]\nc: [*b,*b]\n<<: {d: 1}\n---\n",
		"\ufeff\r\n---\r\ntitle: x\r\n---\r\n",
		"no frontmatter",
		"---\n",
		"---\n---\n",
		"---\n- a\n---\n",
		"---\na: &x [*x]\n---\n",
		"---\ntitle: \"T\\x0f\\e\\0\"\nsummary: \"\\uFFFF\"\nauthors: [\"\\b\"]\n\"k\\x01\": 1\ndate: 0001-01-01\nupdated: 9999-12-31\ndomain: c\n---\n",
		"---\ndate: 2021-02-30\nupdated: 0000-06-15\n---\n",
		"---\ndate: 10000-01-01\nupdated: -0001-01-01\n---\n",
		"+++\ntitle = \"a\\u001b\"\ndate = 0000-06-15\ndomain = [\"\\u007f\"]\n+++\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		src := []byte(s)
		var d diag.List
		Brief("content/briefs/x.md", src, &d)
		Actor("content/actors/x.md", src, &d)
		Domain("content/domains/x.md", src, &d)
		Home("content/_index.md", src, &d)
		Bibliography("content/sources.yaml", src, &d)
		Config("briefbook.yaml", src, &d)
		for _, x := range d.Sorted() {
			if x.Path == "" || x.Line < 0 || x.Col < 0 || x.Message == "" {
				t.Errorf("bad diagnostic %+v", x)
			}
		}
		// Every date accepted is one HTML, Atom and sitemaps can hold.
		if b := Brief("content/briefs/y.md", src, &diag.List{}); b != nil {
			for _, tm := range []time.Time{b.Date, b.Updated} {
				if y := tm.Year(); y < 1 || y > 9999 {
					t.Errorf("date %v accepted", tm)
				}
			}
		}
	})
}
