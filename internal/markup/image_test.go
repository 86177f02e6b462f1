package markup

import (
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
)

func TestDangerousImageBecomesText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"![a *chart*](javascript:alert(1))", "<p>a <em>chart</em></p>\n"},
		{"x ![VB](vbscript:x) y", "<p>x VB y</p>\n"},
		{"![ok](https://e.org/a.png)", "<p><img src=\"https://e.org/a.png\" alt=\"ok\" /></p>\n"},
		{"![png](data:image/png;base64,AAAA)", "<p><img src=\"data:image/png;base64,AAAA\" alt=\"png\" /></p>\n"},
	}
	for _, tt := range tests {
		doc := Convert("i.md", []byte(tt.in), 0, &diag.List{})
		if string(doc.Body) != tt.want {
			t.Errorf("%q: got %q, want %q", tt.in, doc.Body, tt.want)
		}
	}
}
