package parse

import (
	"testing"

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
	})
}
