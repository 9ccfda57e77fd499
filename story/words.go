package story

import (
	"slices"
	"strings"
)

// This file holds the gendered-word table of the swapper and the small function-word lists its
// rules read. The lists are our own; they are built into immutable lookup tables at init and never
// mutated afterwards.

// wclass is the class of a gendered word, which decides when the word flips.
type wclass uint8

const (
	wNone     wclass = iota // not a gendered word
	wPronoun                // he, she, him, her, his, hers, himself, herself
	wGeneric                // man, woman, girl, guy, lady, prince, actress, ...: flips wherever it stands
	wPartner                // wife, husband, girlfriend, ...: flips with the person it belongs to
	wRelation               // mother, brother, fireman, ...: flips only when it describes a swapped person
	wTitle                  // Mr, Mrs, Ms, sir, madam: flips with the person it names
)

// pform is the grammatical form of a personal pronoun.
type pform uint8

const (
	pNone     pform = iota
	pSubj           // he, she
	pObj            // him
	pHer            // her: object or possessive determiner
	pHis            // his: possessive determiner or independent possessive
	pHers           // hers: independent possessive
	pRefl           // himself, herself
	pNarrArg        // I, me, myself
	pNarrPos        // my, mine
	pOtherPos       // your, their, our: possessive determiners of non-third-singular people
)

// Function-word flags read by the rules.
const (
	fClosed        uint64 = 1 << iota // closed-class word: "her" before it is an object, "his" before it stands alone
	fPrep                             // preposition
	fBoundary                         // starts a new clause
	fCopula                           // links a subject to its description: is, am, became ...
	fCausative                        // takes an object and a bare verb: let, make, help, see ...
	fPercept                          // takes an object and an -ing verb: see, catch, find ...
	fDitrans                          // takes two objects: give, buy, tell ...
	fBaseVerb                         // a common bare verb form
	fAsk                              // ask: "ask X if he ..." is a question about X
	fIfWh                             // if, whether
	fDet                              // determiner
	fNotAdverb                        // an -ly word that is not an adverb (family, lovely)
	fAdvObj                           // an adverb that follows an object: home, alone, outside
	fPersonNeutral                    // a person noun of either gender: friend, boss, baby
	fPersonPlural                     // a plural person noun: parents, friends, kids
	fAbbrev                           // an abbreviation whose period does not end a sentence: Mr, Dr, St
	fNamedVerb                        // named, called: "a woman named Martha"
	fWhTo                             // how, what, where, when, whether: no new clause in "how to"
	fInfTo                            // to
	fBareNoun                         // a noun that follows "to" without a determiner: to work, to school
	fNoBindPrep                       // a preposition whose object may be the clause's subject: with him
	fIngNoun                          // an -ing word that is a noun: wedding, morning
	fMarry                            // marry, date: its object is the subject's partner
	fObjNext                          // a word after which "her" is an object and "his" stands alone
	fParticle                         // up, down, back: a particle after a verb's object, a noun after a preposition
	fTimeWord                         // time, week, year: "take her last time"
	fTimeDet                          // last, next, every
	fIndefPron                        // someone, anyone, them: a person who is nobody of the story
	fSubjPron                         // they, we, i: a pronoun that is always a subject
	fSubordinator                     // when, after, if: opens a subordinate clause
)

// lexEntry is what the swapper knows about one lower-case word.
type lexEntry struct {
	class  wclass
	gender Gender // for gendered words
	form   pform  // for pronouns
	plural bool   // a plural noun (women, sons)
	to     string // the lower-case counterpart of a gendered word; for "her"/"his" the possessive form
	to2    string // for "her" the object form (him), for "his" the independent form (hers)
	flags  uint64
}

// genderedPairs lists the curated gendered nouns: class, then male form and female form. Each
// line is read both ways; where a form has two counterparts (girl: boy, guy), the first pair
// that names a word gives its counterpart.
var genderedPairs = [...]struct {
	class        wclass
	male, female string
	plural       bool
}{
	// People in general: these flip wherever they stand, as the GenMO twins do.
	{wGeneric, "man", "woman", false},
	{wGeneric, "men", "women", true},
	{wGeneric, "mens", "womens", true},
	{wGeneric, "boy", "girl", false},
	{wGeneric, "boys", "girls", true},
	{wGeneric, "guy", "girl", false},
	{wGeneric, "guy", "gal", false},
	{wGeneric, "gentleman", "lady", false},
	{wGeneric, "gentlemen", "ladies", true},
	{wGeneric, "gent", "lady", false},
	{wGeneric, "lad", "lass", false},
	{wGeneric, "lads", "lasses", true},
	{wGeneric, "male", "female", false},
	{wGeneric, "males", "females", true},
	{wGeneric, "masculine", "feminine", false},
	{wGeneric, "manly", "womanly", false},
	{wGeneric, "boyish", "girlish", false},
	{wGeneric, "manhood", "womanhood", false},
	{wGeneric, "boyhood", "girlhood", false},
	{wGeneric, "schoolboy", "schoolgirl", false},
	{wGeneric, "schoolboys", "schoolgirls", true},
	{wGeneric, "king", "queen", false},
	{wGeneric, "kings", "queens", true},
	{wGeneric, "prince", "princess", false},
	{wGeneric, "princes", "princesses", true},
	{wGeneric, "duke", "duchess", false},
	{wGeneric, "emperor", "empress", false},
	{wGeneric, "baron", "baroness", false},
	{wGeneric, "monk", "nun", false},
	{wGeneric, "monks", "nuns", true},
	{wGeneric, "monastery", "nunnery", false},
	{wGeneric, "priest", "priestess", false},
	{wGeneric, "actor", "actress", false},
	{wGeneric, "actors", "actresses", true},
	{wGeneric, "waiter", "waitress", false},
	{wGeneric, "waiters", "waitresses", true},
	{wGeneric, "steward", "stewardess", false},
	{wGeneric, "headmaster", "headmistress", false},
	{wGeneric, "sorcerer", "sorceress", false},
	{wGeneric, "wizard", "witch", false},
	{wGeneric, "landlord", "landlady", false},
	{wGeneric, "groomsman", "bridesmaid", false},
	{wGeneric, "groomsmen", "bridesmaids", true},
	{wGeneric, "fraternity", "sorority", false},
	{wGeneric, "fraternities", "sororities", true},

	// Partners: they flip with the person they belong to ("his wife" -> "her husband").
	{wPartner, "husband", "wife", false},
	{wPartner, "husbands", "wives", true},
	{wPartner, "boyfriend", "girlfriend", false},
	{wPartner, "boyfriends", "girlfriends", true},
	{wPartner, "fiancé", "fiancée", false},
	{wPartner, "fiance", "fiancee", false},
	{wPartner, "groom", "bride", false},
	{wPartner, "bridegroom", "bride", false},
	{wPartner, "widower", "widow", false},
	{wPartner, "hubby", "wifey", false},

	// Relations and occupations: they flip only when they describe a swapped person.
	{wRelation, "father", "mother", false},
	{wRelation, "fathers", "mothers", true},
	{wRelation, "dad", "mom", false},
	{wRelation, "dads", "moms", true},
	{wRelation, "dad", "mum", false},
	{wRelation, "daddy", "mommy", false},
	{wRelation, "daddy", "mummy", false},
	{wRelation, "papa", "mama", false},
	{wRelation, "son", "daughter", false},
	{wRelation, "sons", "daughters", true},
	{wRelation, "brother", "sister", false},
	{wRelation, "brothers", "sisters", true},
	{wRelation, "bro", "sis", false},
	{wRelation, "uncle", "aunt", false},
	{wRelation, "uncles", "aunts", true},
	{wRelation, "uncle", "auntie", false},
	{wRelation, "nephew", "niece", false},
	{wRelation, "nephews", "nieces", true},
	{wRelation, "grandfather", "grandmother", false},
	{wRelation, "grandfathers", "grandmothers", true},
	{wRelation, "grandpa", "grandma", false},
	{wRelation, "grandpa", "granny", false},
	{wRelation, "granddad", "grandma", false},
	{wRelation, "grandson", "granddaughter", false},
	{wRelation, "grandsons", "granddaughters", true},
	{wRelation, "stepfather", "stepmother", false},
	{wRelation, "stepdad", "stepmom", false},
	{wRelation, "stepbrother", "stepsister", false},
	{wRelation, "stepson", "stepdaughter", false},
	{wRelation, "godfather", "godmother", false},
	{wRelation, "godson", "goddaughter", false},
	{wRelation, "patriarch", "matriarch", false},
	{wRelation, "fatherhood", "motherhood", false},
	{wRelation, "fatherly", "motherly", false},
	{wRelation, "brotherly", "sisterly", false},
	{wRelation, "brotherhood", "sisterhood", false},
	{wRelation, "paternal", "maternal", false},
	{wRelation, "paternity", "maternity", false},
	{wRelation, "bachelor", "bachelorette", false}, // not in "a bachelor's degree"
	{wRelation, "businessman", "businesswoman", false},
	{wRelation, "businessmen", "businesswomen", true},
	{wRelation, "salesman", "saleswoman", false},
	{wRelation, "chairman", "chairwoman", false},
	{wRelation, "congressman", "congresswoman", false},
	{wRelation, "spokesman", "spokeswoman", false},
	{wRelation, "policeman", "policewoman", false},
	{wRelation, "policemen", "policewomen", true},
	{wRelation, "fireman", "firewoman", false},
	{wRelation, "mailman", "mailwoman", false},
	{wRelation, "postman", "postwoman", false},
	{wRelation, "cameraman", "camerawoman", false},
	{wRelation, "sportsman", "sportswoman", false},
	{wRelation, "craftsman", "craftswoman", false},
	{wRelation, "horseman", "horsewoman", false},
	{wRelation, "countryman", "countrywoman", false},
	{wRelation, "frontman", "frontwoman", false},
	{wRelation, "weatherman", "weatherwoman", false},
	{wRelation, "anchorman", "anchorwoman", false},
	{wRelation, "councilman", "councilwoman", false},
	{wRelation, "alderman", "alderwoman", false},
	{wRelation, "repairman", "repairwoman", false},
	{wRelation, "handyman", "handywoman", false},
	{wRelation, "doorman", "doorwoman", false},

	// Titles and forms of address: they flip with the person they name.
	{wTitle, "mr", "ms", false},
	{wTitle, "mr", "mrs", false},
	{wTitle, "mr", "miss", false},
	{wTitle, "sir", "madam", false},
	{wTitle, "sir", "madame", false},
	{wTitle, "sir", "dame", false},
	{wTitle, "messrs", "mesdames", true},
}

// Word lists for the rules. Each is a space-separated list of lower-case words.
const (
	objNextWords = `a an the to at with and or but nor so for of in on into onto from by about
		over under up down out off away back around through across along upon after before
		since until till when while if whether because as than then there here now again too
		also either anymore anyway today tonight yesterday tomorrow not never once twice who
		whom whose which what where why how it he she him his her hers they them we us you i me
		this these those that some any all nothing something anything everything someone
		anyone everyone somebody anybody everybody is was are were be been am has had have do
		does did will would can could should shall may might must instead enough alone home
		like during without within against toward towards`
	closedWords = `a an the this that these those to at with and or but nor so for of in on into onto
		from by about over under up down out off away back around through across along upon
		after before since until till when while if whether because as than then there here now
		again too also either anymore anyway today tonight yesterday tomorrow not never ever once
		who whom whose which what where why how it its he she him his her hers they them we us
		you i me my your our their some any all both each every no none nothing something
		anything everything someone anyone everyone somebody anybody everybody is was are were
		be been being am has had have do does did will would can could should shall may might must
		just only even still yet already very really almost always often sometimes soon later
		instead first last enough either neither like unlike toward towards against among
		between beside besides near without within during despite except alone together`
	prepWords = `to at with for of in on into onto from by about over under after before through
		across along upon around near toward towards against among between beside without within
		during despite except behind beyond inside outside like unlike than`
	boundaryWords = `and but or nor so because when while if whether that although though since
		until unless whereas who whom whose which where why how what after before once as then
		yet`
	copulaWords = `am is are was were be been being become becomes became becoming remain remains
		remained`
	causativeWords = `let lets letting make makes made making help helps helped helping have has had
		having see sees saw seen watch watches watched hear hears heard feel feels felt bid notice
		notices noticed`
	perceptWords = `see sees saw seen seeing watch watches watched watching hear hears heard hearing
		catch catches caught catching find finds found finding notice notices noticed noticing
		spot spots spotted imagine imagines imagined keep keeps kept leave leaves left stop stops
		stopped picture pictured smell smelled feel felt`
	ditransWords = `give gives gave giving buy buys bought buying get gets got getting send
		sends sent sending bring brings brought bringing offer offers offered offering hand
		hands handed handing`
	baseVerbWords = `go come be do feel know stay leave take have get make see think cry laugh
		smile win lose sleep eat drink drive use try move fall walk run sit stand rest pay speak
		talk say tell work play decide understand realize look wait help keep change buy join
		borrow practice finish choose stop start quit live die fly swim dance sing read write
		learn study believe wonder worry relax breathe calm cook clean shower sign pick carry
		hold open close call answer apologize explain return leave enter fight kill hit hurt
		lie sleep wake dress marry date kiss hug touch jump climb ride travel visit shop spend
		sell win lose fail pass agree refuse accept forget remember`
	askWords   = `ask asks asked asking`
	ifWhWords  = `if whether why what how where when who`
	detWords   = `a an the this that these those some any every each no another one`
	notAdverbs = `family belly ally lily bully jelly rally fly folly holly supply reply assembly
		italy july lovely friendly elderly early daily weekly monthly yearly hourly nightly only
		ugly lonely silly holy curly likely unlikely lively costly deadly manly womanly motherly
		fatherly sisterly brotherly comely homely kindly orderly surly wily chilly hilly jolly
		smelly oily bubbly cuddly cowardly scholarly timely unruly burly woolly worldly saintly
		ghostly ungodly beastly lowly portly stately shapely goodly sly ally bully butterfly
		dragonfly firefly anomaly monopoly melancholy lily emily molly kelly sally holly polly
		billy willy sully ely apply multiply comply imply rely`
	advObjWords        = `home alone outside inside upstairs downstairs abroad away aside`
	personNeutralWords = `friend boss teacher neighbor neighbour baby newborn infant child kid
		toddler coworker colleague partner spouse roommate classmate student doctor nurse customer
		client stranger officer counselor cousin parent sibling teenager teen person individual
		manager employee employer owner driver passenger patient tenant guest visitor boss
		coach player tutor lawyer judge pastor therapist dentist singer artist author writer
		roommate buddy pal mate supervisor instructor professor principal sibling twin`
	personPluralWords = `parents friends kids children siblings people cousins neighbors
		neighbours classmates coworkers colleagues students twins relatives grandparents
		grandchildren twins teammates roommates guests`
	abbrevWords = `mr mrs ms dr st jr sr prof rev mt vs etc no`
	namedWords  = `named called`
	whToWords   = `how what where when whether`
	bareNouns   = `work school bed church class college lunch dinner breakfast town court jail
		prison hospital market camp sea war mass university kindergarten practice rehab`
	noBindPreps = `with near behind around beside beneath under above below over inside toward
		towards along alongside without next`
	ingNouns = `wedding morning evening building clothing feeling feelings meeting ring thing
		things king sibling siblings darling ceiling earring earrings painting drawing writing
		cooking training birthing savings belongings surroundings upbringing offspring pudding
		stocking stockings sling string spring swing wing duckling dumpling nothing something
		anything everything ending beginning setting lightning`
	particleWords = `up down out off away back around over home alone along`
	timeWords     = `time times week weekend month year night day morning evening summer winter
		semester season`
	timeDets      = `last next every`
	indefPronouns = `someone somebody anyone anybody everyone everybody nobody them us you it
		people others`
	subordinators = `when whenever after before if while as although though since because once until
		unless`
	marryWords = `marry marries married marrying wed weds wedded date dates dated dating divorce
		divorces divorced divorcing`
)

// pronounTable lists the third-person and first-person pronouns.
var pronounTable = [...]struct {
	word   string
	gender Gender
	form   pform
	to     string
	to2    string
}{
	{"he", Male, pSubj, "she", ""},
	{"she", Female, pSubj, "he", ""},
	{"him", Male, pObj, "her", ""},
	{"her", Female, pHer, "his", "him"},
	{"his", Male, pHis, "her", "hers"},
	{"hers", Female, pHers, "his", ""},
	{"himself", Male, pRefl, "herself", ""},
	{"herself", Female, pRefl, "himself", ""},
	{"i", Unknown, pNarrArg, "", ""},
	{"me", Unknown, pNarrArg, "", ""},
	{"myself", Unknown, pNarrArg, "", ""},
	{"my", Unknown, pNarrPos, "", ""},
	{"mine", Unknown, pNarrPos, "", ""},
	{"your", Unknown, pOtherPos, "", ""},
	{"their", Unknown, pOtherPos, "", ""},
	{"our", Unknown, pOtherPos, "", ""},
}

// lexList holds what the swapper knows about each word of the lexicon, and lexIndex maps a
// lower-case word to its position in lexList plus one. Built at init, never mutated.
var lexList, lexIndex = buildLexicon()

func buildLexicon() ([]lexEntry, map[string]uint16) {
	m := make(map[string]lexEntry, 1024)
	for _, p := range pronounTable {
		e := m[p.word]
		e.class, e.gender, e.form, e.to, e.to2 = wPronoun, p.gender, p.form, p.to, p.to2
		if p.gender == Unknown {
			e.class = wNone
		}
		m[p.word] = e
	}
	for _, p := range genderedPairs {
		for _, side := range [2]struct {
			w, to string
			g     Gender
		}{{p.male, p.female, Male}, {p.female, p.male, Female}} {
			e := m[side.w]
			if e.class != wNone || side.w == side.to {
				continue // the first pair naming a word wins
			}
			e.class, e.gender, e.to, e.plural = p.class, side.g, side.to, p.plural
			m[side.w] = e
		}
	}
	for _, l := range [...]struct {
		words string
		flag  uint64
	}{
		{closedWords, fClosed}, {objNextWords, fObjNext}, {prepWords, fPrep}, {boundaryWords, fBoundary},
		{copulaWords, fCopula}, {causativeWords, fCausative}, {perceptWords, fPercept},
		{ditransWords, fDitrans}, {baseVerbWords, fBaseVerb}, {askWords, fAsk}, {ifWhWords, fIfWh},
		{detWords, fDet}, {notAdverbs, fNotAdverb}, {advObjWords, fAdvObj},
		{personNeutralWords, fPersonNeutral}, {personPluralWords, fPersonPlural},
		{abbrevWords, fAbbrev}, {namedWords, fNamedVerb}, {whToWords, fWhTo}, {"to", fInfTo},
		{bareNouns, fBareNoun}, {noBindPreps, fNoBindPrep}, {ingNouns, fIngNoun}, {marryWords, fMarry},
		{particleWords, fParticle}, {timeWords, fTimeWord}, {timeDets, fTimeDet}, {indefPronouns, fIndefPron}, {"they we i", fSubjPron},
		{subordinators, fSubordinator},
	} {
		for _, w := range strings.Fields(l.words) {
			e := m[w]
			e.flags |= l.flag
			m[w] = e
		}
	}
	words := make([]string, 0, len(m))
	for w := range m {
		words = append(words, w)
	}
	slices.Sort(words)
	list := make([]lexEntry, len(words))
	index := make(map[string]uint16, len(words))
	for k, w := range words {
		list[k] = m[w]
		index[w] = uint16(k + 1)
	}
	return list, index
}
