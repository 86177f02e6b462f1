package bibtex

import (
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that no input makes Parse, Text or Names panic or hang,
// that every offset lies in the input, and that valid UTF-8 stays valid.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"@article{haggard_security_2021,\n\ttitle = {Security {Cooperation} with {Seoul}},\n\tauthor = {Haggard, Stephan and van Gogh, Vincent},\n\tmonth = apr,\n\tyear = {2021},\n}\n",
		"@string{k = \"K\"}\n@misc(a, note = k # \" x\" # 12)\n",
		"@comment{x}\n% @bad\n@preamble{\"p\"}",
		"@book{b, title = {M{\\\"u}ller \\& {\\'E}mile -- \\emph{x} \\c{c} {\\'\\i}}}",
		"@article{a, title = {unclosed\n\n@book{b}",
		"@article{a, author = {{Nonproliferation Policy Education Center} and King, Jr., M. L. and others}}",
		"@", "@a{", "@a{k,", "@a{k, t = \"{\"}", "\\", "{\\'", "@a{k, t = {\\}}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		entries, errs := Parse([]byte(s))
		for _, e := range errs {
			if e.Offset < 0 || e.Offset > len(s) || e.Msg == "" {
				t.Errorf("bad error %+v", e)
			}
		}
		for _, e := range entries {
			if e.Offset < 0 || e.Offset >= len(s) || s[e.Offset] != '@' || e.KeyOff > len(s) || e.Key == "" {
				t.Errorf("bad entry %+v", e)
			}
			for _, fl := range e.Fields {
				if fl.Offset < 0 || fl.ValOff < fl.Offset || fl.ValOff > len(s) {
					t.Errorf("bad field %+v", fl)
				}
				txt := Text(fl.Value)
				if utf8.ValidString(s) && !utf8.ValidString(txt) {
					t.Errorf("Text(%q) = %q: invalid UTF-8", fl.Value, txt)
				}
				for _, n := range Names(fl.Value) {
					_ = n.String()
				}
			}
		}
		Text(s)
		Names(s)
	})
}
