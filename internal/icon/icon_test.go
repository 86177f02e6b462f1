package icon

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"flag"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var generate = flag.Bool("generate", false, "write static/favicon.svg and static/favicon.ico from the drawing")

// TestGenerated requires the theme's favicon.svg and favicon.ico to be what
// the drawing gives; with -generate (go generate ./internal/icon) it writes
// them.
func TestGenerated(t *testing.T) {
	ico, err := ICO()
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"favicon.svg": SVG(), "favicon.ico": ico}
	for name, want := range files {
		p := filepath.Join("..", "..", "static", name)
		if *generate {
			if err := os.WriteFile(p, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		have, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(have, want) {
			t.Errorf("static/%s is not what the drawing gives (%v): run go generate ./internal/icon", name, err)
		}
	}
}

// TestICO reads the ICO file as a browser does: its header, one directory
// entry per size, each pointing at a PNG of that size, with the white
// letter on the blue square and transparent corners.
func TestICO(t *testing.T) {
	ico, err := ICO()
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if le.Uint16(ico[0:]) != 0 || le.Uint16(ico[2:]) != 1 || int(le.Uint16(ico[4:])) != len(ICOSizes) {
		t.Fatalf("header % x: want reserved 0, type 1, %d images", ico[:6], len(ICOSizes))
	}
	for i, px := range ICOSizes {
		e := ico[6+16*i:]
		if int(e[0]) != px || int(e[1]) != px || le.Uint16(e[6:]) != 32 {
			t.Errorf("entry %d: % x, want %d×%d at 32 bits", i, e[:16], px, px)
		}
		size, off := le.Uint32(e[8:]), le.Uint32(e[12:])
		if int(off+size) > len(ico) {
			t.Fatalf("entry %d: image at %d+%d past the end (%d)", i, off, size, len(ico))
		}
		img, err := png.Decode(bytes.NewReader(ico[off : off+size]))
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		if b := img.Bounds(); b.Dx() != px || b.Dy() != px {
			t.Errorf("entry %d: image is %v, want %d×%d", i, b, px, px)
		}
		at := func(x, y float64) color.RGBA {
			c := color.RGBAModel.Convert(img.At(int(x*float64(px)/Size), int(y*float64(px)/Size))).(color.RGBA)
			return c
		}
		if c := at(0, 0); c.A != 0 {
			t.Errorf("%d px: corner %v, want transparent", px, c)
		}
		if c := at(10.5, 16); c != white {
			t.Errorf("%d px: the stem of the B is %v, want white", px, c)
		}
		if c := at(4, 16); c != blue {
			t.Errorf("%d px: the square is %v, want blue", px, c)
		}
		if c := at(15, 20); c != blue {
			t.Errorf("%d px: the lower counter is %v, want blue", px, c)
		}
	}
}

// TestSVG checks that the SVG is well-formed XML with one path per shape.
func TestSVG(t *testing.T) {
	var doc struct {
		XMLName xml.Name
		ViewBox string `xml:"viewBox,attr"`
		Paths   []struct {
			D    string `xml:"d,attr"`
			Fill string `xml:"fill,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal(SVG(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.XMLName.Local != "svg" || doc.ViewBox != "0 0 32 32" || len(doc.Paths) != len(drawing()) {
		t.Fatalf("got %+v", doc)
	}
	if doc.Paths[0].Fill != "#1c5aa6" || doc.Paths[1].Fill != "#ffffff" {
		t.Errorf("fills %q %q", doc.Paths[0].Fill, doc.Paths[1].Fill)
	}
}
