package swap

import (
	"strings"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// Gendered nouns and titles, in plain words:
//
//   - Words for people in general (man, girl, lady, actress) flip wherever they stand, except
//     the partner of someone who stays ("he married a woman" flips only with him).
//   - Partners (wife, boyfriend, fiancée) flip with the person they belong to ("his wife" ->
//     "her husband", but "Alisha's boyfriend" stays); a partner of nobody named flips.
//   - Relatives and occupations with a gendered form (mother, brother, fireman, waitress,
//     actor) flip only when they describe a swapped person: "George is a father of two", "Kate
//     works as a waitress", "a stay-at-home mom", "a good husband and a loving father", "his
//     wife Mindy", "a woman named Martha", "Jill the new girl"; "the woman" after "a woman" is
//     the same person. "their mom" of a swapped person's children ("his kids ... their mom")
//     is that person or their partner, and flips too.
//   - A title (Mr, Mrs, Ms, sir, madam) before a capitalised word names that person and flips
//     with them; "miss" the verb and a bare "Mr" stay.
//   - A couple flips together: a partner follows its owner even when it describes someone who
//     stays ("Mary asks David to be her boyfriend"), and a partner that flips takes along an
//     owner only a pronoun names ("Her fiance cooked dinner for her", "I am her husband").
//     The mother or father of a swapped person's child ("Tom's son ... his mother", "our son
//     ... his mother") is that person's partner and flips.
//   - A possessive opens a noun phrase as a determiner does: "I am its father", "Tom is
//     Amy's brother" describe the subject; so does "to be" ("hoped to be a dad").
//   - Man, guy, lady, boy after a job or group noun ("the repair man", "the delivery guys",
//     "the cleaning lady", "the IT guy") make an occupation, which flips only when it describes
//     a swapped person; fixed expressions ("a ladies' man", "no man's land", "man's best
//     friend", "man-made", "Oh man", "hi guys") keep their words. "Her husbands car" is one
//     husband's car ("his wifes car").

// title handles Mr, Mrs, Ms, Miss, sir, madam at token i.
func (a *analysis) title(i int, lx *lexEntry) {
	t := a.tk(i)
	if a.titleBeforeName(i) {
		a.titledName(i, lx)
		return
	}
	if strings.EqualFold(a.word(i), "miss") || a.isAbbrev(t) {
		return // "miss" the verb; a bare Mr
	}
	if a.all || a.prot != noEnt {
		t.setOut(outTo)
	}
}

// titleBeforeName reports whether the title at token i names the capitalised word after it:
// "Mr Smith", "Mrs. Jones", but not "miss Jones" in lower case or "Mr, Smith".
func (a *analysis) titleBeforeName(i int) bool {
	t, n := a.tk(i), i+1
	if n >= a.ntok || a.tk(n).capPat() != caseTitle || t.capPat() == caseLower {
		return false
	}
	gap := a.text[t.e:a.tk(n).s]
	return !t.has(bPunctNext) || gap == ". " || gap == "."
}

// titledName makes the word after the title at token i a name of the title's gender (a title
// tells the gender better than the table), and flips the title with that person.
func (a *analysis) titledName(i int, lx *lexEntry) {
	t, n := a.tk(i), i+1
	if !a.isName(n) {
		a.tk(n).setBit(bTname, true)
	}
	e := a.nameEntity(n, lx.gender)
	if e != noEnt && a.tk(n).name < 0 && a.ents[e].kind == entName && int(a.ents[e].first) == n {
		a.ents[e].g = lx.gender // a title tells the gender better than the table
	}
	if a.all || (e != noEnt && a.ents[e].flip) {
		t.setOut(outTo)
	}
}

// noun handles a gendered noun at token i.
func (a *analysis) noun(i int, lx *lexEntry) {
	t := a.tk(i)
	if a.all {
		t.setOut(outTo)
	}
	if a.fixedExpression(i) {
		t.setOut(outKeep) // refers to no one, not even for SwapAll
		return
	}
	class := lx.class
	if class == lexicon.Generic && a.jobCompound(i) {
		class = lexicon.Relation // "the repair man" is a repairman
	}
	// "her husbands car" is one husband's car: his pronouns follow, and its counterpart is
	// "wifes" (to2), not "wives".
	owner := lx.plural && class == lexicon.Partner && a.possessiveWithoutApostrophe(i)
	if lx.plural && !owner {
		a.pluralNoun(i, class)
		return
	}
	e := a.describedBy(i, lx)
	if e == noEnt {
		e = a.nounPerson(i, lx, class)
	}
	a.mention(i, e, t.aposNext() != aposS && !owner)
	a.flipNoun(i, e, lx, class, owner)
}

// pluralNoun handles a plural gendered noun at token i, which names a group and no one person:
// people in general flip, partners flip with their owner (or when nobody owns them).
func (a *analysis) pluralNoun(i int, class lexicon.Class) {
	switch class {
	case lexicon.Generic:
		a.tk(i).setOut(outTo)
	case lexicon.Partner:
		if p := a.possessor(i); p == noEnt || a.ents[p].flip {
			a.tk(i).setOut(outTo)
		}
	}
}

// nounPerson makes the new person a gendered noun at token i names when it describes no one
// known, and returns it (noEnt when the person table is full).
func (a *analysis) nounPerson(i int, lx *lexEntry, class lexicon.Class) int {
	t := a.tk(i)
	flip := a.newNounFlips(i, class)
	e := a.newEntity(entity{kind: entNoun, g: lx.gender, flip: flip, eligible: a.nounEligible(i, class),
		first: int32(i), last: int32(i), li: t.li, name: -1})
	if e != noEnt {
		a.ents[e].owner = int8(a.owner(i))
	}
	return e
}

// newNounFlips reports whether a new person named by the gendered noun at token i changes
// gender: people in general do, unless they married someone who stays; partners do with their
// owner (or when nobody owns them); relatives do when they are the other parent of a swapped
// person's child.
func (a *analysis) newNounFlips(i int, class lexicon.Class) bool {
	switch class {
	case lexicon.Generic:
		if s := a.spouseOf(i); s != noEnt {
			return a.ents[s].flip // "he married a Jewish woman"
		}
		return true
	case lexicon.Partner:
		p := a.possessor(i)
		return p == noEnt || a.ents[p].flip
	case lexicon.Relation:
		return a.parentOfSwappedChildren(i) || a.otherParent(i)
	}
	return false
}

// flipNoun flips the gendered noun at token i when the person e it names changes gender, and a
// couple with it; a partner also flips with the one it belongs to.
func (a *analysis) flipNoun(i, e int, lx *lexEntry, class lexicon.Class, owner bool) {
	t := a.tk(i)
	if e != noEnt && a.ents[e].flip {
		t.setOut(outTo)
		if owner && lx.to2 != "" {
			t.setOut(outTo2)
		}
		if class == lexicon.Partner {
			a.flipCouple(i)
		}
		return
	}
	if class == lexicon.Partner {
		// "Mary asks David to be her boyfriend": a partner changes with the one it belongs
		// to, even when it describes someone who stays.
		if p := a.possessor(i); p != noEnt && a.ents[p].flip {
			t.setOut(outTo)
		}
	}
}

// owner returns the person the noun at token i belongs to: its possessor, or the narrator for
// "our" ("our son" is the narrator's son too).
func (a *analysis) owner(i int) int {
	if p := a.possessor(i); p != noEnt {
		return p
	}
	for j := i - 1; j >= 0 && j >= i-3 && !a.tk(j).has(bPunctNext); j-- {
		if strings.EqualFold(a.word(j), "our") {
			for k := 0; k < a.nent; k++ {
				if a.ents[k].kind == entNarrator {
					return k
				}
			}
			return noEnt
		}
		if a.flags(j)&(fClosed|fDet) != 0 {
			return noEnt
		}
	}
	return noEnt
}

// otherParent reports whether the parent noun at token i is the other parent of a swapped
// person's child: in "Tom's son asked his mother" or "I am a man. My daughter wants her dad",
// the child's mother is Tom's partner and her dad is the narrator, and both change gender.
func (a *analysis) otherParent(i int) bool {
	if a.flags(i)&fParent == 0 {
		return false
	}
	c := a.possessor(i)
	if c == noEnt || a.ents[c].li == 0 || lexList[a.ents[c].li-1].flags&fChild == 0 {
		return false
	}
	o := int(a.ents[c].owner)
	return o != noEnt && a.ents[o].flip
}

// flipCouple makes the owner of the partner noun at token i, which changes gender, change with
// it when the owner is someone only a pronoun has named: a couple stays a couple. In "Her fiance
// cooked her dinner" the story is about the fiance, and she is his fiancee; in "I am her
// husband" she is the narrator's wife.
func (a *analysis) flipCouple(i int) {
	p := a.possessor(i)
	if p == noEnt || a.ents[p].flip || a.ents[p].kind != entPronoun || a.ents[p].alias != noEnt {
		return
	}
	a.ents[p].flip = true
	for j := 0; j < i; j++ {
		if t := a.tk(j); t.ent() == int8(p) && t.li != 0 && lexList[t.li-1].class == lexicon.Pronoun {
			t.setOut(pronounOut(t))
		}
	}
}

// possessiveWithoutApostrophe reports whether the word in -s at token i is a singular
// possessive written without its apostrophe ("my friends house", "her husbands car"): it follows
// a possessive determiner or a name's possessive, and a noun that people own follows it.
func (a *analysis) possessiveWithoutApostrophe(i int) bool {
	if i == 0 || i+1 >= a.ntok || a.tk(i).aposNext() != aposNone || a.tk(i).has(bPunctNext) || a.tk(i-1).has(bPunctNext) && a.tk(i-1).aposNext() == aposNone {
		return false
	}
	if !hasSuffixFold(a.word(i), "s") || a.flags(i+1)&fOwned == 0 || a.tk(i+1).capPat() != caseLower {
		return false
	}
	p := i - 1
	if a.tk(p).has(bAfterApos) {
		return true // "Tom's friends house"
	}
	switch a.lex(p).form {
	case lexicon.Her, lexicon.His, lexicon.NarrPos:
		return true
	}
	return equalFoldAny(a.word(p), "your", "its")
}

// jobCompound reports whether the word for people at token i (man, men, guy, lady, boy, ...) is
// the head of a two-word name of a job or a group: "the repair man", "the delivery guys", "the
// cleaning lady", "the IT guy", "the paper boy". Such a compound is an occupation like
// "repairman": it flips only when it describes a swapped person ("Tom is a delivery man").
func (a *analysis) jobCompound(i int) bool {
	if i == 0 || a.flags(i)&fPersonHead == 0 {
		return false
	}
	j := i - 1
	if gap := a.text[a.tk(j).e:a.tk(i).s]; gap != " " && gap != "-" {
		return false
	}
	pj := a.tk(j)
	if pj.aposNext() != aposNone || a.isName(j) || pj.has(bAfterApos) {
		return false
	}
	if a.word(j) == "IT" {
		return true
	}
	return pj.capPat() == caseLower && a.flags(j)&fJobModifier != 0
}

// fixedExpression reports whether the gendered word at token i belongs to a fixed expression
// that keeps its words whoever the story is about: "a ladies' man" (or "lady's man", "ladies
// man"), "no man's land", "man's best friend", "man-made", and "man" as an interjection ("Oh
// man, ...", "Man, that hurt").
func (a *analysis) fixedExpression(i int) bool {
	switch a.lowerWord(i) {
	case "ladies", "lady":
		return a.lowerWord(a.pastPossessive(i)) == "man" && a.joinedToNext(i)
	case "man":
		return a.fixedWithMan(i)
	case "guys":
		return i > 0 && !a.tk(i-1).has(bPunctNext) && equalFoldAny(a.word(i-1), "you", "hey", "hi") // addressing a group
	}
	return false
}

// fixedWithMan reports whether "man" at token i belongs to a fixed expression.
func (a *analysis) fixedWithMan(i int) bool {
	p := i - 1
	if p >= 0 && a.tk(p).has(bAfterApos) {
		p-- // the s of "lady's man"
	}
	if w := a.lowerWord(p); (w == "ladies" || w == "lady") && a.joinedToNext(p) {
		return true
	}
	n := a.pastPossessive(i)
	if a.tk(i).aposNext() == aposS {
		return a.lowerWord(i-1) == "no" && a.lowerWord(n) == "land" || a.lowerWord(n) == "best" && a.lowerWord(n+1) == "friend"
	}
	if i+1 < a.ntok && a.text[a.tk(i).e:a.tk(i+1).s] == "-" && a.lowerWord(i+1) == "made" {
		return true
	}
	return a.interjectionMan(i)
}

// interjectionMan reports whether "man" at token i is an interjection: "Oh man, ...", "Oh,
// man!", "Man, that hurt".
func (a *analysis) interjectionMan(i int) bool {
	if p := i - 1; p >= 0 && equalFoldAny(a.word(p), "oh", "ah", "aw", "aww", "hey", "dude") && a.tk(i).has(bPunctNext) {
		return true // "Oh man, ...", "Oh, man!"
	}
	return (i == 0 || a.newSentence(i)) && i+1 < a.ntok && strings.HasPrefix(strings.TrimLeft(a.text[a.tk(i).e:a.tk(i+1).s], " "), ",")
}

// lowerWord returns the word at token k in lower case, "" outside the text.
func (a *analysis) lowerWord(k int) string {
	if k < 0 || k >= a.ntok {
		return ""
	}
	return strings.ToLower(a.word(k))
}

// pastPossessive returns the token after i, past the s of a possessive 's.
func (a *analysis) pastPossessive(i int) int {
	if a.tk(i).aposNext() == aposS && i+1 < a.ntok && a.tk(i+1).has(bAfterApos) {
		return i + 1 + 1
	}
	return i + 1
}

// joinedToNext reports whether the word at token p runs on into the next one, by an apostrophe
// or with no punctuation between: "ladies' man", "lady's man", "ladies man".
func (a *analysis) joinedToNext(p int) bool {
	return a.tk(p).aposNext() != aposNone || !a.tk(p).has(bPunctNext)
}

// parentOfSwappedChildren reports whether the parent noun at token i is "their" parent of
// children who belong to a swapped person ("his kids ... their mom"): the children's parents are
// that person and their partner, and both change gender.
func (a *analysis) parentOfSwappedChildren(i int) bool {
	if a.flags(i)&fParent == 0 || i == 0 || a.tk(i-1).has(bPunctNext) || !strings.EqualFold(a.word(i-1), "their") {
		return false
	}
	for j := i - 2; j >= 0; j-- {
		if a.flags(j)&fChild == 0 {
			continue
		}
		if p := a.possessor(j); p != noEnt && a.ents[p].flip {
			return true
		}
	}
	return false
}

// describedBy finds the person a gendered noun at token i describes: the subject of "is a man",
// a name in apposition ("his wife Mindy", "a woman named Martha", "Jill the new girl"), or an
// earlier "a woman" for "the woman". It returns noEnt for a new person.
func (a *analysis) describedBy(i int, lx *lexEntry) int {
	det, before := a.nounPhraseStart(i)
	e, found := a.copulaSubject(before)
	if !found {
		e, found = a.roleSubject(before)
	}
	if !found {
		e, found = a.coordinatedDescription(before)
	}
	if !found {
		e, found = a.appositiveName(i, lx.gender)
	}
	if !found {
		e, found = a.nameBeforeDeterminer(det)
	}
	if found {
		if e != noEnt {
			a.describe(e, lx.gender, a.tk(i).li)
		}
		return e
	}
	return a.sameNounAgain(i, det)
}

// nounPhraseStart walks back from the noun at token i over up to three adjectives to a
// determiner. It returns the determiner's token (-1 when there is none) and the token before
// the phrase (-1 at the start of the text).
func (a *analysis) nounPhraseStart(i int) (det, before int) {
	j := i - 1
	if a.jobCompound(i) {
		j-- // the first word of "the new IT guy" is part of the noun
	}
	j = a.skipAdjectives(j)
	if j >= 0 && !a.tk(j).has(bPunctNext) && a.possessiveDeterminer(j) {
		if a.tk(j).has(bAfterApos) {
			return j - 1, j - 2 // "is Amy's brother": the name is the determiner
		}
		return j, j - 1
	}
	if j >= 0 && !a.tk(j).has(bPunctNext) && a.flags(j)&fDet != 0 {
		return j, j - 1
	}
	return -1, j
}

// skipAdjectives walks back from token j, the word before a noun, over up to three words that
// may be its adjectives (a hyphenated compound counts as one), and returns the token it stopped
// at: a possessive determiner, a word that is no adjective, or the token before the phrase.
func (a *analysis) skipAdjectives(j int) int {
	for k := 0; k < 3 && j >= 0 && !a.tk(j).has(bPunctNext); k++ {
		if a.possessiveDeterminer(j) {
			break
		}
		j = a.compoundStart(j)
		if !a.mayBeAdjective(j) {
			break
		}
		j--
	}
	return j
}

// mayBeAdjective reports whether the word at token j may be an adjective of a noun phrase: it
// is not gendered, not a function word, a copula, a name or a pronoun.
func (a *analysis) mayBeAdjective(j int) bool {
	l := a.lex(j)
	return !(l.class != lexicon.ClassNone || l.flags&(fClosed|fCopula) != 0 || a.isName(j) || l.form != lexicon.FormNone)
}

// possessiveDeterminer reports whether token j opens a noun phrase as its owner: his, her
// (before a noun), my, your, their, our, its, or the s of a name's 's ("Amy's").
func (a *analysis) possessiveDeterminer(j int) bool {
	if a.tk(j).has(bAfterApos) {
		return j > 0 && a.tk(j-1).aposNext() == aposS && a.isName(j-1)
	}
	switch a.lex(j).form {
	case lexicon.His, lexicon.Her, lexicon.NarrPos, lexicon.OtherPos:
		return true
	}
	return strings.EqualFold(a.word(j), "its")
}

// compoundStart returns the first word of the hyphenated compound that ends at token j
// ("stay-at-home", "well-known"), or j.
func (a *analysis) compoundStart(j int) int {
	for j > 0 && a.text[a.tk(j-1).e:a.tk(j).s] == "-" {
		j--
	}
	return j
}

// copulaSubject finds the subject of "X is a man", "I'm a father", "is not a man" when the
// noun phrase follows token j.
func (a *analysis) copulaSubject(j int) (int, bool) {
	if j < 1 || a.tk(j).has(bPunctNext) {
		return noEnt, false
	}
	cop := j
	if equalFoldAny(a.word(cop), "not", "never", "also", "still", "now") {
		cop-- // "is not a man", "was never a father"
	}
	if cop < 1 || !a.isCopula(cop) || a.tk(cop-1).has(bPunctNext) {
		return noEnt, false
	}
	if a.tk(cop - 1).has(bInfTo) {
		// "hoped to be a dad", "wants to become a nurse": the infinitive's subject.
		if c := int(a.tk(cop - 1).clause); c < a.nsubj {
			if s := int(*a.sj(c)); s != noEnt {
				return s, true
			}
		}
		return noEnt, false
	}
	if e := a.tk(cop - 1).ent(); e != noEnt && a.tk(cop-1).has(bArg) {
		return int(e), true
	}
	return noEnt, false
}

// coordinatedDescription finds the person the noun before the "and" at token j describes, when
// that noun describes a person named or spoken of: "Tom is a husband and (a) father of three".
// "Tom's wife and mother" are two people: wife describes no one.
func (a *analysis) coordinatedDescription(j int) (int, bool) {
	if j < 1 || a.tk(j).has(bPunctNext) || a.tk(j-1).has(bPunctNext) || !equalFoldAny(a.word(j), "and", "or") {
		return noEnt, false
	}
	p := a.tk(j - 1)
	if c := a.lex(j - 1).class; p.ent() == noEnt || c != lexicon.Generic && c != lexicon.Partner && c != lexicon.Relation {
		return noEnt, false
	}
	if a.ents[p.ent()].kind == entNoun {
		return noEnt, false
	}
	return int(p.ent()), true
}

// roleSubject finds the subject of "works as a waitress", "joined as an actor" when the noun
// phrase follows the "as" at token j.
func (a *analysis) roleSubject(j int) (int, bool) {
	if j < 1 || a.tk(j).has(bPunctNext) || a.tk(j-1).has(bPunctNext) || !strings.EqualFold(a.word(j), "as") {
		return noEnt, false
	}
	if c := int(a.tk(j - 1).clause); c < a.nsubj {
		if s := int(*a.sj(c)); s != noEnt {
			return s, true
		}
	}
	return noEnt, false
}

// appositiveName finds the name that follows the noun at token i: "his wife Mindy", "his wife,
// Susan,", "a woman named Martha". found is set when there is one, even when the person table
// is full (e is noEnt then).
func (a *analysis) appositiveName(i int, g lexicon.Gender) (e int, found bool) {
	n := i + 1
	if n >= a.ntok {
		return noEnt, false
	}
	gap := a.text[a.tk(i).e:a.tk(n).s]
	if a.tk(i).aposNext() == aposNone && (gap == " " || gap == ", ") && a.isName(n) {
		return a.nameEntity(n, g), true
	}
	if gap == " " && a.flags(n)&fNamedVerb != 0 && n+1 < a.ntok && a.isName(n+1) && !a.tk(n).has(bPunctNext) {
		return a.nameEntity(n+1, g), true
	}
	return noEnt, false
}

// nameBeforeDeterminer finds the name right before the determiner det: "Jill the new IT girl".
func (a *analysis) nameBeforeDeterminer(det int) (int, bool) {
	if det < 1 || !a.isName(det-1) || a.tk(det-1).aposNext() != aposNone {
		return noEnt, false
	}
	if gap := a.text[a.tk(det-1).e:a.tk(det).s]; gap != " " && gap != ", " {
		return noEnt, false
	}
	if e := a.tk(det - 1).ent(); e != noEnt {
		return int(e), true
	}
	return noEnt, false
}

// sameNounAgain finds the person an earlier mention of the same noun made when the noun at
// token i has a definite determiner: "the woman" after "a woman".
func (a *analysis) sameNounAgain(i, det int) int {
	if det < 0 {
		return noEnt
	}
	if d := strings.ToLower(a.word(det)); d != "the" && d != "this" && d != "that" {
		return noEnt
	}
	for k := a.nent - 1; k >= 0; k-- {
		if a.ents[k].li == a.tk(i).li {
			return k
		}
	}
	return noEnt
}

// isCopula reports whether token i links a subject to a description: is, became, the 'm of I'm.
func (a *analysis) isCopula(i int) bool {
	if a.flags(i)&fCopula != 0 {
		return true
	}
	if a.tk(i).has(bAfterApos) {
		w := a.word(i)
		return w == "m" || w == "s" || w == "re" || w == "M" || w == "S" || w == "RE"
	}
	return false
}

// describe gives entity e the gender of a noun that describes it, and lets a narrator who
// describes themself become the protagonist.
func (a *analysis) describe(e int, g lexicon.Gender, li uint16) {
	en := &a.ents[e]
	if en.g == lexicon.Unknown {
		en.g = g
	}
	if en.li == 0 {
		en.li = li
	}
	if en.kind == entNarrator {
		en.eligible = true
		a.checkProtagonist(e)
	}
}

// nounEligible reports whether the gendered noun at token i may be the protagonist. A relative
// owned by a pronoun that points forward may not: in "When his son broke the window, Paul
// yelled", the story is about Paul; in "Her brother wanted ...", which opens the sentence, it is
// about the brother.
func (a *analysis) nounEligible(i int, class lexicon.Class) bool {
	if class != lexicon.Relation {
		return true
	}
	for j := i - 1; j >= 0 && j >= i-3 && !a.tk(j).has(bPunctNext); j-- {
		if f := a.lex(j).form; f == lexicon.Her || f == lexicon.His {
			return j == 0 || a.newSentence(j)
		}
	}
	return true
}

// spouseOf returns the subject of "marry" or "date" when the noun at token i is its object
// ("he married a Jewish woman"), or noEnt.
func (a *analysis) spouseOf(i int) int {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if a.tk(j).has(bPunctNext) {
			return noEnt
		}
		f := a.flags(j)
		if f&fMarry != 0 {
			if c := int(a.tk(j).clause); c < a.nsubj {
				return int(*a.sj(c))
			}
			return noEnt
		}
		if f&(fDet) == 0 && a.lex(j).class != lexicon.ClassNone {
			return noEnt
		}
	}
	return noEnt
}

// possessor returns the person who owns the noun at token i ("his wife", "Brad's old
// girlfriends"), or noEnt when there is none or it is unknown.
func (a *analysis) possessor(i int) int {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if a.tk(j).has(bPunctNext) && a.tk(j).aposNext() == aposNone {
			return noEnt
		}
		if a.tk(j).has(bAfterApos) { // the s of 's
			continue
		}
		if a.tk(j).aposNext() == aposS || a.tk(j).aposNext() == aposBare {
			return int(a.tk(j).ent())
		}
		lx := a.lex(j)
		switch lx.form {
		case lexicon.Her, lexicon.His, lexicon.NarrPos:
			return int(a.tk(j).ent())
		case lexicon.OtherPos:
			return noEnt
		}
		if lx.flags&(fClosed|fDet) != 0 {
			return noEnt
		}
	}
	return noEnt
}

// equalFoldAny reports whether w equals one of words, ignoring case.
func equalFoldAny(w string, words ...string) bool {
	for _, x := range words {
		if strings.EqualFold(w, x) {
			return true
		}
	}
	return false
}
