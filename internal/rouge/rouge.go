// Package rouge is the ROUGE-1 engine behind story.Rouge1 and story.Stem, and the one ROUGE
// tokenizer of the module: story scores pairs with it, and dpo's split compares stories with
// its word bags ([Bag]), so both count exactly the same tokens.
//
// Everything here agrees bit for bit with the reference Python package (rouge-score,
// RougeScorer(["rouge1"], use_stemmer=True)) and nltk's Porter stemmer in its default mode;
// see story.Rouge1 for the tokenizer's rules. Nothing keeps state between calls: every
// function is safe for concurrent use.
package rouge

import "unicode/utf8"

// Score is a ROUGE score: the share of the candidate's tokens found in the reference (Precision),
// the share of the reference's tokens found in the candidate (Recall) and their harmonic mean (F1).
// Each lies in [0, 1]. The zero value is the score of two texts with nothing in common.
type Score struct {
	Precision, Recall, F1 float64
}

// Rouge1 returns the ROUGE-1 score of candidate against reference, bit for bit as the reference
// package computes it; stem chooses Porter stemming (use_stemmer). story.Rouge1 documents the rules.
//
// It allocates nothing when the reference has at most 2 KB and 128 tokens and no candidate
// token is longer than 64 letters.
func Rouge1(reference, candidate string, stem bool) Score {
	return rouge1(reference, candidate, stem)
}

// rougeClass maps a byte of text to the token character it stands for: a-z and 0-9 map to
// themselves, A-Z to their lower case, bytes >= 0x80 (the start or inside of a multi-byte UTF-8
// sequence) to rougeMulti and every other byte to 0, a separator. It is never modified.
var rougeClass = func() (t [256]byte) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = byte(c)
		t[c-'a'+'A'] = byte(c)
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = rougeMulti
	}
	return t
}()

const rougeMulti = 0xff

// Tokenizer reads the tokens of a text one by one, as the reference package's tokenizer
// splits it. The zero value has no text; make one with [NewTokenizer].
type Tokenizer struct {
	text string
	pos  int
	stem bool
}

// NewTokenizer returns a Tokenizer of text; stem chooses whether tokens longer than three
// letters are replaced by their [Stem].
func NewTokenizer(text string, stem bool) Tokenizer { return Tokenizer{text: text, stem: stem} }

// Next appends the next token to buf and returns the extended buffer and true, or buf and false
// when the text has no more tokens. The token (everything appended) is stemmed when t.stem is set
// and it is longer than three letters.
func (t *Tokenizer) Next(buf []byte) ([]byte, bool) {
	start := len(buf)
	s, i := t.text, t.pos
	for i < len(s) {
		c := rougeClass[s[i]]
		if c == 0 {
			if len(buf) > start {
				break // a separator ends the token
			}
			i++
			continue
		}
		if c != rougeMulti {
			buf = append(buf, c)
			i++
			continue
		}
		// Of all non-ASCII code points only two lowercase (in Python) to something holding a-z or
		// 0-9: U+212A KELVIN SIGN to "k", and U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE to
		// "i" followed by U+0307 COMBINING DOT ABOVE, which separates what follows. Everything
		// else, invalid UTF-8 included, is a separator.
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\u212a':
			buf = append(buf, 'k')
			i += size
			continue
		case '\u0130':
			buf = append(buf, 'i')
			i += size
		default:
			if len(buf) == start {
				i += size
				continue
			}
		}
		break
	}
	t.pos = i
	if len(buf) == start {
		return buf, false
	}
	if t.stem && len(buf)-start > 3 {
		tok := porterStem(buf[start:], true)
		buf = buf[:start+len(tok)]
	}
	return buf, true
}

// rougeHash returns an FNV-1a hash of tok with the lowest bit set, so that 0 marks an empty slot.
func rougeHash(tok []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range tok {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h | 1
}

// rougeSlot is one entry of the reference's token counts: a token (by its index among the
// reference tokens) and how many of its occurrences are not yet matched by the candidate.
type rougeSlot struct {
	hash  uint64
	token int
	count int
}

// rouge1 computes the score; stem chooses whether tokens are stemmed.
func rouge1(reference, candidate string, stem bool) Score {
	// Tokenize the reference into one buffer; ends[k] is where its token k ends. Tokens never take
	// more bytes than the text they come from, so the buffer never grows.
	var bufStack [2048]byte
	var endStack [128]int
	buf := bufStack[:0]
	if len(reference) > len(bufStack) {
		buf = make([]byte, 0, len(reference))
	}
	ref := tokenize(reference, stem, buf, endStack[:0])

	// Count the reference tokens in an open-addressing hash table at most half full.
	var slotStack [256]rougeSlot
	size := 16
	for size < 2*len(ref.ends) {
		size *= 2
	}
	var slots []rougeSlot
	if size <= len(slotStack) {
		slots = slotStack[:size]
	} else {
		slots = make([]rougeSlot, size)
	}
	ref.count(slots)
	overlap, candTokens := ref.match(slots, candidate, stem)
	return ScoreOf(overlap, len(ref.ends), candTokens)
}

// tokenList is a text's tokens in one buffer: token k ends at ends[k].
type tokenList struct {
	buf  []byte
	ends []int
}

// tokenize appends the tokens of text to buf and their ends to ends.
func tokenize(text string, stem bool, buf []byte, ends []int) tokenList {
	t := Tokenizer{text: text, stem: stem}
	for {
		var ok bool
		if buf, ok = t.Next(buf); !ok {
			break
		}
		ends = append(ends, len(buf))
	}
	return tokenList{buf: buf, ends: ends}
}

// token returns token k.
func (l tokenList) token(k int) []byte {
	if k == 0 {
		return l.buf[:l.ends[0]]
	}
	return l.buf[l.ends[k-1]:l.ends[k]]
}

// count counts the tokens in slots, an open-addressing hash table whose size is a power of two
// at least twice the number of tokens.
func (l tokenList) count(slots []rougeSlot) {
	mask := uint64(len(slots) - 1)
	for k := range l.ends {
		tok := l.token(k)
		h := rougeHash(tok)
		for j := h & mask; ; j = (j + 1) & mask {
			sl := &slots[j]
			if sl.hash == 0 {
				*sl = rougeSlot{hash: h, token: k, count: 1}
				break
			}
			if sl.hash == h && string(l.token(sl.token)) == string(tok) {
				sl.count++
				break
			}
		}
	}
}

// match matches the tokens of candidate one by one against the counts of l in slots (made by
// count), and returns how many matched (each occurrence of l's tokens at most once) and the
// candidate's number of tokens.
func (l tokenList) match(slots []rougeSlot, candidate string, stem bool) (overlap, candTokens int) {
	mask := uint64(len(slots) - 1)
	var tokStack [64]byte
	scratch := tokStack[:0]
	t := Tokenizer{text: candidate, stem: stem}
	for {
		var ok bool
		if scratch, ok = t.Next(scratch[:0]); !ok {
			break
		}
		candTokens++
		if sl := l.find(slots, mask, scratch); sl != nil && sl.count > 0 {
			sl.count--
			overlap++
		}
	}
	return overlap, candTokens
}

// find returns the slot of tok in slots, or nil when l has no such token.
func (l tokenList) find(slots []rougeSlot, mask uint64, tok []byte) *rougeSlot {
	h := rougeHash(tok)
	for j := h & mask; ; j = (j + 1) & mask {
		sl := &slots[j]
		if sl.hash == 0 {
			return nil
		}
		if sl.hash == h && string(l.token(sl.token)) == string(tok) {
			return sl
		}
	}
}

// ScoreOf turns token counts (the overlap, the reference's tokens and the candidate's tokens)
// into a Score with the reference package's float operations, in its order, so the results
// agree bit for bit. F1 is symmetric: swapping refTokens and candTokens gives the same F1 bits.
func ScoreOf(overlap, refTokens, candTokens int) Score {
	p := float64(overlap) / float64(max(candTokens, 1))
	r := float64(overlap) / float64(max(refTokens, 1))
	f := 0.0
	if p+r > 0 {
		f = ((2 * p) * r) / (p + r)
	}
	return Score{Precision: p, Recall: r, F1: f}
}
