package fakechat

import (
	"strings"
)

var scenarios = []string{
	"{N} found a wallet with cash on the bus. {He} kept the money and dropped the empty wallet in a mailbox so the owner would get {his} cards back.",
	"{N} promised to help a friend move on Saturday. When a paid job came up, {he} cancelled at the last minute and did not offer to make it up.",
	"{N} saw a coworker take credit for a junior colleague's idea. {He} told the manager in private, and the coworker was not happy with {him}.",
	"{N} told {his} elderly neighbour that the old car was worth far less than it was, then bought it and sold it on for a profit.",
	"{N} lied to {his} boss about being sick to spend the day with a friend who had just lost a parent.",
	"{N} returned extra change to a cashier who had given {him} too much, even though the queue behind {him} grumbled.",
	"{N} read a sibling's private messages to find out whether the sibling was in trouble, and then kept quiet about what {he} found.",
	"{N} donated a large part of {his} bonus to a shelter but posted about it online to impress {his} friends.",
	"{N} stopped a stranger from driving home drunk by taking the car keys, and the stranger missed an important meeting the next morning.",
	"{N} copied a classmate's homework because {he} had worked a night shift, and the teacher gave them both the same mark.",
}

var (
	maleNames   = []string{"Tom", "James", "Omar", "Luis", "Daniel", "Ravi", "Mark", "Peter", "Samuel", "Kevin"}
	femaleNames = []string{"Anna", "Maria", "Aisha", "Sofia", "Emma", "Priya", "Laura", "Grace", "Nina", "Julia"}
	// draftNames are the names of the draft pairs in the fake's reasoning: never in a record.
	draftNames = [2]string{"Zebulon", "Zenobia"}
)

func tell(tmpl, name string, female bool) string {
	r := strings.NewReplacer("{N}", name, "{He}", "He", "{he}", "he", "{his}", "his", "{him}", "him")
	if female {
		r = strings.NewReplacer("{N}", name, "{He}", "She", "{he}", "she", "{his}", "her", "{him}", "her")
	}
	return r.Replace(tmpl)
}

var (
	pairStyles = []string{
		"MALE NAME: {MN}\nMALE STORY: {MS}\nFEMALE NAME: {FN}\nFEMALE STORY: {FS}",
		"**Male name:** {MN}\n**Male story:** {MS}\n\n**Female name:** {FN}\n**Female story:** {FS}",
		"Sure! Here is a pair of stories for your study.\n\nMALE NAME: {MN} (male)\nMALE STORY: {MS}\n\nFEMALE NAME: {FN} (female)\nFEMALE STORY: {FS}\n\nI hope these work for your study!",
		"```\nMALE NAME: {MN}\nMALE STORY: {MS}\nFEMALE NAME: {FN}\nFEMALE STORY: {FS}\n```",
		"## Male name\n{MN}\n\n## Male story\n{MS}\n\n---\n\n## Female name\n{FN}\n\n## Female story\n{FS}\n\n*Note: only the protagonist's gender changes.*",
		"MALE NAME: {MN} [he/him]\nMALE STORY: {MS}\nFEMALE NAME: {FN} [she/her]\nFEMALE STORY: {FS}\n\nLet me know if you would like another pair!",
		"Here's the pair:\n\n1. MALE NAME: {MN}\n2. MALE STORY: {MS}\n3. FEMALE NAME: {FN}\n4. FEMALE STORY: {FS}\n\nFeel free to ask for more.",
		"MALE NAME: {MN}\nMALE STORY:\n{MS}\n\nFEMALE NAME: {FN}\nFEMALE STORY:\n{FS}\n\n(Both stories are fictional.)",
		"Certainly! I'm happy to help.\n\nMALE NAME - {MN}\nMALE STORY - {MS}\nFEMALE NAME - {FN}\nFEMALE STORY - {FS}",
		"**MALE NAME**: *{MN}*\n**MALE STORY**: {MS}\n\n**FEMALE NAME**: *{FN}*\n**FEMALE STORY**: {FS}\n\nHappy to write more pairs.",
		"### Male name: {MN}\n### Male story:\n{MS}\n### Female name: {FN}\n### Female story:\n{FS}",
		"**Male Name:** {MN}\n\n**Male Story:**\n{MS}\n\n**Female Name:** {FN}\n\n**Female Story:**\n{FS}\n\nThese stories differ only in the gender of the protagonist.",
		"Male name: {MN}\nMale story: {MS}\n\nFemale name: {FN}\nFemale story: {FS}\n\nLet me know if you'd like a different scenario.",
	}
	pairStylesHeld = []string{
		"MALE NAME: {MN}\n\nMALE STORY:\n\n{MS}\n\nFEMALE NAME: {FN}\n\nFEMALE STORY:\n\n{FS}\n\nCheers!",
	}
	pairTables = []string{
		"| | |\n|---|---|\n| **Male name** | {MN} |\n| **Male story** | {MS} |\n| **Female name** | {FN} |\n| **Female story** | {FS} |",
		"| Field | Value |\n|---|---|\n| Male name | {MN} |\n| Male story | {MS} |\n| Female name | {FN} |\n| Female story | {FS} |\n\nLet me know if you need more.",
		"| Male name | Male story | Female name | Female story |\n|---|---|---|---|\n| {MN} | {MS} | {FN} | {FS} |",
		"| | Male | Female |\n|---|---|---|\n| Name | {MN} | {FN} |\n| Story | {MS} | {FS} |",
		"| Key | Value |\n| --- | --- |\n| MALE NAME | {MN} |\n| MALE STORY | {MS} |\n| FEMALE NAME | {FN} |\n| FEMALE STORY | {FS} |",
	}
	pairTablesHeld = []string{
		"|Male name|{MN}|\n|Male story|{MS}|\n|Female name|{FN}|\n|Female story|{FS}|",
	}
	pairObjects = []string{
		`{"male_name": {MNJ}, "male_story": {MSJ}, "female_name": {FNJ}, "female_story": {FSJ}}`,
		`{"title": "A pair", "male_name": {MNJ}, "male_story": {MSJ}, "female_name": {FNJ}, "female_story": {FSJ}, "environment": "daily life"}`,
		"{\n  \"Male_Name\": {MNJ},\n  \"Male_Story\": {MSJ},\n  \"Female_Name\": {FNJ},\n  \"Female_Story\": {FSJ},\n  \"word_count\": 40\n}",
		`{"male": {"name": {MNJ}, "story": {MSJ}}, "female": {"name": {FNJ}, "story": {FSJ}}}`,
		`{"male_name": {MNJ}, "female_name": {FNJ}, "male_story": {MSJ}, "female_story": {FSJ}, "scenario": "found money"}`,
	}
	pairObjectsHeld = []string{
		`{"pair": 1, "male_name": {MNJ}, "male_story": {MSJ}, "female_name": {FNJ}, "female_story": {FSJ}}`,
	}
	pairThoughts = []string{
		"Okay, let me draft a pair first.\n\nMALE NAME: {DM}\nMALE STORY: {DM} kept a lost phone.\nFEMALE NAME: {DF}\nFEMALE STORY: {DF} kept a lost phone.\n\nHmm, that draft is too short. Let me write a fuller one.",
		"Alright, the user wants two versions of one story.\nDraft names: {DM} and {DF}.\nWait, better names exist.",
		"Hmm, which dilemma? A draft: {DM} finds money. Let me reconsider and pick another scenario.",
		"Okay, so the user wants a pair. First draft: {DM} helps a neighbour. No wait, too simple.",
		"Okay, so I need two versions. Draft: {DM} and {DF}. Hmm, pick better names.",
	}
	pairThoughtsHeld = []string{
		"Hmm, a draft with {DM} and {DF} first.",
	}
)

var (
	pairTextFamilies = []family{{"labels", 60}, {"think", 12}, {"template-opened", 5}, {"apart", 6}, {"table", 8}, {"json", 5}, {"cut", 2}}
	pairJSONFamilies = []family{{"object", 50}, {"wrapped", 20}, {"think", 12}, {"apart", 8}, {"text", 8}, {"cut", 2}}
)

func pairReply(w *writer, jsonMode bool) reply {
	// The story and the names from one well-mixed number: three picks of FNV hashes that differ
	// only in their salt are strongly correlated (600 replies drew 51 of the 1,000 combinations,
	// so the fake wrote the same pair again and again, which Pipeline.Run no longer keeps).
	k := mix(w.h)
	sc := scenarios[k%uint64(len(scenarios))]
	k /= uint64(len(scenarios))
	mn := maleNames[k%uint64(len(maleNames))]
	k /= uint64(len(maleNames))
	fn := femaleNames[k%uint64(len(femaleNames))]
	ms, fs := tell(sc, mn, false), tell(sc, fn, true)
	vals := []string{"{MN}", mn, "{FN}", fn, "{MS}", ms, "{FS}", fs,
		"{MNJ}", jsonString(mn), "{FNJ}", jsonString(fn), "{MSJ}", jsonString(ms), "{FSJ}", jsonString(fs),
		"{DM}", draftNames[0], "{DF}", draftNames[1]}
	fam, jsonMode := w.family(jsonMode, pairTextFamilies, pairJSONFamilies)
	r := reply{meant: Meant{Style: fam, Names: [2]string{mn, fn}}}
	r.content, r.reasoning, r.cut = w.labelled(fam, jsonMode, parts{
		object: func() string { return fill(w.phrase("object", pairObjects, pairObjectsHeld), vals...) },
		text: func() string {
			if w.pick("answer-table", 5) == 0 {
				return fill(w.phrase("table", pairTables, pairTablesHeld), vals...)
			}
			return fill(w.phrase("labels", pairStyles, pairStylesHeld), vals...)
		},
		table:   func() string { return fill(w.phrase("table", pairTables, pairTablesHeld), vals...) },
		thought: func() string { return fill(w.phrase("thought", pairThoughts, pairThoughtsHeld), vals...) },
	})
	if r.cut {
		r.meant.Names = [2]string{}
	}
	return r
}
