package axis

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/internal/lexicon"
	"github.com/evenhand/evenhand/internal/shareddata"
)

// The gold set, in plain words. BBQ (Parrish et al., 2022) writes each context of a template
// twice, once with the two groups in each slot. A context and its sibling (same template and
// condition, the same two groups, exchanged) are a gold twin when their texts differ only in
// the group mentions, the articles a/an right before them, and person nouns of the same gender
// just after them ("a youthful boy" / "an elderly man"). Nothing here uses the package's own
// rules: mentions are the two answer terms as BBQ writes them, found as whole words.
//
// Tuning: the rules were tuned on the templates with an even Q_id; the odd ones are held out,
// and their figures are measured with a lexicon from which the groups only the odd templates
// name are removed (heldOutLexicon).

// bbqItem is the part of a BBQ row the gold set needs.
type bbqItem struct {
	QuestionIndex string                     `json:"question_index"`
	Condition     string                     `json:"context_condition"`
	Context       string                     `json:"context"`
	AnswerInfo    map[string]json.RawMessage `json:"answer_info"`
}

// goldPair is one gold twin: texts[1] is texts[0] with terms exchanged.
type goldPair struct {
	axis  Axis
	qid   int
	terms [2]string
	texts [2]string
}

// bbqAxes are the categories of BBQ whose released files the shared data holds.
var bbqAxes = []Axis{Age, Disability, Nationality, PhysicalAppearance, Religion, SexualOrientation}

// readBBQ reads the released items of one category.
func readBBQ(t testing.TB, a Axis) []bbqItem {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, "bench/bbq/"+string(a)+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []bbqItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		var it bbqItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("%s line %d: %v", a, n, err)
		}
		out = append(out, it)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// answerTerms returns the two group terms of an item (BBQ's answer_info, leaving out the
// "unknown" answer).
func answerTerms(it bbqItem) []string {
	var out []string
	for _, k := range []string{"ans0", "ans1", "ans2"} {
		var v []string
		if json.Unmarshal(it.AnswerInfo[k], &v) != nil || len(v) != 2 || v[1] == "unknown" {
			continue
		}
		out = append(out, v[0])
	}
	return out
}

// goldSet builds the gold twins of one category and counts the sibling pairs left out, by
// reason.
func goldSet(t testing.TB, a Axis) ([]goldPair, map[string]int) {
	items := readBBQ(t, a)
	type key struct {
		qid, cond, terms string
	}
	groups := map[key][]string{}
	var order []key
	for _, it := range items {
		ts := answerTerms(it)
		if len(ts) != 2 {
			continue
		}
		slices.Sort(ts)
		k := key{it.QuestionIndex, it.Condition, strings.Join(ts, "\x00")}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		if !slices.Contains(groups[k], it.Context) {
			groups[k] = append(groups[k], it.Context)
		}
	}
	dropped := map[string]int{}
	var out []goldPair
	for _, k := range order {
		cs := groups[k]
		if len(cs) != 2 {
			dropped["no sibling"]++
			continue
		}
		slices.Sort(cs)
		ts := strings.Split(k.terms, "\x00")
		qid, _ := strconv.Atoi(k.qid)
		if why := goldReason(cs[0], cs[1], ts[0], ts[1]); why != "" {
			dropped[why]++
			continue
		}
		out = append(out, goldPair{axis: a, qid: qid, terms: [2]string{ts[0], ts[1]}, texts: [2]string{cs[0], cs[1]}})
	}
	return out, dropped
}

var goldTok = regexp.MustCompile(`[A-Za-z0-9]+|[\x00\x01]|[^A-Za-z0-9\s\x00\x01]|\s+`)

// goldMark replaces the whole-word occurrences of the two terms (longest first, ignoring case)
// by \x00 and \x01 and splits the text into words, punctuation and spaces.
func goldMark(s, t0, t1 string) []string {
	s = strings.ReplaceAll(s, "\u2019", "'")
	type tp struct {
		t  string
		ph string
	}
	ps := []tp{{t0, "\x00"}, {t1, "\x01"}}
	sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].t) > len(ps[j].t) })
	for _, p := range ps {
		re := regexp.MustCompile(`(?i)(^|[^A-Za-z0-9])` + regexp.QuoteMeta(p.t) + `($|[^A-Za-z0-9])`)
		for {
			loc := re.FindStringSubmatchIndex(s)
			if loc == nil {
				break
			}
			s = s[:loc[3]] + p.ph + s[loc[4]:]
		}
	}
	return goldTok.FindAllString(s, -1)
}

// goldReason returns "" when b is a with t0 and t1 exchanged (up to a/an before a mention and
// same-gender person nouns just after one), or why not.
func goldReason(a, b, t0, t1 string) string {
	ta, tb := goldMark(a, t0, t1), goldMark(b, t0, t1)
	if !slices.Contains(ta, "\x00") && !slices.Contains(ta, "\x01") {
		return "terms not found in the text"
	}
	for i, x := range ta {
		switch x {
		case "\x00":
			ta[i] = "\x01"
		case "\x01":
			ta[i] = "\x00"
		}
	}
	if len(ta) != len(tb) {
		return "texts differ beyond the mentions"
	}
	isPH := func(s string) bool { return s == "\x00" || s == "\x01" }
	for i := range ta {
		x, y := ta[i], tb[i]
		if x == y {
			continue
		}
		lx, ly := strings.ToLower(x), strings.ToLower(y)
		if (lx == "a" || lx == "an") && (ly == "a" || ly == "an") && startsUpper(x) == startsUpper(y) &&
			i+2 < len(tb) && isPH(tb[i+2]) {
			continue
		}
		gx, okx := lexicon.Lookup(x)
		gy, oky := lexicon.Lookup(y)
		if okx && oky && gx.Class != lexicon.ClassNone && gx.Class != lexicon.Pronoun && gx.Gender == gy.Gender &&
			gx.Gender != lexicon.Unknown && i >= 2 && (isPH(tb[i-1]) || isPH(tb[i-2])) {
			continue
		}
		if okx && oky && gx.Class != lexicon.ClassNone {
			return "a gendered word changes"
		}
		return "texts differ beyond the mentions"
	}
	return ""
}

// swapScore counts how Swap does on gold twins, each pair read in both directions.
type swapScore struct {
	n, exact, rewrite, wrong, other int
	// upToArticle counts the twins made that differ from BBQ's sibling only in a or an: BBQ's
	// generator writes "a 82 year old" and, at the start of a sentence, "A elderly man".
	upToArticle int
	wrongs      []string
}

var anWord = regexp.MustCompile(`\b([Aa])n\b`)

func (s *swapScore) add(l *Lexicon, p goldPair) {
	for d := 0; d < 2; d++ {
		s.n++
		got, err := l.Swap(p.axis, p.texts[d], p.terms[0], p.terms[1])
		switch {
		case err == nil && got == p.texts[1-d]:
			s.exact++
		case err == nil:
			s.wrong++
			if anWord.ReplaceAllString(got, "$1") == anWord.ReplaceAllString(p.texts[1-d], "$1") {
				s.upToArticle++
			}
			if len(s.wrongs) < 8 {
				s.wrongs = append(s.wrongs, fmt.Sprintf("Q%d %q/%q\n  in:   %s\n  got:  %s\n  want: %s", p.qid, p.terms[0], p.terms[1], p.texts[d], got, p.texts[1-d]))
			}
		case errors.Is(err, ErrNeedsRewrite):
			s.rewrite++
		default:
			s.other++
			if len(s.wrongs) < 8 {
				s.wrongs = append(s.wrongs, fmt.Sprintf("Q%d error: %v", p.qid, err))
			}
		}
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// String reports exact (of all twins), precision (exact of the twins made) and coverage.
func (s *swapScore) String() string {
	made := s.exact + s.wrong
	return fmt.Sprintf("twins %4d  exact %6.2f%%  made %4d (coverage %6.2f%%, exact of made %6.2f%%)  rewrite %4d  other errors %d  (of the misses, %d differ from BBQ only in a/an)",
		s.n, pct(s.exact, s.n), made, pct(made, s.n), pct(s.exact, made), s.rewrite, s.other, s.upToArticle)
}

// heldOutLexicon returns the builtin lexicon without the groups that only BBQ's odd templates
// name (groups whose only source is BBQ and whose words no even template uses as a term).
func heldOutLexicon(t testing.TB) *Lexicon {
	even, odd := map[string]bool{}, map[string]bool{}
	for _, a := range bbqAxes {
		for _, it := range readBBQ(t, a) {
			q, _ := strconv.Atoi(it.QuestionIndex)
			for _, term := range answerTerms(it) {
				k := string(a) + "|" + strings.Join(splitLower(term), " ")
				if q%2 == 0 {
					even[k] = true
				} else {
					odd[k] = true
				}
			}
		}
	}
	out := &Lexicon{groups: map[Axis][]*group{}}
	for a, gs := range Builtin().groups {
		for _, g := range gs {
			onlyOdd := slices.Equal(g.sources, []string{"BBQ"})
			if onlyOdd {
				seenOdd := false
				for _, f := range g.forms {
					k := string(a) + "|" + strings.Join(f.words, " ")
					if even[k] {
						onlyOdd = false
					}
					seenOdd = seenOdd || odd[k]
				}
				onlyOdd = onlyOdd && seenOdd
			}
			if !onlyOdd {
				out.groups[a] = append(out.groups[a], g)
			}
		}
	}
	out.index()
	return out
}

// Targets of the issue: exact share of all gold twins, or (for disability and appearance) of
// the twins Swap makes.
var swapTargets = map[Axis]float64{Religion: 99.5, Nationality: 99.5, SexualOrientation: 99.5, Age: 97}
var madeTargets = map[Axis]float64{Disability: 99, PhysicalAppearance: 99}

// TestBBQSwapGold measures Swap on BBQ's template twins and fails below the targets.
// Run it with -v to see the figures:
//
//	go test -v -run 'TestBBQSwapGold' ./axis
func TestBBQSwapGold(t *testing.T) {
	t.Parallel()
	held := heldOutLexicon(t)
	for _, a := range bbqAxes {
		gold, dropped := goldSet(t, a)
		var all, tune, out, outHeld swapScore
		for _, p := range gold {
			all.add(Builtin(), p)
			if p.qid%2 == 0 {
				tune.add(Builtin(), p)
			} else {
				out.add(Builtin(), p)
				outHeld.add(held, p)
			}
		}
		t.Logf("%-19s gold pairs %d (left out: %v)", a, len(gold), dropped)
		t.Logf("  all:                       %v", &all)
		t.Logf("  tuned (even Q_id):         %v", &tune)
		t.Logf("  held out (odd Q_id):       %v", &out)
		t.Logf("  held out, held-out lexicon:%v", &outHeld)
		for _, w := range tune.wrongs {
			t.Logf("  tuned half: %s", w)
		}
		if all.other > 0 {
			t.Errorf("%s: %d twins failed with an error other than ErrNeedsRewrite", a, all.other)
		}
		if min, ok := swapTargets[a]; ok && pct(all.exact, all.n) < min {
			t.Errorf("%s: Swap exact on %.2f%% of gold twins, want at least %.1f%%", a, pct(all.exact, all.n), min)
		}
		if min, ok := madeTargets[a]; ok && pct(all.exact, all.exact+all.wrong) < min {
			t.Errorf("%s: Swap exact on %.2f%% of the twins it made, want at least %.1f%%", a, pct(all.exact, all.exact+all.wrong), min)
		}
		if len(gold) == 0 {
			t.Errorf("%s: empty gold set", a)
		}
	}
}

// TestOwnTwins measures Swap on twins written by hand for Race_ethnicity and SES, whose BBQ
// files the shared data does not hold: testdata/own_twins.tsv (written before it was first run;
// two rules were then fixed on it) and testdata/own_twins_heldout.tsv (written after, held out).
//
//	go test -v -run 'TestOwnTwins' ./axis
func TestOwnTwins(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"testdata/own_twins.tsv", "testdata/own_twins_heldout.tsv"} {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(file, "testdata/"), ".tsv"), func(t *testing.T) { ownTwins(t, file) })
	}
}

func ownTwins(t *testing.T, file string) {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	type score struct{ n, exact int }
	scores := map[Axis]*score{}
	for n, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			t.Fatalf("%s:%d: want 5 fields, got %d", file, n+1, len(f))
		}
		a := Axis(f[0])
		if scores[a] == nil {
			scores[a] = &score{}
		}
		s := scores[a]
		s.n++
		got, err := Builtin().Swap(a, f[3], f[1], f[2])
		switch f[4] {
		case "ERR_NOMENTION":
			if errors.Is(err, ErrNoMention) {
				s.exact++
				continue
			}
		case "ERR_REWRITE":
			if errors.Is(err, ErrNeedsRewrite) {
				s.exact++
				continue
			}
		default:
			if err == nil && got == f[4] {
				s.exact++
				if back, err := Builtin().Swap(a, got, f[1], f[2]); err != nil || back != f[3] {
					t.Errorf("line %d: swapping back gives %q, %v", n+1, back, err)
				}
				continue
			}
		}
		t.Logf("line %d: %s %q/%q\n  in:   %s\n  got:  %s (%v)\n  want: %s", n+1, a, f[1], f[2], f[3], got, err, f[4])
	}
	for _, a := range []Axis{RaceEthnicity, SES} {
		s := scores[a]
		if s == nil {
			t.Fatalf("no sentences for %s", a)
		}
		t.Logf("%-15s own sentences: %d/%d as written by hand (%.1f%%)", a, s.exact, s.n, pct(s.exact, s.n))
		if pct(s.exact, s.n) < 95 {
			t.Errorf("%s: Swap gives the hand-written twin for %.1f%% of the sentences, want at least 95%%", a, pct(s.exact, s.n))
		}
	}
}
