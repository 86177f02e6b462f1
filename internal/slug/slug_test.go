package slug

import "testing"

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
