package axis

import (
	"slices"
	"strings"
)

// Mentions, in plain words:
//
//   - A mention is the longest run of words that writes a form of a group, found left to right.
//   - A capitalised word of a form ("Muslim", "the United States") matches only a capitalised
//     word of the text: "polish the table" does not mention Poland.
//   - A form that is an everyday word (black, straight, old, poor, server) is a mention only
//     about a person: before a person noun ("a Black man", "an old friend"), after a copula or
//     "one" ("one is straight"), or joined by "and"/"or" to a person noun ("Black and White
//     residents"); once so used, also after "the" ("the straight waffled"), not after "a" ("a
//     blind date").
//   - A lower-case form glued by a hyphen to another word is part of that word ("old-timer" is
//     not "old"), except after a prefix such as anti-, non-, pro- or ex-.
//   - A person noun right after a mention ("a Muslim man", "a youthful boy") is its head: it
//     chooses the gendered form of a group (Latina before "woman") and moves with an age band.

// mention is one place where a text writes a group.
type mention struct {
	i, j int    // token range [i, j)
	side int    // the family: 0 or 1 for Swap and Check, a group index for Mentions
	g    *group // the group
	f    *form  // the form matched
	alt  *form  // another form of g with the same words (Muslim: adjective and noun), or nil
	head int    // token of a person noun right after the mention, -1 when none
	prev string // the word right before the mention, in lower case; "" after punctuation
	// number is the age a mention of an age written with a number gives, -1 otherwise.
	number int
}

// candidate is a form a matcher looks for.
type candidate struct {
	side int
	g    *group
	f    *form
}

// matcher finds mentions of a set of groups.
type matcher struct {
	first map[string][]candidate // by first word, longest first
	ages  int                    // side for ages written with any number, -1 when not read
}

// newMatcher returns a matcher for the forms of the groups in sides: side k is sides[k]. A form
// whose words appear in two sides with the same kind and role is left out of both: it names
// neither side only (church for Christian and Catholic).
func newMatcher(sides []*group) *matcher { return buildMatcher(sides, true) }

// buildMatcher is newMatcher; with dropShared unset, a form shared by several groups is kept
// for the first of them.
func buildMatcher(sides []*group, dropShared bool) *matcher {
	m := &matcher{first: map[string][]candidate{}, ages: -1}
	type key struct {
		words string
		k     kind
		role  string
	}
	seen := map[key]int{}
	shared := map[key]bool{}
	for s, g := range sides {
		for i := range g.forms {
			f := &g.forms[i]
			k := key{strings.Join(f.words, " "), f.kind, f.role}
			if k.k == kindRolePl {
				k.k = kindRole
			}
			if prev, ok := seen[k]; ok && prev != s {
				shared[k] = true
			}
			seen[k] = s
		}
	}
	for s, g := range sides {
		for i := range g.forms {
			f := &g.forms[i]
			k := key{strings.Join(f.words, " "), f.kind, f.role}
			if k.k == kindRolePl {
				k.k = kindRole
			}
			if dropShared && shared[k] || len(f.words) == 0 {
				continue
			}
			m.first[f.words[0]] = append(m.first[f.words[0]], candidate{s, g, f})
		}
	}
	for w, cs := range m.first {
		slices.SortStableFunc(cs, func(x, y candidate) int { return len(y.f.words) - len(x.f.words) })
		m.first[w] = cs
	}
	return m
}

// find returns the mentions in text (tokenized as toks), left to right, without overlaps.
func (m *matcher) find(text string, toks []token) []mention {
	return m.findWith(text, toks, m.heads(text, toks))
}

// heads returns the words right after the mentions that are not everyday words: the nouns the
// groups describe ("voters" in "Hispanic voters"), so that an everyday adjective before the
// same noun is read as a group too ("Black voters").
func (m *matcher) heads(text string, toks []token) map[string]bool {
	out := map[string]bool{}
	for i := 0; i < len(toks); i++ {
		if !toks[i].word {
			continue
		}
		for _, c := range m.first[toks[i].low] {
			j := i + len(c.f.words)
			if everyday(c) || !matchAt(text, toks, i, c.f) || j >= len(toks) || !toks[j].word || functionWords[toks[j].low] {
				continue
			}
			if joinable(text[toks[j-1].e:toks[j].s]) {
				out[toks[j].low] = true
			}
		}
	}
	return out
}

// findWith is find with the nouns the text's mentions describe.
func (m *matcher) findWith(text string, toks []token, heads map[string]bool) []mention {
	var out []mention
	aboutPerson := map[*form]bool{}
	for i := 0; i < len(toks); {
		if !toks[i].word {
			i++
			continue
		}
		best := m.longestAt(text, toks, i, heads, out, aboutPerson)
		if best.f == nil && m.ages >= 0 {
			if mm, ok := m.age(text, toks, i); ok {
				best = mm
			}
		}
		if best.f == nil {
			i++
			continue
		}
		best.prev = lowBefore(toks, best.i)
		best.head = personHead(text, toks, best.j)
		out = append(out, best)
		i = best.j
	}
	return out
}

// longestAt returns the longest mention of a form that starts at token i (its f nil when there
// is none); before are the mentions found so far, and aboutPerson the everyday forms the text
// has used about a person.
func (m *matcher) longestAt(text string, toks []token, i int, heads map[string]bool, before []mention, aboutPerson map[*form]bool) mention {
	best := mention{head: -1, number: -1}
	for _, c := range m.first[toks[i].low] {
		n := len(c.f.words)
		if best.f != nil && n < best.j-best.i {
			break
		}
		if !matchAt(text, toks, i, c.f) {
			continue
		}
		if best.f != nil && n == best.j-best.i {
			if best.g == c.g && best.alt == nil && c.f.kind != best.f.kind {
				best.alt = c.f
			}
			continue
		}
		if glued(text, toks, i, i+n, c.f) {
			continue
		}
		if everyday(c) && !m.everydayMention(text, toks, i, c, heads, before, aboutPerson) {
			continue
		}
		best = mention{i: i, j: i + n, side: c.side, g: c.g, f: c.f, head: -1, number: c.g.number}
	}
	return best
}

// everydayMention reports whether the everyday word of candidate c at token i is a mention: it
// is about a person, or the text has used it about a person before and "the" points back to
// them ("the straight" after "one is straight"; but "a blind date" after "who is blind" is still
// a date). It records in aboutPerson the forms used about a person.
func (m *matcher) everydayMention(text string, toks []token, i int, c candidate, heads map[string]bool, before []mention, aboutPerson map[*form]bool) bool {
	j := i + len(c.f.words)
	if c.f.kind != kindAdj && m.nounContext(text, toks, i, j, before) || c.f.kind == kindAdj && (personContext(text, toks, i, j) || parallel(text, toks, j, heads)) {
		aboutPerson[c.f] = true
		return true
	}
	return aboutPerson[c.f] && i > 0 && toks[i-1].word && definite[toks[i-1].low]
}

// lowBefore returns the word right before token i, in lower case; "" at the start or after
// punctuation.
func lowBefore(toks []token, i int) string {
	if i > 0 && toks[i-1].word {
		return toks[i-1].low
	}
	return ""
}

// personHead returns token h when it is a person noun joined to the mention that ends before it
// ("a Muslim man", not "a Muslim-man"), -1 otherwise.
func personHead(text string, toks []token, h int) int {
	if h < len(toks) && toks[h].word && isPersonNoun(toks[h].low) && joinable(text[toks[h-1].e:toks[h].s]) && !isHyphen(text[toks[h-1].e:toks[h].s]) {
		return h
	}
	return -1
}

// nounContext reports whether the everyday noun at tokens [i, j) (server, judge) names a
// person: after "is a" ("she is a judge"), before "who", or joined by and/or to a person noun or
// another mention ("the server and the judge", "a nurse or a server").
func (m *matcher) nounContext(text string, toks []token, i, j int, before []mention) bool {
	return predicateNoun(toks, i) || lowIs(toks, j, "who") || m.joinedToPersonAfter(toks, j) || joinedToPersonBefore(toks, i, before)
}

// predicateNoun reports whether the noun at token i follows "is a", "was an", "one a" ...: "she
// is a judge".
func predicateNoun(toks []token, i int) bool {
	return i >= 2 && lowIs(toks, i-1, "a", "an") && toks[i-2].word && predicateWords[toks[i-2].low]
}

// joinedToPersonAfter reports whether "and" or "or" at token j joins the noun before it to a
// person noun or another mention after it, with at most a determiner between: "the server and
// the judge".
func (m *matcher) joinedToPersonAfter(toks []token, j int) bool {
	if !lowIs(toks, j, "and", "or") {
		return false
	}
	k := j + 1
	if k < len(toks) && toks[k].word && determiners[toks[k].low] {
		k++
	}
	return k < len(toks) && toks[k].word && (isPersonNoun(toks[k].low) || len(m.first[toks[k].low]) > 0)
}

// joinedToPersonBefore reports whether the noun at token i (after at most a determiner) is
// joined by "and" or "or" to a person noun or to the last mention before it: "a nurse or a
// server".
func joinedToPersonBefore(toks []token, i int, before []mention) bool {
	k := i - 1
	if k >= 0 && toks[k].word && determiners[toks[k].low] {
		k--
	}
	if k < 1 || !lowIs(toks, k, "and", "or") {
		return false
	}
	if toks[k-1].word && isPersonNoun(toks[k-1].low) {
		return true
	}
	n := len(before)
	return n > 0 && before[n-1].j == k
}

// lowIs reports whether token k is a word, in lower case one of words.
func lowIs(toks []token, k int, words ...string) bool {
	return k >= 0 && k < len(toks) && toks[k].word && slices.Contains(words, toks[k].low)
}

// parallel reports whether the word at token j, after an everyday adjective, is a noun that a
// mention elsewhere in the text describes: "Hispanic voters and Black voters".
func parallel(text string, toks []token, j int, heads map[string]bool) bool {
	return j < len(toks) && toks[j].word && heads[toks[j].low] && joinable(text[toks[j-1].e:toks[j].s])
}

// definite determiners point back to someone already mentioned: "the straight" after "one
// is straight".
var definite = setOf("the this that")

// everyday reports whether candidate c is an everyday word that needs a person nearby to be a
// mention: a one-word adjective or noun of a group marked common.
func everyday(c candidate) bool {
	return c.g.common && len(c.f.words) == 1 && (c.f.kind == kindAdj || c.f.kind == kindNoun || c.f.kind == kindPlural)
}

// age reads an age written with a number at token i, for matchers that read any age.
func (m *matcher) age(text string, toks []token, i int) (mention, bool) {
	for _, n := range []int{3, 2} {
		if i+n > len(toks) {
			continue
		}
		low := make([]string, 0, n)
		ok := true
		for k := i; k < i+n; k++ {
			if !toks[k].word || (k > i && !joinable(text[toks[k-1].e:toks[k].s])) {
				ok = false
				break
			}
			low = append(low, toks[k].low)
		}
		if !ok {
			continue
		}
		num, style := parseAge(low)
		if style == 0 {
			continue
		}
		g := numberGroup(num)
		for k := range g.forms {
			if g.forms[k].style == style {
				return mention{i: i, j: i + n, side: m.ages, g: g, f: &g.forms[k], head: -1, number: num}, true
			}
		}
	}
	return mention{}, false
}

// matchAt reports whether form f is written at token i of text.
func matchAt(text string, toks []token, i int, f *form) bool {
	if i+len(f.words) > len(toks) {
		return false
	}
	for k, w := range f.words {
		t := toks[i+k]
		if !t.word || t.low != w {
			return false
		}
		if k > 0 && !joinable(text[toks[i+k-1].e:t.s]) {
			return false
		}
		if f.caps[k] && !startsUpper(text[t.s:t.e]) {
			return false
		}
	}
	return true
}

// glued reports whether a lower-case form at tokens [i, j) is part of a hyphenated word.
func glued(text string, toks []token, i, j int, f *form) bool {
	if slices.Contains(f.caps, true) {
		return false // "anti-Muslim", "Mexican-American": the proper word is still the mention
	}
	if i > 0 && toks[i-1].word && isHyphen(text[toks[i-1].e:toks[i].s]) {
		switch toks[i-1].low {
		case "anti", "non", "pro", "ex", "half", "self", "openly":
		default:
			return true
		}
	}
	if j < len(toks) && toks[j].word && isHyphen(text[toks[j-1].e:toks[j].s]) {
		return true
	}
	return false
}

// predicateWords are words after which an adjective describes a person: "is straight", "one
// Black and one White", "identifies as gay".
var predicateWords = setOf(`is was are were be been being am 's 're 'm become became becomes
seem seems seemed look looks looked one both either neither as other another remain remains
remained stay stays stayed considered them`)

// personContext reports whether the everyday word at tokens [i, j) is about a person.
func personContext(text string, toks []token, i, j int) bool {
	if j < len(toks) && toks[j].word && isPersonNoun(toks[j].low) && joinable(text[toks[j-1].e:toks[j].s]) {
		return true
	}
	if coordinatedPersonNoun(toks, j) {
		return true
	}
	if i > 0 && toks[i-1].word && predicateWords[toks[i-1].low] {
		return predicateAboutPerson(text, toks, i, j)
	}
	return false
}

// coordinatedPersonNoun reports whether "and" or "or" at token j joins the word before it to a
// person noun within the next two words: "Black and White residents", "old or young people".
func coordinatedPersonNoun(toks []token, j int) bool {
	if !lowIs(toks, j, "and", "or") {
		return false
	}
	for k := j + 2; k < len(toks) && k < j+4 && toks[k].word; k++ {
		if isPersonNoun(toks[k].low) && toks[k].low != "one" {
			return true
		}
	}
	return false
}

// predicateAboutPerson reports whether the word at tokens [i, j), after a predicate word at
// i-1, is said of a person: "one is gay and ...", but not "is straight ahead" or "was old
// news", and after a copula only when its subject is a person: not "the soup was rich".
func predicateAboutPerson(text string, toks []token, i, j int) bool {
	if !(j >= len(toks) || !toks[j].word || functionWords[toks[j].low]) {
		return false
	}
	return !copulas[toks[i-1].low] || personSubject(text, toks, i-1)
}

// copulas link a subject to what it is.
var copulas = setOf("is was are were be been being am 's 're 'm become became becomes seem seems seemed look looks looked remain remains remained stay stays stayed")

// personSubject reports whether the copula at token c has a person for its subject: a person
// noun, a pronoun, "one", "who", a name, or a group mention just before it (adverbs such as
// "also" or "all" skipped).
func personSubject(text string, toks []token, c int) bool {
	k := c - 1
	for k >= 0 && toks[k].word && (adverbs[toks[k].low] || toks[k].low == "not") {
		k--
	}
	if k < 0 || !toks[k].word {
		return false
	}
	w := toks[k].low
	switch {
	case isPersonNoun(w), personPronouns[w]:
		return true
	case startsUpper(text[toks[k].s:toks[k].e]) && !functionWords[w]:
		return true // a name, or a group written with a capital ("the Christian is")
	}
	return false
}

var adverbs = setOf("also still actually all both really always never now then just already clearly obviously")

var personPronouns = setOf("i you he she we they who whom one ones other others someone somebody everyone everybody nobody each either neither them")
