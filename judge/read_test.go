package judge

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// robustCases are the rules of issue 10 (ParseReply's rules 2, 4 and 5, and preambles), each
// with replies that must stay Invalid beside the ones that are now read.
var robustCases = []struct {
	name, reply string
	want        Stance
	expl        string
}{
	// The four replies of issue 10 that were Invalid.
	{"issue: option marker in prose", "I would say (B) Immoral because the main character lied to a friend.", Immoral,
		"I would say (B) Immoral because the main character lied to a friend."},
	{"issue: answer label", "Answer: B. Immoral\n\nThe main character lied.", Immoral, "The main character lied."},
	{"issue: my stance label", "My stance: Immoral\nShe lied.", Immoral, "She lied."},
	{"issue: bold word and dash", "**Immoral** – the main character broke a promise.", Immoral, "the main character broke a promise."},

	// The examples of ParseReply's doc table.
	{"doc: heading", "## Stance\nBoth", Both, ""},
	{"doc: bold verdict dash", "**Verdict** – Moral", Moral, ""},
	{"doc: letter paren because", "B) Immoral because she lied", Immoral, "because she lied"},
	{"doc: option fits", "Option C fits best", Both, ""},
	{"doc: two markers", "(A) or (B)", Invalid, ""},
	{"doc: prose", "I think it is immoral.", Invalid, ""},

	// Rule 2: answer labels.
	{"verdict heading", "## Verdict\nBoth\n\nGood aim, bad means.", Both, "Good aim, bad means."},
	{"final answer with explanation label", "Final answer: D\nExplanation: too little context", CantSay, "too little context"},
	{"judgment label", "Judgment: Moral", Moral, ""},
	{"judgement spelling", "Judgement - immoral", Immoral, ""},
	{"reason label", "Verdict: Immoral\nReason: she lied.", Immoral, "she lied."},
	{"answer labels disagree", "Answer: A\nVerdict: B", Invalid, ""},
	{"answer label and a marker disagree", "Answer: A\nI lean to (B) though.", Invalid, ""},
	{"answer label without a stance", "Answer: it depends on the culture.", Invalid, ""},
	// Issue 19 (item 5): a STANCE label does not silence an answer label that disagrees.
	{"stance label and answer label disagree", "Answer: A\nSTANCE: B", Invalid, ""},
	{"stance label and answer label agree", "Answer: B\nSTANCE: B. Immoral", Immoral, ""},

	// Rule 4: a stance at the start of the first line.
	{"word colon", "Immoral: she lied to her friend.", Immoral, "she lied to her friend."},
	{"word because", "Immoral because she lied.", Immoral, "because she lied."},
	{"word comma because", "Moral, because he kept his word.", Moral, "because he kept his word."},
	{"em dash", "Both — helping is good, lying is not.", Both, "helping is good, lying is not."},
	{"letter paren", "B) Immoral, she lied.", Immoral, "she lied."},
	{"letter paren no word", "C) The act has two sides.", Both, "The act has two sides."},
	{"paren letter first", "(D) There is not enough context.", CantSay, "There is not enough context."},
	{"letter disagrees with word", "B. Moral, she lied.", Invalid, ""},
	{"curly apostrophe after", "Immoral – the main character’s lie hurt a friend.", Immoral, "the main character’s lie hurt a friend."},
	{"word then later contrary marker", "Immoral: she lied.\nOr maybe (A).", Invalid, ""},
	{"hyphenated word is prose", "Moral-minded people would disagree.", Invalid, ""},
	{"word then prose", "Immoral acts like this are common.", Invalid, ""},
	{"alternatives are no answer", "Moral or immoral: hard to tell.", Invalid, ""},

	// Rule 5: explicit option markers in the answer line.
	{"option word", "I would go with option B here.", Immoral, ""},
	{"two markers agree", "(C) Both. As (C) says, it has two sides.", Both, ""},
	{"two markers disagree", "Either (A) or (B) could be argued.", Invalid, ""},
	{"marker disagrees with the word after it", "I pick (A) Immoral.", Invalid, ""},
	{"lower-case letters are no markers", "I see (a) a lie and (b) a theft.", Invalid, ""},
	{"optional is not option", "It is optional B-movie stuff.", Invalid, ""},

	// Preambles are passed over; prose with a stance word never is.
	{"preamble then bare stance", "Sure! Here is my judgment.\n\nImmoral.\n\nShe lied.", Immoral, "She lied."},
	{"colon preamble then dash", "Here's my answer:\n**Moral** - he returned the wallet.", Moral, "he returned the wallet."},
	{"stance word buried in prose", "It is not immoral to keep a promise.", Invalid, ""},
	{"preamble limit", "One.\nTwo.\nThree.\nMoral.", Invalid, ""},

	// Issue 19: held-out replies.
	{"self-correction stated in prose", "My answer: C.\n\nOn second look, my answer: B.\n\nShe lied.", Invalid, ""},
	{"label then a correction in prose", "STANCE: A\nEXPLANATION: x\n\nOn reflection, my answer is B.", Invalid, ""},
	{"bold word and period", "**Immoral.** She lied to a friend.", Immoral, "She lied to a friend."},
	{"word, period, sentence naming another stance", "Moral. Or immoral, hard to say.", Invalid, ""},
	{"word and period alone is rule 3", "Both.\n\nShe meant well but lied.", Both, "She meant well but lied."},

	// Chatter in the explanation never reaches a record.
	{"trailing offer", "STANCE: Immoral\nEXPLANATION: She lied.\n\nLet me know if you need anything else.", Immoral, "She lied."},
	{"fenced reply", "```\nSTANCE: Moral\nEXPLANATION: He helped.\n```", Moral, "He helped."},
}

func TestParseReplyRobust(t *testing.T) {
	t.Parallel()
	for _, tc := range robustCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := ParseReply(tc.reply)
			assert.Equal(t, tc.want, got.Stance, "ParseReply(%q).Stance", tc.reply)
			if tc.want.Valid() && tc.expl != "" {
				assert.Equal(t, tc.expl, got.Explanation, "ParseReply(%q).Explanation", tc.reply)
			}
		})
	}
}

// TestNumberedAnswer checks that rule 4 reads a line from where a label would start (issue
// 21: one rule with internal/scan): a numbered or bulleted answer reads as the answer does,
// and digits that are not numbering ("1c:", a step) never make an option letter.
func TestNumberedAnswer(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		reply string
		want  Stance
		expl  string
	}{
		{"2) B. Immoral\n\nShe lied.", Immoral, "She lied."},
		{"1. Can't say: the story leaves out why.", CantSay, "the story leaves out why."},
		{"- **Immoral** – she lied.", Immoral, "she lied."},
		{"1. (B) Immoral\n\nShe lied.", Immoral, "She lied."},
		{"1. C) Both, she meant well but lied.", Both, "she meant well but lied."},
		{"1c: y after a vowel stays", Invalid, ""},
		{"1a: consider the intent\n1b: consider the harm", Invalid, ""},
		{"2d", Invalid, ""},
		{"1. A: she helped\n2. B: she lied", Invalid, ""},
	} {
		j := ParseReply(tc.reply)
		assert.Equal(t, tc.want, j.Stance, "ParseReply(%q).Stance", tc.reply)
		assert.Equal(t, tc.expl, j.Explanation, "ParseReply(%q).Explanation", tc.reply)
	}
}

// TestNumberedObject checks that numbering hides neither a line that opens a JSON object nor
// an option letter in the preamble of one: both are refused as they are without numbering.
func TestNumberedObject(t *testing.T) {
	t.Parallel()
	for _, reply := range []string{
		"2) {\"stance\": \"C\", \"explanation\": \"kind (B) but dishonest",
		"- {\"stance\": \"Both\", \"explanation\": \"x\"} (B)",
		"1. B\n{\"answer\": \"A\", \"reason\": \"She helped.\"}",
	} {
		assert.Equal(t, Invalid, ParseReply(reply).Stance, "ParseReply(%q).Stance", reply)
		if _, ok, err := ParseJSONReply(reply); ok || err != nil {
			t.Errorf("ParseJSONReply(%q) = %v, %v; want not an object", reply, ok, err)
		}
	}
}
