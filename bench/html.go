package bench

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strconv"

	"github.com/evenhand/evenhand/internal/htmlpage"
)

// The HTML pages of [Report.WriteHTML] and [Change.WriteHTML].
var pageTmpl = template.Must(htmlpage.New("bench").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Title}}</title><style>{{template "style"}}
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
</style></head>
<body>
<h1>{{.Title}}</h1>
{{with .Note}}<p class="note">{{.}}</p>{{end}}
<p class="explain">{{.Explain}}</p>
{{range .Sections}}
<section class="benchmark" data-benchmark="{{.ID}}">
<h2>{{.Name}}</h2>
<div class="stats">{{range .Stats}}<div class="stat"><div class="l">{{.Label}}</div><div class="v">{{.Value}}</div><div class="d">{{.Detail}}</div></div>{{end}}</div>
{{with .Chart}}{{template "chart" .}}{{end}}
{{with .Table}}<table><thead><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr></thead><tbody>
{{- range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}
</tbody></table>{{end}}
{{with .Explain}}<p class="explain">{{.}}</p>{{end}}
</section>
{{end}}
<footer>Made by evenhand's bench package. Accuracy intervals are 95% Wilson score intervals; changes are tested with the exact McNemar test on the items each run got right and wrong.</footer>
</body></html>
`))

type htmlPage struct {
	Title, Note, Explain string
	Sections             []htmlSection
}

type htmlSection struct {
	ID, Name, Explain string
	Stats             []htmlStat
	Chart             *htmlpage.Chart
	Table             *htmlTable
}

type htmlStat struct{ Label, Value, Detail string }

type htmlTable struct {
	Head []string
	Rows [][]string
}

const (
	barH   = 14.0
	rowGap = 6.0
	maxBar = 60 // categories drawn in a chart; MMLU's 57 subjects fit
)

func writePage(w io.Writer, p htmlPage) error {
	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, p); err != nil {
		return fmt.Errorf("bench: html: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("bench: html: %w", err)
	}
	return nil
}

func ciText(iv Interval) string {
	return "95% CI " + htmlpage.Pct(iv[0]) + " to " + htmlpage.Pct(iv[1])
}

// accuracyChart draws the overall accuracy and each category's, with their intervals.
func accuracyChart(s Score) *htmlpage.Chart {
	c := &htmlpage.Chart{Label: DisplayName(s.Benchmark) + " accuracy with 95% confidence intervals", Ticks: htmlpage.Ticks()}
	y := 20.0
	row := func(label string, t Tally, strong bool, class string) {
		label = htmlpage.Clean(label)
		c.Rows = append(c.Rows, htmlpage.Row{Label: htmlpage.Shorten(label, 26), LabelY: y + barH - 3, Strong: strong, Bars: []htmlpage.Bar{
			htmlpage.RateBar("bar "+class, label, "", t.Accuracy, t.CI, y, barH,
				fmt.Sprintf("%s: %d of %d right (%s; %s)", label, t.Correct, t.N, htmlpage.Pct(t.Accuracy), ciText(t.CI))),
		}})
		y += barH + rowGap
	}
	row("all items", s.Overall, true, "overall")
	cats := slices.Sorted(maps.Keys(s.Categories))
	for _, k := range cats[:min(len(cats), maxBar)] {
		row(k, s.Categories[k], false, "env")
	}
	c.Height = y + 4
	return c
}

func (s Score) section() htmlSection {
	sec := htmlSection{ID: s.Benchmark, Name: DisplayName(s.Benchmark), Chart: accuracyChart(s)}
	acc := htmlStat{"accuracy", htmlpage.Pct(s.Overall.Accuracy), fmt.Sprintf("%d of %d; %s", s.Overall.Correct, s.Overall.N, ciText(s.Overall.CI))}
	unread := htmlStat{"no readable answer", strconv.Itoa(s.Overall.Invalid), "counted as wrong, " + htmlpage.Pct(stats0(s.Overall.Invalid, s.Overall.N)) + " of the items"}
	switch s.Benchmark {
	case MMLU:
		sec.Stats = []htmlStat{{"mean over subjects", htmlpage.Pct(s.MeanOverCategories), fmt.Sprintf("the paper's headline: unweighted mean of %d subjects", len(s.Categories))},
			{"mean over questions", htmlpage.Pct(s.Overall.Accuracy), fmt.Sprintf("%d of %d; %s", s.Overall.Correct, s.Overall.N, ciText(s.Overall.CI))}, unread}
	case WinoBias:
		sec.Stats = []htmlStat{acc, {"pro - anti gap", fmt.Sprintf("%+.1f points", 100*s.Gap), "pro-stereotypical " + htmlpage.Pct(s.ProAccuracy.Accuracy) + ", anti " + htmlpage.Pct(s.AntiAccuracy.Accuracy) + "; 0 is unbiased"},
			{"weighted F1", strconv.FormatFloat(s.WeightedF1, 'f', 3, 64), "as scikit-learn's f1_score(average=\"weighted\")"}, unread}
		t := &htmlTable{Head: []string{"type and polarity", "items", "accuracy", "95% CI", "weighted F1"}}
		for _, k := range slices.Sorted(maps.Keys(s.Categories)) {
			c := s.Categories[k]
			t.Rows = append(t.Rows, []string{k, strconv.Itoa(c.N), htmlpage.Pct(c.Accuracy), ciText(c.CI), strconv.FormatFloat(s.CategoryF1[k], 'f', 3, 64)})
		}
		sec.Table = t
		sec.Explain = "WinoBias asks which occupation a pronoun refers to. Pro-stereotypical sentences agree with the occupation's gender stereotype, anti-stereotypical ones go against it; a model that reads the sentence scores the same on both, a biased one does better on pro."
	case BBQ:
		all := s.BBQ["all"]
		sec.Stats = []htmlStat{acc, {"bias, ambiguous", fmt.Sprintf("%+.3f", all.BiasAmbig), "accuracy " + htmlpage.Pct(all.AccuracyAmbig) + "; 0 is unbiased, +1 always the stereotype"},
			{"bias, disambiguated", fmt.Sprintf("%+.3f", all.BiasDisambig), "accuracy " + htmlpage.Pct(all.AccuracyDisambig)}, unread}
		t := &htmlTable{Head: []string{"category", "items", "accuracy", "acc. ambiguous", "acc. disambiguated", "bias ambiguous", "bias disambiguated", "no answer"}}
		for _, k := range append(slices.Sorted(maps.Keys(s.Categories)), "all") {
			c, b := s.Categories[k], s.BBQ[k]
			if k == "all" {
				c = s.Overall
			}
			t.Rows = append(t.Rows, []string{k, strconv.Itoa(c.N), htmlpage.Pct(c.Accuracy), htmlpage.Pct(b.AccuracyAmbig), htmlpage.Pct(b.AccuracyDisambig),
				fmt.Sprintf("%+.3f", b.BiasAmbig), fmt.Sprintf("%+.3f", b.BiasDisambig), strconv.Itoa(b.InvalidAmbig + b.InvalidDisambig)})
		}
		sec.Table = t
		sec.Explain = "Bias scores as in Parrish et al. (2022): among answers that are not \"unknown\", how often the answer follows the stereotype, scaled to -1..+1; in ambiguous contexts, where \"unknown\" is right, scaled down by the accuracy."
	default:
		sec.Stats = []htmlStat{acc, unread}
	}
	return sec
}

func stats0(k, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}

// pageTitle is the heading of the HTML pages when the report sets none.
const pageTitle = "Did the model keep its abilities?"

// WriteHTML writes r as one self-contained HTML page (no scripts, no outside resources; also
// well-formed XML): per benchmark its headline figures, a chart of the accuracy per category
// with 95% intervals, and the bias measures of BBQ and WinoBias. The heading is r.Title ("" means
// "Did the model keep its abilities?"), with r.Note, when not empty, under it.
func (r Report) WriteHTML(w io.Writer) error {
	p := htmlPage{Title: htmlpage.Clean(cmp.Or(r.Title, pageTitle)), Note: htmlpage.Clean(r.Note),
		Explain: "Accuracy on the ability benchmarks (MMLU, TruthfulQA) and the fairness benchmarks (BBQ, WinoBias), with 95% Wilson intervals. Choices are shown in a shuffled order unless the run said otherwise; an answer that could not be read counts as wrong."}
	for _, s := range r.Benchmarks {
		p.Sections = append(p.Sections, s.section())
	}
	return writePage(w, p)
}

// WriteHTML writes c as one self-contained HTML page: per benchmark the accuracy before and
// after with 95% intervals, the items lost and gained with the McNemar p-value, and the bias
// measures before and after. The heading is c.Title ("" means "Did the model keep its
// abilities?"), with c.Note, when not empty, under it; the Title and Note of c.Before and
// c.After are not read.
func (c Change) WriteHTML(w io.Writer) error {
	p := htmlPage{Title: htmlpage.Clean(cmp.Or(c.Title, pageTitle)), Note: htmlpage.Clean(c.Note),
		Explain: "The same items asked before and after. Lost: right before, wrong after; gained: the reverse. The p-value is the exact McNemar test of lost against gained: a small p says the change is unlikely to be chance."}
	for _, b := range c.Benchmarks {
		before, _ := c.Before.Score(b.Benchmark)
		after, _ := c.After.Score(b.Benchmark)
		sec := htmlSection{ID: b.Benchmark, Name: DisplayName(b.Benchmark)}
		sec.Stats = []htmlStat{
			{"accuracy", htmlpage.Pct(b.Before.Accuracy) + " → " + htmlpage.Pct(b.After.Accuracy), fmt.Sprintf("%+.1f points over %d items", 100*(b.After.Accuracy-b.Before.Accuracy), b.Before.N)},
			{"lost / gained", fmt.Sprintf("%d / %d", b.Lost, b.Gained), fmt.Sprintf("exact McNemar p = %.3g", b.PValue)},
		}
		switch b.Benchmark {
		case MMLU:
			sec.Stats = append(sec.Stats, htmlStat{"mean over subjects", htmlpage.Pct(before.MeanOverCategories) + " → " + htmlpage.Pct(after.MeanOverCategories), "the paper's headline"})
		case WinoBias:
			sec.Stats = append(sec.Stats, htmlStat{"pro - anti gap", fmt.Sprintf("%+.1f → %+.1f", 100*before.Gap, 100*after.Gap), "points; 0 is unbiased"})
		case BBQ:
			sec.Stats = append(sec.Stats, htmlStat{"bias, ambiguous", fmt.Sprintf("%+.3f → %+.3f", before.BBQ["all"].BiasAmbig, after.BBQ["all"].BiasAmbig), "0 is unbiased"},
				htmlStat{"bias, disambiguated", fmt.Sprintf("%+.3f → %+.3f", before.BBQ["all"].BiasDisambig, after.BBQ["all"].BiasDisambig), "0 is unbiased"})
		}
		ch := &htmlpage.Chart{Label: DisplayName(b.Benchmark) + " accuracy before and after, with 95% confidence intervals", Ticks: htmlpage.Ticks(), Legend: true}
		y := 22.0
		pairRow := func(label string, bt, at Tally, strong bool) {
			label = htmlpage.Clean(label)
			ch.Rows = append(ch.Rows, htmlpage.Row{Label: htmlpage.Shorten(label, 26), LabelY: y + 2*barH - 3, Strong: strong, Bars: []htmlpage.Bar{
				htmlpage.RateBar("bar before", label, "before", bt.Accuracy, bt.CI, y, barH, fmt.Sprintf("%s before: %s (%s)", label, htmlpage.Pct(bt.Accuracy), ciText(bt.CI))),
				htmlpage.RateBar("bar after", label, "after", at.Accuracy, at.CI, y+barH+1, barH, fmt.Sprintf("%s after: %s (%s)", label, htmlpage.Pct(at.Accuracy), ciText(at.CI))),
			}})
			y += 2*barH + 1 + rowGap
		}
		pairRow("all items", b.Before, b.After, true)
		cats := slices.Sorted(maps.Keys(before.Categories))
		for _, k := range cats[:min(len(cats), maxBar)] {
			pairRow(k, before.Categories[k], after.Categories[k], false)
		}
		ch.Height = y + 4
		sec.Chart = ch
		p.Sections = append(p.Sections, sec)
	}
	return writePage(w, p)
}
