package axis

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/evenhand/evenhand/internal/lexicon"
	"github.com/evenhand/evenhand/internal/swap"
	"github.com/evenhand/evenhand/internal/textutil"
	"github.com/evenhand/evenhand/story"
)

// Putting a group in, in plain words:
//
//   - The protagonist is the one story.NewPair and story.Swap find (a name, a pronoun, a
//     gendered noun, a narrator who describes themself), and Story.Character, when set, names
//     them.
//   - The mention goes at the protagonist's first name or describing noun that can take one
//     (a subject pronoun only when there is none), and nowhere else:
//     before the noun that describes them ("I am a man." -> "I am a Muslim man.", "The woman
//     ..." -> "The Muslim woman ...", "John, a teacher," -> "John, a Muslim teacher,"), as a
//     clause after their name ("Josh drives ..." -> "Josh, who is Muslim, drives ..."), or as
//     an apposition after a subject pronoun ("He, a Muslim man, ..."). A possessive ("Mike's
//     friend") or an object pronoun cannot take it: the next mention is tried.
//   - An adjective goes before the noun only where the article before it still fits ("a
//     man" cannot become "a elderly man"): a clause after the noun is used instead.
//   - The output is the story with exactly one span inserted, and the span holds the group.

// Inject returns s with one explicit mention of group at the protagonist's first mention that
// can take one (their name or a noun that describes them; a subject pronoun only when the story
// has neither), and nothing else changed: s.Text gains exactly one inserted span holding the group; Character and
// Gender are kept. group is a name [Lexicon.Groups] lists for a, or any term of a the lexicon
// knows (an age written with a number, such as "78-year-old", included).
//
// Inject returns an error wrapping [story.ErrNoProtagonist] for a story with no protagonist,
// [ErrNoPlace] when none of the protagonist's mentions can take a group mention,
// [ErrNeedsRewrite] for a group limited to the other gender than the protagonist's (a lesbian
// man),
// [ErrHasMention] for a story that already names a group of the axis, [ErrUnknownGroup] for a
// group the lexicon does not know, and [ErrUnknownAxis]. It is deterministic, never panics and
// is safe for concurrent use.
func (l *Lexicon) Inject(a Axis, s story.Story, group string) (story.Story, error) {
	fail := func(err error) (story.Story, error) {
		return story.Story{}, fmt.Errorf("axis: inject %s %q: %w", a, group, err)
	}
	t, err := l.injectTerm(a, group)
	if err != nil {
		return fail(err)
	}
	if err := l.noGroupMention(a, t, s.Text); err != nil {
		return fail(err)
	}
	name, err := protagonistName(s)
	if err != nil {
		return fail(err)
	}
	var names map[string]string
	if name != "" {
		names = map[string]string{name: name}
	}
	p, ms := swap.ProtagonistMentions(s.Text, names)
	if !p.Found {
		return fail(fmt.Errorf("%w in %q", story.ErrNoProtagonist, textutil.Truncate(s.Text, 80)))
	}
	gd := p.Gender
	if gd == lexicon.Unknown {
		gd = lexicon.Gender(s.Gender)
	}
	if h := t.grp.head; h != lexicon.Unknown && gd != lexicon.Unknown && gd != h {
		return fail(fmt.Errorf("%w: %q describes only %s people and the protagonist is %s",
			ErrNeedsRewrite, group, genderWord(h), genderWord(gd)))
	}
	ph := phrasesFor(t, gd)
	for _, m := range namesFirst(ms) {
		at, ins, ok := site(s.Text, m, ph, gd)
		if ok {
			out := s
			out.Text = s.Text[:at] + ins + s.Text[at:]
			return out, nil
		}
	}
	return fail(fmt.Errorf("%w: the protagonist is mentioned only as %s in %q", ErrNoPlace, kinds(s.Text, ms), textutil.Truncate(s.Text, 80)))
}

// injectTerm reads the group to put in on axis a: a term the lexicon knows.
func (l *Lexicon) injectTerm(a Axis, group string) (term, error) {
	if !a.Valid() {
		return term{}, fmt.Errorf("%w: %q", ErrUnknownAxis, string(a))
	}
	t, err := l.resolve(a, group)
	if err != nil {
		return term{}, err
	}
	if !t.known {
		return term{}, fmt.Errorf("%w: %q is not a term of %s the lexicon knows", ErrUnknownGroup, group, a)
	}
	return t, nil
}

// noGroupMention returns an error wrapping ErrHasMention when text already names a group of
// axis a that could describe the protagonist: an adjective or condition may describe them, and
// a co-varying word of another group would clash ("John, who is Muslim, went to church"). A
// group noun ("his kids", "the cashier") names someone else, and a co-varying word the group
// t shares (church for a Catholic) does not clash.
func (l *Lexicon) noGroupMention(a Axis, t term, text string) error {
	for _, m := range l.mentions(a, text) {
		w := text[m.Start:m.End]
		switch {
		case m.kind == kindNoun || m.kind == kindPlural:
			continue // a person the story names by a group noun ("his kids", "the cashier") is someone
		case m.Role != "" && t.grp.hasWords(splitLower(w)):
			continue // a co-varying word the group shares: church for a Catholic
		}
		return fmt.Errorf("%w: %q in %q", ErrHasMention, w, textutil.Truncate(text, 80))
	}
	return nil
}

// protagonistName returns the protagonist's name: s.Character, or the name story.NewPair finds
// (also one its table of names does not know: "Tate was sitting in his desk"); "" when the
// protagonist has none. It returns story.NewPair's error when the story has no protagonist.
func protagonistName(s story.Story) (string, error) {
	if s.Character != "" {
		return s.Character, nil
	}
	pair, err := story.NewPair(s.Text, nil)
	switch {
	case errors.Is(err, story.ErrNoProtagonist):
		return "", err
	case err == nil && pair.Male.Text == s.Text:
		return pair.Male.Character, nil
	case err == nil:
		return pair.Female.Character, nil
	}
	return "", nil
}

// namesFirst orders the protagonist's mentions for Inject: names and the nouns that describe
// them ("I am a man") first, in text order; then pronouns and the narrator's I, tried only when
// no name or noun can take the group.
func namesFirst(ms []swap.Mention) []swap.Mention {
	order := make([]swap.Mention, 0, len(ms))
	for _, m := range ms {
		if m.Kind == swap.MentionName || m.Kind == swap.MentionNoun {
			order = append(order, m)
		}
	}
	for _, m := range ms {
		if m.Kind == swap.MentionPronoun || m.Kind == swap.MentionNarrator {
			order = append(order, m)
		}
	}
	return order
}

// phrases are the ways a group can be put in.
type phrases struct {
	adj  string // before a noun: "Muslim", "78-year-old", "Latina"; "" when the group has none
	pred string // after "who is" (or a whole clause): "Muslim", "78 years old", "a retiree", "in a wheelchair"
	rel  string // the whole relative clause: "who is Muslim", "who uses a wheelchair", "who has autism"
	post string // a phrase that may follow a noun directly: "in a wheelchair", "with autism"
	band band
}

// phrasesFor returns the phrases of term t for a protagonist of gender gd. The caller's own
// form comes first: "in a wheelchair" is put in as written, "autism" as "who has autism".
func phrasesFor(t term, gd lexicon.Gender) phrases {
	g := t.grp
	ph := phrases{band: g.band}
	f := groupForms{adj: pickForm(t, kindAdj, gd), noun: pickForm(t, kindNoun, gd), cond: pickForm(t, kindCond, gd), post: pickForm(t, kindPost, gd)}
	if g.number >= 0 {
		ph.adj, ph.pred = f.adj, pickForm(t, kindAgePred, gd)
		ph.rel = "who is " + ph.pred
		return ph
	}
	first := kindAdj
	if t.form != nil {
		first = t.form.kind
	}
	if !ph.fill(first, f) {
		for _, k := range []kind{kindAdj, kindNoun, kindPost, kindCond} {
			if ph.fill(k, f) {
				break
			}
		}
	}
	if ph.adj == "" && first != kindAdj && f.adj != "" && t.form == nil {
		ph.adj = f.adj
	}
	return ph
}

// groupForms are the texts of a group's forms without a role, "" for a form it lacks.
type groupForms struct {
	adj, noun, cond, post string
}

// pickForm returns the text of term t's group's form of kind k for gender gd: the caller's own
// spelling when that is the form the caller wrote, "" when the group has none.
func pickForm(t term, k kind, gd lexicon.Gender) string {
	f := t.grp.formOf(k, "", gd)
	if f == nil {
		return ""
	}
	if t.form != nil && f == t.form {
		return t.text
	}
	return f.text
}

// fill sets the phrases of form k from the group's forms f and reports whether the group has
// that form: an adjective goes before a noun and after "who is"; a noun after "who is a"; a
// condition after "who has" or "with"; a phrase after a noun as written.
func (ph *phrases) fill(k kind, f groupForms) bool {
	switch {
	case k == kindAdj && f.adj != "":
		ph.adj, ph.pred = f.adj, f.adj
		ph.rel = "who is " + f.adj
	case (k == kindNoun || k == kindPlural) && f.noun != "":
		ph.pred = article(f.noun) + " " + f.noun
		ph.rel = "who is " + ph.pred
	case k == kindCond && f.cond != "":
		ph.rel = "who has " + f.cond
		ph.post = "with " + f.cond
	case k == kindPost && f.post != "":
		ph.fillPost(f.post)
	default:
		return false
	}
	return true
}

// fillPost sets the phrases of a phrase that follows a noun: a relative clause as written ("who
// uses a wheelchair"), "with autism" as "who has autism", anything else after "who is".
func (ph *phrases) fillPost(post string) {
	low := strings.ToLower(post)
	switch {
	case strings.HasPrefix(low, "who "), strings.HasPrefix(low, "who's "):
		ph.rel = post
	case strings.HasPrefix(low, "with "):
		ph.rel, ph.post = "who has "+post[len("with "):], post
	default:
		ph.rel, ph.post = "who is "+post, post
	}
}

// site returns where and what to insert at the protagonist's mention m, or false when m cannot
// take a group mention.
func site(text string, m swap.Mention, ph phrases, gd lexicon.Gender) (int, string, bool) {
	switch m.Kind {
	case swap.MentionNoun:
		return beforeNoun(text, m.Start, m.End, ph)
	case swap.MentionName:
		if possessiveAfter(text, m.End) {
			return 0, "", false
		}
		if at, ins, ok := inApposition(text, m.End, ph); ok {
			return at, ins, true
		}
		return clauseAfter(text, m.End, ph.rel)
	case swap.MentionPronoun:
		return afterPronoun(text, m, ph, gd)
	case swap.MentionNarrator:
		if text[m.Start:m.End] != "I" || ph.adj == "" || gd == lexicon.Unknown || !continues(text, m.End) {
			return 0, "", false
		}
		return m.End, ", " + article(ph.adj) + " " + ph.adj + " " + personWord(gd, ph.band) + ",", true
	}
	return 0, "", false
}

// afterPronoun puts the group after the subject pronoun m: an apposition ("He, a Muslim man,
// ...") when the group has an adjective and the protagonist a gender, else a relative clause
// ("He, who has autism, ..."). An object or possessive pronoun cannot take it.
func afterPronoun(text string, m swap.Mention, ph phrases, gd lexicon.Gender) (int, string, bool) {
	w := strings.ToLower(text[m.Start:m.End])
	if w != "he" && w != "she" {
		return 0, "", false
	}
	if ph.adj != "" && gd != lexicon.Unknown && continues(text, m.End) {
		n := personWord(gd, ph.band)
		return m.End, ", " + article(ph.adj) + " " + ph.adj + " " + n + ",", true
	}
	return clauseAfter(text, m.End, ph.rel)
}

// beforeNoun puts the group before the noun at text[s:e] ("a Muslim man"), or after it ("a man
// in a wheelchair", "a man who is a retiree") where an adjective cannot go.
func beforeNoun(text string, s, e int, ph phrases) (int, string, bool) {
	prev, ps := wordBefore(text, s)
	if prev == "" {
		return 0, "", false // a noun at the start ("Man, ...") or after punctuation: not a description
	}
	low := strings.ToLower(prev)
	if ph.adj != "" && (!determiners[low] || (low != "a" && low != "an") || article(ph.adj) == low) {
		_ = ps
		return s, ph.adj + " ", true
	}
	if ph.post != "" {
		return e, " " + ph.post, true
	}
	if ph.rel != "" && !possessiveAfter(text, e) {
		return e, " " + ph.rel, true
	}
	return 0, "", false
}

// inApposition finds ", a teacher," after a name ending at i and puts the group's adjective
// before the noun: "John, a Muslim teacher,".
func inApposition(text string, i int, ph phrases) (int, string, bool) {
	if ph.adj == "" || !strings.HasPrefix(text[i:], ", ") {
		return 0, "", false
	}
	rest := text[i+2:]
	end := strings.IndexAny(rest, ",.;:!?")
	if end < 0 || rest[end] != ',' {
		return 0, "", false
	}
	ws := strings.Fields(rest[:end])
	if !appositionWords(ws) {
		return 0, "", false
	}
	art := strings.ToLower(ws[0])
	head := ws[len(ws)-1]
	at := i + 2 + strings.LastIndex(rest[:end], head)
	if len(ws) == 2 && art != "the" && article(ph.adj) != art {
		return 0, "", false
	}
	return at, ph.adj + " ", true
}

// appositionWords reports whether ws are the words of an apposition the group can go in: two
// to five plain words, the first an article ("a teacher", "the new neighbour").
func appositionWords(ws []string) bool {
	if len(ws) < 2 || len(ws) > 5 {
		return false
	}
	if art := strings.ToLower(ws[0]); art != "a" && art != "an" && art != "the" {
		return false
	}
	for _, w := range ws {
		if !isPlainWord(w) {
			return false
		}
	}
	return true
}

func isPlainWord(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '-' {
			return false
		}
	}
	return w != ""
}

// clauseAfter puts ", who is ...," after the word ending at i.
func clauseAfter(text string, i int, rel string) (int, string, bool) {
	if rel == "" {
		return 0, "", false
	}
	if continues(text, i) {
		return i, ", " + rel + ",", true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	if i == len(text) || strings.ContainsRune(".!?;:,)\n", r) {
		return i, ", " + rel, true
	}
	return 0, "", false
}

// continues reports whether the sentence goes on after i: a space, then a word.
func continues(text string, i int) bool {
	if i >= len(text) || text[i] != ' ' {
		return false
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(text[i:], " "))
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// possessiveAfter reports whether the word ending at i is followed by 's or an apostrophe.
func possessiveAfter(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isApostrophe(r) || strings.HasPrefix(text[i:], "\u00e2\u20ac\u2122")
}

// wordBefore returns the word right before s (one space between), or "".
func wordBefore(text string, s int) (string, int) {
	if s < 2 || text[s-1] != ' ' {
		return "", 0
	}
	j := s - 1
	k := j
	for k > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:k])
		if !isWordRune(r) {
			break
		}
		k -= n
	}
	return text[k:j], k
}

// personWord returns the noun for a person of gender g whose age band is b.
func personWord(g lexicon.Gender, b band) string {
	switch {
	case g == lexicon.Female && b.kidBand():
		return "girl"
	case g == lexicon.Female:
		return "woman"
	case b.kidBand():
		return "boy"
	}
	return "man"
}

// kinds names the kinds of the mentions ms, for an error message.
func kinds(text string, ms []swap.Mention) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, fmt.Sprintf("%q", text[m.Start:m.End]))
		if len(parts) == 4 {
			break
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}
