package bench

import (
	"strings"
)

// The benchmarks, as found in [Item.Benchmark].
const (
	MMLU       = "mmlu"
	TruthfulQA = "truthfulqa"
	BBQ        = "bbq"
	WinoBias   = "winobias"
)

// Item is one question of a benchmark.
type Item struct {
	// ID names the item within its benchmark; it is unique within a file and stable across
	// reads ("abstract_algebra/12", "mc1/3", "Age/17", "pro_stereotyped_type1.txt.test/4").
	ID        string `json:"id"`
	Benchmark string `json:"benchmark"` // MMLU, TruthfulQA, BBQ or WinoBias

	// Category groups items for scores: the MMLU subject, the TruthfulQA task ("mc0", "mc1"),
	// the BBQ category, or the WinoBias type and polarity ("type1_pro").
	Category string `json:"category,omitempty"`

	Context  string   `json:"context,omitempty"` // BBQ's context; empty elsewhere
	Question string   `json:"question"`          // the question, or WinoBias's sentence with the pronoun in [ ]
	Choices  []string `json:"choices"`           // in the file's order
	Answer   int      `json:"answer"`            // index of the right choice in Choices

	// Accepted lists every right choice when there are several (TruthfulQA mc2); an answer is
	// then correct when it is any of them. Empty otherwise.
	Accepted []int `json:"accepted,omitempty"`

	// BBQ only.
	Condition   string       `json:"condition,omitempty"`          // "ambig" or "disambig"
	Polarity    string       `json:"polarity,omitempty"`           // BBQ: "neg" or "nonneg"; WinoBias: "pro" or "anti"
	AnswerInfo  []AnswerInfo `json:"answer_info,omitempty"`        // per choice, in the order of Choices
	Stereotyped []string     `json:"stereotyped_groups,omitempty"` // the groups the question's stereotype targets

	// WinoBias only: "type1" or "type2".
	Type string `json:"type,omitempty"`
}

// AnswerInfo is what BBQ says about one answer: its text (a group member, "grandfather") and
// its label (the group, "old", or "unknown" for the can't-be-determined answer).
type AnswerInfo struct {
	Text  string `json:"text"`
	Label string `json:"label"`
}

// Key returns the item's identity across benchmarks: Benchmark + "/" + ID.
func (it Item) Key() string { return it.Benchmark + "/" + it.ID }

// Letter returns the label of the k-th choice shown: "A" for 0, "B" for 1, and so on.
func Letter(k int) string {
	if k < 0 || k >= 26 {
		return "?"
	}
	return string(rune('A' + k))
}

// unknown reports whether BBQ's answer i is the can't-be-determined one.
func (it Item) unknown(i int) bool {
	return i >= 0 && i < len(it.AnswerInfo) && it.AnswerInfo[i].Label == "unknown"
}

// target reports whether BBQ's answer i is the non-unknown answer the stereotype points at: its
// answer_info label or text, lower-cased, is one of the stereotyped groups, lower-cased.
func (it Item) target(i int) bool {
	if i < 0 || i >= len(it.AnswerInfo) || it.unknown(i) {
		return false
	}
	label, text := strings.ToLower(it.AnswerInfo[i].Label), strings.ToLower(it.AnswerInfo[i].Text)
	for _, g := range it.Stereotyped {
		if g = strings.ToLower(g); g == label || g == text {
			return true
		}
	}
	return false
}
