package axis

import (
	"fmt"
	"slices"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// ProblemKind names what keeps a text from being the twin of another. The zero value is not a
// problem kind.
type ProblemKind uint8

// The kinds of problems [Lexicon.Check] reports.
const (
	// Leak: a term (or co-varying word) left unexchanged: the twin still names the first group
	// where it should name the second.
	Leak ProblemKind = iota + 1
	// Missing: a group mention with no counterpart in the other text (dropped or replaced by a
	// word that names no group), or a text that mentions neither group.
	Missing
	// Outside: a change outside the group mentions, their articles and co-varying words.
	Outside
	// CrossGender: a gendered word changed (he/she, man/woman, a gendered person noun after a
	// group mention).
	CrossGender
	// NameChanged: a person's name changed.
	NameChanged
)

// String returns the kind's name: "leak", "missing", "outside", "cross-gender", "name-changed".
func (k ProblemKind) String() string {
	switch k {
	case Leak:
		return "leak"
	case Missing:
		return "missing"
	case Outside:
		return "outside"
	case CrossGender:
		return "cross-gender"
	case NameChanged:
		return "name-changed"
	}
	return fmt.Sprintf("ProblemKind(%d)", uint8(k))
}

// Problem is one thing that keeps texts[1] from being texts[0] with the two terms exchanged.
type Problem struct {
	Kind ProblemKind
	Side int    // the text the word at fault is in: 0 or 1
	Word string // the word at fault, as that text writes it
}

// String returns the problem as "kind in text N: word".
func (p Problem) String() string { return fmt.Sprintf("%s in text %d: %q", p.Kind, p.Side, p.Word) }

// Check lists what keeps texts[1] from being texts[0] with terms[0] and terms[1] exchanged; none
// means a clean twin. It needs no model: it finds both terms' groups in both texts (with their
// forms and co-varying words, as [Lexicon.Swap] does), sets aside each mention with the article
// before it (a and an are equal there) and, for an age, the person noun it moves ("boy" and
// "man"), and aligns what is left word by word. Curly and straight apostrophes are equal.
// Where the two texts differ only in the words that frame a mention (an article, and a
// linking verb before the mention or its article: is, are, was, were, has, have, had), as a
// rewrite between two forms of a group must ("who is blind", "who is a wheelchair user"; "who
// has tattoos", "who is fat"), that difference is no problem.
//
// A mention of the first group in texts[0] must face a mention of the second in texts[1] (and
// the other way round), in the same form; a mention facing its own group is a [Leak], one facing
// no mention is [Missing]. Any other difference is [CrossGender] when a word of the pair is a
// gendered word of the gender lexicon, [NameChanged] when it is a person's name, and [Outside]
// otherwise. Problems are listed in text order, each once. A term that cannot be read (empty,
// or both terms of one group) is reported as Missing on its side. Check never panics and is
// safe for concurrent use.
func (l *Lexicon) Check(a Axis, texts, terms [2]string) []Problem {
	var out []Problem
	add := func(p Problem) {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	lx := l
	if !a.Valid() {
		lx = nil // no lexicon for an unknown axis: the terms are read as written
	}
	var ts [2]term
	for k, s := range terms {
		t, err := lx.resolve(a, s)
		if err != nil {
			add(Problem{Missing, k, s})
			continue
		}
		ts[k] = t
	}
	if len(out) > 0 {
		return out
	}
	if sameGroup(ts[0].grp, ts[1].grp) {
		return []Problem{{Missing, 1, terms[1]}}
	}
	var seq [2][]item
	var none [2]bool
	for k := range texts {
		seq[k], none[k] = sequence(texts[k], ts, k == 1)
	}
	if none[0] {
		// The first text names neither group: there is nothing to exchange.
		add(Problem{Missing, 0, terms[0]})
		if none[1] {
			add(Problem{Missing, 1, terms[1]})
		}
		return out
	}
	for _, d := range diff(seq[0], seq[1]) {
		for _, p := range classify(d, seq) {
			add(p)
		}
	}
	if none[1] && !slices.ContainsFunc(out, func(p Problem) bool { return p.Kind == Missing }) {
		add(Problem{Missing, 1, terms[1]})
	}
	return out
}

// sequence returns the items of text (the second text's when flip is set) for the two terms,
// and whether it names neither group (co-varying words aside).
func sequence(text string, ts [2]term, flip bool) ([]item, bool) {
	toks := tokenize(text)
	ms := newMatcher([]*group{ts[0].grp, ts[1].grp}).find(text, toks)
	none := !slices.ContainsFunc(ms, func(m mention) bool { return m.f.kind != kindRole && m.f.kind != kindRolePl })
	return items(text, toks, ms, flip), none
}

// item is one unit the two texts are aligned by: a word or punctuation character, or a
// mention set aside.
type item struct {
	low  string // the word in lower case, or the punctuation
	text string // as written
	// For a mention: its side (after flipping the second text's), its role ("" for the group
	// itself), and the gender of the age head noun it absorbed.
	mention bool
	side    int
	role    string
	headG   lexicon.Gender
	headW   string
	prevCap bool // the word starts a sentence (for names)
}

func (x item) equal(y item) bool {
	if x.mention != y.mention {
		return false
	}
	if x.mention {
		return x.side == y.side && x.role == y.role
	}
	return x.low == y.low
}

// items turns a text's tokens into the sequence Check aligns: each mention becomes one item
// (an article a/an before it becomes "a"; an age head noun is absorbed).
func items(text string, toks []token, ms []mention, flip bool) []item {
	out := make([]item, 0, len(toks))
	sentenceStart := true
	next := 0
	for i := 0; i < len(toks); {
		if next < len(ms) && ms[next].i == i {
			it, end := mentionItem(text, toks, ms[next], flip)
			next++
			if n := len(out); n > 0 && !out[n-1].mention && (out[n-1].low == "a" || out[n-1].low == "an") {
				out[n-1].low = "a"
			}
			out = append(out, it)
			i = end
			sentenceStart = false
			continue
		}
		t := toks[i]
		it := wordItem(text, t, sentenceStart)
		out = append(out, it)
		sentenceStart = !t.word && (opensSentence(it.low) || sentenceStart)
		i++
	}
	return out
}

// mentionItem returns the item of mention m (its side flipped for the second text) and the
// token after it, past an age head noun it absorbs ("boy" and "man" move with the age).
func mentionItem(text string, toks []token, m mention, flip bool) (item, int) {
	side := m.side
	if flip {
		side = 1 - side
	}
	it := item{mention: true, side: side, text: text[toks[m.i].s:toks[m.j-1].e]}
	if m.f.kind == kindRole || m.f.kind == kindRolePl {
		it.role = m.f.role
	}
	if m.head >= 0 && m.g.band != bandNone && (kidHeads[toks[m.head].low] != "" || adultHeads[toks[m.head].low] != "") {
		it.headW = text[toks[m.head].s:toks[m.head].e]
		it.headG = headGender([]string{toks[m.head].low})
		return it, m.head + 1
	}
	return it, m.j
}

// wordItem returns the item of the word or punctuation t; start tells that it opens a
// sentence. Curly apostrophes are straight.
func wordItem(text string, t token, start bool) item {
	it := item{low: t.low, text: text[t.s:t.e], prevCap: start}
	if !t.word {
		it.low = text[t.s:t.e]
		if it.low == "\u2019" || it.low == "\u2018" {
			it.low = "'"
		}
	}
	return it
}

// opensSentence reports whether the punctuation p lets the next word open a sentence.
func opensSentence(p string) bool {
	switch p {
	case ".", "!", "?", "\n", ":", "\"", "\u201c":
		return true
	}
	return false
}

// op is one aligned region: items a[i0:i1] of the first text against b[j0:j1] of the second.
// equal is set when the region is the same in both (for matched mentions, their heads are
// compared).
type op struct {
	i0, i1, j0, j1 int
	equal          bool
}

// maxCells bounds the alignment table; beyond it the differing middle is compared position by
// position.
const maxCells = 4 << 20

// diff aligns a and b (longest common subsequence after trimming the common ends).
func diff(a, b []item) []op {
	p := 0
	for p < len(a) && p < len(b) && a[p].equal(b[p]) {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s].equal(b[len(b)-1-s]) {
		s++
	}
	var out []op
	if p > 0 {
		out = append(out, op{0, p, 0, p, true})
	}
	n, m := len(a)-p-s, len(b)-p-s
	if n > 0 || m > 0 {
		if n*m > maxCells || n*m < 0 {
			out = append(out, op{p, p + n, p, p + m, false})
		} else {
			out = append(out, lcs(a[p:p+n], b[p:p+m], p)...)
		}
	}
	if s > 0 {
		out = append(out, op{len(a) - s, len(a), len(b) - s, len(b), true})
	}
	return out
}

// lcs aligns a and b, whose first items are at offset off in the full sequences.
func lcs(a, b []item, off int) []op {
	n, m := len(a), len(b)
	t := make([]int32, (n+1)*(m+1))
	at := func(i, j int) *int32 { return &t[i*(m+1)+j] }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i].equal(b[j]) {
				*at(i, j) = *at(i+1, j+1) + 1
			} else {
				*at(i, j) = max(*at(i+1, j), *at(i, j+1))
			}
		}
	}
	var out []op
	i, j := 0, 0
	i0, j0 := 0, 0
	flush := func() {
		if i0 < i || j0 < j {
			out = append(out, op{off + i0, off + i, off + j0, off + j, false})
		}
	}
	for i < n && j < m {
		switch {
		case a[i].equal(b[j]):
			flush()
			out = append(out, op{off + i, off + i + 1, off + j, off + j + 1, true})
			i++
			j++
			i0, j0 = i, j
		case *at(i+1, j) >= *at(i, j+1):
			i++
		default:
			j++
		}
	}
	i, j = n, m
	flush()
	return out
}

// classify returns the problems of one aligned region.
func classify(d op, seq [2][]item) []Problem {
	a, b := seq[0][d.i0:d.i1], seq[1][d.j0:d.j1]
	if d.equal {
		return headProblems(a, b)
	}
	a, b = unframed(a, seq[0], d.i0), unframed(b, seq[1], d.j0)
	var out []Problem
	for k := 0; k < max(len(a), len(b)); k++ {
		var x, y *item
		if k < len(a) {
			x = &a[k]
		}
		if k < len(b) {
			y = &b[k]
		}
		out = append(out, pairProblem(x, y))
	}
	return out
}

// unframed returns the items of region r, which starts at index at of seq, without the words
// that frame a mention (see isFrame): a rewrite between two forms of a group changes them, and
// they reveal no group.
func unframed(r, seq []item, at int) []item {
	var out []item
	for k := range r {
		if !isFrame(seq, at+k) {
			out = append(out, r[k])
		}
	}
	if len(out) == len(r) {
		return r
	}
	return out
}

// isFrame reports whether seq[p] frames the mention after it: an article a or an, or a linking
// verb (is, are, was, were, has, have, had), directly before the mention or before its article
// ("who is blind" and "who is a wheelchair user"; "who has tattoos" and "who is fat").
func isFrame(seq []item, p int) bool {
	if p >= len(seq) || seq[p].mention {
		return false
	}
	q := p
	if linkingVerbs[seq[q].low] {
		q++
	}
	if q < len(seq) && !seq[q].mention && (seq[q].low == "a" || seq[q].low == "an") {
		q++
	}
	return q > p && q < len(seq) && seq[q].mention
}

// linkingVerbs are the verbs that link a person to a group mention of any form.
var linkingVerbs = map[string]bool{"is": true, "are": true, "was": true, "were": true, "has": true, "have": true, "had": true}

// headProblems returns the problems of a region the same in both texts: matched age mentions
// whose person nouns have different genders ("a youthful boy" facing "an elderly woman").
func headProblems(a, b []item) []Problem {
	var out []Problem
	for k := range a {
		if x, y := a[k], b[k]; x.mention && x.headG != lexicon.Unknown && y.headG != lexicon.Unknown && x.headG != y.headG {
			out = append(out, Problem{CrossGender, 1, y.headW})
		}
	}
	return out
}

// pairProblem returns the problem of item x of the first text facing item y of the second in
// a region that differs (either may be nil): a mention facing one of its own family is a Leak,
// one facing another role or nothing is Outside or Missing, and words are classified by
// wordProblem.
func pairProblem(x, y *item) Problem {
	switch {
	case x != nil && x.mention && y != nil && y.mention:
		if x.role == y.role {
			return Problem{Leak, 1, y.text}
		}
		return Problem{Outside, 1, y.text}
	case x != nil && x.mention:
		return Problem{Missing, 0, x.text}
	case y != nil && y.mention:
		return Problem{Outside, 1, y.text}
	}
	return wordProblem(x, y)
}

// wordProblem classifies a changed, added or dropped word: gendered, a name, or anything else.
func wordProblem(x, y *item) Problem {
	side, w := 1, y
	if y == nil {
		side, w = 0, x
	}
	for k, it := range []*item{x, y} {
		if it == nil {
			continue
		}
		if lw, ok := lexicon.Lookup(it.low); ok && lw.Class != lexicon.ClassNone {
			if k == 0 && y != nil {
				return Problem{CrossGender, 1, y.text}
			}
			return Problem{CrossGender, k, it.text}
		}
	}
	for k, it := range []*item{x, y} {
		if it != nil && isName(it) {
			if k == 0 && y != nil {
				return Problem{NameChanged, 1, y.text}
			}
			return Problem{NameChanged, k, it.text}
		}
	}
	return Problem{Outside, side, w.text}
}

// isName reports whether a word is a person's name: a given name of the name table, or a
// capitalised word inside a sentence that is no function word.
func isName(it *item) bool {
	if it.text == "" || !startsUpper(it.text) {
		return false
	}
	if g, common, ok := lexicon.GivenName(it.text); ok && (!common || !it.prevCap) {
		_ = g
		return true
	}
	return !it.prevCap && !functionWords[it.low] && !isAllUpper(it.text)
}
