package markup

import (
	"fmt"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
)

// TestDangerousURLs checks that a link or image to a javascript:, vbscript:
// or data: URL (other than a data: image) is an error at the link, since
// the page drops it, and that other schemes pass.
func TestDangerousURLs(t *testing.T) {
	src := "[h](javascript:alert(1)) [v](VBScript:x) [k](data:text/html,x) ![i](javascript:x) [ok](https://e.org) ![p](data:image/png;base64,AA)"
	var d diag.List
	Convert("b.md", []byte(src), 0, &d)
	var got []string
	for _, dg := range d.Sorted() {
		got = append(got, fmt.Sprintf("%d:%d %s", dg.Line, dg.Col, strings.SplitN(dg.Message, ":", 2)[0]))
	}
	want := []string{"1:1 link to a javascript", "1:26 link to a vbscript", "1:42 link to a data", "1:64 link to a javascript"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
