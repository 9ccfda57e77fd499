package swap

import (
	"slices"
	"strings"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// This file holds the function-word lists the rules read, by the flag each gives a word, and
// the swapper's own index of words: the gendered words of the shared lexicon (package
// internal/lexicon) with these flags added. The lists are our own; they are built into an
// immutable lookup table at init and never mutated afterwards.

// Function-word flags read by the rules.
const (
	fClosed         uint64 = 1 << iota // closed-class word: "her" before it is an object, "his" before it stands alone
	fPrep                              // preposition
	fBoundary                          // starts a new clause
	fCopula                            // links a subject to its description: is, am, became ...
	fCausative                         // takes an object and a bare verb: let, make, help, see ...
	fPercept                           // takes an object and an -ing verb: see, catch, find ...
	fDitrans                           // takes two objects: give, buy, tell ...
	fBaseVerb                          // a common bare verb form
	fAsk                               // ask: "ask X if he ..." is a question about X
	fIfWh                              // if, whether
	fDet                               // determiner
	fNotAdverb                         // an -ly word that is not an adverb (family, lovely)
	fAdvObj                            // an adverb that follows an object: home, alone, outside
	fPersonNeutral                     // a person noun of either gender: friend, boss, baby
	fPersonPlural                      // a plural person noun: parents, friends, kids
	fAbbrev                            // an abbreviation whose period does not end a sentence: Mr, Dr, St
	fNamedVerb                         // named, called: "a woman named Martha"
	fWhTo                              // how, what, where, when, whether: no new clause in "how to"
	fInfTo                             // to
	fBareNoun                          // a noun that follows "to" without a determiner: to work, to school
	fNoBindPrep                        // a preposition whose object may be the clause's subject: with him
	fIngNoun                           // an -ing word that is a noun: wedding, morning
	fMarry                             // marry, date: its object is the subject's partner
	fObjNext                           // a word after which "her" is an object and "his" stands alone
	fParticle                          // up, down, back: a particle after a verb's object, a noun after a preposition
	fTimeWord                          // time, week, year: "take her last time"
	fTimeDet                           // last, next, every
	fIndefPron                         // someone, anyone, them: a person who is nobody of the story
	fSubjPron                          // they, we, i: a pronoun that is always a subject
	fSubordinator                      // when, after, if: opens a subordinate clause
	fSomeone                           // someone, somebody: a person of no gender yet
	fPredAdj                           // an adjective that describes an object: "made her happy"
	fModal                             // can, could, may, might
	fPermission                        // a verb one asks permission for: borrow, stay, join
	fBorrow                            // borrow: what is borrowed belongs to someone else
	fParent                            // father, mom, ...: "their mom" of someone's children
	fChild                             // kids, son, daughter: someone's children
	fSpeech                            // told, asked, called: a verb of speech, whose object may be followed by a quote
	fPersonHead                        // man, guy, lady, boy: the head of a compound naming a job or a group
	fJobModifier                       // repair, delivery, cleaning: a noun that makes a job of "man", "guy", "lady"
	fOwned                             // house, car, phone: a noun people own, after a possessive
	fPartnerNeutral                    // partner, crush, ex, date: someone's love of either gender
	fAnimal                            // dog, cat, horse: an animal, which pronouns may refer to
	fNameVerb                          // has, said, wants: a verb after which a word opening a sentence is a name
)

// lexEntry is what the swapper knows about one lower-case word.
type lexEntry struct {
	class  lexicon.Class
	gender lexicon.Gender // for gendered words
	form   lexicon.Form   // for pronouns
	plural bool           // a plural noun (women, sons)
	to     string         // the lower-case counterpart of a gendered word; for "her"/"his" the possessive form
	to2    string         // for "her" the object form (him), for "his" the independent form (hers)
	flags  uint64
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
		roommate buddy pal mate supervisor instructor professor principal sibling twin
		trainer agent cashier clerk bartender barista receptionist secretary assistant mechanic
		plumber electrician contractor carpenter gardener housekeeper babysitter nanny
		caregiver caretaker cop detective attorney banker accountant realtor broker vendor seller
		buyer shopper tourist traveler traveller hitchhiker pedestrian cyclist athlete opponent
		rival enemy volunteer intern trainee recruit candidate applicant interviewer organizer
		photographer reporter journalist editor producer musician drummer guitarist pianist dancer
		designer developer programmer engineer scientist researcher surgeon physician vet
		veterinarian pharmacist paramedic firefighter soldier pilot courier acquaintance bestie
		bff resident homeowner landowner renter victim suspect witness thief robber burglar
		criminal prisoner inmate addict bully referee umpire teammate housemate flatmate bandmate
		grandchild grandparent relative youngster orphan immigrant refugee bouncer chef janitor
		custodian librarian psychologist psychiatrist mentor advisor adviser schoolmate worker
		staffer crush ex date lover sweetheart soulmate valentine`
	partnerNeutralWords = `partner spouse crush ex date lover sweetheart soulmate valentine`
	animalWords         = `dog dogs puppy pup cat kitten kitty horse pony foal pet bird parrot
		rabbit bunny hamster ferret mouse rat turtle tortoise snake lizard gecko iguana fish
		goldfish cow calf pig goat sheep lamb chicken duck goose donkey mule deer bear monkey
		squirrel raccoon fox wolf lion tiger elephant dolphin`
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
	permissionVerbs = `borrow use have come go join stay leave keep sit sleep visit take bring
		tag stop park watch`
	predAdjectives = `happy happier unhappy sad sadder angry angrier upset mad jealous nervous anxious
		uncomfortable comfortable proud sick tired worried scared afraid busy safe safer calm
		crazy ill well better worse close closer stronger weaker late famous rich richer poor
		attractive beautiful pretty cute ugly special welcome welcomed feel alive dead awake
		asleep alone lonely guilty sorry responsible curious excited embarrassed ashamed
		confused annoyed uneasy hungry thirsty wet dry cold warm hot free`
	speechWords = `say says said tell tells told ask asks asked call calls called yell yells
		yelled shout shouts shouted whisper whispers whispered text texts texted write writes wrote
		answer answers answered reply replies replied remind reminds reminded warn warns warned
		scream screams screamed`
	personHeads      = `man men woman women guy guys gal gals lady ladies boy boys girl girls`
	jobModifierWords = `delivery cable garbage trash rubbish sales security maintenance insurance
		pizza moving cleaning lunch pest lawn pool cream milk gas phone tech tow truck service repo
		bin junk grocery furniture newspaper paper window carpet utility delivery errand stable
		bus bell cabana hit con middle stunt cave snow ice`
	ownedWords = `house home place apartment flat room bedroom car truck bike phone party birthday
		wedding funeral office desk dog cat family name number yard garden garage door bed couch
		laptop computer bag purse wallet keys money business shop store restaurant farm cabin
		pool boat wife husband girlfriend boyfriend mom dad mother father brother sister parents
		kids son daughter baby job work school class team band birthday`
	nameVerbWords = `has had does did says said tells told asks asked wants wanted needs needed
		decides thinks thought feels felt knows knew loves likes hates goes went comes came gets
		got takes took makes made gives gave finds found sees saw meets met works lives plays
		tries tried buys bought calls drives drove walks runs ran eats ate sleeps slept starts
		stops helps leaves left stays keeps kept brings brought sends sent writes wrote hopes
		wishes refuses agrees notices realizes realises learns forgets forgot remembers promises
		invites visits owns spends spent loses lost wins won becomes became joins moves shows
		sits sat stands stood waits watches hears heard texts cooks cleans opens picks pays paid
		sells sold steals stole breaks broke borrows lends lent quits yells smiles laughs cries
		cried`
	marryWords = `marry marries married marrying wed weds wedded date dates dated dating divorce
		divorces divorced divorcing`
)

// lexList holds what the swapper knows about each word: the gendered words of the shared
// lexicon and the function words of the lists above. lexIndex maps a lower-case word to its
// position in lexList plus one. Built at init, never mutated.
var lexList, lexIndex = buildLexicon()

func buildLexicon() ([]lexEntry, map[string]uint16) {
	m := make(map[string]lexEntry, 1024)
	for w := range lexicon.All() {
		m[w.Word] = lexEntry{class: w.Class, gender: w.Gender, form: w.Form, plural: w.Plural, to: w.To, to2: w.To2}
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
		{subordinators, fSubordinator}, {"someone somebody", fSomeone}, {predAdjectives, fPredAdj},
		{"can could may might", fModal}, {permissionVerbs, fPermission}, {"borrow borrows borrowed borrowing", fBorrow},
		{"father mother dad mom mum daddy mommy mummy papa mama", fParent},
		{"kid kids child children son sons daughter daughters baby babies", fChild},
		{speechWords, fSpeech},
		{personHeads, fPersonHead}, {jobModifierWords, fJobModifier}, {ownedWords, fOwned},
		{partnerNeutralWords, fPartnerNeutral}, {animalWords, fAnimal}, {nameVerbWords, fNameVerb},
	} {
		for _, w := range strings.Fields(l.words) {
			e := m[w]
			e.flags |= l.flag
			m[w] = e
		}
	}
	// "her husbands car" is "her husband's car": its counterpart is then "wifes", not "wives".
	if e, ok := m["husbands"]; ok {
		e.to2 = "wifes"
		m["husbands"] = e
	}
	// "repair man" is "repairman": the first part of every occupation in -man of the lexicon
	// makes a job of "man" written apart.
	for w, e := range m {
		if e.class == lexicon.Relation && len(w) > 4 && strings.HasSuffix(w, "man") && !e.plural {
			p := m[w[:len(w)-3]]
			p.flags |= fJobModifier
			m[w[:len(w)-3]] = p
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
