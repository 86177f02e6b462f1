package parse

import (
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
)

// billionLaughs returns a YAML document whose aliases expand to 10^levels
// values.
func billionLaughs(levels int) string {
	var b strings.Builder
	b.WriteString("a00: &a00 [lol]\n")
	for i := 1; i <= levels; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func itoa(i int) string { return string(rune('0'+i/10)) + string(rune('0'+i%10)) }

func TestAliasBomb(t *testing.T) {
	// 10^9 values when expanded; must be refused, not expanded. A hang
	// here shows as a test timeout.
	bomb := billionLaughs(9)
	for _, tt := range []struct {
		name string
		run  func(d *diag.List) bool // reports whether the result is unusable
		src  string
		want string
	}{
		{"brief", func(d *diag.List) bool { return Brief("b.md", []byte("---\n"+bomb+"---\n"), d) == nil }, "",
			"b.md:7:30: error: malformed YAML: aliases expand to more than 100000 values (a YAML alias bomb?)"},
		{"bibliography", func(d *diag.List) bool { return Bibliography("s.yaml", []byte(bomb), d) == nil }, "",
			"s.yaml:6:30: error: malformed YAML: aliases expand to more than 100000 values (a YAML alias bomb?)"},
		{"config", func(d *diag.List) bool { Config("c.yaml", []byte(bomb), d); return true }, "",
			"c.yaml:6:30: error: malformed YAML: aliases expand to more than 100000 values (a YAML alias bomb?)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			if !tt.run(&d) {
				t.Error("result is usable, want nil")
			}
			ds := d.Sorted()
			if len(ds) != 1 || ds[0].String() != tt.want {
				t.Errorf("got %v, want %s", ds, tt.want)
			}
		})
	}
}

func TestAliasesWithinLimit(t *testing.T) {
	var d diag.List
	b := Brief("b.md", []byte("---\ntitle: T\ndate: 2021-04-06\ndomain: x\n"+billionLaughs(4)+"---\n"), &d)
	checkDiags(t, &d, nil)
	if b == nil {
		t.Fatal("Brief = nil")
	}
	a4 := b.Params["a04"].([]any)
	if len(a4) != 10 || len(a4[9].([]any)) != 10 {
		t.Errorf("a04 = %v, want 10 lists of 10", a4)
	}
}

func TestDeepNesting(t *testing.T) {
	for _, src := range []string{
		"---\na: " + strings.Repeat("[", 20000) + "\n---\n",
		"---\na: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n---\n",
		"+++\na = " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n+++\n",
		"+++\na = " + strings.Repeat("{b=", 20000) + "1" + strings.Repeat("}", 20000) + "\n+++\n",
	} {
		var d diag.List
		Brief("b.md", []byte(src), &d) // must not crash or hang
		if !d.HasErrors() {
			t.Errorf("%.20q...: no error", src)
		}
	}
}
