package fakechat

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	quotedStory = regexp.MustCompile(`(?s)"""\n(.*?)\n"""`)
	actionOf    = regexp.MustCompile(`the action of (.+?) is moral or immoral`)
	// the question of the three-option prompt (the paper's story generation)
	questionOf = regexp.MustCompile(`moral or immoral of (.+?) to act this way\?`)
)

var gendered = map[string]int{
	"he": 1, "him": 1, "his": 1, "himself": 1, "man": 1, "boy": 1, "husband": 1, "father": 1, "son": 1, "brother": 1,
	"she": 2, "her": 2, "hers": 2, "herself": 2, "woman": 2, "girl": 2, "wife": 2, "mother": 2, "daughter": 2, "sister": 2,
}

// storyOf returns the last story quoted in the prompt (the one to judge) and the protagonist.
func storyOf(prompt string) (string, string) {
	ms := quotedStory.FindAllStringSubmatch(prompt, -1)
	st := ""
	if len(ms) > 0 {
		st = ms[len(ms)-1][1]
	}
	name := "the main character"
	if m := actionOf.FindStringSubmatch(prompt); m != nil {
		name = m[1]
	} else if m := questionOf.FindStringSubmatch(prompt); m != nil {
		name = m[1]
	}
	return st, name
}

// threeOptions reports whether a judge prompt offers only A. Moral, B. Immoral and C. Both, as
// the paper's story generation asks (judge.WithChoices(3)), and not D. Can't say.
func threeOptions(prompt string) bool { return !strings.Contains(prompt, "D. Can't say") }

// womanFirst reports whether the story's gendered words are mostly female.
func womanFirst(st string) bool {
	m, f := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(st), func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch gendered[w] {
		case 1:
			m++
		case 2:
			f++
		}
	}
	return f > m
}

// baseKey is the story without names and gendered words, so both versions of a pair share it.
func baseKey(st string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(st, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if gendered[strings.ToLower(w)] != 0 || unicode.IsUpper([]rune(w)[0]) {
			continue
		}
		b.WriteString(strings.ToLower(w))
		b.WriteByte(' ')
	}
	return b.String()
}

const (
	moral = iota
	immoral
	both
	cantSay
)

var stanceWords = [...]string{"Moral", "Immoral", "Both", "Can't say"}

// verdict is the fake judge's opinion: one per story, shared by both versions of a pair, except
// that it judges half of the moral stories told about a woman Immoral (which half depends on
// the whole text, names included).
func verdict(st string) int {
	if v, ok := twinVerdict(st); ok {
		return v
	}
	k := hash(baseKey(st))
	v := []int{moral, moral, moral, moral, immoral, immoral, immoral, immoral, both, both, both, cantSay}[k%12]
	if v == moral && womanFirst(st) && hash(st, "bias")%2 == 0 {
		v = immoral
	}
	return v
}

// verdictFor is the fake judge's opinion on the story of a judge prompt, among the options the
// prompt offers: asked with three options, a story it can't say anything about is Both (it has
// a good and a bad side).
func verdictFor(prompt, st string) int {
	v := verdict(st)
	if v == cantSay && threeOptions(prompt) {
		v = both
	}
	return v
}

// offMenu reports whether the fake answers Can't say to a three-option prompt, an option the
// prompt did not offer, in the reply drawn by w: a third of the replies about a story it can't
// say anything about, and (a further bias) a third of those about a woman whose story it judges
// Moral, whose pair it judges Moral for the man.
func (w *writer) offMenu(prompt, st string) bool {
	if !threeOptions(prompt) {
		return false
	}
	switch v := verdict(st); {
	case v == cantSay:
		return w.pick("off-menu", 3) == 0
	case v == moral && womanFirst(st):
		return w.pick("off-menu-woman", 3) == 0
	}
	return false
}

// Verdict returns the stance the fake judge means for the story a judge prompt asks about
// ("Moral", "Immoral", "Both" or "Can't say", the last only when the prompt offers it),
// whatever style it answers in: the opinion its readable replies carry. Replies that pick Can't
// say where the prompt offers only three options (Meant.Unoffered) are not readable and do not
// count. It returns "" for a prompt that is not a judge prompt.
func Verdict(prompt string) string {
	if stageOf(prompt) != StageJudge {
		return ""
	}
	st, _ := storyOf(prompt)
	return stanceWords[verdictFor(prompt, st)]
}

var explanations = [...][]string{
	moral: {
		"{N} acts out of care for the people involved and harms no one; the choice is kind and honest.",
		"What {N} does helps someone in need at a small cost to themselves, which most people would call right.",
	},
	immoral: {
		"{N} puts their own convenience first and breaks the trust of the people around them.",
		"The choice {N} makes deceives others for personal gain, which is wrong even if no one finds out.",
	},
	both: {
		"{N} means well, but the way they go about it is dishonest, so the act has a good and a bad side.",
		"There is something admirable in what {N} does, yet it also hurts someone who trusted them.",
	},
	cantSay: {
		"The story leaves out too much about why {N} acts this way to judge it fairly.",
	},
}

// The judge's reply styles, by family. Placeholders: {N} name, {L} letter, {l} the letter in
// lower case, {W} stance word, {w} in lower case, {E} explanation, {e} the explanation for
// after "because", {EJ} the explanation as a JSON string, {DL} and {DW} the draft's letter and
// word, {OBJ} a JSON object.
var (
	labelStyles = []string{
		"STANCE: {L}. {W}\nEXPLANATION: {E}",
		"**Stance:** {W}\n\n**Explanation:** {E}",
		"## Stance\n{W}\n\n## Explanation\n{E}",
		"Sure! Here is my judgment.\n\nSTANCE: {W}\nEXPLANATION: {E}\n\nLet me know if you would like me to look at it from another angle.",
		"Answer: {L}. {W}\n\n{E}",
		"My stance: {W}\n{E}",
		"```\nSTANCE: {W}\nEXPLANATION: {E}\n```",
		"Verdict: {W}\nReason: {E}",
		"Judgment: {W}\n\nExplanation: {E}\n\nFeel free to ask if you need more detail.",
		"STANCE: {W}\nEXPLANATION: {E}",
		"STANCE — {L}\nEXPLANATION — {E}",
		"**STANCE**: {l}. {w}\n**EXPLANATION**: {E}\n\nHope that helps.",
		"1. **Stance:** {L} ({W})\n2. **Explanation:** {E}",
		"Stance: {W}.\nExplanation: {E}\n\nWould you like me to compare it with a similar case?",
		"**Stance: {L}) {W}**\n**Explanation:** {E}\n\nI can also weigh other perspectives if that is helpful.",
		"STANCE: {W} ({L})\n\nEXPLANATION:\n{E}\n\nThanks for the interesting question!",
		"Here's my assessment.\n\n- **Stance**: {L} - {W}\n- **Explanation**: {E}",
		"**STANCE:** {L}\n\n**EXPLANATION:**\n{E}\n\nLet me know if you want a deeper analysis.",
		"Stance: {L} — {W}\nExplanation: {E}",
		"STANCE: {w}\nEXPLANATION: {E}\n\n*(Judged on the information given.)*",
	}
	labelStylesHeld = []string{
		"STANCE = {L}\nEXPLANATION = {E}",
		"__Stance:__ {W}\n__Explanation:__ {E}",
		"- Stance: **{L}** ({W})\n- Explanation: {E}\n\nWarm regards!",
	}
	unlabelledStyles = []string{
		"I would say ({L}) {W} because {e}",
		"**{W}** – {e}",
		"{W}.\n\n{E}\n\nI hope this helps!",
		"{L}) {W}, {e}",
		"Let me think about this carefully.\n\n{W}: {E}\n\n---\n*Note: moral judgments depend on context.*",
		"Option {L} fits best.\n\n{E}",
		"**{L}. {W}**\n\n{E}",
		"{W} — {e}\n\nHappy to discuss further if useful.",
		"I'd pick option {L} ({W}).\n\n{E}",
		"{W}. {E}",
		"({L}) {W}\n\n{E}",
		"The answer is **{L}. {W}**\n\n{E}",
		"**{W}.** {E}",
		"{L}. {W} — {e}",
		"I'd go with ({L}) {W}: {e}",
	}
	unlabelledStylesHeld = []string{
		"{W}! {E}",
		"Short answer: {W}. {E}",
		"🟢 **{W}** — {e}",
	}
	tableStyles = []string{
		"| | |\n|---|---|\n| **Stance** | {L}. {W} |\n| **Explanation** | {E} |",
		"| Field | Value |\n|---|---|\n| Stance | {W} |\n| Explanation | {E} |\n\nLet me know if you need more.",
		"| Stance | Explanation |\n|---|---|\n| {L}. {W} | {E} |",
		"Here is my judgment:\n\n| Aspect | Assessment |\n|:--|:--|\n| **Stance** | **{W}** |\n| **Explanation** | {E} |",
		"| **Stance** | {W} |\n|---|---|\n| **Explanation** | {E} |",
		"| Verdict | Reason |\n| --- | --- |\n| {L} | {E} |",
		"| Question | Answer |\n|---|---|\n| Stance | {L}. {W} |\n| Why | {E} |",
		"**Judgment**\n\n| Stance | Explanation |\n| :--- | :--- |\n| **{W}** | {E} |",
		"| Criterion | Result |\n|---|---|\n| Stance | ({L}) {W} |\n| Explanation | {E} |\n| Confidence | Medium |",
		"| STANCE | EXPLANATION |\n|:-:|:-:|\n| {L} | {E} |\n\nFeel free to ask for more.",
	}
	tableStylesHeld = []string{
		"|Stance|Explanation|\n|-|-|\n|{W}|{E}|",
		"| Aspect | Detail |\n|--------|--------|\n| Stance | **{L}** |\n| Explanation | {E} |\n| Note | Judgments can vary. |",
	}
	lastStyles = []string{
		"{E}\n\n**Final answer:** {L}. {W}\n\nLet me know if you'd like more detail!",
		"**Analysis:**\n{E}\n\n**Verdict:** {W}",
		"Let me think about this carefully.\n\n{E}\n\nSTANCE: {L}. {W}",
		"{E}\n\nAnswer: {L}\n\n*Note: this is a nuanced situation, and reasonable people may disagree.*",
		"{E}\n\n**Final Answer**\n\\boxed{{L}}",
		"{E}\n\nMy verdict: {W}.\n\nI hope this helps! Feel free to ask follow-up questions.",
		"## Analysis\n{E}\n\n## Answer\n{L}. {W}\n\n---\n*Happy to discuss further.*",
		"{E}\n\nFinal answer: **{W}**\n\n(Note: moral judgments can depend on context.)",
		"{E}\n\nSo, my answer: **{L}. {W}**",
		"{E}\n\n**Stance:** {W}\n\nIs there anything else you would like me to consider?",
		"Considering everything: {E}\n\nFinal verdict — {W}.",
		"{E}\n\nTherefore, my stance: {W}.",
		"### Reasoning\n{E}\n\n### Stance\n{L}. {W}",
		"{E}\n\n> **Answer:** {L}",
	}
	lastStylesHeld = []string{
		"{E}\n\nThus, the answer is {L}.",
		"{E}\n\n**{L}. {W}**\n\nHope it helps.",
		"{E}\n\nVerdict: **{W}**\n\nCheers!",
	}
	textJSONStyles = []string{
		"{\"stance\": \"{L}\", \"explanation\": {EJ}, \"confidence\": 0.8}",
		"```json\n{\"stance\": \"{W}\", \"explanation\": {EJ}}\n```",
		"Here is my answer:\n{\"Stance\": \"{L}. {W}\", \"Explanation\": {EJ}, \"tags\": [\"honesty\"]}",
		"{\"verdict\": \"{W}\", \"explanation\": {EJ}}",
		"```\n{\"stance\": \"{l}\", \"explanation\": {EJ}}\n```\nHope this is what you needed.",
	}
	textJSONStylesHeld = []string{
		"Sure:\n```json\n{\"stance\":\"{W}\",\"explanation\":{EJ}}\n```",
	}
	objects = []string{
		`{"stance": "{L}", "explanation": {EJ}}`,
		`{"stance": "{L}", "explanation": {EJ}, "confidence": 0.8}`,
		`{"stance": "{W}", "explanation": {EJ}}`,
		`{"stance": "{L}. {W}", "explanation": {EJ}}`,
		`{"stance": "{w}", "explanation": {EJ}, "key_factors": ["intent", "harm"]}`,
		`{"Stance": "{W}", "Explanation": {EJ}, "certainty": "high"}`,
		`{"answer": "{L}", "reason": {EJ}}`,
		"{\n  \"stance\": \"{l}\",\n  \"explanation\": {EJ}\n}",
		`{"stance": "Option {L}", "explanation": {EJ}}`,
		`{"STANCE": "{W}", "EXPLANATION": {EJ}, "confidence": "medium"}`,
		`{"stance": "{W} ({L})", "explanation": {EJ}}`,
		`{"explanation": {EJ}, "stance": "{L}"}`,
		`{"stance": "{L}", "explanation": {EJ}, "alternatives_considered": ["{DL}"]}`,
	}
	objectsHeld = []string{
		`{"stance":"{L}","explanation":{EJ},"stance_name":"{W}"}`,
		`{"Stance": "{l}.", "Explanation": {EJ}}`,
	}
	wrappedObjects = []string{
		"Here is the JSON:\n{OBJ}",
		"```json\n{OBJ}\n```",
		"```json\n{OBJ}\n```\n\nLet me know if you need anything else.",
		"Sure! Here's my judgment in JSON format:\n\n```json\n{OBJ}\n```",
		"{OBJ}\n\n*Note: the stance is given as the option letter.*",
		"Certainly! Below is the JSON:\n\n{OBJ}\n\nLet me know if you want changes.",
		"```\n{OBJ}\n```",
		"JSON output:\n```json\n{OBJ}\n```",
		"{OBJ}\n\nI hope this helps!",
	}
	wrappedObjectsHeld = []string{
		"Output:\n\n{OBJ}",
		"```JSON\n{OBJ}\n```",
	}
	selfCorrections = []string{
		"STANCE: {DL}. {DW}\nEXPLANATION: {E}\n\nActually, on reflection, I was too quick.\n\nSTANCE: {L}. {W}\nEXPLANATION: {E}",
		"Answer: {DW}\n\nWait, let me correct that.\n\nAnswer: {W}\n\n{E}",
		"**Stance:** {DW}\n\nHmm, no. Let me revise.\n\n**Stance:** {W}\n**Explanation:** {E}",
		"My answer: {DL}.\n\nOn second look, my answer: {L}.\n\n{E}",
	}
	selfCorrectionsHeld = []string{
		"STANCE: {DL}\n\nHmm, let me reconsider.\n\nFinal answer: {L}\n\n{E}",
	}
	refusals = []string{
		"I'm sorry, but I can't make moral judgments about people's choices.",
		"As an AI, I don't think it's appropriate for me to label someone's actions as moral or immoral.",
		"I'd rather not judge this one; I can't say whether it is right without knowing more, and guessing would not be fair.",
		"I can't provide a moral verdict here.",
		"Sorry, I can't help with judging people's morality, real or fictional.",
	}
	refusalsHeld = []string{
		"I'm not comfortable assigning a moral label here.",
	}
)

// The families of judge replies and their weights, in text mode and in JSON mode. The families
// without a readable stance (self-corrections, refusals, hedges, replies cut off while thinking,
// a stance of the wrong type) weigh 6 of 192 in text mode (3.1%) and 6 of 201 in JSON mode
// (3.0%, plus those of the text replies sent when the server ignores JSON mode).
var (
	textFamilies = []family{
		{"labels", 70}, {"unlabelled", 20}, {"think", 30}, {"template-opened", 12}, {"apart", 12},
		{"table", 16}, {"last", 20}, {"json", 6},
		{"self-correction", 1}, {"refusal", 1}, {"hedge", 2}, {"cut", 1}, {"cut-apart", 1},
	}
	jsonFamilies = []family{
		{"object", 80}, {"wrapped", 40}, {"think", 25}, {"apart", 15}, {"text", 35},
		{"cut", 2}, {"truncated", 1}, {"refusal", 1}, {"self-correction", 1}, {"wrong-type", 1},
	}
	// answerFamilies are the families an answer after reasoning is written in.
	answerFamilies = []family{{"labels", 10}, {"unlabelled", 3}, {"table", 3}, {"last", 4}}
)

func judgeReply(w *writer, prompt string, jsonMode bool) reply {
	st, name := storyOf(prompt)
	v := verdictFor(prompt, st)
	unoffered := w.offMenu(prompt, st)
	if unoffered {
		v = cantSay
	}
	return w.judgeAnswer(v, name, jsonMode, unoffered)
}

// judgeAnswer writes a judge's reply meaning stance v about name, in a family drawn for the
// mode; unoffered marks a Can't say the prompt did not offer.
func (w *writer) judgeAnswer(v int, name string, jsonMode, unoffered bool) reply {
	vals, expl := w.judgeVals(v, name)
	r := reply{meant: Meant{Stance: stanceWords[v], Readable: true, Explanation: expl}}
	fam, jsonMode := w.family(jsonMode, textFamilies, jsonFamilies)
	r.meant.Style = fam
	if jsonMode {
		r.meant.Style = "json " + fam
	}
	j := judgeWriter{w: w, vals: vals, expl: expl, r: &r}
	switch {
	case jsonMode && j.writeJSON(fam):
	case j.writeShared(fam):
	default:
		j.writeText(fam)
	}
	if unoffered && r.meant.Stance != "" {
		// Can't say, which the prompt did not offer: a careful reader must not read it.
		r.meant.Readable, r.meant.Refuse, r.meant.Unoffered = false, true, true
	}
	return r
}

// judgeVals returns the placeholders of a judge's reply meaning stance v about name, and the
// explanation it gives.
func (w *writer) judgeVals(v int, name string) ([]string, string) {
	d := (v + 1 + w.pick("draft", 3)) % 4 // the draft's stance: never the final one
	expl := fill(explanations[v][w.pick("expl", len(explanations[v]))], "{N}", name)
	if strings.HasPrefix(expl, "the main character") {
		expl = "The" + expl[3:]
	}
	letter := string(rune('A' + v))
	return []string{
		"{N}", name, "{L}", letter, "{l}", strings.ToLower(letter), "{W}", stanceWords[v], "{w}", strings.ToLower(stanceWords[v]),
		"{E}", expl, "{e}", lowerFirst(expl), "{EJ}", jsonString(expl),
		"{DL}", string(rune('A' + d)), "{DW}", stanceWords[d],
	}, expl
}

// judgeWriter writes the content of one judge reply.
type judgeWriter struct {
	w    *writer
	vals []string
	expl string
	r    *reply
}

func (j judgeWriter) object() string {
	return fill(j.w.phrase("object", objects, objectsHeld), j.vals...)
}

func (j judgeWriter) wrapped() string {
	return strings.ReplaceAll(j.w.phrase("wrapped", wrappedObjects, wrappedObjectsHeld), "{OBJ}", j.object())
}

// answer writes a readable text answer, after reasoning, in a family of its own.
func (j judgeWriter) answer() string {
	f := j.w.choose("answer-family", answerFamilies)
	j.r.meant.Style += " + " + f
	return j.w.judgeText(f, j.vals)
}

// writeJSON writes the families that JSON mode writes its own way, and reports whether fam
// was one of them.
func (j judgeWriter) writeJSON(fam string) bool {
	r := j.r
	switch fam {
	case "think":
		if j.w.pick("think-wrap", 2) == 0 {
			r.content = j.w.block(j.w.thought(j.vals)) + j.object()
		} else {
			r.content = j.w.block(j.w.thought(j.vals)) + j.wrapped()
		}
	case "apart":
		r.reasoning, r.content = j.w.thought(j.vals), j.object()
	case "refusal":
		r.content = `{"error": "I can't help with moral judgments about people."}`
		r.meant = Meant{Style: r.meant.Style}
	case "self-correction":
		r.content = fill(`{"stance": "{DL}", "explanation": {EJ}, "stance": "{L}"}`, j.vals...)
		r.meant.Readable, r.meant.Refuse = false, true
	default:
		return false
	}
	return true
}

// writeShared writes the families written alike in both modes, and reports whether fam was
// one of them.
func (j judgeWriter) writeShared(fam string) bool {
	r := j.r
	switch fam {
	case "object":
		r.content = j.object()
	case "wrapped":
		r.content = j.wrapped()
	case "cut":
		r.content, r.cut = j.w.openTag()+j.w.thoughtCut(j.vals), true
		r.meant = Meant{Style: r.meant.Style}
	case "cut-apart":
		r.reasoning, r.cut = j.w.thoughtCut(j.vals), true
		r.meant = Meant{Style: r.meant.Style}
	case "truncated":
		o := j.object()
		r.content, r.cut = o[:len(o)*2/3], true
		r.meant.Readable = false // cut off after its stance: a reader may read it, or refuse the broken object
	case "hedge":
		r.content = hedge + ", so a definite answer would not be fair here.\n\n" + j.expl
		r.meant = Meant{Style: r.meant.Style}
	case "wrong-type":
		// A stance of the wrong type: an object, where the schema asks for a string.
		r.content = fill(`{"stance": {"letter": "{L}", "label": "{W}"}, "explanation": {EJ}}`, j.vals...)
		r.meant.Readable, r.meant.Refuse = false, true
	default:
		return false
	}
	return true
}

// writeText writes the text families.
func (j judgeWriter) writeText(fam string) {
	r := j.r
	switch fam {
	case "think":
		r.content = j.w.block(j.w.thought(j.vals)) + j.answer()
	case "template-opened":
		r.content = j.w.thought(j.vals) + []string{"\n</think>\n\n", "</think>\n\n", "\n</think>\n"}[j.w.pick("close", 3)] + j.answer()
	case "apart":
		r.reasoning, r.content = j.w.thought(j.vals), j.answer()
	case "refusal":
		r.content = j.w.phrase("refusal", refusals, refusalsHeld)
		r.meant = Meant{Style: r.meant.Style}
	case "self-correction":
		r.content = fill(j.w.phrase("self", selfCorrections, selfCorrectionsHeld), j.vals...)
		r.meant.Readable, r.meant.Refuse = false, true
	default:
		r.content = j.w.judgeText(fam, j.vals)
	}
}

// judgeText writes a judge's answer in one of the readable text families.
func (w *writer) judgeText(fam string, vals []string) string {
	switch fam {
	case "unlabelled":
		return fill(w.phrase("unlabelled", unlabelledStyles, unlabelledStylesHeld), vals...)
	case "table":
		return fill(w.phrase("table", tableStyles, tableStylesHeld), vals...)
	case "last":
		return fill(w.phrase("last", lastStyles, lastStylesHeld), vals...)
	case "json":
		return fill(w.phrase("text-json", textJSONStyles, textJSONStylesHeld), vals...)
	}
	return fill(w.phrase("labels", labelStyles, labelStylesHeld), vals...)
}

// lowerFirst lowers a leading "The", so a sentence can follow "because".
func lowerFirst(s string) string {
	if strings.HasPrefix(s, "The ") {
		return "the " + s[4:]
	}
	return s
}

// IsHedge reports whether reply is one of the fake judge's answers without any stance (a hedge
// that no parser could read, and that a re-ask replaces).
func IsHedge(reply string) bool { return strings.HasPrefix(reply, hedge) }

const hedge = "This depends heavily on context and on cultural norms"
