// Package icon draws briefbook's site icon once, in Go, and gives it in
// the two forms a site publishes: SVG (static/favicon.svg, for browsers
// that take vector icons) and ICO (static/favicon.ico, for those that ask
// for /favicon.ico by habit, and for feed readers and link previews).
//
// The drawing below is the only description of the icon: both files are
// written from it by
//
//	go generate ./internal/icon
//
// and TestGenerated fails when either file in static/ is not what the
// drawing gives, so the two cannot drift apart.
package icon

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strconv"
	"strings"

	"golang.org/x/image/vector"
)

//go:generate go test -run ^TestGenerated$ -args -generate

// Size is the side of the drawing's square canvas, in SVG user units.
const Size = 32

// ICOSizes are the pixel sizes of the images in the ICO file, the sizes
// browsers and operating systems ask for.
var ICOSizes = []int{16, 32, 48}

// seg is a path segment in canvas units: 'M' (move to x0,y0), 'L' (line
// to x0,y0), 'C' (cubic Bézier through x0,y0 and x1,y1 to x2,y2) or 'Z'.
type seg struct {
	op                     byte
	x0, y0, x1, y1, x2, y2 float64
}

// shape is a closed path filled with one colour.
type shape struct {
	fill color.RGBA
	path []seg
}

var (
	blue  = color.RGBA{0x1c, 0x5a, 0xa6, 0xff}
	white = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// kappa is the distance of a cubic Bézier's control points from the ends
// of a quarter circle of radius 1 (the usual 4/3·(√2−1)).
const kappa = 0.5522847498

// pathBuilder appends segments; arcs are quarter circles as cubics.
type pathBuilder []seg

func (p *pathBuilder) move(x, y float64) { *p = append(*p, seg{op: 'M', x0: x, y0: y}) }
func (p *pathBuilder) line(x, y float64) { *p = append(*p, seg{op: 'L', x0: x, y0: y}) }
func (p *pathBuilder) close()            { *p = append(*p, seg{op: 'Z'}) }

// quarter draws a quarter circle of radius r from the pen (x0, y0) to
// (x1, y1), bulging towards the corner (cx, cy) of the square they span.
func (p *pathBuilder) quarter(x0, y0, cx, cy, x1, y1 float64) {
	*p = append(*p, seg{op: 'C',
		x0: x0 + (cx-x0)*kappa, y0: y0 + (cy-y0)*kappa,
		x1: x1 + (cx-x1)*kappa, y1: y1 + (cy-y1)*kappa,
		x2: x1, y2: y1})
}

// bowl draws, from the pen at (x, cy-r), a half circle of radius r bulging
// to the right, ending at (x, cy+r).
func (p *pathBuilder) bowl(x, cy, r float64) {
	p.quarter(x, cy-r, x+r, cy-r, x+r, cy)
	p.quarter(x+r, cy, x+r, cy+r, x, cy+r)
}

// roundedSquare is a square of side s at the origin with corners of radius r.
func roundedSquare(s, r float64) []seg {
	var p pathBuilder
	p.move(r, 0)
	p.line(s-r, 0)
	p.quarter(s-r, 0, s, 0, s, r)
	p.line(s, s-r)
	p.quarter(s, s-r, s, s, s-r, s)
	p.line(r, s)
	p.quarter(r, s, 0, s, 0, s-r)
	p.line(0, r)
	p.quarter(0, r, 0, 0, r, 0)
	p.close()
	return p
}

// letterB is a capital B: a stem with two bowls, the lower one larger.
func letterB() []seg {
	var p pathBuilder
	p.move(9, 7)
	p.line(17.5, 7)
	p.bowl(17.5, 11, 4)
	p.line(18.5, 15)
	p.bowl(18.5, 20, 5)
	p.line(9, 25)
	p.close()
	return p
}

// counters are the holes of the B, drawn in the background colour.
func counters() []seg {
	var p pathBuilder
	p.move(13, 10.5)
	p.line(17.5, 10.5)
	p.bowl(17.5, 12, 1.5)
	p.line(13, 13.5)
	p.close()
	p.move(13, 18)
	p.line(18.5, 18)
	p.bowl(18.5, 20, 2)
	p.line(13, 22)
	p.close()
	return p
}

// drawing is the icon: shapes painted in order over a transparent canvas.
func drawing() []shape {
	return []shape{
		{blue, roundedSquare(Size, 7)},
		{white, letterB()},
		{blue, counters()},
	}
}

// SVG returns the icon as an SVG document of Size×Size user units.
func SVG() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d">`, Size, Size)
	for _, s := range drawing() {
		b.WriteString(`<path d="`)
		for i, g := range s.path {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteByte(g.op)
			switch g.op {
			case 'M', 'L':
				b.WriteString(num(g.x0) + " " + num(g.y0))
			case 'C':
				b.WriteString(strings.Join([]string{num(g.x0), num(g.y0), num(g.x1), num(g.y1), num(g.x2), num(g.y2)}, " "))
			}
		}
		fmt.Fprintf(&b, `" fill="#%02x%02x%02x"/>`, s.fill.R, s.fill.G, s.fill.B)
	}
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// num formats a coordinate with at most 3 decimals, no trailing zeros.
func num(v float64) string {
	return strconv.FormatFloat(float64(int64(v*1000+0.5))/1000, 'f', -1, 64)
}

// Image returns the icon drawn on a px×px canvas, anti-aliased.
func Image(px int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, px, px))
	k := float32(px) / Size
	for _, s := range drawing() {
		z := vector.NewRasterizer(px, px)
		for _, g := range s.path {
			switch g.op {
			case 'M':
				z.MoveTo(k*float32(g.x0), k*float32(g.y0))
			case 'L':
				z.LineTo(k*float32(g.x0), k*float32(g.y0))
			case 'C':
				z.CubeTo(k*float32(g.x0), k*float32(g.y0), k*float32(g.x1), k*float32(g.y1), k*float32(g.x2), k*float32(g.y2))
			case 'Z':
				z.ClosePath()
			}
		}
		z.DrawOp = draw.Over
		z.Draw(img, img.Bounds(), image.NewUniform(s.fill), image.Point{})
	}
	return img
}

// ICO returns the icon as a Windows icon file holding one PNG image for
// each of ICOSizes (PNG images in ICO files are read by every browser and
// by Windows since Vista). The layout: a 6-byte header (reserved 0, type
// 1 = icon, image count), a 16-byte directory entry per image (width and
// height, 0 meaning 256; colour count 0; reserved; planes 1; 32 bits per
// pixel; byte size; offset), then the images.
func ICO() ([]byte, error) {
	var imgs [][]byte
	for _, px := range ICOSizes {
		var buf bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(&buf, Image(px)); err != nil {
			return nil, err
		}
		imgs = append(imgs, buf.Bytes())
	}
	var out bytes.Buffer
	le := binary.LittleEndian
	out.Write(le.AppendUint16(nil, 0))
	out.Write(le.AppendUint16(nil, 1))
	out.Write(le.AppendUint16(nil, uint16(len(imgs))))
	offset := 6 + 16*len(imgs)
	for i, data := range imgs {
		px := ICOSizes[i]
		out.Write([]byte{byte(px % 256), byte(px % 256), 0, 0})
		out.Write(le.AppendUint16(nil, 1))
		out.Write(le.AppendUint16(nil, 32))
		out.Write(le.AppendUint32(nil, uint32(len(data))))
		out.Write(le.AppendUint32(nil, uint32(offset)))
		offset += len(data)
	}
	for _, data := range imgs {
		out.Write(data)
	}
	return out.Bytes(), nil
}
