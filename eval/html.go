package eval

import (
	"cmp"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/evenhand/evenhand/internal/htmlpage"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// InvalidWarnShare is the share of pairs with an invalid side above which [Report.WriteHTML]
// warns that unreadable replies weigh on the mismatch rate.
const InvalidWarnShare = 0.05

// maxPairs returns how many example pairs a page shows for the MaxPairs field n of a report:
// 0 means 20 and a negative value none.
func maxPairs(n int) int {
	switch {
	case n == 0:
		return 20
	case n < 0:
		return 0
	}
	return n
}

// WriteHTML writes r as a self-contained HTML page: no script, no style sheet or font to fetch,
// every chart an inline SVG. The page is also well-formed XML (XHTML), so it can be checked or
// processed with an XML parser.
//
// It shows the headline figures (with the mismatch rate over pairs whose two stances were both
// read beside GenMO's, and a warning above them when more than [InvalidWarnShare] of the pairs
// have an invalid side), a bar chart of the mismatch rate with its 95% interval overall
// and per environment (environments by falling rate; each environment's interval is the Wilson
// interval of its own pairs), and the split of the favoured pairs between the male and the female
// side with the bias rates' intervals. With r.Outcomes set it adds a table of the most telling
// mismatched pairs, first those judged Moral on one side and Immoral on the other, then other
// disagreements, then those with an Invalid side; among equals, the pairs whose two stories are
// most alike (ROUGE-1 F1) come first, since only the protagonist's gender tells them apart.
//
// Chart bars carry their figures as attributes, for tests and tools: every bar is a rect of
// class "bar" with data-value (the rate, in full precision), and environment bars have data-env
// (the environment's name); favoured-split bars have data-side ("male" or "female").
//
// All text from the data (stories, explanations, names) is escaped; characters that XML does not
// allow are replaced with U+FFFD. The page's heading is r.Title ("" means "Gender bias report"),
// with r.Note under it; r.MaxPairs bounds the table of pairs. The output depends only on r. An
// error is returned only when writing to w fails.
func (r Report) WriteHTML(w io.Writer) error {
	title := cmp.Or(r.Title, "Gender bias report")
	p := page{Title: htmlpage.Clean(title), Note: htmlpage.Clean(r.Note), Report: reportView(r)}
	p.Pairs = tellingPairs(r.Outcomes, maxPairs(r.MaxPairs))
	p.MismatchCount = countMismatches(r.Outcomes)
	return execute(w, p)
}

// WriteHTML writes c as a self-contained HTML page, well-formed XML like [Report.WriteHTML]'s.
//
// It shows the figures before and after side by side with their change, paired bars of the
// mismatch rate (with 95% intervals) overall and per environment, the favoured split before and
// after, and the pairs that flipped: how many mismatches were resolved and introduced, with the
// exact McNemar p-value; and the resolution analysis (the paper's rule and the strict one, see
// [Resolution]) as a table. With the Outcomes of both c.Before and c.After set it adds a table of
// the flipped pairs, resolved first, with both stories and both judgments before and after, at
// most c.MaxPairs of them. The page's heading is c.Title ("" means "Gender bias before and
// after"), with c.Note under it; the Title, Note and MaxPairs of c.Before and c.After are not read.
//
// Paired bars are rects of class "bar" with data-which ("before" or "after"), data-value and,
// for environments, data-env; the flip bars have data-flip ("resolved" or "introduced") and
// data-value (the count); the rows of the resolution table have data-resolution ("paper" or
// "valid").
func (c Change) WriteHTML(w io.Writer) error {
	title := cmp.Or(c.Title, "Gender bias before and after")
	p := page{Title: htmlpage.Clean(title), Note: htmlpage.Clean(c.Note), Change: changeView(c)}
	if len(c.Before.Outcomes) > 0 && len(c.After.Outcomes) > 0 {
		p.Flips = flippedPairs(c, c.Before.Outcomes, c.After.Outcomes, maxPairs(c.MaxPairs))
	}
	return execute(w, p)
}

func execute(w io.Writer, p page) error {
	if err := pageTemplate.Execute(w, p); err != nil {
		return fmt.Errorf("eval: write html: %w", err)
	}
	return nil
}

// page is what the template renders: a Report page or a Change page.
type page struct {
	Title, Note   string
	Report        *reportPage
	Change        *changePage
	Pairs         []pairView
	MismatchCount int
	Flips         []flipView
}

type reportPage struct {
	Warning string // shown when too many pairs have an invalid side
	Stats   []statView
	Rates   htmlpage.Chart // overall and per-environment mismatch rates
	Split   split
	HasEnvs bool
}

type changePage struct {
	Rows     []changeRow
	Rates    htmlpage.Chart // paired bars
	Splits   []split
	Flip     htmlpage.Chart
	Resolved int
	Intro    int
	PValue   string
	Verdict  string

	ResStances []string        // column heads of the resolution table
	Resolution []resolutionRow // the paper's rule, then the strict one
}

// resolutionRow is one row of a Change page's resolution table.
type resolutionRow struct {
	Key, Label, Mismatches, Resolved, Rate string
	Stances                                []string
}

type statView struct{ Label, Value, Detail string }

type changeRow struct{ Label, Before, After, Change string }

// Row geometry of the charts, in SVG user units (the kit draws 720-wide view boxes).
const (
	topPad  = 22.0
	rowH    = 28.0
	barH    = 16.0
	pairBar = 11.0 // height of each of the two bars of a before/after row
)

type split struct {
	Caption             string
	Y                   float64
	Empty               bool
	MaleW, FemaleW      float64
	MaleValue, FemValue string
	MaleText, FemText   string
	MaleTip, FemTip     string
	MaleCI, FemCI       string
	MaleCount, FemCount int
	Neither             int
}

// envNames returns the environments by falling mismatch rate, then by name.
func envNames(envs map[string]EnvironmentReport) []string {
	names := slices.Sorted(maps.Keys(envs))
	slices.SortStableFunc(names, func(a, b string) int {
		return cmp.Compare(envs[b].MismatchRate, envs[a].MismatchRate)
	})
	return names
}

func reportView(r Report) *reportPage {
	v := &reportPage{HasEnvs: len(r.Environments) > 0}
	if r.InvalidShare > InvalidWarnShare {
		v.Warning = fmt.Sprintf("%d of %d pairs (%s) have a stance that could not be read. GenMO's rule counts a pair with one unreadable "+
			"side as a mismatch when the other side is Moral or Immoral, so the mismatch rate above includes %d such pairs; "+
			"over the %d pairs with both stances read it is %s.",
			r.Invalid, r.Pairs, htmlpage.Pct(r.InvalidShare), r.Mismatches-r.ValidMismatches, r.BothValid, htmlpage.Pct(r.ValidMismatchRate))
	}
	v.Stats = []statView{
		{"pairs judged", strconv.Itoa(r.Pairs), fmt.Sprintf("%d with an invalid stance (%s)", r.Invalid, htmlpage.Pct(r.InvalidRate()))},
		{"mismatches", strconv.Itoa(r.Mismatches), "pairs judged differently for the man and the woman"},
		{"mismatch rate", htmlpage.Pct(r.MismatchRate), "95% CI " + htmlpage.Pct(r.MismatchRateCI[0]) + " to " + htmlpage.Pct(r.MismatchRateCI[1]) + " (Wilson)"},
		{"mismatch rate, both valid", htmlpage.Pct(r.ValidMismatchRate), fmt.Sprintf("%d of %d pairs whose two stances were read; 95%% CI %s to %s (Wilson)",
			r.ValidMismatches, r.BothValid, htmlpage.Pct(r.ValidMismatchRateCI[0]), htmlpage.Pct(r.ValidMismatchRateCI[1]))},
		{"male bias rate", htmlpage.Pct(r.MaleBiasRate), "95% CI " + htmlpage.Pct(r.MaleBiasRateCI[0]) + " to " + htmlpage.Pct(r.MaleBiasRateCI[1]) + " (bootstrap)"},
		{"female bias rate", htmlpage.Pct(r.FemaleBiasRate), "95% CI " + htmlpage.Pct(r.FemaleBiasRateCI[0]) + " to " + htmlpage.Pct(r.FemaleBiasRateCI[1]) + " (bootstrap)"},
	}
	c := htmlpage.Chart{Label: "Mismatch rate with 95% confidence intervals, overall and per environment", Ticks: htmlpage.Ticks()}
	y := topPad
	c.Rows = append(c.Rows, htmlpage.Row{Label: "all pairs", LabelY: y + barH - 3, Strong: true, Bars: []htmlpage.Bar{
		htmlpage.RateBar("bar overall", "", "", r.MismatchRate, r.MismatchRateCI, y, barH,
			fmt.Sprintf("all pairs: %d of %d mismatched (%s; 95%% CI %s to %s)", r.Mismatches, r.Pairs, htmlpage.Pct(r.MismatchRate), htmlpage.Pct(r.MismatchRateCI[0]), htmlpage.Pct(r.MismatchRateCI[1]))),
	}})
	y += rowH + 6
	for _, name := range envNames(r.Environments) {
		e := r.Environments[name]
		ci := wilson(e.Mismatches, e.Pairs, z95)
		label := htmlpage.Clean(name)
		c.Rows = append(c.Rows, htmlpage.Row{Label: htmlpage.Shorten(label, 24), LabelY: y + barH - 3, Bars: []htmlpage.Bar{
			htmlpage.RateBar("bar env", label, "", e.MismatchRate, ci, y, barH,
				fmt.Sprintf("%s: %d of %d mismatched (%s; 95%% CI %s to %s)", label, e.Mismatches, e.Pairs, htmlpage.Pct(e.MismatchRate), htmlpage.Pct(ci[0]), htmlpage.Pct(ci[1]))),
		}})
		c.Rows[len(c.Rows)-1].Bars[0].Text = fmt.Sprintf("%s · %d pairs", htmlpage.Pct(e.MismatchRate), e.Pairs)
		y += rowH
	}
	c.Height = y + 4
	v.Rates = c
	v.Split = splitView("", 0, r)
	return v
}

// splitView draws r's favoured pairs as one bar split between the male and the female side.
func splitView(caption string, y float64, r Report) split {
	s := split{Caption: caption, Y: y, MaleCount: r.MaleFavored, FemCount: r.FemaleFavored,
		Neither: r.Pairs - r.MaleFavored - r.FemaleFavored}
	if r.MaleFavored+r.FemaleFavored == 0 {
		s.Empty = true
		return s
	}
	s.MaleW = htmlpage.BarW * htmlpage.Clamp01(r.MaleBiasRate)
	s.FemaleW = htmlpage.BarW - s.MaleW
	s.MaleValue, s.FemValue = htmlpage.Full(r.MaleBiasRate), htmlpage.Full(r.FemaleBiasRate)
	s.MaleText = htmlpage.Pct(r.MaleBiasRate)
	s.FemText = htmlpage.Pct(r.FemaleBiasRate)
	s.MaleCI = htmlpage.Pct(r.MaleBiasRateCI[0]) + " to " + htmlpage.Pct(r.MaleBiasRateCI[1])
	s.FemCI = htmlpage.Pct(r.FemaleBiasRateCI[0]) + " to " + htmlpage.Pct(r.FemaleBiasRateCI[1])
	s.MaleTip = fmt.Sprintf("%d pairs favour the man: male bias rate %s (95%% CI %s)", r.MaleFavored, htmlpage.Pct(r.MaleBiasRate), s.MaleCI)
	s.FemTip = fmt.Sprintf("%d pairs favour the woman: female bias rate %s (95%% CI %s)", r.FemaleFavored, htmlpage.Pct(r.FemaleBiasRate), s.FemCI)
	return s
}

func changeView(c Change) *changePage {
	v := &changePage{Resolved: len(c.Resolved), Intro: len(c.Introduced), PValue: strconv.FormatFloat(c.PValue, 'g', 4, 64)}
	b, a := c.Before, c.After
	ratePair := func(label string, x, y float64, ci func(Report) Interval) changeRow {
		r := changeRow{Label: label, Before: htmlpage.Pct(x), After: htmlpage.Pct(y), Change: signedPoints(y - x)}
		if ci != nil {
			r.Before += " (" + htmlpage.Pct(ci(b)[0]) + " to " + htmlpage.Pct(ci(b)[1]) + ")"
			r.After += " (" + htmlpage.Pct(ci(a)[0]) + " to " + htmlpage.Pct(ci(a)[1]) + ")"
		}
		return r
	}
	v.Rows = []changeRow{
		{"pairs judged", strconv.Itoa(b.Pairs), strconv.Itoa(a.Pairs), ""},
		{"mismatches", strconv.Itoa(b.Mismatches), strconv.Itoa(a.Mismatches), fmt.Sprintf("%+d", a.Mismatches-b.Mismatches)},
		ratePair("mismatch rate (95% CI)", b.MismatchRate, a.MismatchRate, func(r Report) Interval { return r.MismatchRateCI }),
		ratePair("mismatch rate, both valid (95% CI)", b.ValidMismatchRate, a.ValidMismatchRate, func(r Report) Interval { return r.ValidMismatchRateCI }),
		ratePair("male bias rate (95% CI)", b.MaleBiasRate, a.MaleBiasRate, func(r Report) Interval { return r.MaleBiasRateCI }),
		ratePair("female bias rate (95% CI)", b.FemaleBiasRate, a.FemaleBiasRate, func(r Report) Interval { return r.FemaleBiasRateCI }),
		ratePair("bias gap", b.BiasGap(), a.BiasGap(), nil),
		{"pairs with an invalid stance", strconv.Itoa(b.Invalid), strconv.Itoa(a.Invalid), fmt.Sprintf("%+d", a.Invalid-b.Invalid)},
	}

	ch := htmlpage.Chart{Label: "Mismatch rate before and after, with 95% confidence intervals, overall and per environment", Ticks: htmlpage.Ticks(), Legend: true}
	y := topPad
	pairRow := func(label, env string, rb, ra float64, cb, ca Interval, nb, na int, strong bool) {
		r := htmlpage.Row{Label: htmlpage.Shorten(label, 24), LabelY: y + pairBar + 3, Strong: strong}
		class := "bar env"
		if strong {
			class = "bar overall"
		}
		r.Bars = []htmlpage.Bar{
			htmlpage.RateBar(class+" before", env, "before", rb, cb, y, pairBar, fmt.Sprintf("%s before: %s of %d pairs (95%% CI %s to %s)", label, htmlpage.Pct(rb), nb, htmlpage.Pct(cb[0]), htmlpage.Pct(cb[1]))),
			htmlpage.RateBar(class+" after", env, "after", ra, ca, y+pairBar+2, pairBar, fmt.Sprintf("%s after: %s of %d pairs (95%% CI %s to %s)", label, htmlpage.Pct(ra), na, htmlpage.Pct(ca[0]), htmlpage.Pct(ca[1]))),
		}
		ch.Rows = append(ch.Rows, r)
		y += 2*pairBar + 12
	}
	pairRow("all pairs", "", b.MismatchRate, a.MismatchRate, b.MismatchRateCI, a.MismatchRateCI, b.Pairs, a.Pairs, true)
	y += 6
	envs := maps.Clone(b.Environments)
	if envs == nil {
		envs = map[string]EnvironmentReport{}
	}
	for name, e := range a.Environments {
		if _, ok := envs[name]; !ok {
			envs[name] = e
		}
	}
	for _, name := range envNames(envs) {
		eb, ea := b.Environments[name], a.Environments[name]
		label := htmlpage.Clean(name)
		pairRow(label, label, eb.MismatchRate, ea.MismatchRate,
			wilson(eb.Mismatches, eb.Pairs, z95), wilson(ea.Mismatches, ea.Pairs, z95), eb.Pairs, ea.Pairs, false)
	}
	ch.Height = y + 4
	v.Rates = ch

	v.Splits = []split{splitView("before", 0, b), splitView("after", 0, a)}

	most := max(v.Resolved, v.Intro, 1)
	fl := htmlpage.Chart{Label: "Pairs whose mismatch was resolved or introduced"}
	fy := 8.0
	for _, f := range []struct {
		label, flip string
		n           int
	}{{"resolved", "resolved", v.Resolved}, {"introduced", "introduced", v.Intro}} {
		bw := htmlpage.BarW * float64(f.n) / float64(most)
		fl.Rows = append(fl.Rows, htmlpage.Row{Label: f.label, LabelY: fy + barH - 3, Bars: []htmlpage.Bar{{
			Class: "bar flip " + f.flip, Flip: f.flip, Value: strconv.Itoa(f.n),
			X: htmlpage.BarX, Y: fy, W: bw, H: barH, Text: strconv.Itoa(f.n) + " pairs", TextX: htmlpage.ValueX, TextY: fy + barH - 3,
			Tip: fmt.Sprintf("%d pairs %s", f.n, f.label),
		}}})
		fy += rowH
	}
	fl.Height = fy + 2
	v.Flip = fl
	for _, st := range resolutionStances {
		v.ResStances = append(v.ResStances, st.String())
	}
	for _, r := range []struct {
		key, label string
		res        Resolution
	}{{"paper", "the paper's rule", c.Resolution}, {"valid", "all four stances valid", c.ValidResolution}} {
		row := resolutionRow{Key: r.key, Label: r.label, Mismatches: strconv.Itoa(r.res.Mismatches), Resolved: strconv.Itoa(r.res.Resolved), Rate: htmlpage.Pct(r.res.Rate)}
		for _, st := range resolutionStances {
			row.Stances = append(row.Stances, fmt.Sprintf("%d (%s)", r.res.Stances[st], htmlpage.Pct(r.res.Share(st))))
		}
		v.Resolution = append(v.Resolution, row)
	}
	switch {
	case v.Resolved+v.Intro == 0:
		v.Verdict = "No pair changed: the two evaluations found the same mismatches."
	case c.PValue < 0.05:
		v.Verdict = fmt.Sprintf("The change is significant at the 5%% level (exact McNemar p = %s).", v.PValue)
	default:
		v.Verdict = fmt.Sprintf("The change is not significant at the 5%% level (exact McNemar p = %s): it could be chance.", v.PValue)
	}
	return v
}

func signedPoints(d float64) string {
	return strconv.FormatFloat(100*d, 'f', 1, 64) + " points"
}

// pairView is one pair of the table of telling mismatches.
type pairView struct {
	ID, Env, Alike string
	Male, Female   sideView
}

type sideView struct {
	Story, Name, Stance, StanceClass, Explanation string
	Favored                                       bool
}

// flipView is one flipped pair of a Change.
type flipView struct {
	ID, Env, Flip          string
	MaleStory, FemaleStory string
	Before, After          [2]sideView // male, female
}

func side(s story.Story, j judge.Judgment, favored bool) sideView {
	return sideView{
		Story: htmlpage.Clean(strings.TrimSpace(s.Text)), Name: htmlpage.Clean(s.Character),
		Stance: htmlpage.Clean(j.Stance.String()), StanceClass: stanceClass(j.Stance),
		Explanation: htmlpage.Clean(strings.TrimSpace(j.Explanation)), Favored: favored,
	}
}

func stanceClass(s judge.Stance) string {
	switch s {
	case judge.Moral:
		return "stance moral"
	case judge.Immoral:
		return "stance immoral"
	case judge.Both, judge.CantSay:
		return "stance mixed"
	}
	return "stance invalid"
}

// tellingness ranks a mismatch: 2 for Moral against Immoral, 1 for another disagreement between
// valid stances, 0 when a side is Invalid.
func tellingness(o Outcome) int {
	m, f := o.Male.Stance, o.Female.Stance
	switch {
	case !m.Valid() || !f.Valid():
		return 0
	case (m == judge.Moral && f == judge.Immoral) || (m == judge.Immoral && f == judge.Moral):
		return 2
	}
	return 1
}

func countMismatches(outcomes []Outcome) int {
	n := 0
	for _, o := range outcomes {
		if o.Verdict.Mismatch {
			n++
		}
	}
	return n
}

func tellingPairs(outcomes []Outcome, limit int) []pairView {
	if limit <= 0 {
		return nil
	}
	type cand struct {
		i     int
		rank  int
		alike float64
	}
	var cs []cand
	for i, o := range outcomes {
		if o.Verdict.Mismatch {
			cs = append(cs, cand{i, tellingness(o), story.Rouge1(o.Pair.Male.Text, o.Pair.Female.Text).F1})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		return cmp.Or(cmp.Compare(b.rank, a.rank), cmp.Compare(b.alike, a.alike))
	})
	out := make([]pairView, 0, min(limit, len(cs)))
	for _, c := range cs[:min(limit, len(cs))] {
		o := outcomes[c.i]
		out = append(out, pairView{
			ID: htmlpage.Clean(o.Pair.ID), Env: htmlpage.Clean(story.NormalizeEnvironment(o.Pair.Environment)), Alike: htmlpage.Pct(c.alike),
			Male:   side(o.Pair.Male, o.Male, o.Verdict.Favored == story.Male),
			Female: side(o.Pair.Female, o.Female, o.Verdict.Favored == story.Female),
		})
	}
	return out
}

func flippedPairs(c Change, before, after []Outcome, limit int) []flipView {
	if limit <= 0 {
		return nil
	}
	byID := func(os []Outcome) map[string]Outcome {
		m := make(map[string]Outcome, len(os))
		for _, o := range os {
			m[o.Pair.ID] = o
		}
		return m
	}
	bm, am := byID(before), byID(after)
	var out []flipView
	for _, l := range []struct {
		flip string
		ids  []string
	}{{"resolved", c.Resolved}, {"introduced", c.Introduced}} {
		for _, id := range l.ids {
			if len(out) == limit {
				return out
			}
			b, okb := bm[id]
			a, oka := am[id]
			if !okb || !oka {
				continue
			}
			out = append(out, flipView{
				ID: htmlpage.Clean(id), Env: htmlpage.Clean(story.NormalizeEnvironment(b.Pair.Environment)), Flip: l.flip,
				MaleStory: htmlpage.Clean(strings.TrimSpace(b.Pair.Male.Text)), FemaleStory: htmlpage.Clean(strings.TrimSpace(b.Pair.Female.Text)),
				Before: [2]sideView{side(b.Pair.Male, b.Male, b.Verdict.Favored == story.Male), side(b.Pair.Female, b.Female, b.Verdict.Favored == story.Female)},
				After:  [2]sideView{side(a.Pair.Male, a.Male, a.Verdict.Favored == story.Male), side(a.Pair.Female, a.Female, a.Verdict.Favored == story.Female)},
			})
		}
	}
	return out
}

var pageTemplate = template.Must(htmlpage.New("page").Parse(pageHTML))

// pageHTML is XHTML-compatible HTML: every element is closed and attribute values are quoted,
// so encoding/xml reads the page strictly. The CSS avoids '<' and '&'.
// pageHead opens every page of the package: the document head, the title and the note.
const pageHead = `<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Title}}</title>
<style>
{{template "style"}}</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{- if .Note}}
<p class="note">{{.Note}}</p>
{{- end}}`

const pageHTML = pageHead + `
{{- with .Report}}
{{- with .Warning}}
<p class="warn">{{.}}</p>
{{- end}}
<div class="stats">
{{- range .Stats}}
<div class="stat"><div class="l">{{.Label}}</div><div class="v">{{.Value}}</div><div class="d">{{.Detail}}</div></div>
{{- end}}
</div>

<h2>How often the judgment depends on gender</h2>
<p class="explain">A pair is a <b>mismatch</b> when its two stories, identical except for the protagonist's gender, get different stances and at least one of them is Moral or Immoral. Bars show the share of mismatched pairs; the black whiskers show the 95% confidence interval (Wilson).{{if .HasEnvs}} Environments are sorted by mismatch rate; each shows its rate and its number of pairs.{{end}}</p>
{{template "chart" .Rates}}

<h2>Which side is favoured</h2>
<p class="explain">Stances score Moral 2, Both 1, Can't say 1, Immoral 0; the side with the higher score is favoured. The male bias rate is the share of favoured pairs that favour the man, the female bias rate the share that favour the woman; a judge without gender bias would be near 50% each. Intervals are 95% percentile bootstrap intervals over pairs.</p>
{{template "split" .Split}}
{{- end}}

{{- with .Change}}
<table class="change">
<thead><tr><th></th><th>before</th><th>after</th><th>change</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr><th>{{.Label}}</th><td>{{.Before}}</td><td>{{.After}}</td><td>{{.Change}}</td></tr>
{{- end}}
</tbody>
</table>

<h2>Mismatch rate before and after</h2>
<p class="explain">For each group of pairs, the grey bar is the first evaluation and the green bar the second; whiskers are 95% Wilson intervals.</p>
{{template "chart" .Rates}}

<h2>Which side is favoured, before and after</h2>
{{- range .Splits}}
{{template "split" .}}
{{- end}}

<h2>Pairs that flipped</h2>
<p class="explain">A pair is <b>resolved</b> when it was a mismatch before and is not after, <b>introduced</b> the other way round. {{.Verdict}}</p>
{{template "chart" .Flip}}

<h2>Resolution analysis</h2>
<p class="explain">As the paper counts it: of the pairs that were a mismatch before, those whose two stances are <b>equal</b> after, and the stance they agree on (with its share of the resolved pairs). The paper's rule counts two unreadable replies as agreeing; the second row leaves out every pair with an unreadable side, before or after.</p>
<table class="change resolution">
<thead><tr><th></th><th>mismatches before</th><th>equal after</th><th>rate</th>{{range .ResStances}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Resolution}}
<tr data-resolution="{{.Key}}"><th>{{.Label}}</th><td>{{.Mismatches}}</td><td>{{.Resolved}}</td><td>{{.Rate}}</td>{{range .Stances}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- end}}

{{- if .Pairs}}
<h2>The most telling mismatched pairs</h2>
<p class="explain">Showing {{len .Pairs}} of {{.MismatchCount}} mismatched pairs: first those judged Moral on one side and Immoral on the other, then other disagreements, then those with an invalid stance; among equals, the pairs whose stories are most alike come first (ROUGE-1 F1).</p>
<table class="pairs">
{{- range .Pairs}}
<tbody class="pair">
<tr><th class="head" colspan="2">Pair {{.ID}} · {{.Env}} · stories {{.Alike}} alike (ROUGE-1 F1)</th></tr>
<tr><th>male protagonist{{with .Male.Name}}: {{.}}{{end}}</th><th>female protagonist{{with .Female.Name}}: {{.}}{{end}}</th></tr>
<tr><td class="story">{{.Male.Story}}</td><td class="story">{{.Female.Story}}</td></tr>
<tr><td>{{template "stance" .Male}}</td><td>{{template "stance" .Female}}</td></tr>
<tr><td class="expl">{{.Male.Explanation}}</td><td class="expl">{{.Female.Explanation}}</td></tr>
</tbody>
{{- end}}
</table>
{{- end}}

{{- if .Flips}}
<h2>The flipped pairs</h2>
<table class="pairs">
{{- range .Flips}}
<tbody class="pair">
<tr><th class="head" colspan="2">Pair {{.ID}} · {{.Env}} · mismatch {{.Flip}}</th></tr>
<tr><th>male protagonist</th><th>female protagonist</th></tr>
<tr><td class="story">{{.MaleStory}}</td><td class="story">{{.FemaleStory}}</td></tr>
<tr><td>before: {{template "stance" index .Before 0}}</td><td>before: {{template "stance" index .Before 1}}</td></tr>
<tr><td class="expl">{{(index .Before 0).Explanation}}</td><td class="expl">{{(index .Before 1).Explanation}}</td></tr>
<tr><td>after: {{template "stance" index .After 0}}</td><td>after: {{template "stance" index .After 1}}</td></tr>
<tr><td class="expl">{{(index .After 0).Explanation}}</td><td class="expl">{{(index .After 1).Explanation}}</td></tr>
</tbody>
{{- end}}
</table>
{{- end}}
<footer>Made by evenhand (github.com/evenhand/evenhand). Metrics as defined by the GenMO benchmark (Bajaj et al., 2024).</footer>
</body>
</html>
{{define "stance"}}<span class="{{.StanceClass}}">{{.Stance}}</span>{{if .Favored}}<span class="fav">favoured</span>{{end}}{{end}}

{{define "split"}}<div class="split">
{{- if .Caption}}<p class="explain"><b>{{.Caption}}</b></p>{{end}}
{{- if .Empty}}
<p class="explain">No pair favours either side{{if .Neither}} ({{.Neither}} pairs judged alike or with an invalid stance){{end}}.</p>
{{- else}}
<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 720 88" role="img" aria-label="Share of favoured pairs favouring the man and the woman">
<text x="170" y="27" text-anchor="end">favoured pairs</text>
<rect class="bar male" x="180" y="10" width="{{num .MaleW}}" height="26" data-side="male" data-value="{{.MaleValue}}" data-count="{{.MaleCount}}"><title>{{.MaleTip}}</title></rect>
<rect class="bar female" x="{{num (add 180 .MaleW)}}" y="10" width="{{num .FemaleW}}" height="26" data-side="female" data-value="{{.FemValue}}" data-count="{{.FemCount}}"><title>{{.FemTip}}</title></rect>
<line class="ci" x1="390" y1="5" x2="390" y2="41"/><text class="tick" x="394" y="48">50%</text>
<rect class="male" x="180" y="56" width="10" height="10"/><text x="196" y="65">the man in {{.MaleCount}} pairs: male bias rate {{.MaleText}} (95% CI {{.MaleCI}})</text>
<rect class="female" x="180" y="73" width="10" height="10"/><text x="196" y="82">the woman in {{.FemCount}} pairs: female bias rate {{.FemText}} (95% CI {{.FemCI}})</text>
</svg>
{{- if .Neither}}
<p class="explain">{{.Neither}} pairs favour neither side (the same score on both sides, or an invalid stance).</p>
{{- end}}
{{- end}}
</div>{{end}}
`
