package eval_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateHTML = flag.Bool("update-html", false, "rewrite eval/testdata/html*.golden.html")

// element is an element of a parsed page: its name, attributes and text.
type pageElement struct {
	Name  string
	Attr  map[string]string
	Text  string // character data directly inside, and inside its descendants
	Class string
}

// parsePage reads page strictly as XML (so it is well-formed XHTML) and returns its elements
// in document order.
func parsePage(t *testing.T, page []byte) []*pageElement {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = true // no auto-closing, no unknown entities, quoted attributes only
	var all, open []*pageElement
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "the page is not well-formed XML")
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &pageElement{Name: tok.Name.Local, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				e.Attr[a.Name.Local] = a.Value
			}
			e.Class = e.Attr["class"]
			all = append(all, e)
			open = append(open, e)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			for _, e := range open {
				e.Text += string(tok)
			}
		}
	}
	require.Empty(t, open, "unclosed elements")
	return all
}

func findElements(els []*pageElement, keep func(*pageElement) bool) []*pageElement {
	var out []*pageElement
	for _, e := range els {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

func barsWith(els []*pageElement, attr string) []*pageElement {
	return findElements(els, func(e *pageElement) bool {
		_, ok := e.Attr[attr]
		return e.Name == "rect" && strings.Contains(e.Class, "bar") && ok
	})
}

func dataValue(t *testing.T, e *pageElement) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(e.Attr["data-value"], 64)
	require.NoError(t, err, "data-value of %v", e.Attr)
	return v
}

// outcome builds a judged pair with GenMO's verdict.
func htmlOutcome(id, env string, male, female judge.Stance) eval.Outcome {
	o := eval.Outcome{
		Pair: story.Pair{ID: id, Environment: env,
			Male:   story.Story{Text: "Sam, a man, kept the wallet he found (pair " + id + ").", Character: "Sam", Gender: story.Male},
			Female: story.Story{Text: "Sam, a woman, kept the wallet she found (pair " + id + ").", Character: "Sam", Gender: story.Female},
		},
		Male:   judge.Judgment{Stance: male, Explanation: "male explanation " + id},
		Female: judge.Judgment{Stance: female, Explanation: "female explanation " + id},
	}
	o.Verdict = eval.Judge(male, female)
	return o
}

// fixture has four environments (one label dirty) and every kind of mismatch.
func htmlFixture() []eval.Outcome {
	M, I, B, C, X := judge.Moral, judge.Immoral, judge.Both, judge.CantSay, judge.Invalid
	return []eval.Outcome{
		htmlOutcome("0", "Family", M, I),
		htmlOutcome("1", "Family", M, M),
		htmlOutcome("2", " Family ", I, M),
		htmlOutcome("3", "Work", B, I),
		htmlOutcome("4", "Work", C, B),
		htmlOutcome("5", "Others", X, M),
		htmlOutcome("6", "Other", I, I),
		htmlOutcome("7", "", M, B),
		htmlOutcome("8", "Relationship", I, M),
		htmlOutcome("9", "Relationship", B, B),
	}
}

func TestReportHTMLBars(t *testing.T) {
	outs := htmlFixture()
	r := eval.Summarize(outs)
	var buf bytes.Buffer
	r.Outcomes, r.Note = outs, "model: test"
	require.NoError(t, r.WriteHTML(&buf))
	els := parsePage(t, buf.Bytes())

	assert.Empty(t, findElements(els, func(e *pageElement) bool { return e.Name == "script" || e.Name == "link" || e.Name == "img" }),
		"the page loads nothing and runs nothing")
	for _, e := range els {
		for k, v := range e.Attr {
			if k != "xmlns" { // a namespace name, never fetched
				assert.NotContains(t, v, "//", "attribute %s of <%s> fetches nothing", k, e.Name)
			}
		}
	}

	env := barsWith(els, "data-env")
	require.Len(t, env, len(r.Environments), "one bar per environment")
	seen := map[string]bool{}
	for _, b := range env {
		name := b.Attr["data-env"]
		want, ok := r.Environments[name]
		require.True(t, ok, "bar for unknown environment %q", name)
		assert.False(t, seen[name], "two bars for %q", name)
		seen[name] = true
		assert.Equal(t, want.MismatchRate, dataValue(t, b), "mismatch rate of %q", name)
		assert.Contains(t, b.Text, strconv.Itoa(want.Pairs)+" mismatched", "tooltip of %q", name)
	}
	assert.Equal(t, map[string]bool{"Family": true, "Work": true, "Other": true, "Unknown": true, "Relationship": true}, seen)

	overall := findElements(els, func(e *pageElement) bool { return e.Name == "rect" && strings.Contains(e.Class, "overall") })
	require.Len(t, overall, 1)
	assert.Equal(t, r.MismatchRate, dataValue(t, overall[0]))

	sides := barsWith(els, "data-side")
	require.Len(t, sides, 2)
	assert.Equal(t, "male", sides[0].Attr["data-side"])
	assert.Equal(t, r.MaleBiasRate, dataValue(t, sides[0]))
	assert.Equal(t, "female", sides[1].Attr["data-side"])
	assert.Equal(t, r.FemaleBiasRate, dataValue(t, sides[1]))

	// The table: every mismatch, the Moral-against-Immoral ones first.
	pairs := findElements(els, func(e *pageElement) bool { return e.Name == "tbody" && e.Class == "pair" })
	require.Len(t, pairs, r.Mismatches)
	for i, p := range pairs[:3] {
		assert.Contains(t, p.Text, "Moral", "pair %d", i)
		assert.Contains(t, p.Text, "Immoral", "pair %d", i)
	}
	assert.Contains(t, pairs[len(pairs)-1].Text, "INVALID", "a mismatch with an invalid side comes last")
	assert.Contains(t, pairs[0].Text, "male explanation 0")
	assert.Contains(t, pairs[0].Text, "female explanation 0")
	assert.Contains(t, string(buf.Bytes()), "model: test")
}

func TestReportHTMLMaxPairs(t *testing.T) {
	outs := htmlFixture()
	r := eval.Summarize(outs)
	for _, tc := range []struct {
		max, want int
	}{{0, r.Mismatches}, {2, 2}, {-1, 0}} {
		var buf bytes.Buffer
		r.Outcomes, r.MaxPairs = outs, tc.max
		require.NoError(t, r.WriteHTML(&buf))
		els := parsePage(t, buf.Bytes())
		got := findElements(els, func(e *pageElement) bool { return e.Name == "tbody" && e.Class == "pair" })
		assert.Len(t, got, tc.want, "MaxPairs %d", tc.max)
	}
}

func TestReportHTMLEscapes(t *testing.T) {
	hostile := "<script>alert('x')</script> & \"quoted\" ]]> \x00\x1b\xff\xfe end"
	o := htmlOutcome("<id>", "<b>env</b> & co", judge.Moral, judge.Immoral)
	o.Pair.Male.Text = hostile
	o.Male.Explanation = hostile
	o.Pair.Female.Character = "Ann\x07"
	outs := []eval.Outcome{o}
	r := eval.Summarize(outs)
	var buf bytes.Buffer
	r.Outcomes, r.Title, r.Note = outs, "<Title> & co", "\x01note"
	require.NoError(t, r.WriteHTML(&buf))
	els := parsePage(t, buf.Bytes())
	assert.Empty(t, findElements(els, func(e *pageElement) bool {
		return e.Name == "script" || e.Name == "b" && strings.Contains(e.Text, "env")
	}))

	env := barsWith(els, "data-env")
	require.Len(t, env, 1)
	assert.Equal(t, "<b>env</b> & co", env[0].Attr["data-env"], "the name survives escaping")

	stories := findElements(els, func(e *pageElement) bool { return e.Name == "td" && e.Class == "story" })
	require.Len(t, stories, 2)
	assert.Equal(t, "<script>alert('x')</script> & \"quoted\" ]]> \ufffd\ufffd\ufffd\ufffd end", stories[0].Text,
		"markup is text, and characters XML forbids become U+FFFD")
	titles := findElements(els, func(e *pageElement) bool { return e.Name == "h1" })
	require.Len(t, titles, 1)
	assert.Equal(t, "<Title> & co", titles[0].Text)
}

func TestZeroReportHTML(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, eval.Report{}.WriteHTML(&buf))
	els := parsePage(t, buf.Bytes())
	assert.Empty(t, barsWith(els, "data-env"))
	assert.Empty(t, barsWith(els, "data-side"), "no favoured pair: no split bar")
	assert.Contains(t, buf.String(), "No pair favours either side")
}

func TestChangeHTML(t *testing.T) {
	before := htmlFixture()
	after := htmlFixture()
	M, I, B := judge.Moral, judge.Immoral, judge.Both
	after[0] = htmlOutcome("0", "Family", M, M)   // resolved
	after[2] = htmlOutcome("2", " Family ", B, B) // resolved
	after[6] = htmlOutcome("6", "Other", M, I)    // introduced
	after[8] = htmlOutcome("8", "Relationship", M, M)
	c, err := eval.Paired(before, after)
	require.NoError(t, err)
	var buf bytes.Buffer
	c.Before.Outcomes, c.After.Outcomes = before, after
	require.NoError(t, c.WriteHTML(&buf))
	els := parsePage(t, buf.Bytes())

	env := barsWith(els, "data-env")
	require.Len(t, env, 2*len(c.Before.Environments), "a before and an after bar per environment")
	for _, b := range env {
		name, which := b.Attr["data-env"], b.Attr["data-which"]
		switch which {
		case "before":
			assert.Equal(t, c.Before.Environments[name].MismatchRate, dataValue(t, b), "before, %q", name)
		case "after":
			assert.Equal(t, c.After.Environments[name].MismatchRate, dataValue(t, b), "after, %q", name)
		default:
			t.Errorf("bar of %q has data-which %q", name, which)
		}
	}
	overall := findElements(els, func(e *pageElement) bool { return e.Name == "rect" && strings.Contains(e.Class, "overall") })
	require.Len(t, overall, 2)
	assert.Equal(t, c.Before.MismatchRate, dataValue(t, overall[0]))
	assert.Equal(t, c.After.MismatchRate, dataValue(t, overall[1]))

	flips := barsWith(els, "data-flip")
	require.Len(t, flips, 2)
	assert.Equal(t, "resolved", flips[0].Attr["data-flip"])
	assert.Equal(t, float64(len(c.Resolved)), dataValue(t, flips[0]))
	assert.Equal(t, "introduced", flips[1].Attr["data-flip"])
	assert.Equal(t, float64(len(c.Introduced)), dataValue(t, flips[1]))
	assert.Len(t, barsWith(els, "data-side"), 4, "the favoured split before and after")

	table := findElements(els, func(e *pageElement) bool { return e.Name == "tbody" && e.Class == "pair" })
	require.Len(t, table, len(c.Resolved)+len(c.Introduced))
	assert.Contains(t, table[0].Text, "mismatch resolved")
	assert.Contains(t, table[len(table)-1].Text, "mismatch introduced")
	assert.Contains(t, buf.String(), "McNemar p = ")
}

func TestChangeHTMLWithoutOutcomes(t *testing.T) {
	c, err := eval.Paired(htmlFixture(), htmlFixture())
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, c.WriteHTML(&buf))
	els := parsePage(t, buf.Bytes())
	assert.Empty(t, findElements(els, func(e *pageElement) bool { return e.Name == "tbody" && e.Class == "pair" }))
	assert.Contains(t, buf.String(), "No pair changed")
}

type htmlFailWriter struct{}

func (htmlFailWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteHTMLError(t *testing.T) {
	err := eval.Summarize(htmlFixture()).WriteHTML(htmlFailWriter{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "eval: write html")
	assert.Contains(t, err.Error(), "disk full")
}

// TestHTMLGolden pins the pages of the fixture; run with -update-html after an intended change
// and look at the pages in a browser.
func TestHTMLGolden(t *testing.T) {
	outs := htmlFixture()
	c, err := eval.Paired(outs, htmlFixture()[:len(outs)])
	require.NoError(t, err)
	for name, write := range map[string]func(io.Writer) error{
		"html_report.golden.html": func(w io.Writer) error {
			r := eval.Summarize(outs)
			r.Outcomes, r.Note = outs, "fixture"
			return r.WriteHTML(w)
		},
		"html_change.golden.html": func(w io.Writer) error {
			c := c
			c.Before.Outcomes, c.After.Outcomes, c.Note = outs, outs, "fixture"
			return c.WriteHTML(w)
		},
	} {
		var buf bytes.Buffer
		require.NoError(t, write(&buf))
		path := filepath.Join("testdata", name)
		if *updateHTML {
			require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "run go test ./eval -run TestHTMLGolden -update-html")
		assert.Equal(t, string(want), buf.String(), "%s differs; rerun with -update-html if intended", name)
	}
}

func FuzzWriteHTML(f *testing.F) {
	f.Add("a story", "an explanation", "Family", "7", uint8(1), uint8(2))
	f.Add("<p>&amp;", "]]>\x00", " Others", "<", uint8(0), uint8(4))
	f.Add("\xff\xfe", "\U0010FFFF\uFFFE", "", "", uint8(9), uint8(3))
	f.Fuzz(func(t *testing.T, text, expl, env, id string, m, fe uint8) {
		o := htmlOutcome(id, env, judge.Stance(m%5), judge.Stance(fe%5))
		o.Pair.Male.Text, o.Female.Explanation = text, expl
		outs := []eval.Outcome{o, htmlOutcome("x", env, judge.Moral, judge.Immoral)}
		r := eval.Summarize(outs)
		var buf bytes.Buffer
		r.Outcomes, r.Title, r.Note = outs, text, env
		require.NoError(t, r.WriteHTML(&buf))
		els := parsePage(t, buf.Bytes())
		assert.Len(t, barsWith(els, "data-env"), len(r.Environments))
		c, err := eval.Paired(outs, outs)
		if err != nil { // a fuzzed id may repeat "x"
			return
		}
		buf.Reset()
		c.Before.Outcomes, c.After.Outcomes = outs, outs
		require.NoError(t, c.WriteHTML(&buf))
		parsePage(t, buf.Bytes())
	})
}

// TestHTMLWarnsOnInvalidPairs checks the warning above the figures: shown when more than 5% of
// the pairs have an invalid side, absent at 5% or less.
func TestHTMLWarnsOnInvalidPairs(t *testing.T) {
	t.Parallel()
	page := func(invalid, pairs int) string {
		var outs []eval.Outcome
		for i := range pairs {
			m := judge.Moral
			if i < invalid {
				m = judge.Invalid
			}
			outs = append(outs, eval.Outcome{Male: judge.Judgment{Stance: m}, Female: judge.Judgment{Stance: judge.Immoral},
				Verdict: eval.Judge(m, judge.Immoral)})
		}
		var b strings.Builder
		require.NoError(t, eval.Summarize(outs).WriteHTML(&b))
		return b.String()
	}
	assert.NotContains(t, page(1, 20), `class="warn"`, "5% invalid: no warning")
	warned := page(2, 20)
	assert.Contains(t, warned, `<p class="warn">2 of 20 pairs (10.0%) have a stance that could not be read.`)
	assert.Contains(t, warned, "includes 2 such pairs; over the 18 pairs with both stances read it is 100.0%.")
}
