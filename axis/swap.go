package axis

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/evenhand/evenhand/internal/lexicon"
	"github.com/evenhand/evenhand/internal/textutil"
)

// Twins by rule, in plain words:
//
//   - Every mention of either term's group is exchanged with the other's, both ways at once, in
//     the same form: adjective for adjective ("a Muslim man" / "a Jewish man"), noun for noun
//     ("a Muslim" / "a Jew"), plural for plural, condition for condition ("with autism"),
//     co-varying word for co-varying word of the same role (mosque / synagogue, imam / rabbi,
//     Mexico / Thailand, a wheelchair / a cane). The caller's own terms are written as the
//     caller wrote them ("Atheist", "24 year old"); other forms as the lexicon writes them.
//   - A word that is both adjective and noun ("Muslim") is read by what surrounds it: before a
//     noun or after a copula or "one" it is an adjective; after an article with nothing nominal
//     after it, a noun. Where that cannot be told and the other group's forms differ, the twin
//     needs a rewrite.
//   - Articles (a, an) before a changed mention follow its new first sound; the first letter
//     and all-capitals follow the text; every other byte is kept.
//   - An age band's person noun moves with it and keeps its gender ("a youthful boy" / "an
//     elderly man"); a gendered form is chosen by the person noun after it ("a Latina woman").
//   - A twin needs a rewrite (ErrNeedsRewrite) when the other group has no form where one is
//     needed (an atheist has no place of worship; "a Jewish" is not a noun), when a group
//     describes only one gender and the person is of the other ("a gay man" cannot be a
//     "lesbian man"), when the two terms are people of different genders in a text with
//     gendered pronouns, or when an unknown term would land where its shape cannot be checked
//     ("a blind person" with "nurse": "a nurse person").

// edit replaces text[s:e] by text; mention is set for the edit of a mention itself (not its
// article or head noun).
type edit struct {
	s, e    int
	text    string
	mention bool
}

// Swap exchanges every mention of the term from with the term to and every mention of to with
// from, on axis a (terms as written in the text, e.g. "Muslim", "84-year-old", "gay"), fixing
// articles, plurals, capitals and co-varying words, and keeping every other byte.
//
// Terms are looked up in the lexicon on a (see [Lexicon.Groups]); ages written with a number
// are read by rule, and a term the lexicon does not know is exchanged as written where its
// shape allows. Swap returns an error wrapping [ErrNoMention] when the text mentions neither
// term, [ErrNeedsRewrite] when only a rewrite could make the twin (it never guesses),
// [ErrBadTerm] for an empty term or two terms of one group, and [ErrUnknownAxis] for an axis
// that is not one of the eight. It never panics and is safe for concurrent use.
func (l *Lexicon) Swap(a Axis, text, from, to string) (string, error) {
	fail := func(err error) (string, error) {
		return "", fmt.Errorf("axis: swap %s %q and %q: %w", a, from, to, err)
	}
	if !a.Valid() {
		return fail(fmt.Errorf("%w: %q", ErrUnknownAxis, string(a)))
	}
	terms, err := l.resolvePair(a, from, to)
	if err != nil {
		return fail(err)
	}
	out, err := swapOnce(terms, text)
	if err != nil {
		return fail(err)
	}
	// A twin must read back as the text: a word the rules read one way going and another way
	// coming back ("Pole" becomes "Mexican", which reads back as "Polish") is no twin by rule.
	if back, err := swapOnce(terms, out); err != nil || spellingKey(back) != spellingKey(text) {
		return fail(fmt.Errorf("%w: %q would not read back as the text", ErrNeedsRewrite, textutil.Truncate(out, 80)))
	}
	return out, nil
}

// spellingKey is s with what a twin may not keep set aside: letter case, hyphens and runs of
// spaces between words, and a or an (set for the word that follows even where the text had it
// otherwise).
func spellingKey(s string) string {
	toks := tokenize(s)
	var b strings.Builder
	for _, t := range toks {
		w := t.low
		if !t.word {
			w = lowerWord(s[t.s:t.e])
		}
		if w == "an" {
			w = "a"
		}
		b.WriteString(w)
		b.WriteByte(0)
	}
	return b.String()
}

// swapOnce exchanges the terms in text.
func swapOnce(terms [2]term, text string) (string, error) {
	toks := tokenize(text)
	ms := newMatcher([]*group{terms[0].grp, terms[1].grp}).find(text, toks)
	if !slices.ContainsFunc(ms, func(m mention) bool { return m.f.kind != kindRole && m.f.kind != kindRolePl }) {
		return "", fmt.Errorf("%w in %q", ErrNoMention, textutil.Truncate(text, 80))
	}
	if err := genderedPeople(terms, text, toks); err != nil {
		return "", err
	}
	kinds := mentionKinds(text, toks, ms)
	var edits []edit
	for k, m := range ms {
		es, err := replacement(terms, text, toks, m, kinds[k])
		if err != nil {
			return "", err
		}
		edits = append(edits, es...)
	}
	out, spans := apply(text, edits)
	// The twin must show its mentions where they were put: terms that run into the words around
	// them ("0 1" with "1" and "0 0" would give "0 0 0") cannot be exchanged by rule.
	otoks := tokenize(out)
	var got [][2]int
	for _, m := range newMatcher([]*group{terms[0].grp, terms[1].grp}).find(out, otoks) {
		got = append(got, [2]int{otoks[m.i].s, otoks[m.j-1].e})
	}
	if !slices.Equal(got, spans) {
		return "", fmt.Errorf("%w: the exchanged terms would not read as mentions in %q", ErrNeedsRewrite, textutil.Truncate(out, 80))
	}
	return out, nil
}

// resolvePair reads the two terms of a swap or check.
func (l *Lexicon) resolvePair(a Axis, from, to string) ([2]term, error) {
	var terms [2]term
	for k, s := range [2]string{from, to} {
		t, err := l.resolve(a, s)
		if err != nil {
			return terms, err
		}
		terms[k] = t
	}
	if sameGroup(terms[0].grp, terms[1].grp) {
		return terms, fmt.Errorf("%w: %q and %q name the same group", ErrBadTerm, from, to)
	}
	return terms, nil
}

func sameGroup(x, y *group) bool {
	if x == y {
		return true
	}
	if x.number >= 0 || y.number >= 0 {
		return x.number == y.number
	}
	return x.name == y.name && len(x.forms) == 1 && len(y.forms) == 1 && equalWords(x.forms[0].words, y.forms[0].words)
}

// genderedPeople refuses a twin between people of different genders (a grandmother and a
// grandson) in a text with third-person gendered pronouns: which pronouns follow which person
// is for a rewrite.
func genderedPeople(terms [2]term, text string, toks []token) error {
	g0, g1 := terms[0].grp.gender, terms[1].grp.gender
	if g0 == g1 || g0 == lexicon.Unknown || g1 == lexicon.Unknown {
		return nil // a person of unknown gender (a teen) may take the other's pronouns
	}
	for _, t := range toks {
		if !t.word {
			continue
		}
		if w, ok := lexicon.Lookup(t.low); ok && w.Class == lexicon.Pronoun {
			return fmt.Errorf("%w: %q and %q are people of different genders and the text uses %q",
				ErrNeedsRewrite, terms[0].text, terms[1].text, text[t.s:t.e])
		}
	}
	return nil
}

// replacement returns the edits that exchange mention m.
func replacement(terms [2]term, text string, toks []token, m mention, mk mentionKind) ([]edit, error) {
	src, dst := terms[m.side], terms[1-m.side]
	mtext := text[toks[m.i].s:toks[m.j-1].e]
	gd, headG := mentionGender(toks, m)
	if err := fitsHeadGender(dst, text, toks, m, headG); err != nil {
		return nil, err
	}
	out, err := replacementText(src, dst, text, toks, m, mk, gd)
	if err != nil {
		return nil, fmt.Errorf("%w (%q in %q)", err, mtext, textutil.Truncate(text, 80))
	}
	edits := []edit{{toks[m.i].s, toks[m.j-1].e, out, true}}
	if ae, ok := articleEdit(text, toks, m.i, out); ok {
		edits = append(edits, ae)
	}
	if m.head >= 0 {
		he, err := headEdit(src, dst, m, text, toks)
		if err != nil {
			return nil, fmt.Errorf("%w (%q in %q)", err, mtext, textutil.Truncate(text, 80))
		}
		edits = append(edits, he...)
	}
	return edits, nil
}

// mentionGender returns the gender of mention m: its form's, else its person noun's ("a
// youthful boy"); and the gender of that person noun (Unknown when there is none).
func mentionGender(toks []token, m mention) (gd, headG lexicon.Gender) {
	gd = m.f.gender
	if m.head >= 0 {
		headG = headGender([]string{toks[m.head].low})
		if gd == lexicon.Unknown {
			gd = headG
		}
	}
	return gd, headG
}

// fitsHeadGender refuses to put a group limited to one gender (lesbian, pregnant) where the
// mention m describes a person of the other: by its person noun (headG), or as said of a
// gendered subject ("He is gay").
func fitsHeadGender(dst term, text string, toks []token, m mention, headG lexicon.Gender) error {
	h := dst.grp.head
	if h == lexicon.Unknown {
		return nil
	}
	mtext := text[toks[m.i].s:toks[m.j-1].e]
	switch {
	case headG != lexicon.Unknown && headG != h:
		return fmt.Errorf("%w: %q describes only %s people, and %q is about a %q",
			ErrNeedsRewrite, dst.text, genderWord(h), mtext, text[toks[m.head].s:toks[m.head].e])
	case m.head < 0:
		if w, g := genderBefore(text, toks, m.i); g != lexicon.Unknown && g != h {
			return fmt.Errorf("%w: %q describes only %s people, and %q is said of %q",
				ErrNeedsRewrite, dst.text, genderWord(h), mtext, w)
		}
	}
	return nil
}

// replacementText returns what mention m of src (of gender gd) becomes: dst's form for its
// place, written with the mention's separators and case.
func replacementText(src, dst term, text string, toks []token, m mention, mk mentionKind, gd lexicon.Gender) (string, error) {
	mtext := text[toks[m.i].s:toks[m.j-1].e]
	tf, err := target(src, dst, m, mk.k, mk.pos, gd)
	if err != nil {
		return "", err
	}
	out := tf.text
	proper := len(tf.caps) > 0 && tf.caps[0]
	if dst.form != nil && tf == dst.form && capsFit(dst.text, tf) {
		out = dst.text
		proper = proper || startsUpper(dst.text) // the caller's capital ("Deaf", "Atheist") stays
	}
	// A mention written with other separators than the caller's term ("15-year-old" for "15
	// year old", "Middle-Eastern") passes them on, so that swapping back gives the text back.
	if lowerWord(mtext) != lowerWord(src.text) {
		out = ageLike(out, text, toks, m)
	}
	// A capital the text gives a word the lexicon and the caller write in lower case ("the
	// Professor") is the text's style and carries over; the capital of a proper word or of the
	// caller's own spelling ("Muslim", "Deaf") does not.
	wasProper := len(m.f.caps) > 0 && m.f.caps[0] || m.f == src.form && startsUpper(src.text)
	if isAllUpper(mtext) && !isAllUpper(m.f.text) {
		out = strings.ToUpper(out) // a text in capitals; not an acronym such as PTSD
	}
	return caseLike(out, mtext, proper, wasProper, sentenceStart(text, toks, m.i)), nil
}

// capsFit reports whether s writes the capitals form f needs ("meXiCAn" does not write
// "Mexican"): the caller's spelling is kept only then.
func capsFit(s string, f *form) bool {
	ws := splitWords(s)
	if len(ws) != len(f.caps) {
		return false
	}
	for i, w := range ws {
		if f.caps[i] && !startsUpper(w) {
			return false
		}
	}
	return true
}

// caseLike writes out in the case of the mention it replaces (an all-capitals out is left as
// it is): a capital first letter where the mention opens a sentence with one; capitals where
// the text capitalises a word that is not a proper word ("the Professor" becomes "the Parking
// Attendant"); a small first letter where the mention has one inside a sentence and out is not
// a proper word. A proper word's own capital ("Muslim", "Down's Syndrome") is not carried over.
func caseLike(out, was string, proper, wasProper, start bool) string {
	switch {
	case isAllUpper(out):
		return out
	case start && startsUpper(was):
		return capitalize(out)
	case !start && startsUpper(was) && !wasProper:
		if titleCase(was) {
			return toTitle(out)
		}
		return capitalize(out)
	case !start && !startsUpper(was) && !proper:
		return uncapitalize(out)
	}
	return out
}

// titleCase reports whether every word of s starts with a capital.
func titleCase(s string) bool {
	for _, w := range splitWords(s) {
		if !startsUpper(w) {
			return false
		}
	}
	return true
}

// toTitle capitalises every word of s that starts with a letter.
func toTitle(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if up && unicode.IsLetter(r) {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(r)
		}
		up = r == ' '
	}
	return b.String()
}

// sentenceStart reports whether token i opens a sentence.
func sentenceStart(text string, toks []token, i int) bool {
	for k := i - 1; k >= 0; k-- {
		if toks[k].word {
			return false
		}
		switch text[toks[k].s:toks[k].e] {
		case ".", "!", "?", "\n":
			return true
		case "\"", "\u201c", "(", "'", "\u2018":
			continue
		default:
			return false
		}
	}
	return true
}

// genderBefore returns the subject of the copula right before token i when it gives a gender
// ("He is gay", "a man who is gay"), and that gender; Unknown otherwise.
func genderBefore(text string, toks []token, i int) (string, lexicon.Gender) {
	k := i - 1
	if k < 1 || !toks[k].word || !copulas[toks[k].low] {
		return "", lexicon.Unknown
	}
	k = subjectBefore(text, toks, k-1)
	if k < 0 || !toks[k].word {
		return "", lexicon.Unknown
	}
	if lw, ok := lexicon.Lookup(toks[k].low); ok && lw.Gender != lexicon.Unknown && lw.Class != lexicon.Title && !lw.Plural {
		return text[toks[k].s:toks[k].e], lw.Gender
	}
	return "", lexicon.Unknown
}

// subjectBefore walks back from token k, the word before a copula, over adverbs, "not" and a
// relative "who" or "that" (and the comma before it) to the copula's subject: "He is", "He is
// not", "a man who is", "the man, who is".
func subjectBefore(text string, toks []token, k int) int {
	for k >= 0 && toks[k].word && (adverbs[toks[k].low] || toks[k].low == "not") {
		k--
	}
	if k >= 1 && lowIs(toks, k, "who", "that") {
		k--
		if k >= 1 && !toks[k].word && text[toks[k].s:toks[k].e] == "," {
			k--
		}
	}
	return k
}

func genderWord(g lexicon.Gender) string {
	if g == lexicon.Female {
		return "female"
	}
	return "male"
}

// mentionKind is where a mention stands and the form it is used in.
type mentionKind struct {
	pos place
	k   kind
}

// mentionKinds reads the position and form of each mention. A word that could be an adjective
// or a noun ("an Arab opened") takes the form of a mention it is joined to by "and" or "or"
// ("A Jew and an Arab opened": a noun).
func mentionKinds(text string, toks []token, ms []mention) []mentionKind {
	out := make([]mentionKind, len(ms))
	for k, m := range ms {
		out[k].pos = position(text, toks, m)
		out[k].k = kindAt(m, out[k].pos)
	}
	for k := range ms {
		if out[k].k == kindNone {
			out[k].k = joinedKind(toks, ms, out, k)
		}
	}
	return out
}

// joinedKind returns the form of the mention before or after ms[k] that it is joined to by
// "and" or "or" (a plural standing for a noun), when that mention's form is known and is no
// role; kindNone otherwise.
func joinedKind(toks []token, ms []mention, kinds []mentionKind, k int) kind {
	for _, n := range []int{k - 1, k + 1} {
		if n < 0 || n >= len(ms) || kinds[n].k == kindNone || kinds[n].k == kindRole || kinds[n].k == kindRolePl {
			continue
		}
		if (n < k && joinedMentions(toks, ms[n], ms[k])) || (n > k && joinedMentions(toks, ms[k], ms[n])) {
			if kinds[n].k == kindPlural {
				return kindNoun
			}
			return kinds[n].k
		}
	}
	return kindNone
}

// joinedMentions reports whether mention a, before b, is joined to it by "and" or "or" and at
// most a determiner: "A Jew and an Arab".
func joinedMentions(toks []token, a, b mention) bool {
	k := a.j
	if !lowIs(toks, k, "and", "or") {
		return false
	}
	k++
	if k < len(toks) && toks[k].word && determiners[toks[k].low] && k < b.i {
		k++
	}
	return k == b.i
}

// Positions of a mention in its sentence.
type place uint8

const (
	placeOther      place = iota
	placeAttrib           // a noun follows: "a Muslim man", "Muslim families", "Muslim and Hindu people"
	placeAfterDet         // after a determiner, nothing nominal after: "a Muslim and", "the Muslim."
	placePredicate        // after a copula or "one": "is gay", "one Muslim and one Hindu"
	placeAfterWith        // after with, has, had, have, without: "with autism"
	placeUnsure           // after a determiner, before a word that may be a noun or a verb: "a Muslim prayed"
	placeAlone            // no word before it in its clause and no noun after: "Muslim." as a heading
	placeBeforeWord       // no determiner before it, a word after: "Hispanic voters", "saw Muslim leaders"
)

// commonNouns are nouns a group's adjective often describes, besides people.
var commonNouns = setOf(`community communities family families culture cultures food foods
holiday holidays tradition traditions festival festivals name names restaurant restaurants
school schools wedding weddings clothing clothes music art history law laws custom customs
prayer prayers heritage background descent origin ancestry accent accents dish dishes cuisine
neighborhood neighbourhood church mosque temple synagogue center centre organization
organizations club clubs student students team teams dress values faith beliefs belief
household households home homes couple couples`)

// agentNoun reports whether w looks like a noun for a person or thing that does something
// (baker, actor, pianist, librarian, assistant): after "a Muslim" such a word is the noun the
// adjective describes, as a verb there would end in -s or -ed.
func agentNoun(w string) bool {
	if len(w) < 5 || comparatives[w] || functionWords[w] {
		return false
	}
	for _, suf := range []string{"er", "or", "ist", "ian"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return len(w) >= 6 && strings.HasSuffix(w, "ant")
}

// comparatives and other words in -er that name no one.
var comparatives = setOf(`older younger taller shorter bigger smaller larger better worse later
earlier other rather whether another former latter never ever wiser richer poorer fatter
thinner slimmer heavier lighter weaker stronger`)

// determiners before a noun.
var determiners = setOf(`a an the this that these those my his her their our your its every each
another some any no one two three several many few`)

// position tells how the mention m stands in its sentence.
func position(text string, toks []token, m mention) place {
	prev := lowBefore(toks, m.i)
	nounNext, unknownNext := wordAfter(text, toks, m.j)
	if nounNext {
		return placeAttrib
	}
	if p, ok := placeAfter(prev); ok {
		return p
	}
	if (m.f.kind == kindAdj || m.alt != nil) && coordinatedBeforeNoun(text, toks, m.j) {
		return placeAttrib // "a Muslim and a Hindu man": an adjective whose noun comes later
	}
	if determiners[prev] {
		if unknownNext {
			return placeUnsure // "a Muslim prayed" or "a Muslim family"
		}
		return placeAfterDet
	}
	switch {
	case unknownNext:
		return placeBeforeWord // a singular noun would need a determiner: an adjective
	case prev == "":
		return placeAlone
	}
	return placeOther
}

// wordAfter tells what the word joined to the end of a mention at token n is: a noun (a person,
// a common noun a group's adjective describes, an agent noun), or a word that may be a noun or
// a verb (no function word or 's); neither when there is no such word.
func wordAfter(text string, toks []token, n int) (noun, unknown bool) {
	if n >= len(toks) || !toks[n].word || !joinable(text[toks[n-1].e:toks[n].s]) {
		return false, false
	}
	w := toks[n].low
	switch {
	case isPersonNoun(w) || commonNouns[w] || agentNoun(w):
		return true, false
	case !functionWords[w] && w != "'s":
		return false, true
	}
	return false, false
}

// placeAfter returns the place the word prev right before a mention gives it: after with, has
// or have ("with autism"); a predicate after a copula, "one" or an adverb ("is gay", "one
// Muslim", "actually Iraqi", "openly gay"). It returns false after any other word.
func placeAfter(prev string) (place, bool) {
	switch prev {
	case "with", "without", "has", "had", "have", "having":
		return placeAfterWith, true
	}
	if predicateWords[prev] || adverbs[prev] || len(prev) > 4 && strings.HasSuffix(prev, "ly") {
		return placePredicate, true
	}
	return placeOther, false
}

// coordinatedBeforeNoun reports whether the words from token j are "and"/"or" followed, within
// a few words and before any punctuation, by an adjective and a person noun ("and a Hindu man").
func coordinatedBeforeNoun(text string, toks []token, j int) bool {
	if j >= len(toks) || !toks[j].word || (toks[j].low != "and" && toks[j].low != "or") {
		return false
	}
	for k := j + 1; k < len(toks) && k <= j+4; k++ {
		if !toks[k].word {
			return false
		}
		if isPersonNoun(toks[k].low) {
			return k >= j+2 && !determiners[toks[k-1].low]
		}
	}
	return false
}

// kindAt returns the form mention m is used in: the form matched, or for a word that is both
// adjective and noun (Muslim, 22-year-old), the one its position shows; kindNone when it cannot
// be told.
func kindAt(m mention, pos place) kind {
	nominal := m.alt != nil || (m.number >= 0 && m.f.kind == kindAdj)
	if !nominal {
		return m.f.kind
	}
	switch pos {
	case placeAttrib, placePredicate, placeBeforeWord:
		return kindAdj // before a noun, after a copula, "one" or an adverb, before a word with no determiner
	case placeAfterDet:
		return kindNoun
	}
	return kindNone
}

// target returns the form of dst that a mention m of src, used as kind k at pos, becomes.
func target(src, dst term, m mention, k kind, pos place, gd lexicon.Gender) (*form, error) {
	if k == kindNone {
		return unsureTarget(src, dst, m, pos, gd)
	}
	var tf *form
	if k == kindRole || k == kindRolePl {
		tf = dst.grp.formOf(k, m.f.role, gd)
	} else {
		tf = dst.grp.nominalForm(k, gd)
	}
	if tf != nil {
		return tf, nil
	}
	if callerTermsFit(src, dst, m, k, pos) {
		return dst.form, nil
	}
	what := k.String()
	if k == kindRole || k == kindRolePl {
		what = fmt.Sprintf("%s (%s)", what, m.f.role)
	}
	return nil, fmt.Errorf("%w: %q has no %s to stand where %q does", ErrNeedsRewrite, dst.text, what, src.text)
}

// unsureTarget returns the form of dst for a mention m of src that may be an adjective or a
// noun: the one form dst writes both with, or, after "the" where the text could go on either
// way, dst's adjective when it has no noun: "the straight waffled", "the pansexual waffled"
// (BBQ writes them so).
func unsureTarget(src, dst term, m mention, pos place, gd lexicon.Gender) (*form, error) {
	a, n := dst.grp.nominalForm(kindAdj, gd), dst.grp.nominalForm(kindNoun, gd)
	if a != nil && n != nil && equalWords(a.words, n.words) {
		return a, nil
	}
	if a != nil && n == nil && pos == placeUnsure && definite[m.prev] {
		return a, nil
	}
	return nil, fmt.Errorf("%w: %q may be an adjective or a noun here, and %q writes them differently",
		ErrNeedsRewrite, src.text, dst.text)
}

// callerTermsFit reports whether dst's own form (the caller's term) may replace the mention m
// of src, used as kind k at pos, when the two are of different forms: where the position lets
// both stand.
func callerTermsFit(src, dst term, m mention, k kind, pos place) bool {
	if dst.form == nil || !(m.f == src.form || src.form == nil && m.g == src.grp) {
		return false
	}
	return compatible(m.f.kind, k, dst.form.kind, pos) || pos == placePredicate && predicative(m.f) && predicative(dst.form)
}

// nominalForm is formOf for the forms that carry no role, where an age written with a number
// serves as its own noun ("a 22-year-old").
func (g *group) nominalForm(k kind, gd lexicon.Gender) *form {
	if k == kindRole || k == kindRolePl {
		return nil
	}
	if f := g.formOf(k, "", gd); f != nil {
		return f
	}
	if k == kindNoun && g.number >= 0 {
		return g.formOf(kindAdj, "", gd)
	}
	return nil
}

// compatible reports whether a mention of form from (used as kind k) at pos may be replaced by
// a term of form to, when the two differ and one of them is the caller's unknown term.
func compatible(from, k, to kind, pos place) bool {
	if from == kindBare && to == kindBare || from == kindName && to == kindName {
		return true
	}
	if k == kindNone {
		k = from
	}
	switch {
	case from != kindBare && to != kindBare:
		// Two known forms of different kinds: a word that is both adjective and noun (an age
		// with a number) used as a noun may stand for a noun and the other way round.
		return (k == kindNoun || from == kindNoun) && (to == kindNoun || to == kindAdj) && pos == placeAfterDet
	case to == kindBare:
		return bareReplaces(k, pos)
	default:
		return replacesBare(to, pos)
	}
}

// bareReplaces reports whether the caller's unknown term may replace a known form used as kind
// k at pos: only where any noun phrase, adjective or condition of its shape would do.
func bareReplaces(k kind, pos place) bool {
	switch k {
	case kindNoun, kindPlural:
		return pos != placeAttrib // a noun phrase ends where it ends
	case kindAdj:
		return pos == placePredicate
	case kindCond:
		return pos == placeAfterWith
	}
	return false
}

// replacesBare reports whether a known form of kind to may replace the caller's unknown term
// at pos.
func replacesBare(to kind, pos place) bool {
	switch to {
	case kindNoun, kindPlural:
		return pos != placeAttrib && pos != placePredicate
	case kindAdj:
		return pos == placePredicate || pos == placeAttrib
	case kindCond:
		return pos == placeAfterWith
	}
	return false
}

// predicative reports whether f can follow a copula on its own: an adjective ("was pregnant"),
// a noun phrase with its article ("was a redhead"), or a phrase with a preposition ("was in a
// wheelchair", "was with child").
func predicative(f *form) bool {
	if len(f.words) == 0 {
		return false
	}
	switch f.kind {
	case kindAdj, kindAgePred:
		return true
	case kindCond, kindBare:
		return len(f.words) > 1 && (f.words[0] == "a" || f.words[0] == "an")
	case kindPost:
		switch f.words[0] {
		case "with", "in", "on", "without":
			return true
		}
	}
	return false
}

// ageLike writes out with the separators of the mention m it replaces when both have as many
// words: "15 year old" becomes "40 year old", "Middle-Eastern" "South-American".
func ageLike(out, text string, toks []token, m mention) string {
	ws := strings.FieldsFunc(out, func(r rune) bool { return r == ' ' || r == '-' })
	if len(ws) != m.j-m.i {
		return out
	}
	var b strings.Builder
	for k, w := range ws {
		if k > 0 {
			b.WriteString(text[toks[m.i+k-1].e:toks[m.i+k].s])
		}
		b.WriteString(w)
	}
	return b.String()
}

// articleEdit fixes the article a/an before token i for the word that now follows it.
func articleEdit(text string, toks []token, i int, next string) (edit, bool) {
	if i == 0 || !toks[i-1].word || (toks[i-1].low != "a" && toks[i-1].low != "an") {
		return edit{}, false
	}
	gap := text[toks[i-1].e:toks[i].s]
	if gap == "" || isHyphen(gap) || !joinable(gap) {
		return edit{}, false
	}
	old := text[toks[i-1].s:toks[i-1].e]
	a := article(next)
	if next != "" && next[0] >= '0' && next[0] <= '9' && !saysAnBeforeNumbers(text, toks) {
		a = "a"
	}
	art := matchCase(a, old, true)
	if art == old {
		return edit{}, false
	}
	return edit{toks[i-1].s, toks[i-1].e, art, false}, true
}

// saysAnBeforeNumbers reports whether text writes "an" before a number that is read with a
// vowel ("an 18-year-old", "an 80-year-old"). Texts differ: many, and BBQ's templates, write
// "a" before every number, and a twin keeps the text's own way.
func saysAnBeforeNumbers(text string, toks []token) bool {
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].word && toks[i].low == "an" && toks[i+1].word {
			if c := toks[i+1].low[0]; c >= '0' && c <= '9' {
				return true
			}
		}
	}
	return false
}

// The person nouns that move with an age band.
var (
	kidHeads   = map[string]string{"boy": "man", "girl": "woman", "boys": "men", "girls": "women"}
	adultHeads = map[string]string{"man": "boy", "woman": "girl", "men": "boys", "women": "girls"}
	adultOnly  = setOf("guy guys lady ladies gentleman gentlemen")
)

// headEdit moves the person noun after an age mention across the line between boys and girls
// and men and women, keeping its gender.
func headEdit(src, dst term, m mention, text string, toks []token) ([]edit, error) {
	sb, db := m.g.band, dst.grp.band
	if sb == bandNone || db == bandNone || sb.kidBand() == db.kidBand() {
		return nil, nil
	}
	h := toks[m.head]
	was := text[h.s:h.e]
	var to string
	switch {
	case kidHeads[h.low] != "":
		if !sb.kidBand() {
			return nil, fmt.Errorf("%w: %q does not fit %q", ErrNeedsRewrite, was, src.text)
		}
		to = kidHeads[h.low]
	case adultHeads[h.low] != "":
		if sb.kidBand() {
			return nil, fmt.Errorf("%w: %q does not fit %q", ErrNeedsRewrite, was, src.text)
		}
		to = adultHeads[h.low]
	case adultOnly[h.low]:
		return nil, fmt.Errorf("%w: %q has no counterpart for %q", ErrNeedsRewrite, was, dst.text)
	default:
		return nil, nil
	}
	return []edit{{h.s, h.e, matchCase(to, was, true), false}}, nil
}

// apply returns text with the edits made (they do not overlap), and the spans the mention
// edits have in it.
func apply(text string, edits []edit) (string, [][2]int) {
	slices.SortFunc(edits, func(x, y edit) int { return x.s - y.s })
	var b strings.Builder
	b.Grow(len(text) + 16*len(edits))
	var spans [][2]int
	at := 0
	for _, e := range edits {
		if e.s < at {
			continue // overlapping edits cannot happen; keep the first
		}
		b.WriteString(text[at:e.s])
		if e.mention {
			spans = append(spans, [2]int{b.Len(), b.Len() + len(e.text)})
		}
		b.WriteString(e.text)
		at = e.e
	}
	b.WriteString(text[at:])
	return b.String(), spans
}
