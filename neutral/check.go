package neutral

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// Kind says why a word of a text reveals a gender ([Check]) or a group of an axis ([CheckAxis]).
type Kind uint8

// The kinds of gendered words [Check] reports. The zero value is not a kind Check reports.
const (
	_       Kind = iota
	Pronoun      // he, she, him, her, his, hers, himself, herself (also in he's, she'd)
	Noun         // a gendered noun or adjective: man, wife, sister, actress, male, feminine
	Title        // a gendered title or form of address: Mr., Mrs., Ms., Miss, sir, madam
	Name         // a given name: one passed to Check, or a common given name of the built-in table
	Group        // a mention of a group of an axis, or a word that goes with one (CheckAxis only)
)

// String returns "pronoun", "noun", "title", "name", "group", or "Kind(N)" for other values.
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
	case Group:
		return "group"
	default:
		return "Kind(" + strconv.Itoa(int(k)) + ")"
	}
}

// Finding is one word of a text that reveals a gender, or, from [CheckAxis], a group of an axis.
type Finding struct {
	Word   string // the word as written, without surrounding punctuation ("Mr" in "Mr.")
	Offset int    // byte offset of Word in the text
	Kind   Kind   // why it reveals a gender (or a group)
}

// String returns the finding as `kind "word" at offset`.
func (f Finding) String() string {
	return f.Kind.String() + " " + strconv.Quote(f.Word) + " at " + strconv.Itoa(f.Offset)
}

// checkTitles are the gendered words that are titles or forms of address.
var checkTitles = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "sir": true,
	"madam": true, "madame": true, "dame": true, "mesdames": true, "messrs": true}

// Check reports every word of text that reveals or implies a gender: gendered pronouns (he,
// hers, himself, the he of he's), gendered nouns and adjectives (wife, man, actress, male),
// titles and forms of address (Mr, Ms, sir, madam; "miss" only as the title Miss), and given
// names. The gendered words are those of the lexicon the story swapper ([story.Swap]) uses. The
// given names are each of names, matched as whole words ignoring case (surrounding spaces are
// ignored; a name of several words matches them in sequence), and every capitalised common
// given name of that lexicon's table that has a usual gender (Josh, Mary, but
// not Jordan or Lee), except names that are also ordinary words (Will, Rose, Dallas), which
// count only when passed in names.
//
// An empty result means the text is gender-neutral. Neutral words are never reported: person,
// they, them, main character, parent, sibling, child, partner, spouse, friend. Findings come in
// text order. Check never panics and is safe for concurrent use.
func Check(text string, names ...string) []Finding {
	var out []Finding
	for start, end := nextWord(text, 0); start < end; start, end = nextWord(text, end) {
		f, skip := classify(text, start, end, text[start:end], names)
		if f.Kind != 0 {
			out = append(out, f)
		}
		end = max(end, skip)
	}
	return out
}

// nextWord returns the bounds of the first word (a run of letters and marks) of text at or
// after i; start == end when there is none.
func nextWord(text string, i int) (start, end int) {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if isLetter(r) {
			break
		}
		i += n
	}
	start = i
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isLetter(r) {
			break
		}
		i += n
	}
	return start, i
}

func isLetter(r rune) bool { return unicode.IsLetter(r) || unicode.IsMark(r) }

// classify decides whether the word w at text[start:end] reveals a gender. It returns the
// finding (Kind 0 for none) and, for a passed name of several words, where the name ends.
func classify(text string, start, end int, w string, names []string) (Finding, int) {
	if f, stop, ok := passedName(text, start, end, w, names); ok {
		return f, stop
	}
	if isGivenName(w) {
		return Finding{Word: w, Offset: start, Kind: Name}, end
	}
	lw := strings.ToLower(w)
	if _, _, ok := lexicon.Counterpart(lw); !ok {
		return Finding{}, end
	}
	switch {
	case isPronoun(lw):
		return Finding{Word: w, Offset: start, Kind: Pronoun}, end
	case checkTitles[lw]:
		if lw == "miss" && !(w[0] == 'M' && nextIsCapitalised(text, end)) {
			return Finding{}, end // "miss" the verb
		}
		return Finding{Word: w, Offset: start, Kind: Title}, end
	default:
		return Finding{Word: w, Offset: start, Kind: Noun}, end
	}
}

// passedName reports whether the word w at text[start:end] is one of names, or starts a name
// of several words that text holds there in full; it returns the finding and where the name
// ends.
func passedName(text string, start, end int, w string, names []string) (Finding, int, bool) {
	for _, nm := range names {
		nm = strings.TrimSpace(nm)
		if nm == "" {
			continue
		}
		if strings.EqualFold(nm, w) {
			return Finding{Word: w, Offset: start, Kind: Name}, end, true
		}
		if strings.ContainsAny(nm, " \t") && len(text)-start >= len(nm) && strings.EqualFold(text[start:start+len(nm)], nm) {
			stop := start + len(nm)
			if stop == len(text) || !isLetterAt(text, stop) {
				return Finding{Word: text[start:stop], Offset: start, Kind: Name}, stop, true
			}
		}
	}
	return Finding{}, 0, false
}

// isGivenName reports whether w is a capitalised common given name of the lexicon's table with
// a usual gender that is not also an ordinary word.
func isGivenName(w string) bool {
	if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
		return false
	}
	g, common, ok := lexicon.GivenName(w)
	return ok && !common && g != lexicon.Unknown
}

func isPronoun(lw string) bool {
	switch lw {
	case "he", "she", "him", "her", "his", "hers", "himself", "herself":
		return true
	}
	return false
}

func isLetterAt(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isLetter(r)
}

// nextIsCapitalised reports whether the next word after position i starts with a capital.
func nextIsCapitalised(text string, i int) bool {
	for i < len(text) && (text[i] == ' ' || text[i] == '.') {
		i++
	}
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsUpper(r)
}
