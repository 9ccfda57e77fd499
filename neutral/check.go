package neutral

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind says why a word of an explanation reveals a gender.
type Kind uint8

// The kinds of gendered words [Check] reports. The zero value is not a valid kind.
const (
	_       Kind = iota
	Pronoun      // he, she, him, her, his, hers, himself, herself and their contractions
	Noun         // a gendered noun: man, woman, wife, husband, sister, ...
	Title        // a gendered title or form of address: Mr, Mrs, Ms, sir, madam, ...
	Name         // one of the names passed to Check
)

// String returns "pronoun", "noun", "title", "name", or "kind(N)" for any other value.
func (k Kind) String() string {
	switch k {
	case Pronoun:
		return "pronoun"
	case Noun:
		return "noun"
	case Title:
		return "title"
	case Name:
		return "name"
	default:
		return "kind(" + itoa(int(k)) + ")"
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// Finding is one word of a text that reveals a gender.
type Finding struct {
	Word   string // the word as written in the text
	Offset int    // the byte offset of Word in the text
	Kind   Kind   // why it reveals a gender
}

var checkWords = map[string]Kind{
	"he": Pronoun, "she": Pronoun, "him": Pronoun, "her": Pronoun, "his": Pronoun, "hers": Pronoun,
	"himself": Pronoun, "herself": Pronoun,
	"man": Noun, "woman": Noun, "men": Noun, "women": Noun, "wife": Noun, "husband": Noun,
	"mr": Title, "mrs": Title, "ms": Title, "sir": Title, "madam": Title,
}

// Check reports every word of text that reveals or implies a gender: gendered pronouns, nouns and
// titles, and the given names in names (matched as whole words, ignoring case). An empty result
// means the text is gender-neutral. Findings are in text order. Check is safe for concurrent use.
func Check(text string, names ...string) []Finding {
	var out []Finding
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r) {
				break
			}
			j += n
		}
		w := text[i:j]
		lw := strings.ToLower(w)
		if k, ok := checkWords[lw]; ok {
			out = append(out, Finding{Word: w, Offset: i, Kind: k})
		} else {
			for _, nm := range names {
				if nm != "" && strings.EqualFold(nm, w) {
					out = append(out, Finding{Word: w, Offset: i, Kind: Name})
					break
				}
			}
		}
		i = j
	}
	return out
}
