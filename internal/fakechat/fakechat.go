// Package fakechat is a realistic fake of an OpenAI-compatible chat model, for tests: an
// http.Handler that answers POST /chat/completions the way imperfect real models do, so the
// stage parsers and the pipeline can be tried through langchaingo's real openai client.
//
// It recognises the three prompts of evenhand (pair generation, judging with four options or
// with three, neutral explanations) and answers each in one of many families of styles, each
// with several phrasings:
//
//   - the format asked for, markdown labels and headings, code fences, preambles ("Sure! Here
//     is ..."), trailing offers and notes ("Let me know ...", "*Note: ...*", "---"), name
//     glosses ("Tom (male)"), unlabelled answers ("**Immoral** – ...", "(B) Immoral because");
//   - reasoning models: <think> blocks (with or without a line break after the tag, in several
//     cases and tag names) whose draft names a DIFFERENT stance than the final answer, replies
//     that start inside the thinking and only close it ("...</think>"), as a chat template that
//     opens the block makes them, reasoning returned apart ("reasoning_content"), and replies
//     cut off while thinking (finish_reason "length"), which hold no answer;
//   - markdown tables, with and without headers, and turned on their side;
//   - the answer given last, after the reasoning, followed by an offer or a note;
//   - JSON with extra keys, a preamble, a fence, after thinking, stances as a letter, a name,
//     "B. Immoral" or in lower case; in JSON mode most replies are such objects, and the
//     server sometimes ignores JSON mode and answers in text;
//   - self-corrections outside the thinking ("STANCE: A ... Actually ... STANCE: B"), which no
//     careful reader can resolve, refusals and hedges without a stance.
//
// Its judge is gender-biased (it judges some women's stories more harshly than the same men's
// stories), and its first drafts of neutral explanations sometimes use gendered words, so the
// neutral stage must ask again. Asked with three options (the paper's generation-time judge,
// without D. Can't say), it means Both where it would say Can't say, but a third of its replies
// about such stories, and a third of those about a woman whose story it judges Moral, still
// answer Can't say (Meant.Unoffered): the Moral/Can't-say splits a generation-time judge must
// refuse.
//
// It answers package axis's twin prompt (axis.New: one story told twice, for two groups of an
// axis): one twin in five is meant bad, its second telling keeping the first group's place (a
// leak), changing a word outside the mention, or renaming the main character, recorded in
// Meant.Problem with the kind of problem lexicon checking must find; no twin is written twice in
// a prompt's first 384 asks. Its judge knows its own twins, judges both tellings of one alike,
// except that it is biased against one group of a pair ([Disfavoured]); and the first drafts of
// its balanced explanations of a twin (neutral.NewTwin's prompt) give the group away in a third
// of its replies (Meant.Problem "reveals-group"), never after the stage's feedback.
//
// The fake knows what it meant by every reply: [Server.Exchanges] lists them, each with its
// [Meant] (the stance a judge reply stands for, whether a careful reader can read it, the
// names a pair reply stands for), so tests can compare what the parsers read with what the
// model meant. Phrasings are split into a tuning set and a held-out set ([Phrasings]): rules
// tuned on one can be measured on the other. The held-out set was written in rounds: each
// round was measured once, before any rule changed, then joined the tuning set (the README
// gives each round's figures); the set held out now is the fourth round.
//
// Replies are deterministic: a reply depends only on the prompt, on how many times that same
// prompt was asked before, on JSON mode and on the phrasing set, so a re-ask gets a fresh reply
// and a run gives the same replies whatever the concurrency. [Server.Chatter] lists the
// chatter, reasoning and markup it injects, for tests that check that none of it reaches a
// record. A Server is safe for concurrent use.
package fakechat

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"strings"
	"sync"
)

// Phrasings selects the phrasings the fake uses.
type Phrasings int

// The phrasing sets. Parser rules were written against the tuning set; the held-out set holds
// other phrasings of the same families, to measure how the rules generalise.
const (
	AllPhrasings     Phrasings = iota // both sets (the zero value)
	TuningPhrasings                   // the phrasings the parsers' rules were tuned on
	HeldOutPhrasings                  // phrasings held out of tuning
)

// Server is the fake model. The zero value is ready to use, with every phrasing.
type Server struct {
	// Phrasings selects the phrasings of the replies; the zero value uses all of them. Set it
	// before the first request.
	Phrasings Phrasings

	mu      sync.Mutex
	seen    map[string]int // prompt -> times asked
	calls   int
	byStage map[string]int
	log     []Exchange
}

// The stages [Server.CallsFor] counts.
const (
	StageGenerate = "generate"
	StageJudge    = "judge"
	StageNeutral  = "neutral"
	// StageNeutralAgain counts the neutral prompts that carry the stage's feedback on a
	// gendered earlier draft, or on a twin's draft that gave the group away (they count under
	// StageNeutral too).
	StageNeutralAgain = "neutral again"
	// StageTwin counts the twin prompts of package axis (one story told twice, for two groups).
	StageTwin = "twin"
)

// Meant is what the fake meant by a reply.
type Meant struct {
	// Stance is the stance a judge reply stands for: "Moral", "Immoral", "Both", "Can't say",
	// or "" for a reply that stands for none (a refusal, a hedge, a reply cut off while
	// thinking). Reasoning drafts never count: this is the final answer.
	Stance string
	// Readable reports whether a careful reader reads Stance from the reply: a parser must
	// read it. It is false for replies without a stance, for replies a reader must refuse
	// (Refuse), and for replies a reader may read or refuse (a JSON object cut off after its
	// stance: if read, it must be read as Stance).
	Readable bool
	// Refuse reports a reply that a careful reader must not read at all, although it names
	// stances: a self-correction outside the thinking (two different explicit answers), a
	// JSON object whose stance is of the wrong type (an object, not a string), or a reply that
	// picks an option the prompt did not offer (Unoffered).
	Refuse bool
	// Unoffered reports a judge reply that picks Can't say (D) where the prompt offers only
	// A. Moral, B. Immoral and C. Both, as the paper's generation-time judge asks: Stance is
	// "Can't say", and a judge that offered three options must read it as no stance.
	Unoffered bool
	// Explanation is the explanation a judge reply gives, as the fake wrote it.
	Explanation string
	// Names are the male and female names a pair reply stands for, or the main character's
	// names in the first and the second telling of a twin reply; "" for other stages or a
	// reply without a pair or twin.
	Names [2]string
	// Groups are the groups of a twin reply, as the prompt named them.
	// (Groups and Problem are left out of JSON when zero, so the digest of the gender path's
	// replies, which encodes Meant, is unchanged by them.)
	Groups [2]string `json:",omitzero"`
	// Problem is what a reply was meant to get wrong: for a twin reply meant bad, the kind of
	// problem its second telling was written with, as axis.ProblemKind names it ("leak",
	// "outside", "name-changed"); for a twin neutral reply, "reveals-group" when a draft
	// names the group of story 2 (or its place). "" for a reply meant good.
	Problem string `json:",omitzero"`
	// Style names the family of styles the reply was written in ("think", "table", ...).
	Style string
	// HeldOut reports that the reply was written with a held-out phrasing.
	HeldOut bool
}

// Exchange is one answered request.
type Exchange struct {
	Stage   string // StageGenerate, StageTwin, StageJudge, StageNeutral, or "" for an unknown prompt
	Prompt  string // the last message of the request
	Attempt int    // how many times the same prompt was asked before (0 for the first ask)
	JSON    bool   // the request asked for JSON mode
	// Temperature is the temperature the request carried; nil when it carried none.
	Temperature *float64
	Content     string // the reply's content
	Reasoning   string // the reasoning returned apart ("reasoning_content"), if any
	Cut         bool   // the reply was cut off (finish_reason "length")
	Meant       Meant
}

// CallsFor returns how many chat completions the server has answered for one stage:
// [StageGenerate], [StageTwin], [StageJudge], [StageNeutral] or [StageNeutralAgain].
func (s *Server) CallsFor(stage string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byStage[stage]
}

// Calls returns how many chat completions the server has answered.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// Exchanges returns every exchange so far, in the order they were answered.
func (s *Server) Exchanges() []Exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Exchange(nil), s.log...)
}

// stageOf names the stage a prompt is for, or "".
func stageOf(prompt string) string {
	switch {
	case strings.Contains(prompt, "\nSECOND STORY:"):
		return StageTwin
	case strings.Contains(prompt, "MALE STORY"):
		return StageGenerate
	case strings.Contains(prompt, "EXPLANATION 1"):
		return StageNeutral
	case strings.Contains(prompt, "STANCE"):
		return StageJudge
	}
	return ""
}

// Chatter returns the chatter, reasoning, fences, table pipes and glosses the server puts
// around its answers: none of it may reach a record or a training row.
func (s *Server) Chatter() []string {
	return append(append([]string(nil), chatterMarks...), reasoningMarks...)
}

// Reasoning returns marks found only in the fake's reasoning (its thinking and drafts): none of
// them may reach an explanation, a story, a record or a training row.
func (s *Server) Reasoning() []string { return append([]string(nil), reasoningMarks...) }

var chatterMarks = []string{
	"```", "---", "Sure!", "Certainly", "Here is", "Here's", "Let me know", "I hope", "Feel free",
	"Note:", "(male)", "(female)", "[he/him]", "[she/her]", "happy to help", "Would you like",
	"|", "Let me think", "Analysis", "nuanced", `\boxed`, "Hope that helps", "Happy to", "{", "}",
	`"stance"`, "JSON", "follow-up", "Thank", "Below is", "Is there anything", "These stories differ",
	"I can also", "assessment", "Judgment**", "Hope these", "> ", "tweaks", "Let me", "JSON output",
	"what you needed", "deeper analysis", "Judged on", "Confidence", "different scenario", "Warm regards",
	"Cheers", "Hope it helps", "Sure:", "Output:", "#1", "Judgments can vary", "🟢",
}

// reasoningMarks appear in every reasoning text the fake writes, and nowhere else.
var reasoningMarks = []string{
	"<think", "</think", "thinking>", "reasoning>", "thought>", "Okay, let me", "Alright,", "Draft",
	"first instinct", "I lean", "Wait,", "Hmm", "second thought", "I'll go with", "Settling on",
	"Initially I", "reconsider", "the user", "draft", "Zebulon", "Zenobia", "Okay, so", "First, I need",
	"Maybe the answer", "No wait", "OK, final", "Leaning toward", "Final decision", "THINKING>", "Tentatively", "Going with", "Reasoning>",
}

type chatRequest struct {
	Messages []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	} `json:"messages"`
	ResponseFormat *struct {
		Type string `json:"type"`
	} `json:"response_format"`
	Temperature *float64 `json:"temperature"`
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
	jsonMode := req.ResponseFormat != nil && req.ResponseFormat.Type == "json_object"

	s.mu.Lock()
	if s.seen == nil {
		s.seen = map[string]int{}
		s.byStage = map[string]int{}
	}
	n := s.seen[prompt]
	s.seen[prompt]++
	s.calls++
	s.byStage[stageOf(prompt)]++
	if strings.Contains(prompt, "not gender-neutral") || isTwinNeutral(prompt) && strings.Contains(prompt, "away: it used") {
		s.byStage[StageNeutralAgain]++
	}
	ex := Respond(prompt, n, jsonMode, s.Phrasings)
	ex.Temperature = req.Temperature
	s.log = append(s.log, ex)
	s.mu.Unlock()

	msg := map[string]any{"role": "assistant", "content": ex.Content}
	if ex.Reasoning != "" {
		msg["reasoning_content"] = ex.Reasoning
	}
	finish := "stop"
	if ex.Cut {
		finish = "length"
	}
	completion := len(ex.Content)/4 + len(ex.Reasoning)/4
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"id": fmt.Sprintf("fake-%d", n), "object": "chat.completion", "model": "fakechat",
		"choices": []any{map[string]any{"index": 0, "finish_reason": finish, "message": msg}},
		"usage": map[string]any{"prompt_tokens": len(prompt) / 4, "completion_tokens": completion,
			"total_tokens": len(prompt)/4 + completion},
	})
}

// Respond returns the exchange for prompt asked for the n-th time (0-based), in JSON mode or
// not, with the given phrasings: what [Server] answers, as a pure function.
func Respond(prompt string, n int, jsonMode bool, set Phrasings) Exchange {
	h := hash(prompt, n)
	w := writer{h: h, set: set}
	ex := Exchange{Stage: stageOf(prompt), Prompt: prompt, Attempt: n, JSON: jsonMode}
	var r reply
	switch ex.Stage {
	case StageGenerate:
		r = pairReply(&w, jsonMode)
	case StageTwin:
		r = twinReply(&w, prompt, n, jsonMode)
	case StageNeutral:
		if isTwinNeutral(prompt) {
			r = twinNeutralReply(&w, prompt, jsonMode)
			break
		}
		r = neutralReply(&w, prompt, jsonMode)
	case StageJudge:
		r = judgeReply(&w, prompt, jsonMode)
	default:
		r = reply{content: "Sure! What would you like me to do?"}
	}
	ex.Content, ex.Reasoning, ex.Cut, ex.Meant = r.content, r.reasoning, r.cut, r.meant
	ex.Meant.HeldOut = w.heldOut
	return ex
}

// reply is a reply being written.
type reply struct {
	content, reasoning string
	cut                bool
	meant              Meant
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

// writer draws a reply's choices from its hash, within a phrasing set.
type writer struct {
	h       uint64
	set     Phrasings
	heldOut bool // a held-out phrasing was used
}

// pick returns a choice in [0, n).
func (w *writer) pick(salt string, n int) int { return pick(w.h, salt, n) }

// phrase returns one of the phrasings allowed by the writer's set: tuning ones, held-out ones,
// or either. A family without phrasings in the set falls back to its tuning phrasings.
func (w *writer) phrase(salt string, tuning, heldOut []string) string {
	var pool []string
	switch w.set {
	case TuningPhrasings:
		pool = tuning
	case HeldOutPhrasings:
		pool = heldOut
	default:
		pool = append(append([]string(nil), tuning...), heldOut...)
	}
	if len(pool) == 0 {
		pool = tuning
	}
	k := w.pick(salt, len(pool))
	if w.set == HeldOutPhrasings || w.set == AllPhrasings && k >= len(tuning) {
		if len(heldOut) > 0 {
			w.heldOut = true
		}
	}
	return pool[k]
}

// family is a family of reply styles with a weight.
type family struct {
	name   string
	weight int
}

// choose picks a family by weight.
func (w *writer) choose(salt string, fams []family) string {
	total := 0
	for _, f := range fams {
		total += f.weight
	}
	k := w.pick(salt, total)
	for _, f := range fams {
		if k < f.weight {
			return f.name
		}
		k -= f.weight
	}
	return fams[len(fams)-1].name
}

// fill replaces the {KEY} placeholders of tmpl with vals, given as key, value, key, value...
func fill(tmpl string, vals ...string) string {
	return strings.NewReplacer(vals...).Replace(tmpl)
}

// jsonString returns s as a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// family draws the family of a reply from the text families or, in JSON mode, from the JSON
// families, where "text" stands for a server that ignored JSON mode: a text family is drawn
// then, and the reply is written in text mode.
func (w *writer) family(jsonMode bool, text, json []family) (string, bool) {
	if !jsonMode {
		return w.choose("family", text), false
	}
	fam := w.choose("family", json)
	if fam == "text" {
		return w.choose("text-family", text), false
	}
	return fam, true
}

// parts are the pieces a labelled reply (a pair, a twin, neutral explanations) is written from.
type parts struct {
	object  func() string // the answer as a JSON object
	text    func() string // the answer in labels (or, now and then, a table)
	table   func() string // the answer as a table
	thought func() string // reasoning before the answer
}

// labelled writes a labelled reply of family fam: its content, its reasoning returned apart, and
// whether it was cut off (then it holds half its reasoning and no answer).
func (w *writer) labelled(fam string, jsonMode bool, p parts) (content, reasoning string, cut bool) {
	answer := p.text
	if jsonMode {
		answer = p.object
	}
	switch fam {
	case "object":
		return answer(), "", false
	case "wrapped":
		return strings.ReplaceAll(w.phrase("wrapped", wrappedObjects, wrappedObjectsHeld), "{OBJ}", p.object()), "", false
	case "think":
		return w.block(p.thought()) + answer(), "", false
	case "template-opened":
		return p.thought() + "\n</think>\n\n" + answer(), "", false
	case "apart":
		return answer(), p.thought(), false
	case "table":
		return p.table(), "", false
	case "json":
		return p.object(), "", false
	case "cut":
		t := p.thought()
		return w.openTag() + t[:len(t)/2], "", true
	}
	return p.text(), "", false
}
