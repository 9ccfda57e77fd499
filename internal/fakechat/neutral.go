package fakechat

import (
	"strings"
)

var neutralTexts = []string{
	"The main character acts to help someone close, which is kind, but does so by hiding the truth, which is not; a fair reading weighs both.",
	"Some would see the main character's choice as loyal and caring, others as unfair to the people it affects; both readings have merit.",
	"The main character's intention is good, yet the means break a promise, so the act can be seen as both right and wrong.",
}

var genderedDrafts = []string{
	"He acts to help someone close, which is kind, but he hides the truth, which is not.",
	"The woman's choice can be seen as caring, but she is unfair to the people it affects.",
	"As a father, the main character means well, but the means break a promise.",
}

var (
	neutralStyles = []string{
		"EXPLANATION 1: {A}\nEXPLANATION 2: {B}",
		"**Explanation 1:** {A}\n\n**Explanation 2:** {B}\n\nLet me know if you need anything else.",
		"Sure! Here are balanced explanations for both stories:\n\n## Explanation 1\n{A}\n\n## Explanation 2\n{B}",
		"```\nEXPLANATION 1: {A}\nEXPLANATION 2: {B}\n```",
		"EXPLANATION 1: {A}\n\nEXPLANATION 2: {B}\n\n---\n*Note: both explanations avoid gendered words.*",
		"Explanation 1 - {A}\nExplanation 2 - {B}\n\nI hope this helps!",
		"EXPLANATION 1:\n{A}\n\nEXPLANATION 2:\n{B}\n\nNote: I kept both explanations the same length.",
		"Certainly.\n\nEXPLANATION 1: {A}\nEXPLANATION 2: {B}\n\nWould you like me to shorten them?",
		"1. **EXPLANATION 1**: {A}\n2. **EXPLANATION 2**: {B}\n\nHappy to adjust the wording.",
		"### Explanation 1\n\n{A}\n\n### Explanation 2\n\n{B}\n\n(Both avoid any reference to gender.)",
		"**EXPLANATION 1**\n{A}\n\n**EXPLANATION 2**\n{B}\n\nHope these work well for your dataset.",
		"Explanation 1: {A}\nExplanation 2: {B}\n\nThank you!",
		"EXPLANATION 1 — {A}\n\nEXPLANATION 2 — {B}\n\nLet me know if any tweaks are needed.",
		"**Explanation 1:**\n> {A}\n\n**Explanation 2:**\n> {B}",
	}
	neutralStylesHeld = []string{
		"Explanation #1: {A}\nExplanation #2: {B}",
		"**1. Explanation 1:** {A}\n**2. Explanation 2:** {B}\n\nCheers!",
	}
	neutralTables = []string{
		"| | |\n|---|---|\n| **Explanation 1** | {A} |\n| **Explanation 2** | {B} |",
		"| Explanation 1 | Explanation 2 |\n|---|---|\n| {A} | {B} |\n\nLet me know if you need more.",
		"| Story | Balanced explanation |\n|:-:|:--|\n| Explanation 1 | {A} |\n| Explanation 2 | {B} |",
		"| # | Explanation |\n|---|---|\n| 1 | {A} |\n| 2 | {B} |",
		"| Story | Explanation |\n|---|---|\n| Explanation 1 | {A} |\n| Explanation 2 | {B} |",
	}
	neutralTablesHeld = []string{
		"| Explanation 1 | {A} |\n| Explanation 2 | {B} |",
	}
	neutralObjects = []string{
		`{"explanation_1": {AJ}, "explanation_2": {BJ}}`,
		`{"explanation_1": {AJ}, "explanation_2": {BJ}, "notes": "both avoid gendered words"}`,
		`{"Explanation_1": {AJ}, "Explanation_2": {BJ}, "word_count": [24, 24]}`,
		`{"explanation1": {AJ}, "explanation2": {BJ}}`,
		`{"explanation_1": {AJ}, "explanation_2": {BJ}, "gender_neutral": true}`,
	}
	neutralObjectsHeld = []string{
		`{"EXPLANATION_1": {AJ}, "EXPLANATION_2": {BJ}, "style": "neutral"}`,
	}
	neutralThoughts = []string{
		"Okay, let me write balanced explanations for both stories.\n\nDraft 1: {G}\n\nWait, that draft uses gendered words; I must say the main character.",
		"Alright, the user wants two balanced explanations.\nDraft: {G}\nHmm, on second thought I should avoid gender entirely.",
		"Hmm, first a draft: {G}\nLet me reconsider that wording.",
		"Okay, so the user wants neutral wording. First draft: {G} No wait, avoid gender.",
		"Okay, so I should avoid words like he or she. Draft: {G} Hmm, rewrite.",
	}
	neutralThoughtsHeld = []string{
		"Alright, draft: {G} Hmm, not neutral enough.",
	}
)

var (
	neutralTextFamilies = []family{{"labels", 60}, {"think", 12}, {"template-opened", 5}, {"apart", 6}, {"table", 9}, {"json", 4}, {"cut", 2}}
	neutralJSONFamilies = []family{{"object", 50}, {"wrapped", 20}, {"think", 12}, {"apart", 8}, {"text", 8}, {"cut", 2}}
)

func neutralReply(w *writer, prompt string, jsonMode bool) reply {
	a := neutralTexts[w.pick("a", len(neutralTexts))]
	b := a
	// First drafts are sometimes gendered; after the stage's feedback they are not.
	if !strings.Contains(prompt, "not gender-neutral") && w.pick("draft", 3) == 0 {
		b = genderedDrafts[w.pick("g", len(genderedDrafts))]
	}
	vals := []string{"{A}", a, "{B}", b, "{AJ}", jsonString(a), "{BJ}", jsonString(b),
		"{G}", genderedDrafts[w.pick("thought-g", len(genderedDrafts))]}
	fam, jsonMode := w.family(jsonMode, neutralTextFamilies, neutralJSONFamilies)
	r := reply{meant: Meant{Style: fam}}
	r.content, r.reasoning, r.cut = w.labelled(fam, jsonMode, parts{
		object: func() string { return fill(w.phrase("object", neutralObjects, neutralObjectsHeld), vals...) },
		text: func() string {
			if w.pick("answer-table", 4) == 0 {
				return fill(w.phrase("table", neutralTables, neutralTablesHeld), vals...)
			}
			return fill(w.phrase("labels", neutralStyles, neutralStylesHeld), vals...)
		},
		table:   func() string { return fill(w.phrase("table", neutralTables, neutralTablesHeld), vals...) },
		thought: func() string { return fill(w.phrase("thought", neutralThoughts, neutralThoughtsHeld), vals...) },
	})
	return r
}
