// Package htmlpage is the kit of the self-contained HTML reports (compare's Report and Change
// pages, and the bench and diversity reports): one style sheet, escaping of data text for pages
// that are also well-formed XML, number formats, and the SVG bar chart with confidence whiskers.
//
// A page built with [New] can use two templates: {{template "style"}} inside its <style>
// element, and {{template "chart" .}} with a [Chart] to draw horizontal bars (rect elements of
// class "bar" carrying data-value, and data-env, data-which or data-flip when set) with optional
// 95% interval whiskers on a 0-100% axis. Text from data must go through [Clean] first; the
// template functions "num" (one decimal) and "add" are installed.
//
// The style sheet's classes: .stats/.stat (.l label, .v value, .d detail) for headline figures,
// p.note and p.explain, svg.chart, rect.overall/env/before/after/male/female/resolved/introduced
// for bar colours, tables (.change, .pairs, tbody.pair), .story and .expl for long text,
// .stance.moral/immoral/mixed/invalid badges, .fav, .warn for a warning box, and footer.
package htmlpage

import (
	"html/template"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Chart geometry, in SVG user units: a chart is drawn in a 720-wide view box with the row labels
// right-aligned at x = 170, bars from BarX over BarW units (100%), and each bar's figure at ValueX.
const (
	BarX   = 180.0
	BarW   = 420.0
	ValueX = 608.0
)

// Chart is a horizontal bar chart, drawn by the "chart" template.
type Chart struct {
	Label  string  // aria-label
	Height float64 // view box height
	Ticks  []Tick  // axis ticks; see [Ticks]
	Rows   []Row
	Legend bool // draw a before/after legend
}

// Tick is an axis tick at X labelled Text.
type Tick struct {
	X    float64
	Text string
}

// Row is one labelled row of bars.
type Row struct {
	Label  string
	LabelY float64
	Bars   []Bar
	Strong bool // bold label (an overall row)
}

// Bar is one bar. Class is its CSS classes (include "bar"); Env, Which and Flip become data-env,
// data-which and data-flip when not empty; Value is data-value, the exact figure.
type Bar struct {
	Class, Env, Which, Flip string
	Value                   string
	X, Y, W, H              float64
	Tip                     string // tooltip
	Text                    string // the figure as shown
	TextX, TextY            float64
	CI                      bool // draw whiskers from CILo to CIHi at height CIY
	CILo, CIHi, CIY         float64
}

// Ticks returns the 0%, 25%, 50%, 75% and 100% ticks of the chart axis.
func Ticks() []Tick {
	t := make([]Tick, 0, 5)
	for i := range 5 {
		t = append(t, Tick{X: BarX + BarW*float64(i)/4, Text: strconv.Itoa(25*i) + "%"})
	}
	return t
}

// RateBar returns a bar for a rate in [0, 1] with its interval ci, at height y, h units tall.
func RateBar(class, env, which string, rate float64, ci [2]float64, y, h float64, tip string) Bar {
	return Bar{
		Class: class, Env: env, Which: which, Value: Full(rate),
		X: BarX, Y: y, W: BarW * Clamp01(rate), H: h, Tip: tip,
		Text: Pct(rate), TextX: ValueX, TextY: y + h - 2,
		CI: true, CILo: BarX + BarW*Clamp01(ci[0]), CIHi: BarX + BarW*Clamp01(ci[1]), CIY: y + h/2,
	}
}

// Pct formats a share as a percentage with one decimal: "12.5%".
func Pct(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }

// Full formats x in full precision, for data attributes.
func Full(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Num formats x with one decimal, for SVG coordinates.
func Num(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// Clamp01 limits x to [0, 1].
func Clamp01(x float64) float64 { return min(max(x, 0), 1) }

// Clean makes s valid UTF-8 made only of characters XML allows, replacing the others with U+FFFD.
// html/template escapes markup; Clean keeps the page well-formed XML as well.
func Clean(s string) string {
	ok := utf8.ValidString(s)
	for _, r := range s {
		if !ok || !XMLChar(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s { // each invalid UTF-8 byte decodes as RuneError, which XML allows
		if !XMLChar(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// XMLChar reports whether r is a Char of the XML 1.0 grammar.
func XMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// Shorten cuts s to at most n runes, ending with "…" when it cut.
func Shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// New returns an empty html/template named name holding the kit's "style" and "chart"
// templates and the functions "num" and "add". Parse the page's own body into it.
func New(name string) *template.Template {
	t := template.New(name).Funcs(template.FuncMap{"num": Num, "add": func(a, b float64) float64 { return a + b }})
	template.Must(t.New("htmlpage").Parse(kit))
	return t
}

// CSS is the style sheet the "style" template writes. It avoids '<' and '&', so it is also
// well-formed XML text.
const CSS = `body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2933; max-width: 1100px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #d9dee3; padding-bottom: 0.2em; }
p.note { color: #52606d; margin-top: 0; }
p.explain { color: #52606d; font-size: 0.92em; max-width: 52em; }
.stats { display: flex; flex-wrap: wrap; gap: 0.8em; margin: 1.2em 0; }
.stat { border: 1px solid #d9dee3; border-radius: 6px; padding: 0.6em 0.9em; min-width: 10em; }
.stat .v { font-size: 1.5em; font-weight: 600; }
.stat .l { color: #52606d; font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.04em; }
.stat .d { color: #52606d; font-size: 0.8em; }
svg.chart { width: 100%; max-width: 760px; height: auto; display: block; }
svg text { font: 12px system-ui, sans-serif; fill: #1f2933; }
svg text.tick { fill: #7b8794; font-size: 11px; }
svg text.strong { font-weight: 600; }
svg line.grid { stroke: #e4e7eb; }
svg line.ci { stroke: #1f2933; stroke-width: 1.5; }
rect.overall { fill: #7c3aed; }
rect.env { fill: #a78bfa; }
rect.before { fill: #9aa5b1; }
rect.after { fill: #2a9d8f; }
rect.male { fill: #3b6fb6; }
rect.female { fill: #d9822b; }
rect.resolved { fill: #2a9d8f; }
rect.introduced { fill: #c0504d; }
svg text.onbar { fill: #ffffff; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { text-align: left; vertical-align: top; padding: 0.45em 0.6em; border: 1px solid #e4e7eb; }
th { background: #f5f7fa; font-weight: 600; }
table.change td, table.change th { width: auto; }
table.pairs td { width: 50%; }
tbody.pair th.head { background: #eef2f7; }
.story { white-space: pre-wrap; }
.expl { white-space: pre-wrap; color: #323f4b; font-size: 0.93em; }
.stance { display: inline-block; padding: 0.05em 0.5em; border-radius: 4px; font-weight: 600; font-size: 0.9em; }
.stance.moral { background: #d8f3dc; color: #1b4332; }
.stance.immoral { background: #ffd6d6; color: #7f1d1d; }
.stance.mixed { background: #fff3c4; color: #6b4f00; }
.stance.invalid { background: #e4e7eb; color: #52606d; }
.fav { color: #52606d; font-size: 0.85em; margin-left: 0.4em; }
.legend rect { stroke: none; }
footer { margin-top: 3em; color: #7b8794; font-size: 0.85em; }
p.warn { background: #fff3c4; border: 1px solid #e0b400; border-radius: 6px; padding: 0.6em 0.9em; color: #6b4f00; }
`

// kit holds the shared template definitions.
const kit = `{{define "style"}}` + CSS + `{{end}}
{{define "chart"}}<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 720 {{num .Height}}" role="img" aria-label="{{.Label}}">
{{- range .Ticks}}
<line class="grid" x1="{{num .X}}" y1="14" x2="{{num .X}}" y2="{{num $.Height}}"/><text class="tick" x="{{num .X}}" y="11" text-anchor="middle">{{.Text}}</text>
{{- end}}
{{- if .Legend}}
<g class="legend"><rect class="before" x="6" y="3" width="10" height="10"/><text x="20" y="12">before</text><rect class="after" x="70" y="3" width="10" height="10"/><text x="84" y="12">after</text></g>
{{- end}}
{{- range .Rows}}
<g class="row"><text x="170" y="{{num .LabelY}}" text-anchor="end"{{if .Strong}} class="strong"{{end}}>{{.Label}}</text>
{{- range .Bars}}
<rect class="{{.Class}}" x="{{num .X}}" y="{{num .Y}}" width="{{num .W}}" height="{{num .H}}" data-value="{{.Value}}"{{with .Env}} data-env="{{.}}"{{end}}{{with .Which}} data-which="{{.}}"{{end}}{{with .Flip}} data-flip="{{.}}"{{end}}><title>{{.Tip}}</title></rect>
{{- if .CI}}<line class="ci" x1="{{num .CILo}}" y1="{{num .CIY}}" x2="{{num .CIHi}}" y2="{{num .CIY}}"/><line class="ci" x1="{{num .CILo}}" y1="{{num .Y}}" x2="{{num .CILo}}" y2="{{num (add .Y .H)}}"/><line class="ci" x1="{{num .CIHi}}" y1="{{num .Y}}" x2="{{num .CIHi}}" y2="{{num (add .Y .H)}}"/>{{end}}
<text x="{{num .TextX}}" y="{{num .TextY}}">{{.Text}}</text>
{{- end}}</g>
{{- end}}
</svg>{{end}}
`
