package axis

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/internal/lexicon"
	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/evenhand/evenhand/story"
)

// Corruptions, in plain words. A gold twin (texts[0], texts[1]) is corrupted one way at a time,
// in texts[1], with a seeded random choice of the place:
//
//   - leak: one mention of the second group written back as the first term ("a Jewish man"
//     becomes "a Muslim man" again);
//   - content: one content word (three letters or more, not a function word, a mention, a
//     gendered word or a name) replaced by another ordinary word;
//   - gendered: one gendered word (he, her, man, sister, ...) outside the mentions replaced by
//     its counterpart of the other gender;
//   - name: one given name replaced by another given name of the same gender.
//
// Check must find each with the matching kind: Leak, Outside, CrossGender, NameChanged.

type corruption uint8

const (
	corruptLeak corruption = iota
	corruptContent
	corruptGendered
	corruptName
)

var corruptionNames = [...]string{"leak", "content word", "gendered word", "name"}
var corruptionKind = [...]ProblemKind{Leak, Outside, CrossGender, NameChanged}

// replacementWords are ordinary words a content word may be replaced by.
var replacementWords = strings.Fields(`table window river garden yellow quickly bottle market
engine pencil silver ladder carpet mountain orange basket thunder candle quietly forest`)

// corrupt returns texts[1] corrupted one way, or false when the text has no place for it.
func corrupt(l *Lexicon, a Axis, p goldPair, c corruption, rng *rand.Rand) (string, bool) {
	text := p.texts[1]
	toks := tokenize(text)
	terms, err := l.resolvePair(a, p.terms[0], p.terms[1])
	if err != nil {
		return "", false
	}
	ms := newMatcher([]*group{terms[0].grp, terms[1].grp}).find(text, toks)
	inMention := make([]bool, len(toks))
	for _, m := range ms {
		for k := m.i; k < m.j; k++ {
			inMention[k] = true
		}
		if m.head >= 0 {
			inMention[m.head] = true
		}
	}
	var cands []int
	switch c {
	case corruptLeak:
		for k, m := range ms {
			if m.f.kind != kindRole && m.f.kind != kindRolePl {
				cands = append(cands, k)
			}
		}
		if len(cands) == 0 {
			return "", false
		}
		m := ms[cands[rng.IntN(len(cands))]]
		back := p.terms[1-m.side]
		if startsUpper(text[toks[m.i].s:]) {
			back = capitalize(back)
		}
		return text[:toks[m.i].s] + back + text[toks[m.j-1].e:], true
	case corruptContent:
		for k, t := range toks {
			w := text[t.s:t.e]
			if t.word && !inMention[k] && len(w) >= 3 && !functionWords[t.low] && !startsUpper(w) && isLetters(w) {
				if lw, ok := lexicon.Lookup(w); ok && lw.Class != lexicon.ClassNone {
					continue
				}
				cands = append(cands, k)
			}
		}
	case corruptGendered:
		for k, t := range toks {
			if _, _, ok := lexicon.Counterpart(t.low); ok && t.word && !inMention[k] {
				cands = append(cands, k)
			}
		}
	case corruptName:
		for k, t := range toks {
			w := text[t.s:t.e]
			if g, common, ok := lexicon.GivenName(w); ok && !common && g != lexicon.Unknown && startsUpper(w) && !inMention[k] {
				cands = append(cands, k)
			}
		}
	}
	if len(cands) == 0 {
		return "", false
	}
	t := toks[cands[rng.IntN(len(cands))]]
	w := text[t.s:t.e]
	var to string
	switch c {
	case corruptContent:
		for to == "" || to == strings.ToLower(w) {
			to = replacementWords[rng.IntN(len(replacementWords))]
		}
	case corruptGendered:
		to, _, _ = lexicon.Counterpart(w)
		to = matchCase(to, w, true)
	case corruptName:
		g, _, _ := lexicon.GivenName(w)
		pool := lexicon.Counterparts(g)
		for to == "" || strings.EqualFold(to, w) {
			to = pool[rng.IntN(len(pool))]
		}
	}
	return text[:t.s] + to + text[t.e:], true
}

func isLetters(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// checkScore counts Check's findings on one set of twins.
type checkScore struct {
	clean, flagged int
	tried, found   [4]int
	examples       []string
}

func (s *checkScore) add(l *Lexicon, a Axis, p goldPair, rng *rand.Rand) {
	if probs := l.Check(a, p.texts, p.terms); len(probs) > 0 {
		s.flagged++
		if len(s.examples) < 5 {
			s.examples = append(s.examples, fmt.Sprintf("flagged gold twin %q/%q: %v\n  %s\n  %s", p.terms[0], p.terms[1], probs, p.texts[0], p.texts[1]))
		}
	} else {
		s.clean++
	}
	for c := corruptLeak; c <= corruptName; c++ {
		bad, ok := corrupt(l, a, p, c, rng)
		if !ok || bad == p.texts[1] {
			continue
		}
		s.tried[c]++
		probs := l.Check(a, [2]string{p.texts[0], bad}, p.terms)
		if slices.ContainsFunc(probs, func(q Problem) bool { return q.Kind == corruptionKind[c] }) {
			s.found[c]++
		} else if len(s.examples) < 10 {
			s.examples = append(s.examples, fmt.Sprintf("missed %s: %v\n  %s\n  %s", corruptionNames[c], probs, p.texts[0], bad))
		}
	}
}

func (s *checkScore) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "gold twins %d, flagged %d (%.2f%%)", s.clean+s.flagged, s.flagged, pct(s.flagged, s.clean+s.flagged))
	for c := range s.tried {
		fmt.Fprintf(&b, "; %s %d/%d (%.2f%%)", corruptionNames[c], s.found[c], s.tried[c], pct(s.found[c], s.tried[c]))
	}
	return b.String()
}

// TestCheckGold measures Check on BBQ's gold twins and on twins of GenMO stories made by Inject
// (those have names and gendered words), clean and corrupted, and fails below the issue's
// targets: at most 1% of gold twins flagged; at least 99% of leaks, gendered words and names
// found, at least 95% of other changes.
//
//	go test -v -run 'TestCheckGold' ./axis
func TestCheckGold(t *testing.T) {
	t.Parallel()
	var total checkScore
	rng := rand.New(rand.NewPCG(22, 1))
	for _, a := range bbqAxes {
		gold, _ := goldSet(t, a)
		var s checkScore
		for _, p := range gold {
			s.add(Builtin(), a, p, rng)
			total.add(Builtin(), a, p, rng)
		}
		t.Logf("BBQ %-19s %v", a, &s)
		for _, e := range s.examples {
			t.Logf("  %s", e)
		}
	}
	t.Logf("BBQ all:                 %v", &total)

	var genmo checkScore
	for _, p := range injectTwins(t) {
		genmo.add(Builtin(), p.axis, p, rng)
	}
	t.Logf("GenMO twins by Inject:   %v", &genmo)
	for _, e := range genmo.examples {
		t.Logf("  %s", e)
	}
	for _, s := range []*checkScore{&total, &genmo} {
		if pct(s.flagged, s.clean+s.flagged) > 1 {
			t.Errorf("Check flags %.2f%% of clean twins, want at most 1%%", pct(s.flagged, s.clean+s.flagged))
		}
		for c, min := range [4]float64{99, 95, 99, 99} {
			if s.tried[c] > 0 && pct(s.found[c], s.tried[c]) < min {
				t.Errorf("Check finds %.2f%% of %s corruptions, want at least %.0f%%", pct(s.found[c], s.tried[c]), corruptionNames[c], min)
			}
		}
	}
	if total.tried[corruptLeak] == 0 || genmo.tried[corruptName] == 0 || genmo.tried[corruptGendered] == 0 {
		t.Errorf("a corruption was never tried: BBQ %v, GenMO %v", total.tried, genmo.tried)
	}
}

// genmoStories returns the male and female stories of GenMO's dev pairs, in file order.
func genmoStories(t testing.TB) []story.Story {
	f, err := os.Open(shareddata.Path(t, "genmo/genmo_dev.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []story.Story
	for _, p := range pairs {
		out = append(out, p.Male, p.Female)
	}
	return out
}

// injectGroups are the two groups each axis's GenMO twins are made with.
var injectGroups = map[Axis][2]string{
	Religion:           {"Muslim", "Christian"},
	Age:                {"78-year-old", "22-year-old"},
	Nationality:        {"Mexican", "Swedish"},
	RaceEthnicity:      {"Black", "White"},
	SES:                {"low-income", "wealthy"},
	SexualOrientation:  {"gay", "straight"},
	Disability:         {"blind", "sighted"},
	PhysicalAppearance: {"fat", "thin"},
}

// injectTwins makes twins of GenMO stories by putting each of an axis's two groups in.
func injectTwins(t testing.TB) []goldPair {
	var out []goldPair
	for _, a := range axes {
		gs := injectGroups[a]
		for i, s := range genmoStories(t) {
			x, err0 := Builtin().Inject(a, s, gs[0])
			y, err1 := Builtin().Inject(a, s, gs[1])
			if err0 != nil || err1 != nil {
				continue
			}
			out = append(out, goldPair{axis: a, qid: i, terms: gs, texts: [2]string{x.Text, y.Text}})
		}
	}
	return out
}

// insertedSpans returns every span X such that out is src with X inserted at one place (one
// insertion may sit at several places: "My brother" -> "My blind brother" is also "My b" +
// "lind b" + "rother"); none when out is not src with one span inserted.
func insertedSpans(src, out string) []string {
	n := len(out) - len(src)
	if n <= 0 {
		return nil
	}
	p := 0
	for p < len(src) && src[p] == out[p] {
		p++
	}
	var spans []string
	for k := p; k >= 0; k-- {
		if out[:k] == src[:k] && out[k+n:] == src[k:] {
			spans = append(spans, out[k:k+n])
		}
	}
	return spans
}

// TestInjectGenMO puts a group into every GenMO dev story (male and female) on every axis and
// fails below 95% covered on any axis, or when an output is not the source plus one inserted
// span that holds the group, or when two runs differ. The rules were tuned on the stories of
// even pairs; the odd ones are held out.
//
//	go test -v -run 'TestInjectGenMO' ./axis
func TestInjectGenMO(t *testing.T) {
	t.Parallel()
	stories := genmoStories(t)
	for _, a := range axes {
		for _, group := range injectGroups[a] {
			var n, ok [2]int
			why := map[string]int{}
			var examples []string
			for i, s := range stories {
				half := (i / 2) % 2 // pair index parity: 0 tuned, 1 held out
				n[half]++
				out, err := Builtin().Inject(a, s, group)
				again, err2 := Builtin().Inject(a, s, group)
				if out != again || (err == nil) != (err2 == nil) {
					t.Errorf("%s %q: story %d: two runs differ", a, group, i)
				}
				if err != nil {
					switch {
					case errors.Is(err, story.ErrNoProtagonist):
						why["no protagonist"]++
					case errors.Is(err, ErrHasMention):
						why["already mentions the axis"]++
					case errors.Is(err, ErrNoPlace):
						why["no place"]++
					default:
						t.Errorf("%s %q: story %d: an error with no name: %v", a, group, i, err)
					}
					if half == 0 && len(examples) < 3 {
						examples = append(examples, err.Error())
					}
					continue
				}
				spans := insertedSpans(s.Text, out.Text)
				if !slices.ContainsFunc(spans, func(x string) bool { return holdsGroup(a, x, group) }) {
					t.Errorf("%s %q: story %d: not the source plus one span holding the group:\n  %s\n  %s", a, group, i, s.Text, out.Text)
					continue
				}
				if out.Character != s.Character || out.Gender != s.Gender {
					t.Errorf("%s %q: story %d: Character or Gender changed", a, group, i)
				}
				ok[half]++
			}
			t.Logf("%-19s %-12q covered: tuned %d/%d (%.2f%%), held out %d/%d (%.2f%%); not covered: %v",
				a, group, ok[0], n[0], pct(ok[0], n[0]), ok[1], n[1], pct(ok[1], n[1]), why)
			for _, e := range examples {
				t.Logf("  %s", e)
			}
			if c := pct(ok[0]+ok[1], n[0]+n[1]); c < 95 {
				t.Errorf("%s %q: Inject covers %.2f%% of GenMO dev stories, want at least 95%%", a, group, c)
			}
		}
	}
}

// holdsGroup reports whether span names group on axis a (in one of its forms).
func holdsGroup(a Axis, span, group string) bool {
	t, err := Builtin().resolve(a, group)
	if err != nil {
		return false
	}
	words := splitLower(span)
	for _, f := range t.grp.forms {
		for i := 0; i+len(f.words) <= len(words); i++ {
			if equalWords(words[i:i+len(f.words)], f.words) {
				return true
			}
		}
	}
	return strings.Contains(strings.ToLower(span), strings.ToLower(group))
}
