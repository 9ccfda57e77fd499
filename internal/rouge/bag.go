package rouge

import (
	"slices"
	"strings"
)

// Tokens returns the tokens of text that [Rouge1] compares, in order (stemmed when stem is set).
func Tokens(text string, stem bool) []string {
	var out []string
	t := NewTokenizer(text, stem)
	var buf []byte
	for {
		var ok bool
		if buf, ok = t.Next(buf[:0]); !ok {
			return out
		}
		out = append(out, string(buf))
	}
}

// Key returns the unstemmed tokens of text joined by single spaces: two texts with equal keys
// are the same text to ROUGE.
func Key(text string) string {
	var b strings.Builder
	t := NewTokenizer(text, false)
	var buf []byte
	for {
		var ok bool
		if buf, ok = t.Next(buf[:0]); !ok {
			return b.String()
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.Write(buf)
	}
}

// Bag is a text's ROUGE-1 unigrams: its stemmed tokens, numbered through a [Vocab], with their
// counts. Comparing two bags gives exactly the F1 of [Rouge1] on their texts, without
// tokenizing them again: build each text's bag once, then compare many pairs.
type Bag struct {
	terms []term // sorted by id
	total int    // number of tokens
}

type term struct {
	id uint32
	n  int32
}

// Vocab numbers the stems of the bags built with it. Bags compare only with bags of the same
// Vocab. The zero value is not ready: use [NewVocab]. A Vocab is not safe for concurrent use.
type Vocab struct{ ids map[string]uint32 }

// NewVocab returns an empty Vocab.
func NewVocab() *Vocab { return &Vocab{ids: map[string]uint32{}} }

// NewBag tokenizes and stems text as [Rouge1] does, numbering stems through v.
func (v *Vocab) NewBag(text string) Bag {
	var ids []uint32
	t := NewTokenizer(text, true)
	var buf []byte
	for {
		var ok bool
		if buf, ok = t.Next(buf[:0]); !ok {
			break
		}
		id, found := v.ids[string(buf)]
		if !found {
			id = uint32(len(v.ids))
			v.ids[string(buf)] = id
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var out []term
	for _, id := range ids {
		if len(out) > 0 && out[len(out)-1].id == id {
			out[len(out)-1].n++
		} else {
			out = append(out, term{id, 1})
		}
	}
	return Bag{terms: out, total: len(ids)}
}

// Len returns the number of tokens of the bag's text.
func (a Bag) Len() int { return a.total }

// Overlap returns the number of tokens the two texts share, counting repeats up to the smaller
// count.
func (a Bag) Overlap(b Bag) int {
	n, i, j := 0, 0, 0
	for i < len(a.terms) && j < len(b.terms) {
		switch x, y := a.terms[i], b.terms[j]; {
		case x.id < y.id:
			i++
		case x.id > y.id:
			j++
		default:
			n += int(min(x.n, y.n))
			i++
			j++
		}
	}
	return n
}

// F1 returns the ROUGE-1 F1 of the two bags' texts, bit for bit as [Rouge1] gives it (F1 is
// symmetric).
func (a Bag) F1(b Bag) float64 { return ScoreOf(a.Overlap(b), a.total, b.total).F1 }

// MaxF1 returns the highest F1 two texts of na and nb tokens can reach (when every token of the
// shorter one is in the longer), computed as [Rouge1] computes F1.
func MaxF1(na, nb int) float64 { return ScoreOf(min(na, nb), na, nb).F1 }
