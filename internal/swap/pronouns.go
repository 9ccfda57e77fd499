package swap

import (
	"strings"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// Pronouns, in plain words:
//
//   - A pronoun refers to an earlier person of its gender: the one asked in "asks Ron if he
//     ...", else the subject of its own clause (for his, himself) or of the clause before, else
//     the nearest one, else a person whose gender the story has not given, else a person noun
//     or an animal nearby ("his neighbor ... he", "her trainer ... he", "his dog ... her",
//     "my friends house ... she"). Someone's partner, spouse, crush, ex or date, and the one a
//     person has a crush on, is in love with, fell for or married, changes gender with them.
//   - An object pronoun never refers to a subject or object of its own clause ("Mike noticed
//     him"), except after prepositions of place and company ("brings his partner with him").
//   - A pronoun with no such person is someone new: before the protagonist, it is the
//     protagonist (unless it only owns the first person named: "Her brother wanted ..."); after
//     the protagonist, a subject or owner of the other gender is the protagonist's counterpart
//     and swaps with them ("She told me ..."), and a new direct object is a stranger and stays.
//     In a story told in the first person only a subject is the counterpart ("I held the door
//     and thanked her"); in a story about "he" or "she" alone, an object outside an infinitive
//     is the counterpart too ("He called her twice").
//   - In a sentence that opens with a subordinate clause, a pronoun may point forward to the
//     name that follows: "When his son broke the window, Paul yelled".

// pronoun resolves and flips the third-person pronoun at token i.
func (a *analysis) pronoun(i int, lx *lexEntry) {
	t := a.tk(i)
	obj, indep := a.pronounRole(i, lx)
	arg := lx.form == lexicon.Subj || obj || lx.form == lexicon.Refl
	coord := a.coordinated(i) >= 0
	a.couples = a.couples || coord
	// Binding: an object pronoun is not the subject or object of its own clause, except after
	// prepositions of place and company ("brings his partner with him").
	// A coordinated pronoun is not bound either: "plans dates for him and her".
	bind := obj && !a.afterNoBindPrep(i) && !coord
	e := a.resolve(i, lx, obj, bind)
	if e == noEnt {
		e = a.newPronounPerson(i, lx, obj, possessiveDeterminer(lx, obj, indep))
	}
	a.mention(i, e, arg)
	t.setBit(bAlt, alternateForm(lx, obj, indep))
	if a.all || (e != noEnt && a.ents[e].flip) {
		t.setOut(pronounOut(t))
	}
}

// possessiveDeterminer reports whether a pronoun of entry lx, in the role pronounRole gives it,
// is a possessive before a noun: "her car", "his car".
func possessiveDeterminer(lx *lexEntry, obj, indep bool) bool {
	return (lx.form == lexicon.Her && !obj) || (lx.form == lexicon.His && !indep)
}

// alternateForm reports whether a pronoun of entry lx, in the role pronounRole gives it, takes
// the entry's second counterpart: "her" as an object (him, not his), "his" standing alone (hers,
// not her).
func alternateForm(lx *lexEntry, obj, indep bool) bool {
	return (lx.form == lexicon.Her && obj) || (lx.form == lexicon.His && indep)
}

// afterNoBindPrep reports whether token i directly follows a preposition of place or company,
// after which an object pronoun may refer to its own clause's subject: "brings his partner with
// him".
func (a *analysis) afterNoBindPrep(i int) bool {
	return i > 0 && !a.tk(i-1).has(bPunctNext) && a.flags(i-1)&fNoBindPrep != 0
}

// pronounRole tells whether the pronoun at token i is an object (him, and "her" as in "pick her
// up") and whether it stands alone (hers, and "his" as in "it was his").
func (a *analysis) pronounRole(i int, lx *lexEntry) (obj, indep bool) {
	switch lx.form {
	case lexicon.Obj:
		return true, false
	case lexicon.Her:
		return a.herIsObject(i), false
	case lexicon.His:
		return false, a.hisStandsAlone(i)
	case lexicon.Hers:
		return false, true
	}
	return false, false
}

// newPronounPerson adds the someone new that the pronoun at token i is about. Before the
// protagonist, it is the protagonist, unless it only owns the first person named ("Her brother
// wanted ..."). After, a subject or owner of the other gender is the protagonist's counterpart
// and is swapped with them ("She told me ...", "waiting for her return", "talks with her"); a
// new direct object is a stranger ("Mike noticed him").
func (a *analysis) newPronounPerson(i int, lx *lexEntry, obj, possDet bool) int {
	eligible := !(possDet && a.personNounAfter(i))
	flip := false
	if a.prot != noEnt {
		pg := a.protGender()
		counterpart := !(obj && !a.afterPrep(i))
		switch a.ents[a.prot].kind {
		case entNarrator:
			// "I held the door and thanked her": in a story told in the first person, only
			// a subject is the narrator's counterpart ("She told me ..."); an owner or an
			// object no one has named is a stranger.
			counterpart = lx.form == lexicon.Subj
		case entPronoun:
			// "He called her twice": a story about "he" alone has no one else for "her". An
			// object in an infinitive may be anyone ("how to get him into a good school").
			counterpart = counterpart || !a.tk(i).has(bInInf)
		}
		flip = counterpart && pg != lexicon.Unknown && pg != lx.gender
	}
	return a.newEntity(entity{kind: entPronoun, g: lx.gender, flip: flip, eligible: eligible && a.prot == noEnt,
		first: int32(i), last: int32(i), name: -1})
}

// cataphora links a name first mentioned at token i (entity e) to pronouns of its gender that
// came before it in a sentence that opens with a subordinate clause: "When his son broke the
// window, Paul yelled", "When he got home, John saw his dog".
func (a *analysis) cataphora(i, e int) {
	s0 := i
	for s0 > 0 && !a.newSentence(s0) {
		s0--
	}
	if s0 == i || a.flags(s0)&fSubordinator == 0 {
		return
	}
	for k := 0; k < a.nent; k++ {
		if k != e && a.pointsForward(k, s0, i, a.ents[e].g) {
			a.linkForward(k, e)
			return
		}
	}
}

// pointsForward reports whether entity k is a pronoun of gender g (any, when g is Unknown),
// not yet linked, first mentioned in the sentence that starts at token s0 before token i: one
// that may point forward to a name first mentioned at i.
func (a *analysis) pointsForward(k, s0, i int, g lexicon.Gender) bool {
	p := &a.ents[k]
	return p.kind == entPronoun && p.alias == noEnt && int(p.first) >= s0 && int(p.first) < i &&
		(g == lexicon.Unknown || p.g == g)
}

// linkForward makes the pronoun entity k an alias of the name entity e it points forward to:
// e takes its gender when it has none, its place as the protagonist, and its subjects.
func (a *analysis) linkForward(k, e int) {
	en, p := &a.ents[e], &a.ents[k]
	p.alias = int8(e)
	if en.g == lexicon.Unknown {
		en.g = p.g
	}
	if a.prot == k {
		a.prot = e
		en.flip = true
	}
	for c := 0; c < a.nsubj; c++ {
		if *a.sj(c) == int8(k) {
			*a.sj(c) = int8(e)
		}
	}
}

// coordinated returns the token of the pronoun that the pronoun at token i is joined with by
// "and" or "or" ("him and her", "her or me"), or -1.
func (a *analysis) coordinated(i int) int {
	isPron := func(j int) bool {
		lx := a.lex(j)
		return lx.class == lexicon.Pronoun || lx.form == lexicon.NarrArg
	}
	joins := func(j int) bool {
		w := a.word(j)
		return (strings.EqualFold(w, "and") || strings.EqualFold(w, "or")) && !a.tk(j).has(bPunctNext)
	}
	if i+2 < a.ntok && !a.tk(i).has(bPunctNext) && joins(i+1) && isPron(i+2) {
		return i + 2
	}
	if i >= 2 && !a.tk(i-2).has(bPunctNext) && joins(i-1) && isPron(i-2) {
		return i - 2
	}
	return -1
}

// settleCouples makes two coordinated pronouns of the two genders ("him and her", "he and
// she") flip together: when one of them changes and the other is about someone the story
// mentions nowhere else, the other changes too, so the couple stays a couple ("Tom plans dates
// for him and her" -> "Ann plans dates for her and him"). A pronoun about a person named in
// the story keeps that person's gender.
func (a *analysis) settleCouples() {
	if a.all || !a.couples {
		return
	}
	for i := 0; i+2 < a.ntok; i++ {
		j := i + 2
		lx, ly := a.lex(i), a.lex(j)
		if lx.class != lexicon.Pronoun || ly.class != lexicon.Pronoun || lx.gender == ly.gender || a.coordinated(i) != j {
			continue
		}
		x, y := a.tk(i), a.tk(j)
		switch {
		case x.out() != outKeep && y.out() == outKeep && a.onlyHere(j):
			y.setOut(pronounOut(y))
		case y.out() != outKeep && x.out() == outKeep && a.onlyHere(i):
			x.setOut(pronounOut(x))
		}
	}
}

// onlyHere reports whether the pronoun at token i is about someone no other word mentions.
func (a *analysis) onlyHere(i int) bool {
	e := a.tk(i).ent()
	if e == noEnt {
		return true
	}
	for j := 0; j < a.ntok; j++ {
		if j != i && a.tk(j).ent() == e {
			return false
		}
	}
	return a.ents[e].kind == entPronoun
}

// pronounOut is the output of a pronoun token that flips.
func pronounOut(t *tok) uint8 {
	if t.has(bAlt) {
		return outTo2
	}
	return outTo
}

// settleForwardPronouns gives the pronouns that pointed forward to a name the flip of that name.
func (a *analysis) settleForwardPronouns() {
	if a.all {
		return
	}
	for i := 0; i < a.ntok; i++ {
		t := a.tk(i)
		if t.ent() == noEnt || a.ents[t.ent()].alias == noEnt || t.li == 0 || lexList[t.li-1].class != lexicon.Pronoun {
			continue
		}
		t.setOut(outKeep)
		if a.ents[a.ents[t.ent()].alias].flip {
			t.setOut(outTo)
			if t.has(bAlt) {
				t.setOut(outTo2)
			}
		}
	}
}

// afterPrep reports whether token i directly follows a preposition.
func (a *analysis) afterPrep(i int) bool {
	return i > 0 && !a.tk(i-1).has(bPunctNext) && a.flags(i-1)&fPrep != 0
}

// personNounAfter reports whether a gendered person noun follows the possessive at token i
// within a few words: "Her brother", "her older sister" (but not "Her friends").
func (a *analysis) personNounAfter(i int) bool {
	for j := i + 1; j < a.ntok && j <= i+3; j++ {
		if a.tk(j - 1).has(bPunctNext) {
			return false
		}
		lx := a.lex(j)
		if (lx.class == lexicon.Generic || lx.class == lexicon.Partner || lx.class == lexicon.Relation) && !lx.plural {
			return true
		}
		if lx.flags&fClosed != 0 {
			return false
		}
	}
	return false
}

// candidate reports whether entity e can be the antecedent of a pronoun of gender g at token i.
func (a *analysis) candidate(e int, g lexicon.Gender, i int, bind bool) bool {
	if e == noEnt || e >= a.nent {
		return false
	}
	en := &a.ents[e]
	if en.kind == entNarrator || en.g != g || int(en.first) >= i || en.alias != noEnt {
		return false
	}
	if bind && en.argCl == a.tk(i).clause {
		return false
	}
	return true
}

// resolve finds the antecedent of the pronoun at token i, or noEnt.
func (a *analysis) resolve(i int, lx *lexEntry, obj, bind bool) int {
	g := lx.gender
	if e := a.askedOne(i, lx, bind); e != noEnt {
		return e
	}

	if e := a.lender(i, lx, obj, bind); e != noEnt {
		return e
	}
	if s := a.ownSubject(i, lx, obj, bind); s != noEnt {
		return s
	}
	if s := a.prevSubject(i); a.candidate(s, g, i, bind) {
		return s
	}
	if e := a.nearest(i, g, bind); e != noEnt {
		return e
	}
	if e := a.nearestUngendered(i, bind); e != noEnt {
		a.ents[e].g = g
		return e
	}
	return a.personNounNear(i, g, bind)
}

// lender returns the person a possessive after a verb of borrowing at token i refers to: what
// one borrows belongs to someone else ("if she can borrow her car"), the nearest person of its
// gender other than the clause's subject; noEnt when it is no such possessive or there is none.
func (a *analysis) lender(i int, lx *lexEntry, obj, bind bool) int {
	if !(lx.form == lexicon.Her && !obj || lx.form == lexicon.His) || i == 0 || a.tk(i-1).has(bPunctNext) || a.flags(i-1)&fBorrow == 0 {
		return noEnt
	}
	if c := int(a.tk(i).clause); c < a.nsubj {
		return a.nearestExcept(i, lx.gender, bind, int(*a.sj(c)))
	}
	return noEnt
}

// ownSubject returns the subject of the clause of the pronoun at token i when the pronoun may
// refer to it (his, himself, "her" as a possessive) and it can be the antecedent, or noEnt.
func (a *analysis) ownSubject(i int, lx *lexEntry, obj, bind bool) int {
	if lx.form == lexicon.Subj || lx.form == lexicon.Obj || lx.form == lexicon.Her && obj {
		return noEnt
	}
	if c := int(a.tk(i).clause); c < a.nsubj {
		if s := int(*a.sj(c)); a.candidate(s, lx.gender, i, bind) {
			return s
		}
	}
	return noEnt
}

// askedOne returns the one asked when the subject pronoun at token i opens the question of
// "asks Ron if he ...", "asks Tina why she ...", or noEnt. A request for permission is about
// the one asking: in "asks Zack if he can borrow the car", he is the asker.
func (a *analysis) askedOne(i int, lx *lexEntry, bind bool) int {
	if lx.form != lexicon.Subj || i < 2 || a.flags(i-1)&fIfWh == 0 || a.tk(i-1).has(bPunctPrev) {
		return noEnt
	}
	m := a.tk(i - 2).ent()
	if m == noEnt || !a.tk(i-2).has(bArg) || !a.candidate(int(m), lx.gender, i, bind) {
		return noEnt
	}
	for j := i - 3; j >= 0 && j >= i-5; j-- {
		if a.flags(j)&fAsk != 0 {
			return a.askedOrAsker(i, j, int(m), lx.gender, bind)
		}
	}
	return noEnt
}

// askedOrAsker returns m, the one asked by the verb of asking at token j, for the subject
// pronoun at token i; or, when the pronoun asks permission ("asks Zack if he can borrow the
// car"), the one asking, when they can be its antecedent.
func (a *analysis) askedOrAsker(i, j, m int, g lexicon.Gender, bind bool) int {
	if a.asksPermission(i) {
		if s := a.clauseSubject(j); s != m && a.candidate(s, g, i, bind) {
			return s
		}
	}
	return m
}

// asksPermission reports whether the subject pronoun at token i goes on with a modal and a
// verb of permission: "he can borrow", "she could stay", "he may join".
func (a *analysis) asksPermission(i int) bool {
	return i+2 < a.ntok && !a.tk(i).has(bPunctNext) && !a.tk(i+1).has(bPunctNext) &&
		a.flags(i+1)&fModal != 0 && a.flags(i+2)&fPermission != 0
}

// nearest returns the person of gender g mentioned last before token i who can be the
// antecedent of its pronoun, or noEnt.
func (a *analysis) nearest(i int, g lexicon.Gender, bind bool) int {
	return a.nearestExcept(i, g, bind, noEnt)
}

// nearestExcept is [analysis.nearest] leaving out the person ex.
func (a *analysis) nearestExcept(i int, g lexicon.Gender, bind bool, ex int) int {
	best, bestLast := noEnt, int32(-1)
	for k := 0; k < a.nent; k++ {
		if k != ex && a.candidate(k, g, i, bind) && a.ents[k].last > bestLast {
			best, bestLast = k, a.ents[k].last
		}
	}
	return best
}

// nearestUngendered returns the person mentioned last before token i whose gender the story
// has not given yet (not the narrator), or noEnt.
func (a *analysis) nearestUngendered(i int, bind bool) int {
	best, bestLast := noEnt, int32(-1)
	for k := 0; k < a.nent; k++ {
		en := &a.ents[k]
		if en.kind == entNarrator || en.g != lexicon.Unknown || int(en.first) >= i || bind && en.argCl == a.tk(i).clause {
			continue
		}
		if en.last > bestLast {
			best, bestLast = k, en.last
		}
	}
	return best
}

// personNounNear makes a person of gender g of the nearest person noun of either gender in the
// sentence of token i or the one before: "his neighbor ... he", "the baby ... her", "her trainer
// ... he", "my friends house ... she"; an animal counts too ("his dog ... her"). Before the
// story has a protagonist, "someone" counts too, and the person found is the protagonist: "The
// nurse said she would help.", "Someone left her bag." (an animal never is). Someone's partner,
// crush, ex or date changes gender with them: "his partner ... she", "a crush on a classmate
// ... her". It returns noEnt when there is none.
func (a *analysis) personNounNear(i int, g lexicon.Gender, bind bool) int {
	t := a.tk(i)
	want := fPersonNeutral | fAnimal
	if a.prot == noEnt {
		want |= fSomeone
	}
	breaks := 0 // sentence breaks between token j and token i: at most one
	for j := i - 1; j >= 0; j-- {
		if a.newSentence(j + 1) {
			if breaks++; breaks > 1 {
				break
			}
		}
		f := a.flags(j)
		if f&want == 0 && !(f&fPersonPlural != 0 && a.possessiveWithoutApostrophe(j)) {
			continue
		}
		if a.lex(j).class != lexicon.ClassNone || bind && a.tk(j).clause == t.clause || a.tk(j).has(bAfterApos) {
			continue
		}
		flip := false
		if o := a.loverOf(j); o != noEnt {
			flip = a.ents[o].flip
		}
		return a.newEntity(entity{kind: entNoun, g: g, flip: flip, first: int32(j), last: int32(j), name: -1,
			eligible: a.prot == noEnt && f&fAnimal == 0})
	}
	return noEnt
}

// loverOf returns the person whose partner, crush, ex or date the person noun at token j is
// ("his partner", "Amy's ex", "went on a date"), or whose love it names ("a crush on a
// classmate", "in love with a coworker", "fell for a stranger", "married a teacher"); noEnt
// when it is neither.
func (a *analysis) loverOf(j int) int {
	if a.flags(j)&fPartnerNeutral != 0 && !(j+1 < a.ntok && a.text[a.tk(j).e:a.tk(j+1).s] == "-") &&
		!(j > 0 && strings.EqualFold(a.word(j-1), "business")) {
		if p := a.possessor(j); p != noEnt {
			return p
		}
		return a.clauseSubject(j)
	}
	_, before := a.nounPhraseStart(j)
	if before < 1 || a.tk(before).has(bPunctNext) {
		return noEnt
	}
	w, w1 := a.word(before), a.word(before-1)
	switch {
	case strings.EqualFold(w, "on") && strings.EqualFold(w1, "crush"),
		strings.EqualFold(w, "with") && strings.EqualFold(w1, "love"),
		strings.EqualFold(w, "for") && equalFoldAny(w1, "fell", "falls", "fall", "falling"),
		a.flags(before)&fMarry != 0:
		return a.clauseSubject(before)
	}
	return noEnt
}

// clauseSubject returns the subject of token j's clause, or noEnt.
func (a *analysis) clauseSubject(j int) int {
	if c := int(a.tk(j).clause); c < a.nsubj {
		return int(*a.sj(c))
	}
	return noEnt
}
