package axis

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// Terms, in plain words:
//
//   - A term is looked up on its axis, ignoring case and the spacing or hyphens between its
//     words: "african-american" is the lexicon's "African American".
//   - Ages written with a number are read by rule: "78-year-old", "24 year old", "22 years old",
//     "22-year-olds", "aged 40"; the band comes from the number.
//   - An adjective of the lexicon before a person noun ("elderly man", "autistic friend") is a
//     noun term with that adjective's band and the noun's gender.
//   - A known word after a frame ("with autism", "who's blind", "who uses a wheelchair") is a
//     phrase term that also brings the word's other forms.
//   - Any other term is the caller's: exchanged as written, where its shape allows. Its shape is
//     a phrase after a noun (who ..., with ..., in ..., a verb in -ing), a condition (a, an,
//     no, some ... + words), a name (every word capitalised) or unknown.

// term is a caller's term resolved on an axis.
type term struct {
	text string // as the caller wrote it
	grp  *group
	form *form // the form the caller wrote; nil when the caller gave a group's name
	// known is set when the term (or its core after a frame) is in the lexicon or is an age
	// written with a number.
	known bool
}

// resolve reads the caller's term s on axis a.
func (l *Lexicon) resolve(a Axis, s string) (term, error) {
	if !utf8.ValidString(s) {
		return term{}, fmt.Errorf("%w: %q is not valid UTF-8", ErrBadTerm, s)
	}
	ws := splitWords(s)
	if len(ws) == 0 {
		return term{}, fmt.Errorf("%w: %q has no word", ErrBadTerm, s)
	}
	low := make([]string, len(ws))
	content := false
	for i, w := range ws {
		low[i] = lowerWord(w)
		content = content || !functionWords[low[i]] && low[i] != "'s"
	}
	if !content {
		return term{}, fmt.Errorf("%w: %q has only function words", ErrBadTerm, s)
	}
	text, err := termText(s)
	if err != nil {
		return term{}, err
	}
	if t, ok := l.knownTerm(a, ws, low, text); ok {
		return t, nil
	}
	g := &group{axis: a, name: text, number: -1}
	g.forms = []form{newForm(shape(ws, low), "", text, lexicon.Unknown)}
	g.gender = headGender(low)
	return term{text: text, grp: g, form: &g.forms[0]}, nil
}

// termText returns the term s as written, from its first word to its last ("Muslim!" is
// "Muslim"), with runs of spaces between its words made one ("Middle  Eastern" is "Middle
// Eastern"); words must be separated by spaces or one hyphen, as mentions are matched.
func termText(s string) (string, error) {
	var b strings.Builder
	var last token
	started := false
	for _, tk := range tokenize(s) {
		if !tk.word {
			continue
		}
		if started {
			gap := s[last.e:tk.s]
			switch {
			case !joinable(gap):
				return "", fmt.Errorf("%w: %q: words must be separated by spaces or a hyphen", ErrBadTerm, s)
			case isHyphen(gap) || gap == "":
				b.WriteString(gap)
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString(s[tk.s:tk.e])
		last, started = tk, true
	}
	return b.String(), nil
}

// knownTerm looks the term text (its words ws, in lower case low) up on axis a, in this order:
// a form of the lexicon, a group's name, an age written with a number, an adjective of the
// lexicon before a person noun, a degree of a known word, a known word after a frame. It
// returns false when none knows it.
func (l *Lexicon) knownTerm(a Axis, ws, low []string, text string) (term, bool) {
	t := term{text: text}
	if r := l.lookupForm(a, low); r != nil {
		t.grp, t.form, t.known = r.g, &r.g.forms[r.f], true
		return t, true
	}
	if g := l.lookupGroup(a, text); g != nil {
		t.grp, t.known = g, true
		return t, true
	}
	if a == Age {
		if g := ageGroup(low, text); g != nil {
			t.grp, t.form, t.known = g, &g.forms[0], true
			return t, true
		}
	}
	if g := l.adjHead(a, ws, low, text); g != nil {
		t.grp, t.form, t.known = g, &g.forms[0], true
		return t, true
	}
	if g := l.degree(a, ws, low, text); g != nil {
		t.grp, t.form, t.known = g, &g.forms[0], len(g.forms) > 1 || g.band != bandNone
		return t, true
	}
	if g := l.framed(a, ws, low, text); g != nil {
		t.grp, t.form = g, &g.forms[0]
		t.known = len(g.forms) > 1
		return t, true
	}
	return term{}, false
}

// shape guesses nothing: it names the form an unknown term's first word shows, or kindBare.
func shape(ws, low []string) kind {
	switch low[0] {
	case "who", "who's", "that", "whose", "with", "without", "in", "on", "wearing", "using", "holding", "carrying":
		return kindPost
	case "a", "an", "no", "some", "many", "several":
		if len(low) > 1 {
			return kindCond
		}
	}
	if strings.HasSuffix(low[0], "ing") && len(low) > 1 {
		return kindPost
	}
	if isPersonNoun(low[len(low)-1]) {
		return kindNoun // a person: "son", "friend of mine" is not one ("mine" ends it)
	}
	if last := low[len(low)-1]; len(low) > 1 && last == "looking" {
		return kindAdj // "fit looking", "athletic looking"
	}
	names := true
	for _, w := range ws {
		if !startsUpper(w) || isAllUpper(w) {
			names = false
		}
		if _, ok := lexicon.Lookup(w); ok {
			names = false
		}
	}
	if names {
		return kindName
	}
	return kindBare
}

// headGender returns the gender of a term's last word when it is a gendered noun ("elderly
// mother": Female), Unknown otherwise.
func headGender(low []string) lexicon.Gender {
	w, ok := lexicon.Lookup(low[len(low)-1])
	if !ok || w.Class == lexicon.ClassNone || w.Class == lexicon.Pronoun || w.Class == lexicon.Title {
		return lexicon.Unknown
	}
	return w.Gender
}

// adjHead reads "ADJ NOUN" where ADJ is an adjective of the axis and NOUN a person noun: a noun
// term with the adjective's band and head gender and the noun's gender.
func (l *Lexicon) adjHead(a Axis, ws, low []string, text string) *group {
	if len(low) < 2 || !isPersonNoun(low[len(low)-1]) {
		return nil
	}
	prefix := low[:len(low)-1]
	var adj *group
	if r := l.lookupForm(a, prefix); r != nil && r.g.forms[r.f].kind == kindAdj {
		adj = r.g
	} else if a == Age {
		adj = ageGroup(prefix, strings.Join(ws[:len(ws)-1], " "))
	}
	if adj == nil {
		adj = l.degree(a, ws[:len(ws)-1], prefix, strings.Join(ws[:len(ws)-1], " "))
	}
	if adj == nil {
		return nil
	}
	g := &group{axis: a, name: text, band: adj.band, head: adj.head, number: -1, gender: headGender(low)}
	g.forms = []form{newForm(kindNoun, "", text, lexicon.Unknown)}
	if pl, ok := pluralOf(low[len(low)-1]); ok {
		f := newForm(kindPlural, "", strings.Join(append(append([]string{}, ws[:len(ws)-1]...), matchCase(pl, ws[len(ws)-1], false)), " "), lexicon.Unknown)
		g.forms = append(g.forms, f)
	}
	return g
}

// degreeWords make an adjective stronger or weaker: "really thin", "very fat".
var degreeWords = setOf("really very rather pretty quite extremely somewhat slightly super too so fairly")

// degree reads "really thin", "very tall": an adjective (with the known adjective's band and
// head, when the word after the degree word is one).
func (l *Lexicon) degree(a Axis, ws, low []string, text string) *group {
	if len(low) < 2 || !degreeWords[low[0]] || isPersonNoun(low[len(low)-1]) {
		return nil
	}
	g := &group{axis: a, name: text, number: -1}
	g.forms = []form{newForm(kindAdj, "", text, lexicon.Unknown)}
	if r := l.lookupForm(a, low[1:]); r != nil && r.g.forms[r.f].kind == kindAdj {
		g.band, g.head, g.gender = r.g.band, r.g.head, r.g.gender
	}
	return g
}

// framed reads a frame and a core: "with autism", "who's blind", "who has a cane". The term is
// a phrase after a noun; a known core brings its group's other forms (autism, autistic).
func (l *Lexicon) framed(a Axis, ws, low []string, text string) *group {
	frames := [][]string{
		{"who", "'s"}, {"who", "is"}, {"who", "was"}, {"who", "are"}, {"who", "were"},
		{"who", "has"}, {"who", "had"}, {"who", "have"}, {"who", "uses"}, {"who", "used"},
		{"who", "use"}, {"with"}, {"using"}, {"who's"},
	}
	for _, fr := range frames {
		if len(low) <= len(fr) || !equalWords(low[:len(fr)], fr) {
			continue
		}
		core := low[len(fr):]
		g := &group{axis: a, name: text, number: -1}
		g.forms = []form{newForm(kindPost, "", text, lexicon.Unknown)}
		r := l.lookupForm(a, core)
		if r == nil && a == Age {
			if ag := ageGroup(core, strings.Join(ws[len(fr):], " ")); ag != nil {
				r = &formRef{ag, 0}
			}
		}
		if r == nil {
			return g // an unknown core: the phrase is exchanged as written
		}
		g.band, g.head, g.gender, g.common, g.number = r.g.band, r.g.head, r.g.gender, r.g.common, r.g.number
		for _, f := range r.g.forms {
			if f.kind != kindPost {
				g.forms = append(g.forms, f)
			}
		}
		return g
	}
	return nil
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// isPersonNoun reports whether w (lower case) names a person: a word of personNouns or a
// gendered noun of the gender lexicon.
func isPersonNoun(w string) bool {
	if personNouns[w] {
		return true
	}
	lw, ok := lexicon.Lookup(w)
	return ok && (lw.Class == lexicon.Generic || lw.Class == lexicon.Partner || lw.Class == lexicon.Relation)
}

// pluralOf returns the plural of a person noun the package knows.
func pluralOf(w string) (string, bool) {
	irregular := map[string]string{"man": "men", "woman": "women", "person": "people", "child": "children",
		"gentleman": "gentlemen", "lady": "ladies", "wife": "wives", "guy": "guys", "boy": "boys", "girl": "girls"}
	if p, ok := irregular[w]; ok {
		return p, true
	}
	if personNouns[w+"s"] {
		return w + "s", true
	}
	return "", false
}

// Ages written with a number. A style says how the mention writes it, so that the twin writes
// the other age the same way.
const (
	ageYearOld  uint8 = iota + 1 // 22-year-old, 22 year old: an adjective, or a noun ("a 22-year-old")
	ageYearOlds                  // 22-year-olds
	ageYearsOld                  // 22 years old
	ageAged                      // aged 22
)

// ageGroup reads an age written with a number; nil when words are not one.
func ageGroup(low []string, text string) *group {
	n, style := parseAge(low)
	if style == 0 {
		return nil
	}
	g := numberGroup(n)
	g.name = text
	// The caller's own spelling for its style, so that "24 year old" stays spaced.
	for i := range g.forms {
		if g.forms[i].style == style {
			g.forms[i].text = text
			g.forms[0], g.forms[i] = g.forms[i], g.forms[0]
			break
		}
	}
	return g
}

// parseAge returns the number and style of an age written with words low, or style 0.
func parseAge(low []string) (int, uint8) {
	switch {
	case len(low) == 2 && low[0] == "aged":
		if n, ok := age(low[1]); ok {
			return n, ageAged
		}
	case len(low) == 3:
		n, ok := age(low[0])
		if !ok {
			return 0, 0
		}
		switch {
		case low[1] == "year" && low[2] == "old":
			return n, ageYearOld
		case low[1] == "year" && low[2] == "olds":
			return n, ageYearOlds
		case low[1] == "years" && low[2] == "old":
			return n, ageYearsOld
		}
	}
	return 0, 0
}

func age(w string) (int, bool) {
	if len(w) == 0 || len(w) > 3 {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	if err != nil || n < 0 || n > 130 {
		return 0, false
	}
	return n, true
}

// numberGroup returns the group of the age n, with a form for each style.
func numberGroup(n int) *group {
	s := strconv.Itoa(n)
	g := &group{axis: Age, name: s + "-year-old", number: n, band: bandOf(n)}
	add := func(k kind, text string, style uint8) {
		f := newForm(k, "", text, lexicon.Unknown)
		f.style = style
		g.forms = append(g.forms, f)
	}
	add(kindAdj, s+"-year-old", ageYearOld)
	add(kindPlural, s+"-year-olds", ageYearOlds)
	add(kindAgePred, s+" years old", ageYearsOld)
	add(kindAgeAged, "aged "+s, ageAged)
	return g
}

func bandOf(n int) band {
	switch {
	case n < 13:
		return bandChild
	case n < 20:
		return bandTeen
	case n < 40:
		return bandYoung
	case n < 60:
		return bandMiddle
	}
	return bandOld
}
