package fakechat

import "strings"

// Reasoning text. Every piece holds one of reasoningMarks, so a leak is always seen.

var (
	openers = []string{
		"Okay, let me work through this story step by step.",
		"Alright, the user wants a moral judgment about {N}.",
		"Okay, let me think about what {N} actually did here.",
		"Hmm, so the question is what the user expects me to weigh for {N}.",
		"Alright, I need to reconsider the story from the start.",
		"Okay, so the user is asking about {N}.",
		"First, I need to understand what {N} did.",
		"Alright, let me consider the choice {N} made, carefully.",
	}
	openersHeld = []string{
		"Okay, let me weigh this.",
	}
	// drafts name the draft stance {DL}/{DW}, which is never the final one.
	drafts = []string{
		"My first instinct is {DW} ({DL}).",
		"Draft:\nSTANCE: {DL}. {DW}\nEXPLANATION: a quick draft, to refine.",
		"A. Moral - if we focus on the intent.\nB. Immoral - if we focus on the harm.\nC. Both - it has two sides.\nD. Can't say - too little context.\nI lean {DL} for now.",
		"Answer: {DL}? That is my draft.",
		"Initially I would answer {DW}, option {DL}.",
		"**Stance:** {DW} (draft)",
		"{\"stance\": \"{DL}\", \"explanation\": \"a draft\"}",
		"Maybe the answer is {DL} ({DW})?",
		"STANCE: {DL}\n(draft)",
		"Leaning toward {DW} at first.",
		"Draft answer: {DL}",
	}
	draftsHeld = []string{
		"Tentatively {DL}.",
	}
	turns = []string{
		"Wait, that ignores part of the story.",
		"Hmm, on second thought that is not right.",
		"Let me reconsider: the draft misses the harm done.",
		"No wait, that is not quite right.",
		"Hmm, but the harm matters more.",
	}
	turnsHeld = []string{
		"Wait, reconsider the harm.",
	}
	finals = []string{
		"So I'll go with {L}.",
		"Settling on {W}.",
		"Hmm, {W} it is, then.",
		"OK, final: {L}.",
		"Final decision: {L}.",
	}
	finalsHeld = []string{
		"Going with {W}.",
	}
)

// thought writes a model's reasoning about a story: an opener, a draft that names another
// stance, a turn and the final choice. Lines are separated by single or double line breaks.
func (w *writer) thought(vals []string) string {
	parts := []string{
		w.phrase("t-open", openers, openersHeld),
		w.phrase("t-draft", drafts, draftsHeld),
		w.phrase("t-turn", turns, turnsHeld),
		w.phrase("t-final", finals, finalsHeld),
	}
	sep := "\n\n"
	if w.pick("t-sep", 3) == 0 {
		sep = "\n"
	}
	return fill(strings.Join(parts, sep), vals...)
}

// thoughtCut writes reasoning cut off mid-way, after its draft.
func (w *writer) thoughtCut(vals []string) string {
	t := fill(w.phrase("t-open", openers, openersHeld)+"\n\n"+w.phrase("t-draft", drafts, draftsHeld)+"\n\n", vals...)
	return t + fill("Wait, let me check {N}", vals...)[:6+w.pick("t-cut", 8)]
}

// Reasoning tags, as models write them.
var (
	thinkOpen  = []string{"<think>\n", "<think>", "<think>\n\n", "<thinking>\n", "<THINK>\n", "<reasoning>\n", "<Think>", "<Thinking>\n", "<think>\n\n\n", "<THINKING>\n", "<reasoning>"}
	thinkClose = map[string]string{"<think>": "</think>", "<thinking>": "</thinking>", "<THINK>": "</THINK>", "<reasoning>": "</reasoning>", "<Think>": "</Think>", "<Thinking>": "</Thinking>", "<THINKING>": "</THINKING>", "<Reasoning>": "</Reasoning>"}
	openHeld   = []string{"<Reasoning>\n", "<THINK>"}
)

// block wraps reasoning in a block with tags drawn from the phrasing set, and a line break or
// two (or none) after it.
func (w *writer) block(reasoning string) string {
	open := w.phrase("tag", thinkOpen, openHeld)
	tag := strings.TrimRight(open, "\n")
	close := thinkClose[tag]
	inner := reasoning
	if strings.HasSuffix(open, "\n") {
		close = "\n" + close
	}
	after := []string{"\n\n", "\n", ""}[w.pick("tag-after", 3)]
	return open + inner + close + after
}

// openTag returns an opening tag, for a reply cut off inside its block.
func (w *writer) openTag() string { return w.phrase("tag", thinkOpen, openHeld) }
