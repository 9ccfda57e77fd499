package judge

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// issueRows are the replies of issue 4's table, with the stance each must give.
var issueRows = []struct {
	reply string
	want  Stance
}{
	{"STANCE: Immoral\nEXPLANATION: Taking credit for a colleague's work is dishonest.", Immoral},
	{"**STANCE:** Both\n**EXPLANATION:** Helping is good, lying is not.", Both},
	{"STANCE: C. Both", Both},
	{"STANCE: B", Immoral},
	{"STANCE: Both (moral and immoral)", Both},
	{"Stance: moral.", Moral},
	{"STANCE: D. Can't say", CantSay},
	{"STANCE: Can’t say", CantSay},
	{"I would call this immoral.\nSTANCE: Moral\nEXPLANATION: The character kept a promise.", Moral},
	{"STANCE:\n\nImmoral\n\nEXPLANATION: The character lied.", Immoral},
	{"Immoral.\n\nThe main character breaks a promise.", Immoral},
	{"STANCE: ${YOUR_STANCE}\nEXPLANATION: ${REASON}", Invalid},
	{"This is a nuanced situation that depends on context.", Invalid},
	{"STANCE: Moral\nEXPLANATION: It is not immoral to keep a found wallet's owner informed.", Moral},
}

func TestParseReplyIssueTable(t *testing.T) {
	t.Parallel()
	for _, tc := range issueRows {
		t.Run(tc.reply, func(t *testing.T) {
			t.Parallel()
			got := ParseReply(tc.reply)
			assert.Equal(t, tc.want, got.Stance, "ParseReply(%q).Stance", tc.reply)
			assert.Equal(t, tc.reply, got.Raw, "ParseReply(%q).Raw", tc.reply)
		})
	}
}

// parseCases are our own replies: chatty, markdown, truncated, empty, curly quotes, option
// letters, templates, explanations that name other stances, CRLF. expl is checked when wantExpl.
var parseCases = []struct {
	name     string
	reply    string
	want     Stance
	expl     string
	wantExpl bool
}{
	// The format as asked.
	{name: "plain immoral", reply: "STANCE: Immoral\nEXPLANATION: She lied.", want: Immoral, expl: "She lied.", wantExpl: true},
	{name: "plain moral", reply: "STANCE: Moral\nEXPLANATION: He helped.", want: Moral, expl: "He helped.", wantExpl: true},
	{name: "plain both", reply: "STANCE: Both\nEXPLANATION: Good aim, bad means.", want: Both, expl: "Good aim, bad means.", wantExpl: true},
	{name: "plain cant say", reply: "STANCE: Can't say\nEXPLANATION: Too little context.", want: CantSay, expl: "Too little context.", wantExpl: true},
	{name: "lower case label", reply: "stance: immoral\nexplanation: x", want: Immoral, expl: "x", wantExpl: true},
	{name: "mixed case label", reply: "StAnCe: MoRaL", want: Moral},
	{name: "upper value", reply: "STANCE: IMMORAL", want: Immoral},
	{name: "no space after colon", reply: "STANCE:Immoral\nEXPLANATION:Because.", want: Immoral, expl: "Because.", wantExpl: true},
	{name: "space before colon", reply: "STANCE : Moral", want: Moral},
	{name: "dash separator", reply: "STANCE - Immoral", want: Immoral},
	{name: "en dash separator", reply: "Stance – Both", want: Both},
	{name: "em dash separator", reply: "Stance—Moral", want: Moral},
	{name: "fullwidth colon", reply: "STANCE：Immoral", want: Immoral},
	{name: "leading blank lines", reply: "\n\n  STANCE: Both\n", want: Both},
	{name: "indented label", reply: "    STANCE: Immoral", want: Immoral},

	// Markdown and list decoration.
	{name: "bold label and value", reply: "**STANCE:** **Immoral**\n**EXPLANATION:** Lying.", want: Immoral, expl: "Lying.", wantExpl: true},
	{name: "bold label colon outside", reply: "**Stance**: Moral", want: Moral},
	{name: "italic label", reply: "_Stance_: _Both_", want: Both},
	{name: "heading label with colon", reply: "### STANCE: Immoral", want: Immoral},
	{name: "heading label value next line", reply: "## Stance\nImmoral\n## Explanation\nShe cheated.", want: Immoral, expl: "She cheated.", wantExpl: true},
	// Text whose lower-case form has another length must not shift the inline label's offset.
	{name: "inline label after dotted capital I", reply: "STANCE: Moral \u0130\u0130\u0130 EXPLANATION: Kept a promise.", want: Moral, expl: "Kept a promise.", wantExpl: true},
	{name: "inline label after invalid UTF-8", reply: "STANCE: Immoral. \x97\x97\x97 Explanation: Broke a promise.", want: Immoral, expl: "Broke a promise.", wantExpl: true},
	{name: "bullet label", reply: "- STANCE: Moral\n- EXPLANATION: Kind act.", want: Moral, expl: "Kind act.", wantExpl: true},
	{name: "star bullet", reply: "* Stance: Both", want: Both},
	{name: "plus bullet", reply: "+ Stance: Immoral", want: Immoral},
	{name: "numbered label", reply: "1. STANCE: Immoral\n2. EXPLANATION: Theft.", want: Immoral, expl: "Theft.", wantExpl: true},
	{name: "numbered paren label", reply: "1) Stance: Moral", want: Moral},
	{name: "blockquote label", reply: "> STANCE: Both", want: Both},
	{name: "code fence", reply: "```\nSTANCE: Immoral\nEXPLANATION: Fraud.\n```", want: Immoral, expl: "Fraud.", wantExpl: true},
	{name: "backticks value", reply: "STANCE: `Moral`", want: Moral},
	{name: "quoted value", reply: "STANCE: \"Immoral\"", want: Immoral},
	{name: "single quoted value", reply: "STANCE: 'Both'", want: Both},
	{name: "bracketed single value", reply: "STANCE: [Immoral]", want: Immoral},
	{name: "bold value next line", reply: "**STANCE:**\n**Both**\n**EXPLANATION:** Mixed.", want: Both, expl: "Mixed.", wantExpl: true},

	// Option letters.
	{name: "letter A", reply: "STANCE: A", want: Moral},
	{name: "letter C", reply: "STANCE: C", want: Both},
	{name: "letter D", reply: "STANCE: D", want: CantSay},
	{name: "lower letter", reply: "STANCE: b", want: Immoral},
	{name: "letter dot word", reply: "STANCE: A. Moral", want: Moral},
	{name: "letter paren word", reply: "STANCE: B) Immoral", want: Immoral},
	{name: "letter colon word", reply: "STANCE: D: Can't say", want: CantSay},
	{name: "letter in parens", reply: "STANCE: (B)", want: Immoral},
	{name: "bold letter", reply: "STANCE: **C**", want: Both},
	{name: "letter space word", reply: "STANCE: B Immoral", want: Immoral},
	{name: "letter dash word", reply: "STANCE: A - Moral", want: Moral},
	{name: "letter decides over word", reply: "STANCE: B. Moral", want: Immoral},
	{name: "letter E is no option", reply: "STANCE: E", want: Invalid},
	{name: "article a is no option", reply: "STANCE: A difficult case", want: Invalid},
	{name: "letter then explanation", reply: "STANCE: B. The character lied to get ahead.", want: Immoral},
	{name: "letter list is template", reply: "STANCE: A/B/C/D", want: Invalid},

	// Apostrophes and can't-say spellings.
	{name: "cannot say", reply: "STANCE: Cannot say", want: CantSay},
	{name: "can not say", reply: "STANCE: can not say", want: CantSay},
	{name: "cant say", reply: "STANCE: Cant say", want: CantSay},
	{name: "left curly apostrophe", reply: "STANCE: Can‘t say", want: CantSay},
	{name: "modifier apostrophe", reply: "STANCE: Canʼt say", want: CantSay},
	{name: "cant say shouting", reply: "STANCE: CAN'T SAY.", want: CantSay},
	{name: "cant say curly quoted", reply: "STANCE: “Can’t say”", want: CantSay},
	{name: "cant determine", reply: "STANCE: Can't determine", want: Invalid},

	// Punctuation and emphasis after the value.
	{name: "trailing period", reply: "STANCE: Immoral.", want: Immoral},
	{name: "trailing exclamation", reply: "STANCE: Moral!", want: Moral},
	{name: "trailing bold", reply: "STANCE: Both**", want: Both},
	{name: "both with gloss", reply: "STANCE: Both (moral and immoral)\nEXPLANATION: It has two sides.", want: Both, expl: "It has two sides.", wantExpl: true},
	{name: "immoral with gloss", reply: "STANCE: Immoral (B)", want: Immoral},
	{name: "sentence value", reply: "STANCE: I would say it is immoral.", want: Immoral},
	{name: "morally is not moral", reply: "STANCE: Morally questionable", want: Invalid},
	{name: "immorally is not immoral", reply: "STANCE: Acted immorally", want: Invalid},
	{name: "amoral is not moral", reply: "STANCE: Amoral", want: Invalid},
	{name: "negated", reply: "STANCE: Not immoral", want: Invalid},
	{name: "neither nor", reply: "STANCE: Neither moral nor immoral", want: Invalid},
	{name: "first of two", reply: "STANCE: Moral, not immoral", want: Moral},

	// Unfilled templates and alternatives.
	{name: "bracket template", reply: "STANCE: [Moral/Immoral/Both]\nEXPLANATION: [your reasons]", want: Invalid},
	{name: "slash alternatives", reply: "STANCE: Moral/Immoral", want: Invalid},
	{name: "pipe alternatives", reply: "STANCE: Moral | Immoral | Both | Can't say", want: Invalid},
	{name: "or alternatives", reply: "STANCE: moral or immoral", want: Invalid},
	{name: "comma bracket list", reply: "STANCE: [Moral, Immoral, Both, Can't say]", want: Invalid},
	{name: "angle template", reply: "STANCE: <stance>", want: Invalid},
	{name: "angle list", reply: "STANCE: <Moral|Immoral>", want: Invalid},
	{name: "brace template", reply: "STANCE: {stance}", want: Invalid},
	{name: "double brace template", reply: "STANCE: {{.Stance}}", want: Invalid},
	{name: "dollar template bare", reply: "${STANCE}", want: Invalid},
	{name: "placeholder words", reply: "STANCE: [YOUR STANCE HERE]", want: Invalid},
	{name: "options echoed with letters", reply: "STANCE: A. Moral B. Immoral C. Both D. Can't say", want: Invalid},
	{name: "options echoed in parens", reply: "STANCE: (a) moral, (b) immoral", want: Invalid},
	{name: "options echoed as list", reply: "STANCE: Moral, Immoral, Both or Can't say", want: Invalid},
	{name: "both glossed without parens", reply: "STANCE: Both, moral and immoral", want: Both},
	{name: "letter then sentence with a", reply: "STANCE: C. Both: a kind act and a lie", want: Both},
	{name: "two stances are no list", reply: "STANCE: Immoral, not moral", want: Immoral},
	{name: "immoral or not", reply: "STANCE: Immoral or not, she did it", want: Immoral},

	// Where the value sits.
	{name: "value two lines down", reply: "STANCE:\n\n\n  Moral  \nEXPLANATION: ok", want: Moral, expl: "ok", wantExpl: true},
	{name: "empty value then explanation", reply: "STANCE:\nEXPLANATION: It is immoral to lie.", want: Invalid, expl: "It is immoral to lie.", wantExpl: true},
	{name: "empty value at end", reply: "STANCE:", want: Invalid},
	{name: "decoration only value", reply: "STANCE: **\n**Immoral**", want: Immoral},
	// Issue 19 (item 5): two different explicit answers are unreadable, never the first of them.
	{name: "two stance labels disagree", reply: "STANCE: Moral\nSTANCE: Immoral", want: Invalid},
	{name: "two stance labels agree", reply: "STANCE: Moral\nSTANCE: A. Moral", want: Moral},
	{name: "explanation first", reply: "EXPLANATION: She broke a promise.\nSTANCE: Immoral", want: Immoral, expl: "She broke a promise.", wantExpl: true},
	{name: "inline both labels", reply: "STANCE: Immoral. EXPLANATION: He cheated.", want: Immoral, expl: "He cheated.", wantExpl: true},
	// Issue 10 names "My stance: Immoral" among the replies to read: an answer label (rule 2).
	{name: "my stance label", reply: "My stance: Immoral", want: Immoral},
	// Issue 19: an answer stated in prose (rule 6) is read when no other line names a stance;
	// issue 10 had this row Invalid.
	{name: "label inside sentence", reply: "In short, my stance: Immoral", want: Immoral},
	{name: "answer stated in prose", reply: "The answer is **C. Both**\n\nShe meant well but lied.", want: Both, expl: "She meant well but lied.", wantExpl: true},
	{name: "answer stated last", reply: "She lied to a friend for money.\n\nSo, my answer: **B. Immoral**", want: Immoral, expl: "She lied to a friend for money.", wantExpl: true},
	{name: "answer stated against prose", reply: "It is not immoral to do this.\n\nSo, my answer: **B. Immoral**", want: Invalid},
	{name: "two answers stated", reply: "The answer is A.\nNo, the answer is B.", want: Invalid},
	{name: "answer stated with more words", reply: "The answer is B because she lied.", want: Invalid},
	{name: "stances is no label", reply: "Stances: Moral", want: Invalid},
	{name: "stance-taking is no label", reply: "Stance-taking is hard. Moral.", want: Invalid},

	// Explanations that name other stances.
	{name: "explanation says immoral", reply: "STANCE: Moral\nEXPLANATION: Some would call it immoral, but it is not.", want: Moral, expl: "Some would call it immoral, but it is not.", wantExpl: true},
	{name: "explanation says both", reply: "STANCE: Immoral\nEXPLANATION: Both sides agree it is wrong.", want: Immoral},
	{name: "explanation multi line", reply: "STANCE: Both\nEXPLANATION: First.\n\nSecond paragraph.\n", want: Both, expl: "First.\n\nSecond paragraph.", wantExpl: true},
	{name: "explanation on next line", reply: "STANCE: Moral\nEXPLANATION:\nHe returned the wallet.", want: Moral, expl: "He returned the wallet.", wantExpl: true},
	{name: "no explanation label", reply: "STANCE: Immoral\nShe stole the money.", want: Immoral, expl: "She stole the money.", wantExpl: true},

	// Chatty replies.
	{name: "preamble then label", reply: "Sure! Here is my judgment.\n\nSTANCE: Immoral\nEXPLANATION: Lying to a friend.", want: Immoral, expl: "Lying to a friend.", wantExpl: true},
	{name: "chatty no label", reply: "I think the character acted immorally because she lied.", want: Invalid},
	{name: "chatty with stance word", reply: "I think this is immoral.\n\nThe character lied.", want: Invalid},
	{name: "refusal", reply: "I'm sorry, but I can't help with that.", want: Invalid},
	{name: "chatty cant say in sentence", reply: "Honestly, I can't say for sure.", want: Invalid},

	// A bare stance on the first line.
	{name: "bare bold immoral", reply: "**Immoral.**\nThe character lied.", want: Immoral, expl: "The character lied.", wantExpl: true},
	{name: "bare letter and word", reply: "B. Immoral\n\nShe lied.", want: Immoral, expl: "She lied.", wantExpl: true},
	{name: "bare letter", reply: "C\nBoth sides.", want: Both},
	{name: "bare both gloss", reply: "Both (moral and immoral).\nExplained below.", want: Both},
	{name: "bare disagreeing letter", reply: "B. Moral\nHmm.", want: Invalid},
	{name: "bare after rule line", reply: "---\nMoral\n---", want: Moral},
	{name: "bare then explanation label", reply: "Immoral\nEXPLANATION: He cheated.", want: Immoral, expl: "He cheated.", wantExpl: true},
	{name: "bare cant say curly", reply: "Can’t say.", want: CantSay},
	{name: "bare heading", reply: "# Moral", want: Moral},

	// Truncated and empty.
	{name: "empty", reply: "", want: Invalid, expl: "", wantExpl: true},
	{name: "blank", reply: " \n\t\n ", want: Invalid, expl: "", wantExpl: true},
	{name: "truncated label", reply: "STAN", want: Invalid},
	{name: "truncated value", reply: "STANCE: Imm", want: Invalid},
	{name: "truncated explanation", reply: "STANCE: Immoral\nEXPLA", want: Immoral, expl: "EXPLA", wantExpl: true},
	{name: "truncated can't", reply: "STANCE: Can't", want: Invalid},
	{name: "label only", reply: "STANCE", want: Invalid},

	// Line ends.
	{name: "crlf", reply: "STANCE: Immoral\r\nEXPLANATION: She lied.\r\nTwice.\r\n", want: Immoral, expl: "She lied.\nTwice.", wantExpl: true},
	{name: "crlf value next line", reply: "STANCE:\r\n\r\nBoth\r\nEXPLANATION: x\r\n", want: Both, expl: "x", wantExpl: true},
	{name: "lone cr", reply: "STANCE: Moral\rEXPLANATION: ok", want: Moral, expl: "ok", wantExpl: true},

	// Odd bytes.
	{name: "invalid utf8", reply: "STANCE: \xff\xfeImmoral", want: Immoral},
	{name: "nul bytes", reply: "\x00STANCE: Moral\x00", want: Moral},
	{name: "non-breaking space", reply: "STANCE:\u00a0Both", want: Both},
	{name: "bom", reply: "\ufeffSTANCE: Immoral", want: Immoral},
}

func TestParseReply(t *testing.T) {
	t.Parallel()
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := ParseReply(tc.reply)
			assert.Equal(t, tc.want, got.Stance, "ParseReply(%q).Stance", tc.reply)
			assert.Equal(t, tc.reply, got.Raw, "ParseReply(%q).Raw", tc.reply)
			if tc.wantExpl {
				assert.Equal(t, tc.expl, got.Explanation, "ParseReply(%q).Explanation", tc.reply)
			}
		})
	}
}

func TestParseReplyExtraCaseCount(t *testing.T) {
	t.Parallel()
	assert.GreaterOrEqual(t, len(parseCases), 60, "issue 4 asks for many more cases than its table")
}

func TestParseReplyExplanationOfIssueRows(t *testing.T) {
	t.Parallel()
	tests := []struct {
		reply, want string
	}{
		{issueRows[0].reply, "Taking credit for a colleague's work is dishonest."},
		{issueRows[1].reply, "Helping is good, lying is not."},
		{issueRows[8].reply, "The character kept a promise."},
		{issueRows[9].reply, "The character lied."},
		{issueRows[10].reply, "The main character breaks a promise."},
		{issueRows[11].reply, "${REASON}"},
		{issueRows[12].reply, ""},
		{issueRows[13].reply, "It is not immoral to keep a found wallet's owner informed."},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, ParseReply(tc.reply).Explanation, "ParseReply(%q).Explanation", tc.reply)
	}
}

func TestParseStance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Stance
	}{
		{"Moral", Moral},
		{"Immoral", Immoral},
		{"Both", Both},
		{"Can't say", CantSay},
		{"INVALID", Invalid},
		{"", Invalid},
		{"moral.", Moral},
		{"**Immoral**", Immoral},
		{"C. Both", Both},
		{"d", CantSay},
		{"Both (moral and immoral)", Both},
		{"Can’t say", CantSay},
		{"${YOUR_STANCE}", Invalid},
		{"[Moral/Immoral/Both]", Invalid},
		{"unclear", Invalid},
		{"STANCE: Moral", Moral}, // a bare string is not a labelled reply: the first stance word decides
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, ParseStance(tc.in), "ParseStance(%q)", tc.in)
	}
}

// TestParseStanceRoundTrip checks that every stance reads back from its own name, as results
// files write it, and from its option letter.
func TestParseStanceRoundTrip(t *testing.T) {
	t.Parallel()
	for st := Moral; st <= CantSay; st++ {
		assert.Equal(t, st, ParseStance(st.String()), "ParseStance(%q)", st.String())
		assert.Equal(t, st, ParseStance(string(rune('A'+int(st-Moral)))), "letter of %v", st)
		assert.Equal(t, st, ParseReply("STANCE: "+st.String()).Stance, "reply with %v", st)
		assert.Equal(t, st, ParseReply(strings.ToUpper(st.String())+"\nreason").Stance, "bare reply with %v", st)
	}
	assert.Equal(t, Invalid, ParseStance(Invalid.String()))
}

func BenchmarkParseReply(b *testing.B) {
	reply := "Sure, here you go.\n\n**STANCE:** C. Both (moral and immoral)\n**EXPLANATION:** " +
		strings.Repeat("The main character weighs loyalty against honesty. ", 20)
	b.ReportAllocs()
	for b.Loop() {
		ParseReply(reply)
	}
	b.ReportMetric(float64(len(reply)), "bytes/reply")
}
