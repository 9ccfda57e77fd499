package diversity

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"github.com/evenhand/evenhand/internal/htmlpage"
)

// WriteHTML writes the report as a self-contained HTML page (no script, no external file): the
// section of [Report.WriteHTMLSection] under a title, with the house style sheet.
func (r *Report) WriteHTML(w io.Writer) error {
	sec, err := r.section()
	if err != nil {
		return err
	}
	return pageTemplate.Execute(w, struct {
		R       *Report
		Section template.HTML
	}{r, sec})
}

// WriteHTMLSection writes the report as one <section> element to put in a page of your own: the
// statistics of both sides, a heatmap of each side's similarity matrix (stories ordered so that
// clusters show as bright squares on the diagonal), a histogram of the similarities, and the
// most similar pairs. Its classes are those of the house style sheet (see WriteHTML).
func (r *Report) WriteHTMLSection(w io.Writer) error {
	sec, err := r.section()
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, string(sec))
	return err
}

func (r *Report) section() (template.HTML, error) {
	var b strings.Builder
	type sideView struct {
		S         Side
		Heatmap   template.HTML
		Histogram template.HTML
	}
	var sides []sideView
	for _, s := range []Side{r.Male, r.Female} {
		sides = append(sides, sideView{S: s, Heatmap: heatmapSVG(s), Histogram: histogramSVG(s)})
	}
	err := sectionTemplate.Execute(&b, struct {
		R     *Report
		Sides []sideView
	}{r, sides})
	if err != nil {
		return "", fmt.Errorf("diversity: html: %w", err)
	}
	return template.HTML(b.String()), nil
}

var funcs = template.FuncMap{
	"f4":    func(x float64) string { return fmt.Sprintf("%.4f", x) },
	"clean": func(s string) string { return htmlpage.Clean(s) },
	"short": func(s string, n int) string {
		return htmlpage.Shorten(htmlpage.Clean(strings.Join(strings.Fields(s), " ")), n)
	},
	"stanceClass": func(s string) string {
		switch strings.ToLower(s) {
		case "moral":
			return "moral"
		case "immoral":
			return "immoral"
		case "both", "can't say":
			return "mixed"
		}
		return "invalid"
	},
	"inc": func(k int) int { return k + 1 },
}

var sectionTemplate = template.Must(template.New("section").Funcs(funcs).Parse(`<section class="diversity">
<h2>How varied are the stories?</h2>
<p class="explain">Cosine similarity of every pair of stories over {{.R.Records}} records, the male stories and the female stories separately{{with .R.Embedder}}, embedded with <code>{{clean .}}</code>{{end}}. Lower means more varied; a maximum near 1 means near-duplicates.</p>
<table class="change"><thead><tr><th>side</th><th>stories</th><th>pairs</th><th>mean</th><th>std</th><th>min</th><th>max</th><th>median</th></tr></thead><tbody>
{{- range .Sides}}{{with .S}}
<tr><th>{{.Gender}}</th><td>{{.Vectors}}</td><td>{{.Stats.Pairs}}</td><td>{{f4 .Mean}}</td><td>{{f4 .Std}}</td><td>{{f4 .Min}}</td><td>{{f4 .Max}}</td><td>{{f4 .Median}}</td></tr>
{{- end}}{{end}}
</tbody></table>
{{- range .Sides}}
<h3>{{.S.Gender}} stories</h3>
<div class="stats" style="align-items: flex-start">{{.Heatmap}}{{.Histogram}}</div>
{{- if .S.TopPairs}}
<table class="pairs"><thead><tr><th>#</th><th>cosine</th><th>story</th><th>story</th></tr></thead><tbody>
{{- range $k, $p := .S.TopPairs}}
<tr><td>{{inc $k}}</td><td>{{f4 .Cosine}}</td><td>{{with .A.Name}}<b>{{short . 40}}</b> {{end}}{{with .A.Stance}}<span class="stance {{stanceClass .}}">{{.}}</span> {{end}}<span class="fav">record {{.A.Record}}</span><div class="expl">{{short .A.Text 220}}</div></td><td>{{with .B.Name}}<b>{{short . 40}}</b> {{end}}{{with .B.Stance}}<span class="stance {{stanceClass .}}">{{.}}</span> {{end}}<span class="fav">record {{.B.Record}}</span><div class="expl">{{short .B.Text 220}}</div></td></tr>
{{- end}}
</tbody></table>
{{- end}}
{{- end}}
</section>`))

var pageTemplate = template.Must(htmlpage.New("page").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/><title>Story diversity</title>
<style>{{template "style"}}
table.pairs td { width: auto; }
table.pairs td:nth-child(3), table.pairs td:nth-child(4) { width: 45%; }
</style></head><body>
<h1>Story diversity</h1>
<p class="note">evenhand diversity report</p>
{{.Section}}
<footer>Made by evenhand's diversity package.</footer>
</body></html>
`))

// colour maps t in [0, 1] to a sequential palette (dark blue, teal, yellow).
func colour(t float64) string {
	stops := [][3]float64{{34, 30, 84}, {39, 110, 140}, {42, 170, 130}, {160, 210, 70}, {253, 231, 37}}
	t = min(max(t, 0), 1) * float64(len(stops)-1)
	k := min(int(t), len(stops)-2)
	f := t - float64(k)
	var c [3]int
	for x := range c {
		c[x] = int(math.Round(stops[k][x] + f*(stops[k+1][x]-stops[k][x])))
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
}

// heatmapSVG draws the heatmap of one side; the colour scale runs from the smallest to the
// largest cell off the diagonal (or of the whole map when there is none).
func heatmapSVG(s Side) template.HTML {
	h := s.Heatmap
	if h == nil || h.Size == 0 {
		return ""
	}
	const side = 360.0
	cell := side / float64(h.Size)
	lo, hi := math.Inf(1), math.Inf(-1)
	for a := range h.Size {
		for b := range h.Size {
			if a != b || h.Size == 1 {
				v := h.Cells[a*h.Size+b]
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	if hi <= lo {
		hi = lo + 1e-9
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" width="420" height="410" viewBox="0 0 420 410" role="img" aria-label="%s similarity heatmap">`, s.Gender)
	fmt.Fprintf(&b, `<text x="0" y="12">Similarity matrix, %d stories in %d groups</text>`, s.Vectors, h.Size)
	for a := range h.Size {
		for c := range h.Size {
			v := h.Cells[a*h.Size+c]
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%.3f</title></rect>`,
				htmlpage.Num(float64(c)*cell), htmlpage.Num(20+float64(a)*cell), htmlpage.Num(cell+0.3), htmlpage.Num(cell+0.3), colour((v-lo)/(hi-lo)), v)
		}
	}
	// Colour legend.
	for k := range 20 {
		fmt.Fprintf(&b, `<rect x="375" y="%s" width="14" height="18.2" fill="%s"/>`, htmlpage.Num(20+side-float64(k+1)*18), colour((float64(k)+0.5)/20))
	}
	fmt.Fprintf(&b, `<text class="tick" x="392" y="30">%.2f</text><text class="tick" x="392" y="%s">%.2f</text>`, hi, htmlpage.Num(20+side), lo)
	fmt.Fprintf(&b, `<text class="tick" x="0" y="%s">stories ordered so that similar ones sit together</text></svg>`, htmlpage.Num(side+38))
	return template.HTML(b.String())
}

// histogramSVG draws the histogram of one side's similarities with the mean and median marked.
func histogramSVG(s Side) template.HTML {
	hg := s.Histogram
	if len(hg.Counts) == 0 {
		return ""
	}
	const w, h, x0, y0 = 400.0, 240.0, 40.0, 20.0
	var top int64
	for _, c := range hg.Counts {
		top = max(top, c)
	}
	bw := w / float64(len(hg.Counts))
	xOf := func(v float64) float64 { return x0 + (v-hg.Lo)/hg.Width*bw }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="histogram" width="460" height="300" viewBox="0 0 460 300" role="img" aria-label="%s similarity histogram">`, s.Gender)
	fmt.Fprintf(&b, `<text x="%s" y="12">Pairs by cosine similarity (%d pairs)</text>`, htmlpage.Num(x0), s.Stats.Pairs)
	for k, c := range hg.Counts {
		bh := 0.0
		if top > 0 {
			bh = float64(c) / float64(top) * h
		}
		lo := hg.Lo + float64(k)*hg.Width
		fmt.Fprintf(&b, `<rect class="male" x="%s" y="%s" width="%s" height="%s" data-value="%d"><title>[%.3f, %.3f): %d</title></rect>`,
			htmlpage.Num(x0+float64(k)*bw+0.5), htmlpage.Num(y0+h-bh), htmlpage.Num(max(bw-1, 0.5)), htmlpage.Num(bh), c, lo, lo+hg.Width, c)
	}
	// Axis ticks: about five, at bin edges.
	step := max(1, len(hg.Counts)/5)
	for k := 0; k <= len(hg.Counts); k += step {
		x := x0 + float64(k)*bw
		fmt.Fprintf(&b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/><text class="tick" x="%s" y="%s" text-anchor="middle">%.2f</text>`,
			htmlpage.Num(x), htmlpage.Num(y0+h), htmlpage.Num(x), htmlpage.Num(y0+h+5), htmlpage.Num(x), htmlpage.Num(y0+h+18), hg.Lo+float64(k)*hg.Width)
	}
	fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="end">%d</text>`, htmlpage.Num(x0-4), htmlpage.Num(y0+8), top)
	for _, m := range []struct {
		name string
		v    float64
		dy   float64
	}{{"mean", s.Mean, 0}, {"median", s.Median, 12}} {
		x := xOf(m.v)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#c0504d" stroke-width="1.5" stroke-dasharray="4 3"/><text x="%s" y="%s" class="tick">%s %.3f</text>`,
			htmlpage.Num(x), htmlpage.Num(y0), htmlpage.Num(x), htmlpage.Num(y0+h), htmlpage.Num(x+3), htmlpage.Num(y0+10+m.dy), m.name, m.v)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
