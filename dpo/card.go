package dpo

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/template"
)

// Card documents a written dataset: what it holds, how it was made and how to train on it. It is
// written next to the JSONL files as a markdown README ([Card.WriteMarkdown], with the YAML header
// the Hugging Face hub reads) and as JSON metadata ([Card.WriteJSON]).
//
// The zero value is an empty card. Splits named "train" and "eval" are the ones the training
// instructions load.
//
// A Card is the dataset's own documentation, not a report of measurements: it has the two
// layouts a dataset hub reads (markdown and JSON), not the WriteText/WriteJSON/WriteHTML trio of
// the module's reports (eval.Report, bench.Report, diversity.Report).
type Card struct {
	Name         string       `json:"name"`                    // a title for the dataset
	Format       Format       `json:"format"`                  // the format of the JSONL files
	CDA          bool         `json:"cda,omitempty"`           // the rows come from [CDA], not [Examples]
	Template     string       `json:"template"`                // the prompt template ([DefaultTemplate] when not overridden)
	SystemPrompt string       `json:"system_prompt,omitempty"` // the system prompt, if any
	Model        string       `json:"model,omitempty"`         // the model that wrote and judged the stories, when known
	Source       string       `json:"source,omitempty"`        // the records the data was built from, when known
	Seed         uint64       `json:"seed"`                    // the split's seed ([WithSeed])
	EvalFraction float64      `json:"eval_fraction"`           // the split's fraction ([WithEvalFraction])
	MaxRouge1    float64      `json:"max_rouge1"`              // the near-duplicate threshold the split used
	Splits       []SplitStats `json:"splits"`                  // one entry per file

	// Diversity holds how alike the stories are, when it was measured (package diversity's
	// Report.Figures fills it); nil leaves the section out of the card.
	Diversity *Diversity `json:"diversity,omitempty"`
}

// Diversity is how alike the stories of a dataset are: the statistics of the cosine similarity
// of every pair of male stories, and of every pair of female stories, under one embedder.
type Diversity struct {
	Embedder string            `json:"embedder,omitempty"` // what made the vectors
	Male     SimilarityFigures `json:"male"`
	Female   SimilarityFigures `json:"female"`
}

// SimilarityFigures summarise the pairwise cosine similarities of one side's stories.
type SimilarityFigures struct {
	Stories int     `json:"stories"`
	Mean    float64 `json:"mean"`
	Std     float64 `json:"std"` // population standard deviation
	Min     float64 `json:"min"`
	Max     float64 `json:"max"`
	Median  float64 `json:"median"`
}

// SplitStats counts the rows of one split. The zero value is an empty split; use [SplitStats.Add]
// or [CountSplit] to fill it. It is not safe for concurrent use.
type SplitStats struct {
	Name     string         `json:"name"`             // "train" or "eval"
	File     string         `json:"file"`             // the JSONL file, relative to the card
	Pairs    int            `json:"pairs"`            // distinct pairs
	Examples int            `json:"examples"`         // rows
	Genders  map[string]int `json:"genders"`          // rows per gender of the story's protagonist (rows of gender pairs)
	Sources  map[string]int `json:"sources"`          // pairs per prompt variant (or dataset source)
	Groups   map[string]int `json:"groups,omitempty"` // rows per group of the story's protagonist (rows of twins on an axis)

	last string // PairID of the previous example
}

// Add counts one example. A new pair is counted whenever the example's PairID differs from the
// previous one's, as it does in the output of [Examples], [ExamplesSeq] and [CDA], where the rows
// of a pair are adjacent; so memory stays constant however many examples are added.
func (s *SplitStats) Add(e Example) {
	if s.Genders == nil {
		s.Genders = map[string]int{}
		s.Sources = map[string]int{}
	}
	s.Examples++
	if e.Group != "" {
		if s.Groups == nil {
			s.Groups = map[string]int{}
		}
		s.Groups[e.Group]++
	} else {
		s.Genders[e.Gender.String()]++
	}
	if s.Examples == 1 || e.PairID != s.last {
		s.Pairs++
		s.Sources[e.Source]++
	}
	s.last = e.PairID
}

// CountSplit counts the examples of one split written to file.
func CountSplit(name, file string, examples []Example) SplitStats {
	s := SplitStats{Name: name, File: file, Genders: map[string]int{}, Sources: map[string]int{}}
	for _, e := range examples {
		s.Add(e)
	}
	return s
}

// WriteJSON writes the card as indented JSON.
func (c Card) WriteJSON(w io.Writer) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("dpo: card: %w", err)
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("dpo: write card: %w", err)
	}
	return nil
}

//go:embed templates/card.md.tmpl
var cardTemplateText string

var cardTemplate = template.Must(template.New("card").Funcs(template.FuncMap{
	"formatDoc":  formatDoc,
	"genderKeys": func(c Card) []string { return c.keys(func(s SplitStats) map[string]int { return s.Genders }) },
	"sourceKeys": func(c Card) []string { return c.keys(func(s SplitStats) map[string]int { return s.Sources }) },
	"dataFiles": func(c Card) string {
		var parts []string
		for _, s := range c.Splits {
			parts = append(parts, strconv.Quote(s.Name)+": "+strconv.Quote(s.File))
		}
		return strings.Join(parts, ", ")
	},
	"hasEval":   func(c Card) bool { return c.file("eval") != "" },
	"trainFile": func(c Card) string { return c.file("train") },
	"evalFile":  func(c Card) string { return c.file("eval") },
}).Parse(cardTemplateText))

// WriteMarkdown writes the card as a README: a YAML header naming the files per split, what the
// rows are, the counts per split, gender and prompt variant, the prompt template, and how to
// train on the files with TRL or a hosted service.
func (c Card) WriteMarkdown(w io.Writer) error {
	if c.Name == "" {
		c.Name = "evenhand dataset"
	}
	var buf bytes.Buffer
	if err := cardTemplate.Execute(&buf, c); err != nil {
		return fmt.Errorf("dpo: card: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("dpo: write card: %w", err)
	}
	return nil
}

// keys returns the sorted keys of one count map over all splits.
func (c Card) keys(m func(SplitStats) map[string]int) []string {
	set := map[string]bool{}
	for _, s := range c.Splits {
		for k := range m(s) {
			set[k] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func (c Card) file(split string) string {
	for _, s := range c.Splits {
		if s.Name == split {
			return s.File
		}
	}
	return ""
}

func formatDoc(f Format) string {
	switch f {
	case TRL:
		return "TRL standard preference rows: prompt, chosen, rejected"
	case TRLConversational:
		return "TRL conversational preference rows: prompt messages, one chosen and one rejected assistant message"
	case OpenAI:
		return "OpenAI DPO rows: input messages, preferred_output, non_preferred_output"
	case SFT:
		return "supervised rows: prompt, completion"
	case SFTMessages:
		return "supervised chat rows: messages ending with the assistant's answer"
	default:
		return "unknown format"
	}
}
