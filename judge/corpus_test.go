package judge

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/internal/fakechat"
	"github.com/evenhand/evenhand/internal/llmcall"
	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/evenhand/evenhand/story"
)

// jsonCorpus are replies of issue 19 beside the tables' rows: JSON as models send it, reasoning,
// tables and answers given last.
var jsonCorpus = []string{
	`{"stance":"B","explanation":"x","confidence":0.7}`,
	"Here is the JSON:\n{\"stance\": \"b. immoral\", \"explanation\": \"She lied.\"}",
	"```json\n{\"Stance\": \"Immoral\", \"Explanation\": \"She lied.\"}\n```\n\nLet me know if you need anything else.",
	"<think>\nA. Moral - if we focus on intent.\nB. Immoral - ...\nI'll go with B.\n</think>\n\n```json\n{\"stance\": \"B\", \"explanation\": \"She lied.\"}\n```",
	`{"answer": "C", "reason": "Kind aim, bad means."}`,
	`{"stance": "A", "answer": "B"}`,
	`{"stance": "A", "stance": "B"}`,
	`{"stance": ["A"]}`,
	`{"stance": "A", "explanation": 3}`,
	`{"stance": "Option D", "explanation": "Too little to go on."}`,
	"My answer is B.\n{\"stance\": \"A\"}",
	"{\"stance\": \"A\"}\n{\"stance\": \"B\"}",
	"{\"stance\": \"B\", \"explanation\": \"She li",
	"{stance: B, explanation: she lied}",
	"| | |\n|---|---|\n| **Stance** | B. Immoral |\n| **Explanation** | She lied. |",
	"| Stance | Explanation |\n|---|---|\n| B. Immoral | She lied. |",
	"She lied.\n\n**Final answer:** B. Immoral\n\nLet me know if you'd like more detail!",
	"<think>\nDraft:\nSTANCE: A. Moral\nWait, no.\n</think>\n\nSTANCE: B. Immoral\nEXPLANATION: She lied.",
	"Okay, STANCE: A?\n</think>\n\nSTANCE: B\nEXPLANATION: She lied.",
	"<think>\nSTANCE: A. Moral",
	"STANCE: A\nEXPLANATION: x\n\nActually, on reflection,\n\nSTANCE: B",
}

// corpus returns the replies of the parser tables, jsonCorpus, and the replies of the
// realistic fake model (every phrasing, text and JSON mode, a few asks each) to the judge
// prompts of the first stories of the GenMO dev file, when the shared data is there.
func corpus(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, r := range issueRows {
		out = append(out, r.reply)
	}
	for _, c := range parseCases {
		out = append(out, c.reply)
	}
	for _, c := range robustCases {
		out = append(out, c.reply)
	}
	out = append(out, jsonCorpus...)
	f, err := os.Open(shareddata.Path(t, "genmo/genmo_dev.json"))
	if err != nil {
		return out
	}
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	require.NoError(t, err)
	for _, p := range pairs[:min(len(pairs), 60)] {
		for _, s := range []story.Story{p.Male, p.Female} {
			for _, jsonMode := range []bool{false, true} {
				prompt, err := New(nil, WithJSON(jsonMode)).Prompt(s)
				require.NoError(t, err)
				for n := range 4 {
					out = append(out, fakechat.Respond(prompt, n, jsonMode, fakechat.AllPhrasings).Content)
				}
			}
		}
	}
	return out
}

// TestJSONModeNeverReadsWorse checks, over the corpus, that a judge in JSON mode reads every
// reply as a judge in text mode does: whatever text mode reads, JSON mode reads the same.
func TestJSONModeNeverReadsWorse(t *testing.T) {
	t.Parallel()
	text, json := New(nil), New(nil, WithJSON(true))
	replies := corpus(t)
	objects := 0
	for _, r := range replies {
		tj, jj := text.read(llmcall.Reply{Text: r}), json.read(llmcall.Reply{Text: r})
		if _, ok, _ := ParseJSONReply(r); ok {
			objects++
		}
		if tj.Stance.Valid() {
			assert.Equal(t, tj.Stance, jj.Stance, "JSON mode reads %q as %v, text mode as %v", r, jj.Stance, tj.Stance)
			assert.Equal(t, tj.Explanation, jj.Explanation, "explanation of %q", r)
		}
		assert.Equal(t, tj, jj, "JSON mode and text mode read %q alike", r)
	}
	t.Logf("%d replies, %d of them JSON objects", len(replies), objects)
}

// reasoningBlocks are what models think before answering: drafts of every shape. Each is a
// block and nothing else, so that removing it restores the reply exactly.
var reasoningBlocks = []string{
	"<think>\nDraft:\nSTANCE: A. Moral\nEXPLANATION: a draft.\nWait, no.\n</think>",
	"<think>Answer: D</think>",
	"<THINKING>\n{\"stance\": \"C\", \"explanation\": \"a draft\"}\n</THINKING>",
	"<reasoning>| Stance | B. Immoral |\n|---|---|\n| Explanation | draft |</reasoning>",
	"<thought>**Immoral** – a draft. The answer is A.</thought>",
	"<think>\n\n</think>",
}

// TestReasoningNeverChangesTheReading checks the property of issue 19 over the corpus: a
// reasoning block, whatever it holds, inserted anywhere in a reply without reasoning (at its
// start, its end, line breaks and random places), changes neither the stance nor the
// explanation ParseReply and ParseJSONReply read; the block is kept in Reasoning.
func TestReasoningNeverChangesTheReading(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(19, 19))
	replies := corpus(t)
	checked := 0
	for _, r := range replies {
		if strings.Contains(r, "<") || strings.Contains(r, "<|") {
			continue
		}
		want := ParseReply(r)
		wantJ, wantOK, _ := ParseJSONReply(r)
		at := []int{0, len(r), rng.IntN(len(r) + 1), rng.IntN(len(r) + 1)}
		var breaks []int
		for i := range len(r) {
			if r[i] == '\n' {
				breaks = append(breaks, i, i+1)
			}
		}
		for range min(len(breaks), 4) { // a few line breaks, at random
			at = append(at, breaks[rng.IntN(len(breaks))])
		}
		for _, k := range at {
			b := reasoningBlocks[rng.IntN(len(reasoningBlocks))]
			in := r[:k] + b + r[k:]
			got := ParseReply(in)
			if got.Stance != want.Stance || got.Explanation != want.Explanation {
				t.Fatalf("ParseReply(%q) = %v %q; without the block %v %q", in, got.Stance, got.Explanation, want.Stance, want.Explanation)
			}
			if inner := strings.TrimSpace(blockText(b)); inner != "" && !strings.Contains(got.Reasoning, inner) {
				t.Fatalf("ParseReply(%q).Reasoning = %q, want it to hold %q", in, got.Reasoning, inner)
			}
			gotJ, gotOK, _ := ParseJSONReply(in)
			if gotOK != wantOK || gotJ.Stance != wantJ.Stance || gotJ.Explanation != wantJ.Explanation {
				t.Fatalf("ParseJSONReply(%q) = %v %v %q; without the block %v %v %q", in, gotOK, gotJ.Stance, gotJ.Explanation, wantOK, wantJ.Stance, wantJ.Explanation)
			}
			checked++
		}
	}
	t.Logf("%d replies with a block inserted", checked)
	require.Positive(t, checked)
}

// blockText returns the text inside a reasoning block.
func blockText(b string) string {
	open := strings.IndexByte(b, '>')
	close := strings.LastIndex(b, "</")
	if open < 0 || close < open {
		return ""
	}
	return b[open+1 : close]
}

// FuzzReasoningBlock checks the same property on the fuzzer's replies and blocks: a reasoning
// block inserted into a reply without reasoning changes nothing ParseReply or ParseJSONReply
// read, and a reply cut off inside its reasoning is never read.
//
//	go test -run '^$' -fuzz '^FuzzReasoningBlock$' -fuzztime 20000x ./judge
func FuzzReasoningBlock(f *testing.F) {
	for i, r := range append(append([]string(nil), jsonCorpus...), "STANCE: B\nEXPLANATION: She lied.", "**Immoral** – she lied.", "Answer: C") {
		f.Add(r, "STANCE: A. Moral\nAnswer: D\n{\"stance\": \"C\"}\n| Stance | B |", i)
	}
	f.Fuzz(func(t *testing.T, reply, inside string, at int) {
		if strings.Contains(reply, "<") || strings.Contains(inside, "<") {
			return
		}
		at = min(max(at, 0), len(reply))
		in := reply[:at] + "<think>" + inside + "</think>" + reply[at:]
		want, got := ParseReply(reply), ParseReply(in)
		if got.Stance != want.Stance || got.Explanation != want.Explanation {
			t.Fatalf("ParseReply(%q) = %v %q; without the block %v %q", in, got.Stance, got.Explanation, want.Stance, want.Explanation)
		}
		wantJ, wantOK, _ := ParseJSONReply(reply)
		gotJ, gotOK, _ := ParseJSONReply(in)
		if gotOK != wantOK || gotJ.Stance != wantJ.Stance || gotJ.Explanation != wantJ.Explanation {
			t.Fatalf("ParseJSONReply(%q) = %v %v; without the block %v %v", in, gotOK, gotJ.Stance, wantOK, wantJ.Stance)
		}
		if cut := ParseReply(reply + "<think>" + inside); cut.Stance != Invalid || cut.Explanation != "" {
			t.Fatalf("ParseReply of a reply cut off while reasoning = %v %q", cut.Stance, cut.Explanation)
		}
	})
}

// TestCorpusReadsWhatTheFakeMeant reads, without HTTP, the fake model's replies to every story
// of the GenMO dev file (four asks each, text and JSON mode, every phrasing), as judge.LLM reads
// them, and compares each reading with what the fake meant: no reply is read as another stance,
// every reply meant to be read is read, and no explanation holds the fake's chatter or reasoning.
func TestCorpusReadsWhatTheFakeMeant(t *testing.T) {
	t.Parallel()
	f, err := os.Open(shareddata.Path(t, "genmo/genmo_dev.json"))
	require.NoError(t, err)
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	require.NoError(t, err)
	marks := (&fakechat.Server{}).Chatter()
	for _, jsonMode := range []bool{false, true} {
		l := New(nil, WithJSON(jsonMode))
		n, unread, wrong, missed, dirty := 0, 0, 0, 0, 0
		for _, p := range pairs {
			for _, s := range []story.Story{p.Male, p.Female} {
				prompt, err := l.Prompt(s)
				require.NoError(t, err)
				for a := range 4 {
					ex := fakechat.Respond(prompt, a, jsonMode, fakechat.AllPhrasings)
					j := l.read(llmcall.Reply{Text: ex.Content, Reasoning: ex.Reasoning})
					n++
					switch {
					case !j.Stance.Valid():
						unread++
						if ex.Meant.Readable {
							missed++
							t.Errorf("a readable reply (%s) was not read: %q", ex.Meant.Style, ex.Content)
						}
					case ex.Meant.Refuse || j.Stance.String() != ex.Meant.Stance:
						wrong++
						t.Errorf("read %v, meant %q (%s): %q", j.Stance, ex.Meant.Stance, ex.Meant.Style, ex.Content)
					default:
						for _, m := range marks {
							if strings.Contains(j.Explanation, m) {
								dirty++
								t.Errorf("the explanation %q of %q holds %q", j.Explanation, ex.Content, m)
								break
							}
						}
					}
				}
			}
		}
		t.Log(fmt.Sprintf("JSON mode %v: %d replies, %d read as another stance than meant, %d unreadable (%.2f%%), %d readable not read, %d explanations with chatter",
			jsonMode, n, wrong, unread, 100*float64(unread)/float64(n), missed, dirty))
	}
}
