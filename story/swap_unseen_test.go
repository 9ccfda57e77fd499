package story

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// unseenCase is one sentence of our own for a pattern that the GenMO dev file barely holds
// (issue 23): the story, the names to swap, and the twin a careful writer would produce.
type unseenCase struct {
	name  string
	in    string
	names map[string]string
	want  string
}

// checkUnseen swaps each case's story and, where the twin has every name of names, the twin back.
func checkUnseen(t *testing.T, cases []unseenCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, Swap(c.in, c.names), "Swap(%q)", c.in)
		})
	}
}

func TestSwapApostrophes(t *testing.T) {
	checkUnseen(t, []unseenCase{
		{"left single quote typed for an apostrophe", "Kim\u2018s brother said he\u2018d drive.", map[string]string{"Kim": "Lee"},
			"Lee\u2018s brother said he\u2018d drive."},
		{"modifier letter apostrophe", "Greg\u02bcs aunt thinks he\u02bcs lazy.", map[string]string{"Greg": "Meg"},
			"Meg\u02bcs aunt thinks she\u02bcs lazy."},
		{"acute accent typed for an apostrophe", "Ben said he\u00b4d paint the fence.", map[string]string{"Ben": "Jen"},
			"Jen said she\u00b4d paint the fence."},
		{"backtick typed for an apostrophe", "Ben`s cousin knew he`d lost.", map[string]string{"Ben": "Jen"},
			"Jen`s cousin knew she`d lost."},
		{"curly apostrophe garbled once", "Ben\u00e2\u20ac\u2122s cousin knew he\u00e2\u20ac\u2122d lost.", map[string]string{"Ben": "Jen"},
			"Jen\u00e2\u20ac\u2122s cousin knew she\u00e2\u20ac\u2122d lost."},
		{"curly apostrophe garbled twice", "Ben\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2s cousin knew he\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2d lost.", map[string]string{"Ben": "Jen"},
			"Jen\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2s cousin knew she\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2d lost."},
		{"a name key with a straight apostrophe matches a curly one", "O\u2019Hara thought he had won.", map[string]string{"O'Hara": "Nell"},
			"Nell thought she had won."},
		{"a name key with a curly apostrophe matches a straight one", "O'Hara thought he had won.", map[string]string{"O\u2019Hara": "Nell"},
			"Nell thought she had won."},
		{"a garbled possessive of a name ending in s", "Gus\u00e2\u20ac\u2122 sister called him.", map[string]string{"Gus": "Kim"},
			"Kim\u00e2\u20ac\u2122s sister called her."},
	})
}

func TestSwapHerIngParticle(t *testing.T) {
	checkUnseen(t, []unseenCase{
		{"her + -ing verb + particle is an object", "Nadia's aunt filmed her picking up litter.", map[string]string{"Nadia": "Omar"},
			"Omar's aunt filmed him picking up litter."},
		{"caught her sneaking out", "Lena is grounded because her dad caught her sneaking out.", map[string]string{"Lena": "Leo"},
			"Leo is grounded because his dad caught him sneaking out."},
		{"after a preposition it is still possessive", "Lena cried at her going away party.", map[string]string{"Lena": "Leo"},
			"Leo cried at his going away party."},
	})
}

func TestSwapQuotedNoun(t *testing.T) {
	checkUnseen(t, []unseenCase{
		{"her before a quoted noun is possessive", `Nadia introduced her "boyfriend", a cardboard cutout, to her parents.`, map[string]string{"Nadia": "Omar"},
			`Omar introduced his "girlfriend", a cardboard cutout, to his parents.`},
		{"his before a quoted noun is a determiner", "Omar keeps his \u201cthing\u201d under the bed.", map[string]string{"Omar": "Nadia"},
			"Nadia keeps her \u201cthing\u201d under the bed."},
		{"single quotes", "Omar called his 'wife' from the party.", map[string]string{"Omar": "Nadia"},
			"Nadia called her 'husband' from the party."},
		{"a quote after a verb of speech is what was said", `Omar's mom told her "goodbye" and hung up.`, map[string]string{"Omar": "Nadia"},
			`Nadia's mom told her "goodbye" and hung up.`},
		{"a quoted sentence stays a sentence", `Omar met her "Hi," she said.`, map[string]string{"Omar": "Nadia"},
			`Nadia met her "Hi," she said.`},
	})
}

func TestSwapCompoundsAndIdioms(t *testing.T) {
	checkUnseen(t, []unseenCase{
		{"a job in two words stays", "Hugo waited all day for the cable guy, so he missed work.", map[string]string{"Hugo": "Ada"},
			"Ada waited all day for the cable guy, so she missed work."},
		{"a group in two words stays", "The moving men scratched the floor, and Hugo was upset.", map[string]string{"Hugo": "Ada"},
			"The moving men scratched the floor, and Ada was upset."},
		{"a job in two words describing the protagonist flips", "Hugo works as a delivery man, and he likes it.", map[string]string{"Hugo": "Ada"},
			"Ada works as a delivery woman, and she likes it."},
		{"to be a job in two words", "Ada wants to be a repair woman one day.", map[string]string{"Ada": "Hugo"},
			"Hugo wants to be a repair man one day."},
		{"the cleaning lady stays", "Hugo thanked the cleaning lady before he left.", map[string]string{"Hugo": "Ada"},
			"Ada thanked the cleaning lady before she left."},
		{"ladies' man", "Everyone calls Hugo a ladies' man, and he hates it.", map[string]string{"Hugo": "Ada"},
			"Everyone calls Ada a ladies' man, and she hates it."},
		{"a lady's man", "Hugo is a real lady\u2019s man.", map[string]string{"Hugo": "Ada"},
			"Ada is a real lady\u2019s man."},
		{"man's best friend", "Hugo says a dog is man's best friend.", map[string]string{"Hugo": "Ada"},
			"Ada says a dog is man's best friend."},
		{"man as an interjection", "Oh man, Hugo thought, he was late again.", map[string]string{"Hugo": "Ada"},
			"Oh man, Ada thought, she was late again."},
		{"man-made", "Hugo swims in a man-made lake near his house.", map[string]string{"Hugo": "Ada"},
			"Ada swims in a man-made lake near her house."},
		{"other men still flip", "A tall man helped Hugo carry his bags.", map[string]string{"Hugo": "Ada"},
			"A tall woman helped Ada carry her bags."},
	})
}

func TestSwapAllKeepsIdioms(t *testing.T) {
	assert.Equal(t, "Ada is a ladies' man in no man's land.",
		SwapAll("Hugo is a ladies' man in no man's land.", map[string]string{"Hugo": "Ada"}))
	assert.Equal(t, "She met the delivery woman.", SwapAll("He met the delivery man.", nil), "SwapAll flips a job's gender too")
}

func TestSwapKnownWords(t *testing.T) {
	checkUnseen(t, []unseenCase{
		{"guys", "Hugo went bowling with the guys from his office.", map[string]string{"Hugo": "Ada"},
			"Ada went bowling with the girls from her office."},
		{"you guys is a greeting", `Hugo walked in and said, "Hi guys, I'm back."`, map[string]string{"Hugo": "Ada"},
			`Ada walked in and said, "Hi guys, I'm back."`},
		{"gf", "Hugo forgot his gf's birthday, so she was upset.", map[string]string{"Hugo": "Ada"},
			"Ada forgot her bf's birthday, so he was upset."},
		{"bf", "Ada's BF wants her to move in with him.", map[string]string{"Ada": "Hugo"},
			"Hugo's GF wants him to move in with her."},
		{"a possessive without its apostrophe", "Hugo took his wifes car without asking her.", map[string]string{"Hugo": "Ada"},
			"Ada took her husbands car without asking him."},
		{"and the other way", "Ada took her husbands car without asking him.", map[string]string{"Ada": "Hugo"},
			"Hugo took his wifes car without asking her."},
		{"plural husbands stay plural", "Ada met the husbands of her friends.", map[string]string{"Ada": "Hugo"},
			"Hugo met the wives of his friends."},
	})
}

func TestSwapPersonNounsAndAnimals(t *testing.T) {
	checkUnseen(t, []unseenCase{
		{"a trainer is an antecedent", "Hugo hired a personal trainer. She pushed him hard every session.", map[string]string{"Hugo": "Ada"},
			"Ada hired a personal trainer. She pushed her hard every session."},
		{"an agent is an antecedent", "Ada fired her agent because he never called back.", map[string]string{"Ada": "Hugo"},
			"Hugo fired his agent because he never called back."},
		{"a cashier is an antecedent", "Hugo paid at the till, and the cashier said she liked his hat.", map[string]string{"Hugo": "Ada"},
			"Ada paid at the till, and the cashier said she liked her hat."},
		{"a dog is an antecedent", "Hugo walks his dog every morning because she gets restless.", map[string]string{"Hugo": "Ada"},
			"Ada walks her dog every morning because she gets restless."},
		{"a horse is an antecedent", "Ada fed her horse an apple, and he ate it slowly.", map[string]string{"Ada": "Hugo"},
			"Hugo fed his horse an apple, and he ate it slowly."},
		{"an animal is never the protagonist", "The cat knocked over her bowl.", nil,
			"The cat knocked over her bowl."},
		{"a friend's house without the apostrophe", "Hugo stayed at his friends house, and she cooked for him.", map[string]string{"Hugo": "Ada"},
			"Ada stayed at her friends house, and she cooked for her."},
		{"the protagonist's partner changes with them", "Hugo's partner says she is tired of his jokes.", map[string]string{"Hugo": "Ada"},
			"Ada's partner says he is tired of her jokes."},
		{"the protagonist's spouse", "Ada and her spouse argued because he forgot the rent.", map[string]string{"Ada": "Hugo"},
			"Hugo and his spouse argued because she forgot the rent."},
		{"the protagonist's ex", "Hugo still texts his ex, although she blocked him.", map[string]string{"Hugo": "Ada"},
			"Ada still texts her ex, although he blocked her."},
		{"the protagonist's crush", "Ada has a crush on a classmate and wants to ask him out.", map[string]string{"Ada": "Hugo"},
			"Hugo has a crush on a classmate and wants to ask her out."},
		{"the protagonist's date", "Hugo went on a date, but she left early.", map[string]string{"Hugo": "Ada"},
			"Ada went on a date, but he left early."},
		{"someone else's partner keeps their gender", "Ada met Lena's partner, and he seemed kind.", map[string]string{"Ada": "Hugo"},
			"Hugo met Lena's partner, and he seemed kind."},
		{"a business partner is no partner in love", "Ada called her business partner, but he was busy.", map[string]string{"Ada": "Hugo"},
			"Hugo called his business partner, but he was busy."},
	})
}

func TestSwapFirstPersonStrangers(t *testing.T) {
	checkUnseen(t, []unseenCase{
		{"an object no one named is a stranger", "I am a man. I held the door and thanked her.", nil,
			"I am a woman. I held the door and thanked her."},
		{"an owner no one named is a stranger", "I am a man. I stepped on her foot on the bus and apologised.", nil,
			"I am a woman. I stepped on her foot on the bus and apologised."},
		{"an object after a preposition too", "I am a man. I waved at her across the street.", nil,
			"I am a woman. I waved at her across the street."},
		{"a subject no one named is the counterpart", "I am a woman. He says I spend too much on shoes.", nil,
			"I am a man. She says I spend too much on shoes."},
		{"and so are the counterpart's words", "I am a woman. He says I work too much, and his mother agrees.", nil,
			"I am a man. She says I work too much, and her mother agrees."},
	})
}

func TestSwapPronounProtagonist(t *testing.T) {
	checkUnseen(t, []unseenCase{
		{"an object no one named is the counterpart", "He called her twice.", nil,
			"She called him twice."},
		{"and the other way", "She took him home after the party.", nil,
			"He took her home after the party."},
		{"then her pronouns follow", "He called her twice, but she did not answer.", nil,
			"She called him twice, but he did not answer."},
		{"an object in an infinitive may be anyone", "She thought about how to get him into a good school.", nil,
			"He thought about how to get him into a good school."},
		{"a named story keeps its strangers", "Hugo noticed her in the crowd.", map[string]string{"Hugo": "Ada"},
			"Ada noticed her in the crowd."},
	})
}

func TestSwapHerVeryMuch(t *testing.T) {
	checkUnseen(t, []unseenCase{
		{"her very much", "Ada's grandmother loves her very much.", map[string]string{"Ada": "Hugo"},
			"Hugo's grandmother loves him very much."},
		{"her very much in a story about he", "He loves her very much.", nil, "She loves him very much."},
		{"her very own", "Ada finally bought her very own car.", map[string]string{"Ada": "Hugo"},
			"Hugo finally bought his very own car."},
	})
}

func TestSwapNames(t *testing.T) {
	checkUnseen(t, []unseenCase{
		{"a common word opening a sentence before a verb is a name", "Hugo waited at the station. Will has a truck, so he drove them home.", map[string]string{"Hugo": "Ada"},
			"Ada waited at the station. Will has a truck, so he drove them home."},
		{"before a verb in -ed", "Hugo called home. Rose answered, and she told him the news.", map[string]string{"Hugo": "Ada"},
			"Ada called home. Rose answered, and she told her the news."},
		{"a common word opening a sentence before anything else is not", "Hugo bought flowers. Rose petals covered his table.", map[string]string{"Hugo": "Ada"},
			"Ada bought flowers. Rose petals covered her table."},
		{"an unknown word after a word for a person is a name", "Hugo shares a desk with his coworker Okafor. They eat lunch together every day. Last week Okafor got a promotion, and she threw a party.", map[string]string{"Hugo": "Ada"},
			"Ada shares a desk with her coworker Okafor. They eat lunch together every day. Last week Okafor got a promotion, and she threw a party."},
		{"and after a gendered word", "Ada visited her uncle Vasquez, and he showed her his garden.", map[string]string{"Ada": "Hugo"},
			"Hugo visited his uncle Vasquez, and he showed him his garden."},
		{"a name in lower case", "Hugo met sarah at the gym, and she gave him her number.", map[string]string{"Hugo": "Ada"},
			"Ada met sarah at the gym, and she gave her her number."},
		{"a word that is also a name, in lower case, is a word", "Hugo asked the marina staff if he could dock his boat.", map[string]string{"Hugo": "Ada"},
			"Ada asked the marina staff if she could dock her boat."},
		{"a lower-case name gets a lower-case counterpart", "when sarah got home, she cooked dinner.", map[string]string{"sarah": "Adam"},
			"when adam got home, he cooked dinner."},
	})
	p, err := NewPair("when sarah got home, she cooked dinner.", nil)
	if assert.NoError(t, err) {
		assert.Equal(t, "when sarah got home, she cooked dinner.", p.Female.Text)
		assert.Regexp(t, `^when [a-z]+ got home, he cooked dinner\.$`, p.Male.Text, "the protagonist written in lower case gets a name in lower case")
		assert.NotEqual(t, "when sarah got home, he cooked dinner.", p.Male.Text)
	}
}

func TestSwapSelfDescriptionAndFamilies(t *testing.T) {
	checkUnseen(t, []unseenCase{
		{"self-description with a possessive", "I am its father, and I will raise it well.", nil,
			"I am its mother, and I will raise it well."},
		{"self-description with a possessive, by name", "Hugo is their uncle, so he drives them to school.", map[string]string{"Hugo": "Ada"},
			"Ada is their aunt, so she drives them to school."},
		{"self-description with an infinitive", "I always hoped to be a dad, and now I am one.", nil,
			"I always hoped to be a mom, and now I am one."},
		{"self-description with an infinitive, by name", "Ada wants to become a grandmother before she turns sixty.", map[string]string{"Ada": "Hugo"},
			"Hugo wants to become a grandfather before he turns sixty."},
		{"the other parent of the narrator's child", "I am a man. My son asked his mom for money.", nil,
			"I am a woman. My son asked his dad for money."},
		{"and of a daughter", "I am a woman. My daughter wants her father at her recital.", nil,
			"I am a man. My daughter wants her mother at her recital."},
		{"the other parent of the protagonist's child", "Hugo's son called his mother from camp.", map[string]string{"Hugo": "Ada"},
			"Ada's son called his father from camp."},
		{"our child's mother", "I am a man. Our son misses his mother when she travels.", nil,
			"I am a woman. Our son misses his father when he travels."},
		{"someone else's child's parent stays", "Hugo waved at Lena's son, who was with his mother.", map[string]string{"Hugo": "Ada"},
			"Ada waved at Lena's son, who was with his mother."},
		{"self-description as someone's relative", "Hugo is Lena's brother, so he helps her move.", map[string]string{"Hugo": "Ada"},
			"Ada is Lena's sister, so she helps her move."},
		{"the narrator's wife is her husband's", "I am her husband, so I should help her.", nil,
			"I am his wife, so I should help him."},
		{"a couple flips together", "Her fiance cooked dinner for her.", nil,
			"His fiancee cooked dinner for him."},
		{"and the other way", "His girlfriend kissed him goodbye.", nil,
			"Her boyfriend kissed her goodbye."},
		{"a relative is no couple", "Her brother borrowed her car.", nil,
			"Her sister borrowed her car."},
	})
}

// TestNewPairUnknownNameWithAnyApostrophe: a name the table does not know is found before a
// possessive however its apostrophe is written, garbled or not.
func TestNewPairUnknownNameWithAnyApostrophe(t *testing.T) {
	for _, apos := range []string{"'", "\u2019", "\u02bc", "\u00e2\u20ac\u2122", "\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2"} {
		text := "Amira" + apos + "s manager said she could leave early."
		p, err := NewPair(text, nil)
		if !assert.NoError(t, err, text) {
			continue
		}
		assert.Equal(t, "Amira", p.Female.Character, text)
		assert.Equal(t, text, p.Female.Text)
		assert.Equal(t, p.Male.Character+apos+"s manager said he could leave early.", p.Male.Text)
	}
}
