package story

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/evenhand/evenhand/internal/lexicon"
	"github.com/evenhand/evenhand/internal/swap"
	"github.com/evenhand/evenhand/internal/textutil"
)

// ErrNoProtagonist is wrapped by [NewPair] errors for a story that mentions no person whose
// gender it gives. The error's message says what the story holds and lacks: gendered
// pronouns, gendered nouns, a narrator's self-description, given names of the table, and keys
// of names (when names is not empty, only a name it maps can be the protagonist).
var ErrNoProtagonist = errors.New("story: no protagonist found")

// ErrNoGender is wrapped by [NewPair] errors for a story whose protagonist has no known gender:
// a name borne by both men and women (or missing from the table) that no pronoun or noun of the
// story settles.
var ErrNoGender = errors.New("story: protagonist's gender not found")

// ErrUnchanged is wrapped by [NewPair] errors when swapping changed nothing, for instance when
// names maps the protagonist's name to itself and the story has no gendered word about them.
var ErrUnchanged = errors.New("story: swap changed nothing")

// NewPair makes a Pair from one story: it finds the protagonist and their gender, swaps the text
// with [Swap], and puts each version on its side. The protagonist is found as Swap finds them; a
// story with none, or whose protagonist's gender it never gives, is an error wrapping
// [ErrNoProtagonist] or [ErrNoGender].
//
// Names missing from names get a counterpart from a built-in table of common given names: the
// protagonist's name always, and every key that names maps to "" (ask for a counterpart that
// way). Other names of the story stay as they are. names is not modified.
//
// The returned Pair has both sides' Text, Gender and Character (the protagonist's name on each
// side, "" for an unnamed protagonist) set, and Source "swap". NewPair is safe for concurrent use.
func NewPair(text string, names map[string]string) (Pair, error) {
	p, err := newPair(text, names)
	if (err == nil && (p.Male.Character != "" || p.Female.Character != "")) || (err != nil && !errors.Is(err, ErrNoProtagonist)) {
		return p, err
	}
	// No protagonist, or one found through a pronoun only. A capitalised word the name table
	// does not know ("Amira skipped her shift"), or knows only as a common word ("Grace"), is
	// most likely their name: name it and try again, so it gets a counterpart instead of staying
	// on both sides.
	if cand := unknownName(text, names); cand != "" {
		with := make(map[string]string, len(names)+1)
		for k, v := range names {
			with[k] = v
		}
		with[cand] = ""
		if q, err := newPair(text, with); err == nil && q.Male.Character != "" && q.Female.Character != "" {
			return q, nil
		}
	}
	return p, err
}

// sentenceWords are capitalised words that open sentences and are not names.
var sentenceWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`The A An After When While Before Since Because Although Though If As At In On Of For
		From To With Without During One Two Some Every Each Last Next Yesterday Today Tonight Tomorrow Later Then So
		But And Or Yet Still This That These Those There Here It Its My Our Your Their We They You I Me Us Them Once
		Now Soon Meanwhile However Instead Finally Eventually Suddenly Recently Lately Years Months Weeks Days Mr Mrs Ms
		Miss Dr Sir Madam Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
		June July August September October November December Christmas Easter God What Why How Who Where Which
		Someone Somebody Anyone Anybody Everyone Everybody Nobody Something Nothing Everything`) {
		m[w] = true
	}
	return m
}()

// unknownName returns the first capitalised word of text that could be a person's name but is
// neither in names, the name table, the gendered-word table nor a common sentence opener; "" if
// there is none. A possessive ending ('s, ’s, or any other way of writing the apostrophe) is
// left out.
func unknownName(text string, names map[string]string) string {
	text = swap.StraightApostrophes(text)
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return !(unicode.IsLetter(r) || r == '\'' || r == '’' || r == '-')
	}) {
		w := strings.TrimSuffix(strings.TrimSuffix(f, "'s"), "’s")
		w = strings.Trim(w, "'’-")
		r, size := utf8.DecodeRuneInString(w)
		if size == 0 || !unicode.IsUpper(r) || len(w) < 2 || sentenceWords[w] {
			continue
		}
		if _, ok := names[w]; ok {
			return ""
		}
		if _, common, ok := lexicon.GivenName(w); ok && !common {
			return "" // a plain known name: the analysis already had its chance
		}
		if _, _, ok := lexicon.Counterpart(w); ok {
			continue
		}
		return w
	}
	return ""
}

// noProtagonistReason says what a story without a protagonist holds and lacks.
func noProtagonistReason(c swap.Clues, names map[string]string) string {
	var found, missing []string
	for _, k := range []struct{ word, what string }{
		{c.Pronoun, "gendered pronoun"}, {c.Noun, "gendered noun"}, {c.Name, "known given name"},
	} {
		if k.word == "" {
			missing = append(missing, k.what)
		} else {
			found = append(found, fmt.Sprintf("the %s %q", k.what, k.word))
		}
	}
	if len(found) == 0 {
		why := "no gendered pronoun, gendered noun, self-description (\"I am a man\") or known given name"
		if len(names) > 0 {
			why += ", and no key of names"
		}
		return why
	}
	why := "found " + strings.Join(found, ", ")
	if len(missing) > 0 {
		why += " (no " + strings.Join(missing, ", no ") + ")"
	}
	if len(names) > 0 {
		return why + ", but no key of names occurs in the text (only a name that names maps can be the protagonist)"
	}
	return why + ", but none of them is about a person who can be the protagonist"
}

// newPair is NewPair without the unknown-name retry.
func newPair(text string, names map[string]string) (Pair, error) {
	prot, full, swapped := swap.AnalyzeSwap(text, names)
	if !prot.Found {
		return Pair{}, fmt.Errorf("%w: %s in %q", ErrNoProtagonist, noProtagonistReason(prot.Clues, names), textutil.Truncate(text, 80))
	}
	g := Gender(prot.Gender)
	if g != Male && g != Female {
		return Pair{}, fmt.Errorf("%w: %q in %q", ErrNoGender, prot.Name, textutil.Truncate(text, 80))
	}
	if swapped == text {
		return Pair{}, fmt.Errorf("%w in %q", ErrUnchanged, textutil.Truncate(text, 80))
	}
	own := Story{Text: text, Character: prot.Name, Gender: g}
	other := Story{Text: swapped, Character: full[prot.Name], Gender: g.Other()}
	if prot.Name == "" {
		other.Character = ""
	}
	pair := Pair{Source: "swap"}
	if g == Male {
		pair.Male, pair.Female = own, other
	} else {
		pair.Male, pair.Female = other, own
	}
	return pair, nil
}
