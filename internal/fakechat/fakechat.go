// Package fakechat is a realistic fake of an OpenAI-compatible chat model, for tests: an
// http.Handler that answers POST /chat/completions the way an imperfect real model does, so the
// stage parsers and the pipeline can be tried through langchaingo's real openai client.
//
// It recognises the three prompts of evenhand (pair generation, judging, neutral explanations)
// and answers each in one of many styles: the format asked for, markdown labels and headings,
// code fences, preambles ("Sure! Here is ..."), trailing offers and notes ("Let me know ...",
// "*Note: ...*", "---"), name glosses ("Tom (male)"), unlabelled answers ("**Immoral** – ...",
// "I would say (B) Immoral because ..."), and now and then an answer with no stance at all. Its
// judge is gender-biased (it judges some women's stories more harshly than the same men's
// stories), and its first drafts of neutral explanations sometimes use gendered words, so the
// neutral stage must ask again. A request in JSON mode (response_format json_object) gets a
// JSON object in the stage's schema, sometimes fenced.
//
// Replies are deterministic: a reply depends only on the prompt and on how many times that same
// prompt was asked before, so a re-ask gets a fresh reply and a run gives the same replies
// whatever the concurrency. [Server.Chatter] lists the chatter it injects, for tests that check
// that none of it reaches a record. A Server is safe for concurrent use.
package fakechat

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// Server is the fake model. The zero value is ready to use.
type Server struct {
	mu      sync.Mutex
	seen    map[string]int // prompt -> times asked
	calls   int
	byStage map[string]int
}

// The stages [Server.CallsFor] counts.
const (
	StageGenerate = "generate"
	StageJudge    = "judge"
	StageNeutral  = "neutral"
	// StageNeutralAgain counts the neutral prompts that carry the stage's feedback on a
	// gendered earlier draft (they count under StageNeutral too).
	StageNeutralAgain = "neutral again"
)

// CallsFor returns how many chat completions the server has answered for one stage:
// [StageGenerate], [StageJudge] or [StageNeutral].
func (s *Server) CallsFor(stage string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byStage[stage]
}

// stageOf names the stage a prompt is for, or "".
func stageOf(prompt string) string {
	switch {
	case strings.Contains(prompt, "MALE STORY"):
		return StageGenerate
	case strings.Contains(prompt, "EXPLANATION 1"):
		return StageNeutral
	case strings.Contains(prompt, "STANCE"):
		return StageJudge
	}
	return ""
}

// Calls returns how many chat completions the server has answered.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// Chatter returns the chatter, fences and glosses the server puts around its answers: none of it
// may reach a record or a training row.
func (s *Server) Chatter() []string {
	return append([]string(nil), chatterMarks...)
}

var chatterMarks = []string{
	"```", "---", "Sure!", "Certainly", "Here is", "Here's", "Let me know", "I hope", "Feel free",
	"Note:", "(male)", "(female)", "[he/him]", "[she/her]", "happy to help", "Would you like",
}

type chatRequest struct {
	Messages []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	} `json:"messages"`
	ResponseFormat *struct {
		Type string `json:"type"`
	} `json:"response_format"`
}

// text returns a message's content, a string or a list of text parts.
func text(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []struct {
		Text string `json:"text"`
	}
	_ = json.Unmarshal(raw, &parts)
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

// ServeHTTP answers POST .../chat/completions.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/chat/completions") {
		http.Error(w, `{"error": {"message": "not found"}}`, http.StatusNotFound)
		return
	}
	var req chatRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Messages) == 0 {
		http.Error(w, `{"error": {"message": "bad request"}}`, http.StatusBadRequest)
		return
	}
	prompt := text(req.Messages[len(req.Messages)-1].Content)
	s.mu.Lock()
	if s.seen == nil {
		s.seen = map[string]int{}
	}
	n := s.seen[prompt]
	s.seen[prompt]++
	s.calls++
	if s.byStage == nil {
		s.byStage = map[string]int{}
	}
	s.byStage[stageOf(prompt)]++
	if strings.Contains(prompt, "not gender-neutral") {
		s.byStage[StageNeutralAgain]++
	}
	s.mu.Unlock()

	jsonMode := req.ResponseFormat != nil && req.ResponseFormat.Type == "json_object"
	reply := Reply(prompt, n, jsonMode)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"id": fmt.Sprintf("fake-%d", n), "object": "chat.completion", "model": "fakechat",
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": reply}}},
		"usage": map[string]any{"prompt_tokens": len(prompt) / 4, "completion_tokens": len(reply) / 4,
			"total_tokens": len(prompt)/4 + len(reply)/4},
	})
}

// Reply returns the reply to prompt asked for the n-th time (0-based), in JSON mode or not.
func Reply(prompt string, n int, jsonMode bool) string {
	h := hash(prompt, n)
	switch stageOf(prompt) {
	case StageGenerate:
		return pairReply(prompt, h, jsonMode)
	case StageNeutral:
		return neutralReply(prompt, h, jsonMode)
	case StageJudge:
		return judgeReply(prompt, h, jsonMode)
	}
	return "Sure! What would you like me to do?"
}

func hash(parts ...any) uint64 {
	f := fnv.New64a()
	for _, p := range parts {
		fmt.Fprint(f, p, "\x00")
	}
	return f.Sum64()
}

// mix is splitmix64's finaliser: every bit of its result depends on every bit of x.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// pick returns a choice in [0, n) drawn from h and a salt.
func pick(h uint64, salt string, n int) int { return int(hash(h, salt) % uint64(n)) }

// ---- the judge ----

var (
	quotedStory = regexp.MustCompile(`(?s)"""\n(.*?)\n"""`)
	actionOf    = regexp.MustCompile(`the action of (.+?) is moral or immoral`)
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
	}
	return st, name
}

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
	k := hash(baseKey(st))
	v := []int{moral, moral, moral, moral, immoral, immoral, immoral, immoral, both, both, both, cantSay}[k%12]
	if v == moral && womanFirst(st) && hash(st, "bias")%2 == 0 {
		v = immoral
	}
	return v
}

var explanations = [...][]string{
	moral: {
		"%s acts out of care for the people involved and harms no one; the choice is kind and honest.",
		"What %s does helps someone in need at a small cost to themselves, which most people would call right.",
	},
	immoral: {
		"%s puts their own convenience first and breaks the trust of the people around them.",
		"The choice %s makes deceives others for personal gain, which is wrong even if no one finds out.",
	},
	both: {
		"%s means well, but the way they go about it is dishonest, so the act has a good and a bad side.",
		"There is something admirable in what %s does, yet it also hurts someone who trusted them.",
	},
	cantSay: {
		"The story leaves out too much about why %s acts this way to judge it fairly.",
	},
}

func judgeReply(prompt string, h uint64, jsonMode bool) string {
	st, name := storyOf(prompt)
	v := verdict(st)
	expl := fmt.Sprintf(explanations[v][pick(h, "expl", len(explanations[v]))], name)
	if strings.HasPrefix(expl, "the main character") {
		expl = "The" + expl[3:]
	}
	letter := string(rune('A' + v))
	word := stanceWords[v]
	if jsonMode {
		body := fmt.Sprintf(`{"stance": %q, "explanation": %q}`, letter, expl)
		if pick(h, "fence", 10) == 0 {
			return "```json\n" + body + "\n```"
		}
		return body
	}
	switch pick(h, "style", 40) {
	case 0: // about 1 in 40: no stance at all (a re-ask gets another style)
		return hedge + ", so a definite answer would not be fair here.\n\n" + expl
	case 1, 2, 3, 4, 5, 6:
		return fmt.Sprintf("STANCE: %s. %s\nEXPLANATION: %s", letter, word, expl)
	case 7, 8, 9:
		return fmt.Sprintf("**Stance:** %s\n\n**Explanation:** %s", word, expl)
	case 10, 11:
		return fmt.Sprintf("## Stance\n%s\n\n## Explanation\n%s", word, expl)
	case 12, 13, 14:
		return fmt.Sprintf("Sure! Here is my judgment.\n\nSTANCE: %s\nEXPLANATION: %s\n\nLet me know if you would like me to look at it from another angle.", word, expl)
	case 15, 16:
		return fmt.Sprintf("I would say (%s) %s because %s", letter, word, lowerFirst(expl))
	case 17, 18:
		return fmt.Sprintf("Answer: %s. %s\n\n%s", letter, word, expl)
	case 19, 20:
		return fmt.Sprintf("My stance: %s\n%s", word, expl)
	case 21, 22, 23:
		return fmt.Sprintf("**%s** – %s", word, lowerFirst(expl))
	case 24, 25:
		return fmt.Sprintf("```\nSTANCE: %s\nEXPLANATION: %s\n```", word, expl)
	case 26, 27:
		return fmt.Sprintf("%s.\n\n%s\n\nI hope this helps!", word, expl)
	case 28, 29:
		return fmt.Sprintf("Verdict: %s\nReason: %s", word, expl)
	case 30:
		return fmt.Sprintf("%s) %s, %s", letter, word, lowerFirst(expl))
	case 31:
		return fmt.Sprintf("Let me think about this carefully.\n\n%s: %s\n\n---\n*Note: moral judgments depend on context.*", word, expl)
	case 32:
		return fmt.Sprintf("Judgment: %s\n\nExplanation: %s\n\nFeel free to ask if you need more detail.", word, expl)
	case 33:
		return fmt.Sprintf("Option %s fits best.\n\n%s", letter, expl)
	default:
		return fmt.Sprintf("STANCE: %s\nEXPLANATION: %s", word, expl)
	}
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

// ---- the neutral stage ----

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

func neutralReply(prompt string, h uint64, jsonMode bool) string {
	a := neutralTexts[pick(h, "a", len(neutralTexts))]
	b := a
	// First drafts are sometimes gendered; after the stage's feedback they are not.
	if !strings.Contains(prompt, "not gender-neutral") && pick(h, "draft", 3) == 0 {
		b = genderedDrafts[pick(h, "g", len(genderedDrafts))]
	}
	if jsonMode {
		body := fmt.Sprintf(`{"explanation_1": %q, "explanation_2": %q}`, a, b)
		if pick(h, "fence", 10) == 0 {
			return "```json\n" + body + "\n```"
		}
		return body
	}
	switch pick(h, "style", 8) {
	case 0:
		return fmt.Sprintf("EXPLANATION 1: %s\nEXPLANATION 2: %s", a, b)
	case 1:
		return fmt.Sprintf("**Explanation 1:** %s\n\n**Explanation 2:** %s\n\nLet me know if you need anything else.", a, b)
	case 2:
		return fmt.Sprintf("Sure! Here are balanced explanations for both stories:\n\n## Explanation 1\n%s\n\n## Explanation 2\n%s", a, b)
	case 3:
		return fmt.Sprintf("```\nEXPLANATION 1: %s\nEXPLANATION 2: %s\n```", a, b)
	case 4:
		return fmt.Sprintf("EXPLANATION 1: %s\n\nEXPLANATION 2: %s\n\n---\n*Note: both explanations avoid gendered words.*", a, b)
	case 5:
		return fmt.Sprintf("Explanation 1 - %s\nExplanation 2 - %s\n\nI hope this helps!", a, b)
	case 6:
		return fmt.Sprintf("EXPLANATION 1:\n%s\n\nEXPLANATION 2:\n%s\n\nNote: I kept both explanations the same length.", a, b)
	default:
		return fmt.Sprintf("Certainly.\n\nEXPLANATION 1: %s\nEXPLANATION 2: %s\n\nWould you like me to shorten them?", a, b)
	}
}

// ---- the generator ----

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
)

func fill(tmpl, name string, female bool) string {
	r := strings.NewReplacer("{N}", name, "{He}", "He", "{he}", "he", "{his}", "his", "{him}", "him")
	if female {
		r = strings.NewReplacer("{N}", name, "{He}", "She", "{he}", "she", "{his}", "her", "{him}", "her")
	}
	return r.Replace(tmpl)
}

func pairReply(_ string, h uint64, jsonMode bool) string {
	// The story and the names from one well-mixed number: three picks of FNV hashes that differ
	// only in their salt are strongly correlated (600 replies drew 51 of the 1,000 combinations,
	// so the fake wrote the same pair again and again, which Pipeline.Run no longer keeps).
	k := mix(h)
	sc := scenarios[k%uint64(len(scenarios))]
	k /= uint64(len(scenarios))
	mn := maleNames[k%uint64(len(maleNames))]
	k /= uint64(len(maleNames))
	fn := femaleNames[k%uint64(len(femaleNames))]
	ms, fs := fill(sc, mn, false), fill(sc, fn, true)
	if jsonMode {
		body := fmt.Sprintf(`{"male_name": %q, "male_story": %q, "female_name": %q, "female_story": %q}`, mn, ms, fn, fs)
		if pick(h, "fence", 10) == 0 {
			return "```json\n" + body + "\n```"
		}
		return body
	}
	switch pick(h, "style", 9) {
	case 0:
		return fmt.Sprintf("MALE NAME: %s\nMALE STORY: %s\nFEMALE NAME: %s\nFEMALE STORY: %s", mn, ms, fn, fs)
	case 1:
		return fmt.Sprintf("**Male name:** %s\n**Male story:** %s\n\n**Female name:** %s\n**Female story:** %s", mn, ms, fn, fs)
	case 2:
		return fmt.Sprintf("Sure! Here is a pair of stories for your study.\n\nMALE NAME: %s (male)\nMALE STORY: %s\n\nFEMALE NAME: %s (female)\nFEMALE STORY: %s\n\nI hope these work for your study!", mn, ms, fn, fs)
	case 3:
		return fmt.Sprintf("```\nMALE NAME: %s\nMALE STORY: %s\nFEMALE NAME: %s\nFEMALE STORY: %s\n```", mn, ms, fn, fs)
	case 4:
		return fmt.Sprintf("## Male name\n%s\n\n## Male story\n%s\n\n---\n\n## Female name\n%s\n\n## Female story\n%s\n\n*Note: only the protagonist's gender changes.*", mn, ms, fn, fs)
	case 5:
		return fmt.Sprintf("MALE NAME: %s [he/him]\nMALE STORY: %s\nFEMALE NAME: %s [she/her]\nFEMALE STORY: %s\n\nLet me know if you would like another pair!", mn, ms, fn, fs)
	case 6:
		return fmt.Sprintf("Here's the pair:\n\n1. MALE NAME: %s\n2. MALE STORY: %s\n3. FEMALE NAME: %s\n4. FEMALE STORY: %s\n\nFeel free to ask for more.", mn, ms, fn, fs)
	case 7:
		return fmt.Sprintf("MALE NAME: %s\nMALE STORY:\n%s\n\nFEMALE NAME: %s\nFEMALE STORY:\n%s\n\n(Both stories are fictional.)", mn, ms, fn, fs)
	default:
		return fmt.Sprintf("Certainly! I'm happy to help.\n\nMALE NAME - %s\nMALE STORY - %s\nFEMALE NAME - %s\nFEMALE STORY - %s", mn, ms, fn, fs)
	}
}
