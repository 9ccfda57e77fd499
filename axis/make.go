package axis

import (
	"errors"
	"fmt"
	"strings"

	"github.com/evenhand/evenhand/story"
)

// Twins and quads from stories you have, in plain words:
//
//   - A twin of a story that names no group of the axis is the story with groups[0] put in and
//     the same story with groups[1] put in ([Lexicon.Inject], each group into the same text),
//     so both tellings carry one inserted mention at the same place.
//   - A story that already names one of the two groups is one telling; [Lexicon.Swap] makes the
//     other. A story naming another group of the axis makes no twin ([ErrHasMention]).
//   - Either way the pair is then checked ([Lexicon.Check]): a twin with a problem is not
//     returned (a *[CheckError] names the problems). Nothing is ever guessed.
//   - A quad tells one story four ways: its gender twin (story.NewPair, or the two stories of a
//     GenMO pair) and, for each gender, the twin of that telling on the axis.

// Sources of the twins made here (Twin.Source and Quad.Source).
const (
	SourceInject = "inject" // each group put into a story that named none
	SourceSwap   = "swap"   // a story naming one of the groups, and its Swap
)

// CheckError reports a twin made by rule that [Lexicon.Check] does not pass: the two tellings
// differ in more than the group (or the group is missing or left in). It is returned instead of
// the twin, never with it.
type CheckError struct {
	Axis     Axis
	Groups   [2]string
	Problems []Problem // what Check found, in text order; never empty
}

func (e *CheckError) Error() string {
	ps := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		ps[i] = p.String()
	}
	return fmt.Sprintf("axis: %s twin of %q and %q fails the check: %s", e.Axis, e.Groups[0], e.Groups[1], strings.Join(ps, "; "))
}

// TwinOf makes the twin of s on axis a for the two groups, by rule and with no model: the
// story with groups[0] put in and with groups[1] put in ([Lexicon.Inject]), or, when s
// already names one of the two groups, s and its [Lexicon.Swap]. The twin must pass
// [Lexicon.Check]; Stories[k] names groups[k], both keep s's Character and Gender. The
// returned Twin's Source is [SourceInject] or [SourceSwap]; its ID and Environment are left
// for the caller.
//
// Errors wrap those of Inject ([story.ErrNoProtagonist], [ErrNoPlace], [ErrNeedsRewrite],
// [ErrHasMention] for a story naming another group of the axis, [ErrUnknownGroup],
// [ErrUnknownAxis]) or Swap, [ErrBadTerm] for two equal groups, or are a *[CheckError]. A nil
// Lexicon knows no group. TwinOf is deterministic, never panics and is safe for concurrent use.
func (l *Lexicon) TwinOf(a Axis, s story.Story, groups [2]string) (Twin, error) {
	if strings.EqualFold(strings.TrimSpace(groups[0]), strings.TrimSpace(groups[1])) {
		return Twin{}, fmt.Errorf("axis: twin of %q and %q: %w: the two groups are the same", groups[0], groups[1], ErrBadTerm)
	}
	t := Twin{Axis: a, Groups: groups, Source: SourceInject}
	var err error
	for k, g := range groups {
		if t.Stories[k], err = l.Inject(a, s, g); err != nil {
			break
		}
	}
	if errors.Is(err, ErrHasMention) {
		if st, ok := l.swapTwin(a, s, groups); ok {
			t.Stories, t.Source, err = st, SourceSwap, nil
		}
	}
	if err != nil {
		return Twin{}, err
	}
	ps := l.Check(a, [2]string{t.Stories[0].Text, t.Stories[1].Text}, groups)
	if len(ps) == 0 {
		return t, nil
	}
	if t.Source == SourceInject {
		// The two groups went in different ways ("an Australian man", "a man who is
		// Bangladeshi"): put one in and let Swap make the other, which keeps the form.
		for k := range groups {
			if st, ok := l.swapTwin(a, t.Stories[k], groups); ok && len(l.Check(a, [2]string{st[0].Text, st[1].Text}, groups)) == 0 {
				t.Stories = st
				return t, nil
			}
		}
	}
	return Twin{}, &CheckError{Axis: a, Groups: groups, Problems: ps}
}

// swapTwin returns s and its Swap as the tellings of groups[0] and groups[1], s on the side of
// the group it names, when s names exactly one of the two groups and the pair passes Check;
// false otherwise.
func (l *Lexicon) swapTwin(a Axis, s story.Story, groups [2]string) ([2]story.Story, bool) {
	k, ok := l.namedSide(a, s.Text, groups)
	if !ok {
		return [2]story.Story{}, false
	}
	text, err := l.Swap(a, s.Text, groups[0], groups[1])
	if err != nil {
		return [2]story.Story{}, false
	}
	var st [2]story.Story
	st[k], st[1-k] = s, s
	st[1-k].Text = text
	return st, true
}

// namedSide returns k when text names groups[k] and not groups[1-k] (co-varying words aside).
func (l *Lexicon) namedSide(a Axis, text string, groups [2]string) (int, bool) {
	ts, err := l.resolvePair(a, groups[0], groups[1])
	if err != nil {
		return 0, false
	}
	var named [2]bool
	for _, m := range newMatcher([]*group{ts[0].grp, ts[1].grp}).find(text, tokenize(text)) {
		if m.f.kind != kindRole && m.f.kind != kindRolePl {
			named[m.side] = true
		}
	}
	switch named {
	case [2]bool{true, false}:
		return 0, true
	case [2]bool{false, true}:
		return 1, true
	}
	return 0, false
}

// QuadOf tells s four ways: its gender twin by [story.NewPair] (the protagonist and their name
// change gender, everyone else stays), and the twin of each of those two tellings on axis a by
// [Lexicon.TwinOf]. Stories[g][k] has gender g (0 male, 1 female) and names groups[k]. Errors
// are story.NewPair's ([story.ErrNoProtagonist], [story.ErrNoGender]) or TwinOf's, naming the
// gender whose twin failed. The returned Quad's ID and Environment are left for the caller.
func (l *Lexicon) QuadOf(a Axis, s story.Story, groups [2]string) (Quad, error) {
	p, err := story.NewPair(s.Text, nil)
	if err != nil {
		return Quad{}, fmt.Errorf("axis: quad: %w", err)
	}
	return l.quad(a, p.Male, p.Female, groups)
}

// quad makes the quad of a gender twin (male, female) on axis a.
func (l *Lexicon) quad(a Axis, male, female story.Story, groups [2]string) (Quad, error) {
	q := Quad{Axis: a, Groups: groups, Source: SourceInject}
	for g, s := range [2]story.Story{male, female} {
		t, err := l.TwinOf(a, s, groups)
		if err != nil {
			return Quad{}, fmt.Errorf("axis: quad, %s telling: %w", quadGender(g), err)
		}
		q.Stories[g] = t.Stories
		if t.Source == SourceSwap {
			q.Source = SourceSwap
		}
	}
	return q, nil
}

// quadGender names the gender at index g of a Quad.
func quadGender(g int) string { return [2]string{"male", "female"}[g] }

// Twins returns the quad's two twins on its axis: Twins()[g] holds Stories[g], the tellings of
// gender g (0 male, 1 female), and has the ID q.ID + "/male" or q.ID + "/female", the IDs
// [GenMOTwins] gives the twins of a pair's two stories. Judging both twins judges the quad.
func (q Quad) Twins() [2]Twin {
	var ts [2]Twin
	for g := range ts {
		ts[g] = Twin{ID: q.ID + "/" + quadGender(g), Axis: q.Axis, Groups: q.Groups, Stories: q.Stories[g],
			Source: q.Source, Environment: q.Environment}
	}
	return ts
}

// Coverage counts what making twins (or quads) from a set of stories gave: how many were made
// and, for the others, why not. Every story tried is counted once: Made plus the reasons add
// up to Tried.
type Coverage struct {
	Tried int `json:"tried"` // stories (for quads: pairs) tried
	Made  int `json:"made"`  // twins (quads) made, every one passing Lexicon.Check

	NoProtagonist int `json:"no_protagonist"` // no protagonist found (story.ErrNoProtagonist, story.ErrNoGender)
	NoPlace       int `json:"no_place"`       // no mention of the protagonist can take a group (ErrNoPlace)
	HasMention    int `json:"has_mention"`    // the story names another group of the axis (ErrHasMention)
	NeedsRewrite  int `json:"needs_rewrite"`  // only a rewrite could make it (ErrNeedsRewrite)
	Problems      int `json:"problems"`       // made, but Lexicon.Check found a problem (*CheckError)
	Other         int `json:"other"`          // any other error
}

// Rate returns Made / Tried, or 0 when nothing was tried.
func (c Coverage) Rate() float64 {
	if c.Tried == 0 {
		return 0
	}
	return float64(c.Made) / float64(c.Tried)
}

// String returns the coverage in words: "298 of 303 (98.3%); not covered: 3 no protagonist, 2 no place".
func (c Coverage) String() string {
	s := fmt.Sprintf("%d of %d (%.1f%%)", c.Made, c.Tried, 100*c.Rate())
	var why []string
	for _, r := range []struct {
		n    int
		what string
	}{{c.NoProtagonist, "no protagonist"}, {c.NoPlace, "no place"}, {c.HasMention, "already naming a group of the axis"},
		{c.NeedsRewrite, "needing a rewrite"}, {c.Problems, "failing the check"}, {c.Other, "other errors"}} {
		if r.n > 0 {
			why = append(why, fmt.Sprintf("%d %s", r.n, r.what))
		}
	}
	if len(why) > 0 {
		s += "; not covered: " + strings.Join(why, ", ")
	}
	return s
}

// add counts one story tried, made when err is nil.
func (c *Coverage) add(err error) {
	c.Tried++
	var ce *CheckError
	switch {
	case err == nil:
		c.Made++
	case errors.Is(err, story.ErrNoProtagonist), errors.Is(err, story.ErrNoGender):
		c.NoProtagonist++
	case errors.Is(err, ErrNoPlace):
		c.NoPlace++
	case errors.Is(err, ErrHasMention):
		c.HasMention++
	case errors.Is(err, ErrNeedsRewrite):
		c.NeedsRewrite++
	case errors.As(err, &ce):
		c.Problems++
	default:
		c.Other++
	}
}

// checkGroups returns an error when a is not an axis or a group is not a term of a that l knows
// (or the two are the same), before any story is tried.
func (l *Lexicon) checkGroups(a Axis, groups [2]string) error {
	for _, g := range groups {
		if _, err := l.injectTerm(a, g); err != nil {
			return fmt.Errorf("axis: %s group %q: %w", a, g, err)
		}
	}
	if strings.EqualFold(strings.TrimSpace(groups[0]), strings.TrimSpace(groups[1])) {
		return fmt.Errorf("axis: %w: the two groups are the same, %q", ErrBadTerm, groups[0])
	}
	return nil
}

// GenMOTwins makes the GenMO benchmark's stories (or any pairs') into twins on axis a for the two
// groups, with [Lexicon.TwinOf]: for each pair, in order, the twin of its male story, with ID
// pair.ID + "/male", then that of its female story, pair.ID + "/female". Each twin keeps the
// pair's Environment. Stories no twin can be made of are left out and counted in the Coverage,
// with the reason; so a model's moral judgments can be audited on religion or age with the same
// stories as the gender audit, both genders of protagonist alike.
//
// lex nil means [Builtin]. The error is for an axis or a group the lexicon does not know (or two
// equal groups), before any story is tried; a story that makes no twin is never an error.
func GenMOTwins(lex *Lexicon, pairs []story.Pair, a Axis, groups [2]string) ([]Twin, Coverage, error) {
	if lex == nil {
		lex = Builtin()
	}
	var cov Coverage
	if err := lex.checkGroups(a, groups); err != nil {
		return nil, cov, err
	}
	var out []Twin
	for _, p := range pairs {
		for g, s := range [2]story.Story{p.Male, p.Female} {
			t, err := lex.TwinOf(a, s, groups)
			cov.add(err)
			if err != nil {
				continue
			}
			t.ID, t.Environment = p.ID+"/"+quadGender(g), p.Environment
			out = append(out, t)
		}
	}
	return out, cov, nil
}

// GenMOQuads makes each pair (of the GenMO benchmark, or any gender twins) into a quad on axis a
// for the two groups: the pair's own male and female stories are the gender twin, and each is
// made into a twin on the axis by [Lexicon.TwinOf]. The quad has the pair's ID and Environment;
// its two [Quad.Twins] are the twins GenMOTwins makes of the pair. A pair either of whose
// stories makes no twin is left out and counted in the Coverage (which counts pairs), with the
// first reason.
//
// lex nil means [Builtin]. The error is for an axis or a group the lexicon does not know (or two
// equal groups), before any pair is tried.
func GenMOQuads(lex *Lexicon, pairs []story.Pair, a Axis, groups [2]string) ([]Quad, Coverage, error) {
	if lex == nil {
		lex = Builtin()
	}
	var cov Coverage
	if err := lex.checkGroups(a, groups); err != nil {
		return nil, cov, err
	}
	var out []Quad
	for _, p := range pairs {
		q, err := lex.quad(a, p.Male, p.Female, groups)
		cov.add(err)
		if err != nil {
			continue
		}
		q.ID, q.Environment = p.ID, p.Environment
		out = append(out, q)
	}
	return out, cov, nil
}
