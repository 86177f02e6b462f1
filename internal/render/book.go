package render

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/briefbook/briefbook/internal/model"
)

// MaxBookBriefs is the most briefs /book/ shows. The page holds every
// brief's body, about 12 KB each: at 2,000 briefs it is some 25 MB, and a
// 100,000-brief book would make one page of more than a gigabyte, to be
// rendered and minified in memory at every build. A larger book gets a
// /book/ page that says so and lists its domains instead.
const MaxBookBriefs = 2000

// BookData is the whole book on one page (/book/): its chapters in book
// order, for templates/book.html.
type BookData struct {
	Chapters []BookChapter // nil when TooBig
	TooBig   bool          // more than MaxBookBriefs briefs: the page lists the domains only
	Domains  []*model.Domain
	Count    int           // briefs in the book
	Newest   time.Time     // latest date of any brief, zero when none
	Intro    template.HTML // the home page's introduction, links into the book
}

// BookChapter is one domain of the book with the briefs it holds there.
type BookChapter struct {
	Domain *model.Domain // nil for the chapter of briefs without a domain
	N      int           // chapter number, from 1
	ID     string        // element id of the chapter: "bb:part-1"
	Briefs []*BookBrief  // by date, oldest first
}

// BookBrief is a brief as the book shows it: the brief page's data, with
// every element id of its body and references prefixed by ID, so that the
// briefs of one page do not share ids, and its links to other briefs of
// the book turned into links within the page.
type BookBrief struct {
	*BriefData
	ID string // element id of the brief: "b:<slug>"; its inner ids start with ID+":"

	r      *Renderer
	inBook map[string]string // root-relative URL of a brief → its ID
}

// Body returns the brief's body for the book: its HTML as on the brief's
// page, with the ids and links rewritten (see [BookBrief]).
func (b *BookBrief) Body() (template.HTML, error) {
	h, err := Body(&b.Brief.Doc, b.r.base)
	if err != nil {
		return "", err
	}
	return template.HTML(bookHTML(string(h), b.ID+":", b.inBook, 2)), nil
}

// bookOrder returns the book's chapters, from the book order resolve
// made (Book.Contents): one per domain holding briefs, each brief once,
// under the first domain it lists, oldest first; briefs without a domain
// last, in a chapter whose Domain is nil.
func bookOrder(b *model.Book) []BookChapter {
	chapters := make([]BookChapter, len(b.Contents))
	for i, ch := range b.Contents {
		chapters[i] = BookChapter{Domain: ch.Domain, N: ch.N, ID: "bb:part-" + strconv.Itoa(ch.N)}
		for _, br := range ch.Briefs {
			chapters[i].Briefs = append(chapters[i].Briefs, &BookBrief{BriefData: &BriefData{Brief: br}, ID: "b:" + br.Slug})
		}
	}
	return chapters
}

func (r *Renderer) bookPage(c *bookContext) *page {
	return c.htmlPage("book", "/book/", c.newest, func() (*Data, error) {
		d := c.data("book", "/book/", c.siteTitle, "The whole of "+c.siteTitle+" on one page, to read or print.")
		bd := &BookData{Count: len(c.b.Briefs), Newest: c.newest()}
		d.BookPage = bd
		if bd.Count > MaxBookBriefs {
			bd.TooBig, bd.Domains = true, c.b.Domains
			return d, nil
		}
		bd.Chapters = bookOrder(c.b)
		inBook := make(map[string]string, len(c.b.Briefs))
		for _, ch := range bd.Chapters {
			for _, bb := range ch.Briefs {
				inBook[r.rel(orURL(bb.Brief.URL, "briefs", bb.Brief.Slug))] = bb.ID
			}
		}
		for _, ch := range bd.Chapters {
			for _, bb := range ch.Briefs {
				full, err := r.briefData(bb.Brief, false)
				if err != nil {
					return nil, err
				}
				bb.BriefData, bb.r, bb.inBook = full, r, inBook
			}
		}
		intro, err := Body(&c.home.Doc, r.base)
		if err != nil {
			return nil, err
		}
		bd.Intro = template.HTML(bookHTML(string(intro), "bb:intro:", inBook, 1))
		return d, nil
	})
}

// bookHTML returns the HTML fragment h with every id attribute prefixed
// by prefix, and every link within the fragment ("#x") too; a link to a
// brief of the book (a key of inBook, as the renderer writes links, maybe
// with a fragment) leads to that brief on the same page instead. Headings
// go shift levels down (h2 becomes h4 for a shift of 2), at most to h6,
// so that they nest under the book's part and brief titles (and the PDF's
// bookmarks with them). Other tags and all text are kept byte for byte.
func bookHTML(h, prefix string, inBook map[string]string, shift int) string {
	z := html.NewTokenizer(strings.NewReader(h))
	var out bytes.Buffer
	out.Grow(len(h) + len(h)/16)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.String()
		}
		raw := z.Raw()
		if tt == html.EndTagToken {
			tag, _ := z.TagName()
			if name, ok := shiftHeading(tag, shift); ok {
				out.WriteString("</" + name + ">")
				continue
			}
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		tok := z.Token()
		name, changed := shiftHeading([]byte(tok.Data), shift)
		tok.Data = name
		for i, a := range tok.Attr {
			if a.Namespace != "" {
				continue
			}
			switch {
			case a.Key == "id":
				tok.Attr[i].Val = prefix + a.Val
				changed = true
			case a.Key == "href" && strings.HasPrefix(a.Val, "#"):
				tok.Attr[i].Val = "#" + prefix + a.Val[1:]
				changed = true
			case a.Key == "href":
				u, frag, hasFrag := strings.Cut(a.Val, "#")
				if id, ok := inBook[u]; ok {
					if hasFrag && frag != "" {
						id += ":" + frag
					}
					tok.Attr[i].Val = "#" + id
					changed = true
				}
			}
		}
		if !changed {
			out.Write(raw)
			continue
		}
		writeTag(&out, tok)
	}
}

// shiftHeading returns the name of heading tag name shift levels down
// ("h2" gives "h4" for 2, at most "h6"), and whether name is a heading.
func shiftHeading(name []byte, shift int) (string, bool) {
	if len(name) != 2 || name[0]|0x20 != 'h' || name[1] < '1' || name[1] > '6' || shift == 0 {
		return string(name), false
	}
	return "h" + strconv.Itoa(min(6, int(name[1]-'0')+shift)), true
}

// writeTag writes a start tag, its attribute values escaped.
func writeTag(out *bytes.Buffer, tok html.Token) {
	out.WriteByte('<')
	out.WriteString(tok.Data)
	for _, a := range tok.Attr {
		out.WriteByte(' ')
		out.WriteString(a.Key)
		out.WriteString(`="`)
		out.WriteString(html.EscapeString(a.Val))
		out.WriteByte('"')
	}
	if tok.Type == html.SelfClosingTagToken {
		out.WriteString(" /")
	}
	out.WriteByte('>')
}
