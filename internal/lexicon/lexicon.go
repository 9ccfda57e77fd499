// Package lexicon is the one table of gendered English words and given names that the
// counterfactual swapper (internal/swap, behind story.Swap) and the neutrality check
// (neutral.Check) share: which words reveal a gender, what their other-gender form is, and
// which given names are usually borne by men or by women.
//
// The tables are our own, plus pairs reviewed from the WinoBias word lists (see
// winobias.go and NOTICE). They are built once at init into immutable lookup tables; every
// function is safe for concurrent use.
package lexicon

import (
	"iter"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Gender is the gender a word or name gives. Its values equal story.Gender's.
type Gender uint8

// The genders.
const (
	Unknown Gender = iota
	Male
	Female
)

// Other returns Female for Male, Male for Female, and Unknown for Unknown.
func (g Gender) Other() Gender {
	switch g {
	case Male:
		return Female
	case Female:
		return Male
	}
	return Unknown
}

// Class is the class of a gendered word, which decides when the swapper flips it.
type Class uint8

// The classes of words.
const (
	ClassNone Class = iota // not a gendered word (the narrator's I, my; your, their)
	Pronoun                // he, she, him, her, his, hers, himself, herself
	Generic                // man, woman, girl, guy, lady, prince, actress, ...: flips wherever it stands
	Partner                // wife, husband, girlfriend, ...: flips with the person it belongs to
	Relation               // mother, brother, fireman, ...: flips only when it describes a swapped person
	Title                  // Mr, Mrs, Ms, sir, madam: flips with the person it names
)

// Form is the grammatical form of a personal pronoun.
type Form uint8

// The forms of pronouns.
const (
	FormNone Form = iota
	Subj          // he, she
	Obj           // him
	Her           // her: object or possessive determiner
	His           // his: possessive determiner or independent possessive
	Hers          // hers: independent possessive
	Refl          // himself, herself
	NarrArg       // I, me, myself
	NarrPos       // my, mine
	OtherPos      // your, their, our: possessive determiners of non-third-singular people
)

// Word is what the lexicon knows about one lower-case word.
type Word struct {
	Word   string
	Class  Class
	Gender Gender // for gendered words and pronouns
	Form   Form   // for pronouns
	Plural bool   // a plural noun (women, sons)
	To     string // the lower-case counterpart; for "her" and "his" the possessive form
	To2    string // for "her" the object form (him), for "his" the independent form (hers)
}

// genderedPairs lists the curated gendered nouns: class, then male form and female form. Each
// line is read both ways; where a form has two counterparts (girl: boy, guy), the first pair
// that names a word gives its counterpart.
var genderedPairs = [...]struct {
	class        Class
	male, female string
	plural       bool
}{
	// People in general: these flip wherever they stand, as the GenMO twins do.
	{Generic, "man", "woman", false},
	{Generic, "men", "women", true},
	{Generic, "mens", "womens", true},
	{Generic, "boy", "girl", false},
	{Generic, "boys", "girls", true},
	{Generic, "guy", "girl", false},
	{Generic, "guy", "gal", false},
	{Generic, "guys", "girls", true},
	{Generic, "guys", "gals", true},
	{Generic, "gentleman", "lady", false},
	{Generic, "gentlemen", "ladies", true},
	{Generic, "gent", "lady", false},
	{Generic, "lad", "lass", false},
	{Generic, "lads", "lasses", true},
	{Generic, "male", "female", false},
	{Generic, "males", "females", true},
	{Generic, "masculine", "feminine", false},
	{Generic, "manly", "womanly", false},
	{Generic, "boyish", "girlish", false},
	{Generic, "manhood", "womanhood", false},
	{Generic, "boyhood", "girlhood", false},
	{Generic, "schoolboy", "schoolgirl", false},
	{Generic, "schoolboys", "schoolgirls", true},
	{Generic, "king", "queen", false},
	{Generic, "kings", "queens", true},
	{Generic, "prince", "princess", false},
	{Generic, "princes", "princesses", true},
	{Generic, "duke", "duchess", false},
	{Generic, "emperor", "empress", false},
	{Generic, "baron", "baroness", false},
	{Generic, "monk", "nun", false},
	{Generic, "monks", "nuns", true},
	{Generic, "monastery", "nunnery", false},
	{Relation, "priest", "priestess", false},
	{Relation, "actor", "actress", false},
	{Relation, "actors", "actresses", true},
	{Relation, "waiter", "waitress", false},
	{Relation, "waiters", "waitresses", true},
	{Relation, "steward", "stewardess", false},
	{Relation, "headmaster", "headmistress", false},
	{Generic, "sorcerer", "sorceress", false},
	{Generic, "wizard", "witch", false},
	{Relation, "landlord", "landlady", false},
	{Generic, "groomsman", "bridesmaid", false},
	{Generic, "groomsmen", "bridesmaids", true},
	{Generic, "fraternity", "sorority", false},
	{Generic, "fraternities", "sororities", true},

	// Partners: they flip with the person they belong to ("his wife" -> "her husband").
	{Partner, "husband", "wife", false},
	{Partner, "husbands", "wives", true},
	{Partner, "boyfriend", "girlfriend", false},
	{Partner, "boyfriends", "girlfriends", true},
	{Partner, "fiancé", "fiancée", false},
	{Partner, "fiance", "fiancee", false},
	{Partner, "groom", "bride", false},
	{Partner, "bridegroom", "bride", false},
	{Partner, "widower", "widow", false},
	{Partner, "hubby", "wifey", false},
	{Partner, "bf", "gf", false}, // chat spellings of boyfriend and girlfriend
	{Partner, "bfs", "gfs", true},
	// A possessive written without its apostrophe: "his wifes car" is "his wife's car". Only
	// wifes is new here (husbands already pairs with wives).
	{Partner, "husbands", "wifes", true},

	// Relations and occupations: they flip only when they describe a swapped person.
	{Relation, "father", "mother", false},
	{Relation, "fathers", "mothers", true},
	{Relation, "dad", "mom", false},
	{Relation, "dads", "moms", true},
	{Relation, "dad", "mum", false},
	{Relation, "daddy", "mommy", false},
	{Relation, "daddy", "mummy", false},
	{Relation, "papa", "mama", false},
	{Relation, "son", "daughter", false},
	{Relation, "sons", "daughters", true},
	{Relation, "brother", "sister", false},
	{Relation, "brothers", "sisters", true},
	{Relation, "bro", "sis", false},
	{Relation, "uncle", "aunt", false},
	{Relation, "uncles", "aunts", true},
	{Relation, "uncle", "auntie", false},
	{Relation, "nephew", "niece", false},
	{Relation, "nephews", "nieces", true},
	{Relation, "grandfather", "grandmother", false},
	{Relation, "grandfathers", "grandmothers", true},
	{Relation, "grandpa", "grandma", false},
	{Relation, "grandpa", "granny", false},
	{Relation, "granddad", "grandma", false},
	{Relation, "grandson", "granddaughter", false},
	{Relation, "grandsons", "granddaughters", true},
	{Relation, "stepfather", "stepmother", false},
	{Relation, "stepdad", "stepmom", false},
	{Relation, "stepbrother", "stepsister", false},
	{Relation, "stepson", "stepdaughter", false},
	{Relation, "godfather", "godmother", false},
	{Relation, "godson", "goddaughter", false},
	{Relation, "patriarch", "matriarch", false},
	{Relation, "fatherhood", "motherhood", false},
	{Relation, "fatherly", "motherly", false},
	{Relation, "brotherly", "sisterly", false},
	{Relation, "brotherhood", "sisterhood", false},
	{Relation, "paternal", "maternal", false},
	{Relation, "paternity", "maternity", false},
	{Relation, "bachelor", "bachelorette", false}, // not in "a bachelor's degree"
	{Relation, "businessman", "businesswoman", false},
	{Relation, "businessmen", "businesswomen", true},
	{Relation, "salesman", "saleswoman", false},
	{Relation, "chairman", "chairwoman", false},
	{Relation, "congressman", "congresswoman", false},
	{Relation, "spokesman", "spokeswoman", false},
	{Relation, "policeman", "policewoman", false},
	{Relation, "policemen", "policewomen", true},
	{Relation, "fireman", "firewoman", false},
	{Relation, "mailman", "mailwoman", false},
	{Relation, "postman", "postwoman", false},
	{Relation, "cameraman", "camerawoman", false},
	{Relation, "sportsman", "sportswoman", false},
	{Relation, "craftsman", "craftswoman", false},
	{Relation, "horseman", "horsewoman", false},
	{Relation, "countryman", "countrywoman", false},
	{Relation, "frontman", "frontwoman", false},
	{Relation, "weatherman", "weatherwoman", false},
	{Relation, "anchorman", "anchorwoman", false},
	{Relation, "councilman", "councilwoman", false},
	{Relation, "alderman", "alderwoman", false},
	{Relation, "repairman", "repairwoman", false},
	{Relation, "handyman", "handywoman", false},
	{Relation, "doorman", "doorwoman", false},

	// Titles and forms of address: they flip with the person they name.
	{Title, "mr", "ms", false},
	{Title, "mr", "mrs", false},
	{Title, "mr", "miss", false},
	{Title, "sir", "madam", false},
	{Title, "sir", "madame", false},
	{Title, "sir", "dame", false},
	{Title, "messrs", "mesdames", true},
}

// pronounTable lists the third-person and first-person pronouns.
var pronounTable = [...]struct {
	word   string
	gender Gender
	form   Form
	to     string
	to2    string
}{
	{"he", Male, Subj, "she", ""},
	{"she", Female, Subj, "he", ""},
	{"him", Male, Obj, "her", ""},
	{"her", Female, Her, "his", "him"},
	{"his", Male, His, "her", "hers"},
	{"hers", Female, Hers, "his", ""},
	{"himself", Male, Refl, "herself", ""},
	{"herself", Female, Refl, "himself", ""},
	{"i", Unknown, NarrArg, "", ""},
	{"me", Unknown, NarrArg, "", ""},
	{"myself", Unknown, NarrArg, "", ""},
	{"my", Unknown, NarrPos, "", ""},
	{"mine", Unknown, NarrPos, "", ""},
	{"your", Unknown, OtherPos, "", ""},
	{"their", Unknown, OtherPos, "", ""},
	{"our", Unknown, OtherPos, "", ""},
}

// words maps a lower-case word to what the lexicon knows about it, and sorted lists the words
// in byte order. Built at init, never mutated.
var words, sorted = build()

func build() (map[string]Word, []string) {
	m := make(map[string]Word, 512)
	for _, p := range pronounTable {
		e := Word{Word: p.word, Class: Pronoun, Gender: p.gender, Form: p.form, To: p.to, To2: p.to2}
		if p.gender == Unknown {
			e.Class = ClassNone
		}
		m[p.word] = e
	}
	add := func(class Class, male, female string, plural bool, dir Direction) {
		for _, side := range [2]struct {
			w, to string
			g     Gender
		}{{male, female, Male}, {female, male, Female}} {
			if e, ok := m[side.w]; ok && e.Class != ClassNone || side.w == side.to {
				continue // the first pair naming a word wins
			}
			if dir == MaleOnly && side.g != Male || dir == FemaleOnly && side.g != Female {
				continue
			}
			m[side.w] = Word{Word: side.w, Class: class, Gender: side.g, To: side.to, Plural: plural}
		}
	}
	for _, p := range genderedPairs {
		add(p.class, p.male, p.female, p.plural, Both)
	}
	for _, p := range winobiasPairs {
		add(p.Class, p.Male, p.Female, p.Plural, p.Direction)
	}
	list := make([]string, 0, len(m))
	for w := range m {
		list = append(list, w)
	}
	slices.Sort(list)
	return m, list
}

// All yields every word of the lexicon, gendered or not (the narrator's I, my; your, their), in
// byte order of the words.
func All() iter.Seq[Word] {
	return func(yield func(Word) bool) {
		for _, w := range sorted {
			if !yield(words[w]) {
				return
			}
		}
	}
}

// Lookup returns what the lexicon knows about word, ignoring case.
func Lookup(word string) (Word, bool) {
	var buf [24]byte
	n := Lower(buf[:], word)
	if n < 0 {
		return Word{}, false
	}
	w, ok := words[string(buf[:n])]
	return w, ok
}

// Counterpart returns the other-gender form of a gendered word, in lower case, with the word's
// gender: "she" for "he", "husband" for "wife", "ms" for "mr", "actor" for "actress". For "her" it
// returns "his" (its object form is "him"), and for "his" "her". Case is ignored; ok is false for
// words the lexicon does not hold as gendered.
func Counterpart(word string) (other string, g Gender, ok bool) {
	w, found := Lookup(word)
	if !found || w.Class == ClassNone || w.To == "" {
		return "", Unknown, false
	}
	return w.To, w.Gender, true
}

// Lower writes the lower-case form of w into buf and returns its length, or -1 when it does
// not fit (or w is empty and not ASCII letters).
func Lower(buf []byte, w string) int {
	if n := lowerASCII(buf, w); n >= 0 {
		return n
	}
	return lowerOther(buf, w)
}

// lowerOther is [Lower] for words that are not only ASCII letters.
func lowerOther(buf []byte, w string) int {
	if len(w) >= len(buf) {
		return -1
	}
	if n := lowerInto(buf, w); n > 0 {
		return n
	}
	return -1
}

// LowerASCII is the fast path of [Lower], small enough to be inlined: it writes the lower-case
// form of w into buf and returns its length, or -1 when w is not ASCII letters or does not fit.
func LowerASCII(buf []byte, w string) int { return lowerASCII(buf, w) }

// lowerASCII writes the lower-case form of an ASCII word w into buf and returns its length, or
// -1 when w is not ASCII letters or does not fit.
func lowerASCII(buf []byte, w string) int {
	if len(w) > len(buf) {
		return -1
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case 'A' <= c && c <= 'Z':
			buf[i] = c + 'a' - 'A'
		case 'a' <= c && c <= 'z':
			buf[i] = c
		default:
			return -1
		}
	}
	return len(w)
}

// lowerInto writes the lower-case form of a non-ASCII word into buf, returning its length or 0.
func lowerInto(buf []byte, w string) int {
	n := 0
	for _, r := range w {
		r = unicode.ToLower(r)
		if n+utf8.RuneLen(r) > len(buf) {
			return 0
		}
		n += utf8.EncodeRune(buf[n:], r)
	}
	return n
}
