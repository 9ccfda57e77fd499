package swap

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Writing the result, in plain words:
//
//   - Only the words that change are rewritten; every other byte is copied. A text in which
//     nothing changes is returned as it came.
//   - A replacement takes the case pattern of the word it replaces (he -> she, He -> She,
//     HE -> SHE); a name that matched ignoring case, or is written in lower case, takes the
//     text's case ("john" -> "emily").
//   - A name's possessive follows the new name: "Mike's" -> "Dallas'", "Dallas'" -> "Mike's".

// render writes the swapped text.
func (a *analysis) render() string {
	changed := false
	for i := 0; i < a.ntok; i++ {
		if a.tk(i).out() != outKeep {
			changed = true
			break
		}
	}
	if !changed {
		return a.text
	}
	var b sink
	if len(a.text) > 64<<10 {
		// A long text: measure the result first, so that it is allocated once at its size
		// instead of growing (and copying) past the text's length when names get longer.
		b.count = true
		a.write(&b)
		b.count = false
		b.b.Grow(b.n)
	} else {
		b.b.Grow(len(a.text) + 16)
	}
	a.write(&b)
	return b.b.String()
}

// sink is where render writes: a strings.Builder, or only a byte count when count is set.
type sink struct {
	b     strings.Builder
	n     int
	count bool
}

func (w *sink) writeString(s string) {
	if w.count {
		w.n += len(s)
		return
	}
	w.b.WriteString(s)
}

func (w *sink) writeByte(c byte) {
	if w.count {
		w.n++
		return
	}
	w.b.WriteByte(c)
}

func (w *sink) writeRune(r rune) {
	if w.count {
		w.n += utf8.RuneLen(r)
		return
	}
	w.b.WriteRune(r)
}

// write writes the swapped text to b.
func (a *analysis) write(b *sink) {
	pos := 0
	for i := 0; i < a.ntok; i++ {
		t := a.tk(i)
		if t.out() == outKeep || t.out() == outDrop || int(t.s) < pos {
			continue // kept, or already written as part of a name or possessive
		}
		b.writeString(a.text[pos:t.s])
		pos = int(t.e)
		src := a.text[t.s:t.e]
		switch t.out() {
		case outTo:
			writeCased(b, src, lexList[t.li-1].to)
		case outTo2:
			writeCased(b, src, lexList[t.li-1].to2)
		case outName:
			ne := a.ne(int(t.name))
			to := ne.to
			if t.has(bFold) || t.capPat() == caseLower {
				to = foldCase(src, to) // a name written in lower case stays in lower case
			}
			b.writeString(to)
			if ne.words > 1 {
				pos = int(a.tk(i + ne.words - 1).e)
			}
			a.fixPossessive(b, i, &pos, ne.from, to)
		}
	}
	b.writeString(a.text[pos:])
}

// fixPossessive keeps a name's possessive in the story's own style when the new name ends in s
// ("Mike's" -> "Dallas'") or no longer does ("Dallas'" -> "Mike's").
func (a *analysis) fixPossessive(b *sink, i int, pos *int, from, to string) {
	t := a.tk(i)
	if t.aposNext() == aposNone || to == "" || from == "" {
		return
	}
	endsS := func(s string) bool { return s[len(s)-1] == 's' || s[len(s)-1] == 'S' }
	switch {
	case t.aposNext() == aposS && endsS(to) && !endsS(from) && i+1 < a.ntok && a.tk(i+1).has(bAfterApos):
		b.writeString(a.text[t.e : t.e+int32(t.aposLen())])
		*pos = int(a.tk(i + 1).e)
	case t.aposNext() == aposBare && endsS(from) && !endsS(to):
		b.writeString(a.text[t.e : t.e+int32(t.aposLen())])
		b.writeByte('s')
		*pos = int(t.e) + int(t.aposLen())
	}
}

// writeCased writes the lower-case word repl in the case pattern of src.
func writeCased(b *sink, src, repl string) {
	switch casePattern(src) {
	case caseUpper:
		if len(src) > 1 {
			b.writeString(strings.ToUpper(repl))
			return
		}
		fallthrough
	case caseTitle:
		r, n := utf8.DecodeRuneInString(repl)
		b.writeRune(unicode.ToUpper(r))
		b.writeString(repl[n:])
	default:
		b.writeString(repl)
	}
}

// foldCase gives the name to the case pattern of src, for names that matched ignoring case.
func foldCase(src, to string) string {
	switch casePattern(src) {
	case caseLower:
		return strings.ToLower(to)
	case caseUpper:
		if utf8.RuneCountInString(src) > 1 {
			return strings.ToUpper(to)
		}
	}
	return to
}
