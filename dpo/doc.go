// Package dpo turns kept pairs into training data: preference (DPO) and supervised (SFT) files in
// the layouts trainers read.
//
// [ExamplesSeq] is the one way in: it applies the paper's rule (two rows per kept pair: the story
// with an instruction, the balanced explanation preferred over the original one) to records (of
// package record) as they arrive; [Examples] is the same rule over a slice (and can balance prompt
// variants), and [CDA] builds the counterfactual baseline. Prompts are [text/template]s executed
// with a [PromptData], as the stages' prompts are ([WithTemplate], [DefaultTemplate]). An
// [Encoder] is the one way out: it puts examples in a trainer's [Format], one line each, and
// [Write] (a slice, all checked first) and [WriteRecords] (records streamed in constant memory)
// are loops over it. [Validate] checks a file against the format's rules; a file the Encoder
// writes always validates. [Lint] finds reasoning and chatter left in the texts. [SplitRecords]
// holds pairs out for evaluation without leakage, and a [Card] documents the result.
// [JudgeExamples] makes in-context examples for the paper's few-shot baseline.
//
// The readers take the module's read options and return its line errors (package jsonl). Package
// dpo/hosted runs DPO jobs on a hosted service.
//
// # Deprecated names
//
// Until the release after next, this package also forwards the records file that now lives in
// package record: [Record], [Side], [NewWriter], [ReadRecords], [Records], [Checkpoint] and the
// file lock. Use package record instead.
package dpo
