package swap

import "github.com/evenhand/evenhand/internal/lexicon"

// MentionKind is the kind of word that mentions the protagonist.
type MentionKind uint8

// The kinds of mentions.
const (
	MentionName     MentionKind = iota + 1 // a given name or a key of names: John
	MentionPronoun                         // a third-person pronoun: he, her, himself
	MentionNarrator                        // the narrator's I, me, my
	MentionNoun                            // a gendered noun or title: man, wife, Mr
)

// Mention is one word of a text that mentions the protagonist: its byte span and kind.
type Mention struct {
	Start, End int
	Kind       MentionKind
}

// ProtagonistMentions finds the protagonist of text as [Analyze] does and returns, in text
// order, the words that mention them. It returns no mentions when there is no protagonist.
// It reads the same analysis as [Swap] and writes nothing.
func ProtagonistMentions(text string, names map[string]string) (Protagonist, []Mention) {
	var a analysis
	a.run(text, names, false)
	if a.prot == noEnt {
		return Protagonist{Clues: a.clues()}, nil
	}
	e := &a.ents[a.prot]
	p := Protagonist{Found: true, Name: a.protagonistName(), Gender: e.g}
	var out []Mention
	for i := 0; i < a.ntok; i++ {
		if !a.mentionsProtagonist(i) {
			continue
		}
		if m, ok := a.mentionAt(i); ok {
			out = append(out, m)
		}
	}
	return p, out
}

// mentionsProtagonist reports whether the word at token i is about the protagonist (directly,
// or as a pronoun that pointed forward to them).
func (a *analysis) mentionsProtagonist(i int) bool {
	t := a.tk(i)
	if t.out() == outDrop {
		return false
	}
	ent := int(t.ent())
	if ent == noEnt {
		return false
	}
	if r := a.ents[ent].alias; r != noEnt {
		ent = int(r)
	}
	return ent == a.prot
}

// mentionAt returns the mention the word at token i makes, by its kind; false when the word is
// of no kind of mention.
func (a *analysis) mentionAt(i int) (Mention, bool) {
	t := a.tk(i)
	m := Mention{Start: int(t.s), End: int(t.e)}
	lx := a.lex(i)
	switch {
	case t.name >= 0 || t.has(bTname):
		m.Kind = MentionName
		if t.name >= 0 {
			// a mapped name of several words spans them all
			if ne := a.ne(int(t.name)); ne.words > 1 && i+ne.words-1 < a.ntok {
				m.End = int(a.tk(i + ne.words - 1).e)
			}
		}
	case lx.class == lexicon.Pronoun:
		m.Kind = MentionPronoun
	case lx.form == lexicon.NarrArg || lx.form == lexicon.NarrPos:
		m.Kind = MentionNarrator
	case lx.class != lexicon.ClassNone:
		m.Kind = MentionNoun
	default:
		return m, false
	}
	return m, true
}
