// Package demo is an offline, scripted language model for evenhand's example programs.
//
// It is not a language model. It writes pairs of stories from a fixed set of templates, judges
// them with a deliberate, seeded gender skew (so the pipeline finds bias to correct), and writes
// balanced explanations from templates. Every reply is a pure function of the seed and the
// prompt (story requests also use a call counter), so runs are repeatable. It is safe for
// concurrent use.
package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/bits"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/tmc/langchaingo/llms"
)

// Model is the demo model. Create it with [New].
type Model struct {
	seed  uint64
	skew  float64
	calls atomic.Int64
	next  atomic.Uint64
}

var _ llms.Model = (*Model)(nil)

// New returns a demo model. skew in [0, 1] is how often it judges a story more harshly when
// the protagonist is a woman (and more kindly when a man) than the story alone warrants.
func New(seed uint64, skew float64) *Model { return &Model{seed: seed, skew: skew} }

// SkipPairs moves the model k pair replies on in its sequence of stories; its judgments and
// explanations stay those of its seed. A resumed run skips far enough not to write again the
// stories of the runs before it, as a real model would not.
func (m *Model) SkipPairs(k uint64) { m.next.Add(k) }

// Calls returns the number of calls made so far.
func (m *Model) Calls() int64 { return m.calls.Load() }

// GenerateContent answers one prompt.
func (m *Model) GenerateContent(ctx context.Context, msgs []llms.MessageContent, _ ...llms.CallOption) (*llms.ContentResponse, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.calls.Add(1)
	var b strings.Builder
	for _, msg := range msgs {
		for _, p := range msg.Parts {
			if t, ok := p.(llms.TextContent); ok {
				b.WriteString(t.Text)
				b.WriteByte('\n')
			}
		}
	}
	prompt := b.String()
	var reply string
	switch {
	case strings.Contains(prompt, "\nSECOND STORY:"):
		reply = m.twin(prompt)
	case strings.Contains(prompt, "FEMALE STORY:"):
		reply = m.pair()
	case strings.Contains(prompt, "EXPLANATION 1:"):
		reply = m.neutral(prompt)
	case strings.Contains(prompt, "STANCE:"):
		reply = m.judge(prompt)
	default:
		reply = "I am a demo model and can only answer evenhand's prompts."
	}
	words := fieldCount(prompt) // counted, not split: a prompt may hold a story of many megabytes
	out := fieldCount(reply)
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{
		Content:        reply,
		StopReason:     "stop",
		GenerationInfo: map[string]any{"PromptTokens": int(words * 4 / 3), "CompletionTokens": int(out * 4 / 3), "TotalTokens": int((words + out) * 4 / 3)},
	}}}, nil
}

// Call implements the deprecated part of llms.Model.
func (m *Model) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, opts...)
}

func (m *Model) rand(parts ...string) uint64 {
	h := fnv.New64a()
	fmt.Fprint(h, m.seed)
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return h.Sum64()
}

func unit(x uint64) float64 { return float64(x>>11) / (1 << 53) }

// mix is splitmix64's finaliser: every bit of its result depends on every bit of x.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func (m *Model) pair() string {
	k := m.next.Add(1) - 1
	// FNV hashes of consecutive numbers differ in few bits: mixed, every choice below is its own.
	r := mix(m.rand("pair", fmt.Sprint(k)))
	sc := scenarios[r%uint64(len(scenarios))]
	mn := maleNames[(r>>8)%uint64(len(maleNames))]
	fn := femaleNames[(r>>16)%uint64(len(femaleNames))]
	// The same place and age on both sides; both are invisible to the demo's judge.
	in := "In " + cities[(r>>24)%uint64(len(cities))] + ", "
	age := fmt.Sprintf(", %d,", 19+(r>>32)%50)
	male := in + strings.Replace(fill(sc.text, mn, true), mn, mn+age, 1)
	female := in + strings.Replace(fill(sc.text, fn, false), fn, fn+age, 1)
	switch u := unit(bits.RotateLeft64(r, 20)); {
	case u < 0.05: // sometimes a model forgets the format
		return "Here is a story about " + mn + ":\n" + male
	case u < 0.12: // or writes a different story for the second character
		other := scenarios[(r+1)%uint64(len(scenarios))]
		female = in + strings.Replace(fill(other.text, fn, false), fn, fn+age, 1)
	}
	return fmt.Sprintf("MALE NAME: %s\nMALE STORY: %s\nFEMALE NAME: %s\nFEMALE STORY: %s\n", mn, male, fn, female)
}

func fill(t, name string, male bool) string {
	r := strings.NewReplacer("{N}", name,
		"{he}", pick(male, "he", "she"), "{He}", pick(male, "He", "She"),
		"{him}", pick(male, "him", "her"), "{his}", pick(male, "his", "her"), "{His}", pick(male, "His", "Her"),
		"{himself}", pick(male, "himself", "herself"))
	return r.Replace(t)
}

func pick(male bool, a, b string) string {
	if male {
		return a
	}
	return b
}

var storyRe = regexp.MustCompile(`(?s)"""\n(.*?)\n"""`)

// judge reads the last quoted story of the prompt, decides a base stance from the story with
// its gendered words removed, and then applies the skew.
//
// Asked with three options (the paper's generation-time question, which offers no Can't say),
// it answers as a model that ignores part of the question: where it would say Can't say, it
// gives a man the benefit of the doubt (A. Moral) but still answers D. Can't say for a woman,
// an option it was not offered. Those Moral/Can't-say splits are for the judge to refuse.
func (m *Model) judge(prompt string) string {
	all := storyRe.FindAllStringSubmatch(prompt, -1)
	if len(all) == 0 {
		return "STANCE: ${YOUR_STANCE}\nEXPLANATION: ${REASON}"
	}
	text := all[len(all)-1][1]
	if base, groups, ok := twinTelling(text); ok {
		return m.judgeTwin(prompt, base, groups)
	}
	female := countWords(text, femaleWords...) > countWords(text, maleWords...)
	neutral := neutralise(text)
	r := m.rand("judge", neutral)
	base := []int{0, 1, 1, 2, 2, 0, 1, 3}[r%8]
	if unit(bits.RotateLeft64(r, 8)) < m.skew {
		if female && base != 1 {
			base = 1
		} else if !female && base == 1 {
			base = 0
		}
	}
	if base == 3 && !female && !strings.Contains(prompt, "\nD. ") {
		base = 0
	}
	if unit(bits.RotateLeft64(r, 24)) < 0.03 {
		return "This is a nuanced situation that depends on context."
	}
	return stanceReply(base)
}

// stanceReply is the demo judge's reply for stance st (0 Moral .. 3 Can't say).
func stanceReply(st int) string {
	stances := []string{"A. Moral", "B. Immoral", "C. Both", "D. Can't say"}
	why := map[int]string{
		0: "The main character acts out of care for others and accepts a personal cost; the intention and the outcome are mostly good.",
		1: "The main character deceives people and breaks a trust that others relied on; good intentions do not excuse the dishonesty.",
		2: "The main character protects someone in need, but does it through deception and without consent, so the act is partly right and partly wrong.",
		3: "The story leaves out facts that would decide the question, such as what the other people knew and wanted.",
	}[st]
	return "STANCE: " + stances[st] + "\nEXPLANATION: " + why
}

func countWords(text string, words ...string) int {
	n := 0
	for f := range strings.FieldsFuncSeq(strings.ToLower(text), func(r rune) bool { return !('a' <= r && r <= 'z') }) {
		for _, w := range words {
			if f == w {
				n++
			}
		}
	}
	return n
}

// The words that tell the protagonist's gender, in stories of our templates and in GenMO's
// ("I am a woman."), which name no character in the prompt.
var (
	femaleWords = []string{"she", "her", "hers", "herself", "woman", "girl", "wife", "girlfriend"}
	maleWords   = []string{"he", "his", "him", "himself", "man", "boy", "husband", "boyfriend"}
)

// neutralise keeps the story's lower-case words other than gendered ones, so both stories of a
// pair (which differ in names, capitalised, and gendered words) get the same base stance.
func neutralise(text string) string {
	var b strings.Builder
	for f := range strings.FieldsFuncSeq(text, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
		if f[0] < 'a' || slices.Contains(femaleWords, f) || slices.Contains(maleWords, f) {
			continue
		}
		b.WriteString(f)
		b.WriteByte(' ')
	}
	return b.String()
}

func (m *Model) neutral(prompt string) string {
	body := "The main character faces a real conflict between two duties. Their choice helps someone, but it also costs others something they were owed. Both readings carry weight, so the act is partly right and partly wrong."
	for _, sc := range scenarios {
		if strings.Contains(prompt, sc.key) {
			body = sc.neutral
			break
		}
	}
	return "EXPLANATION 1: " + body + "\nEXPLANATION 2: " + body + "\n"
}

// fieldCount is len(strings.Fields(s)) without the slice.
func fieldCount(s string) int64 {
	var n int64
	for range strings.FieldsSeq(s) {
		n++
	}
	return n
}
