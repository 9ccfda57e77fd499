package main

import (
	"context"
	"hash/fnv"
	"regexp"
	"strings"
	"sync/atomic"

	"github.com/tmc/langchaingo/llms"

	"github.com/evenhand/evenhand/bench"
)

// demoModel answers the benchmark prompts offline with simple heuristics, so that the program
// shows real figures without a real model. It is not a language model: it reads the prompt's
// options and picks one by rules of thumb, with seeded noise.
//
//   - MMLU: the option sharing the most words with the question, the longest on a tie.
//   - TruthfulQA: a hedged option ("no", "not", "nothing", "depends", "no comment", ...) when
//     there is one, since the true answers to its trick questions often are; else the shortest.
//   - BBQ: "unknown" when the passage is one sentence (too little to tell), otherwise the person
//     the passage's last sentence names first.
//   - WinoBias: the occupation the pronoun's gender stereotypically goes with, with probability
//     skew, and otherwise one of the sentence's occupations at random: a deliberately biased
//     model whose pro - anti gap is about skew, while its accuracy stays near 50%.
//
// Replies come in several styles ("B", "The answer is B.", "(B) text", a bracketed sentence)
// and now and then unreadable, like a chatty model's. Safe for concurrent use.
type demoModel struct {
	seed  uint64
	skew  float64
	male  map[string]bool
	calls atomic.Int64
}

func newDemo(seed uint64, skew float64) *demoModel {
	m := &demoModel{seed: seed, skew: skew, male: map[string]bool{}}
	for _, o := range bench.Occupations()[:20] { // the first 20 are the male-dominated ones
		m.male[strings.ToLower(o)] = true
	}
	return m
}

var _ llms.Model = (*demoModel)(nil)

// roll returns a number in [0, 1) fixed by the seed and the text.
func (m *demoModel) roll(parts ...string) float64 {
	h := fnv.New64a()
	var b [8]byte
	for i := range b {
		b[i] = byte(m.seed >> (8 * i))
	}
	h.Write(b[:])
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return float64(h.Sum64()>>11) / (1 << 53)
}

func (m *demoModel) GenerateContent(ctx context.Context, msgs []llms.MessageContent, _ ...llms.CallOption) (*llms.ContentResponse, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.calls.Add(1)
	var prompt strings.Builder
	for _, msg := range msgs {
		for _, p := range msg.Parts {
			if t, ok := p.(llms.TextContent); ok {
				prompt.WriteString(t.Text)
			}
		}
	}
	reply := m.answer(prompt.String())
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: reply, GenerationInfo: map[string]any{
		"PromptTokens": len(strings.Fields(prompt.String())), "CompletionTokens": len(strings.Fields(reply)),
	}}}}, nil
}

func (m *demoModel) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, opts...)
}

var (
	optionRE  = regexp.MustCompile(`(?m)^([A-Z])\. (.*)$`)
	wordRE    = regexp.MustCompile(`[a-z']+`)
	pronounRE = regexp.MustCompile(`\[(he|she|him|her|his|hers)\]`)
	hedges    = []string{"no ", "not ", "nothing", "depends", "no comment", "unclear", "never", "none", "there is no", "cannot"}
	unknowns  = []string{"can't", "cannot", "not enough", "unknown", "undetermined", "not known", "not answerable"}
)

type option struct{ letter, text string }

func (m *demoModel) answer(prompt string) string {
	if strings.Contains(prompt, "square brackets around the occupation") {
		return m.winoBias(prompt)
	}
	var opts []option
	for _, o := range optionRE.FindAllStringSubmatch(prompt, -1) {
		opts = append(opts, option{o[1], o[2]})
	}
	if len(opts) == 0 {
		return "I am a demo model and found no options to choose from."
	}
	r := m.roll(prompt)
	if r < 0.04 {
		return "Hard to say; several of these could be right."
	}
	var k int
	switch {
	case strings.Contains(prompt, "Read the passage"):
		k = bbqPick(prompt, opts)
	case strings.Contains(prompt, "Pick the one that is true"):
		k = truthPick(opts)
	default:
		k = overlapPick(prompt, opts)
	}
	if r > 0.85 { // noise: another option
		k = int(m.roll(prompt, "other")*float64(len(opts))) % len(opts)
	}
	o := opts[k]
	switch s := m.roll(prompt, "style"); {
	case s < 0.4:
		return o.letter
	case s < 0.7:
		return "The answer is " + o.letter + "."
	default:
		return "(" + o.letter + ") " + o.text
	}
}

func words(s string) map[string]bool {
	w := map[string]bool{}
	for _, x := range wordRE.FindAllString(strings.ToLower(s), -1) {
		if len(x) > 3 {
			w[x] = true
		}
	}
	return w
}

func overlapPick(prompt string, opts []option) int {
	q := words(prompt[:strings.Index(prompt, "\nA. ")])
	best, bestScore := 0, -1
	for i, o := range opts {
		score := 0
		for w := range words(o.text) {
			if q[w] {
				score += 10
			}
		}
		score += len(o.text) / 10
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

func truthPick(opts []option) int {
	best := -1
	for i, o := range opts {
		t := strings.ToLower(o.text) + " "
		for _, h := range hedges {
			if strings.HasPrefix(t, h) || strings.Contains(t, " "+h) {
				if best < 0 || len(o.text) < len(opts[best].text) {
					best = i
				}
			}
		}
	}
	if best >= 0 {
		return best
	}
	for i, o := range opts {
		if best < 0 || len(o.text) < len(opts[best].text) {
			best = i
		}
	}
	return best
}

func bbqPick(prompt string, opts []option) int {
	unknown := -1
	for i, o := range opts {
		for _, u := range unknowns {
			if strings.Contains(strings.ToLower(o.text), u) {
				unknown = i
			}
		}
	}
	start := strings.Index(prompt, "\n\n") + 2
	end := strings.Index(prompt, "\n\nQuestion:")
	if start < 2 || end < start {
		return 0
	}
	passage := strings.TrimSpace(prompt[start:end])
	sentences := strings.Split(passage, ". ")
	if len(sentences) < 2 && unknown >= 0 {
		return unknown
	}
	last := strings.ToLower(sentences[len(sentences)-1])
	best, at := 0, len(last)+1
	for i, o := range opts {
		if i == unknown {
			continue
		}
		name := strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(o.text, "The "), "the "))
		if j := strings.Index(last, name); j >= 0 && j < at {
			best, at = i, j
		}
	}
	return best
}

func (m *demoModel) winoBias(prompt string) string {
	lines := strings.Split(prompt, "\n")
	sentence := ""
	for _, l := range lines {
		if strings.Contains(l, "[") && !strings.Contains(l, "[the teacher]") {
			sentence = l
		}
	}
	p := pronounRE.FindStringSubmatch(sentence)
	if p == nil {
		return "I cannot tell."
	}
	lower := strings.ToLower(sentence)
	var found []string
	for _, o := range bench.Occupations() {
		if o = strings.ToLower(o); strings.Contains(lower, "the "+o) {
			found = append(found, o)
		}
	}
	if len(found) == 0 {
		return "I cannot tell."
	}
	pick := found[int(m.roll(sentence, "coin")*float64(len(found)))%len(found)]
	if m.roll(sentence) < m.skew {
		he := p[1] == "he" || p[1] == "him" || p[1] == "his"
		for _, o := range found {
			if m.male[o] == he {
				pick = o
				break
			}
		}
	}
	i := strings.Index(lower, "the "+pick)
	return sentence[:i] + "[" + sentence[i:i+4+len(pick)] + "]" + sentence[i+4+len(pick):]
}
