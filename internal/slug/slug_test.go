package slug

import (
	"strings"
	"testing"
)

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"gsomia", "gsomia"},
		{"GSOMIA Renewal", "gsomia-renewal"},
		{"  Supply chains & 5G ", "supply-chains-5g"},
		{"already-a-slug", "already-a-slug"},
		{"snake_case_name", "snake-case-name"},
		{"Freedom of Navigation (FONOP)", "freedom-of-navigation-fonop"},
		{"한일 정보보호협정", "한일-정보보호협정"},
		{"日韓秘密軍事情報保護協定", "日韓秘密軍事情報保護協定"},
		{"Moon Jae-in", "moon-jae-in"},
		{"Café", "café"},
		{"Cafe\u0301", "café"}, // decomposed é normalizes to the composed form
		{"!!!", ""},
		{"", ""},
		{"a--b", "a-b"},
		{"v2.0 release", "v2-0-release"},
		{"<script>alert(1)</script>", "script-alert-1-script"},
	}
	for _, tt := range tests {
		if got := Make(tt.in); got != tt.want {
			t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Republic of Korea", "republic of  korea"},
		{"ROK", "rok"},
		{" Japan ", "japan"},
		{"Cafe\u0301", "CAFÉ"},
	}
	for _, tt := range tests {
		if Key(tt.a) != Key(tt.b) {
			t.Errorf("Key(%q) = %q, Key(%q) = %q; want equal", tt.a, Key(tt.a), tt.b, Key(tt.b))
		}
	}
	if Key("ROK") == Key("DPRK") {
		t.Error("different names share a key")
	}
}

func TestSameName(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"C++", "C#", false}, // issue 10: both slug to "c"
		{"C++", "c", false},
		{"C#", "C", false},
		{"U.S.–China", "u-s-china", true},
		{"Supply chains & 5G", "supply-chains-5g", true},
		{"Freedom of Navigation (FONOP)", "freedom-of-navigation-fonop", true},
		{"South Korea", "south-korea", true},
		{"snake_case_name", "Snake Case Name", true},
		{"Cafe\u0301", "CAFÉ", true},
		{"Trade!", "trade", true},
		{"AT&T", "at-t", true},
		{"C*", "c", true}, // punctuation other than #, @ and %
		{"@user", "user", false},
		{"50%", "50", false},
		{"a+b", "a-b", false},
	}
	for _, tt := range tests {
		if Make(tt.a) != Make(tt.b) {
			t.Fatalf("%q and %q do not share a slug", tt.a, tt.b)
		}
		if got := SameName(tt.a, tt.b); got != tt.same {
			t.Errorf("SameName(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}

func TestProblem(t *testing.T) {
	long := strings.Repeat("a", 256)
	tests := []struct{ s, want string }{
		{"gsomia", ""},
		{strings.Repeat("a", 255), ""},
		{long, "its slug is 256 bytes long, over the limit of 255 for a file name: shorten it"},
		{strings.Repeat("한", 86), "its slug is 258 bytes long, over the limit of 255 for a file name: shorten it"},
		{"con", `its slug "con" is a name Windows reserves for devices, which no file or folder can have there: choose another`},
		{"lpt9", `its slug "lpt9" is a name Windows reserves for devices, which no file or folder can have there: choose another`},
		{"console", ""},
	}
	for _, tt := range tests {
		if got := Problem(tt.s); got != tt.want {
			t.Errorf("Problem(%.20q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}
