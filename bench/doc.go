// Package bench scores a model on the benchmarks the paper's release uses to check DPO training
// (MMLU and TruthfulQA for its general abilities, BBQ and WinoBias for its fairness), over any
// langchaingo model, before and after training.
//
// # Items and readers
//
// Every question of every benchmark becomes an [Item]: a question, its choices in the file's
// order and the index of the right one. The readers ([ReadMMLU], [ReadTruthfulQA], [ReadBBQ],
// [ReadWinoBias]) read the files as they are published and name the file, line and field of
// bad input in a *[LineError].
//
// # Running
//
// A [Runner] asks its model every item, Concurrency at a time, and reads the answer. By default
// the choices are shown in an order shuffled by the Runner's Seed (the same seed gives the same
// order), because in TruthfulQA's published file the right answer is always the first: a model
// that always answers "A" would score 100% in the file's order. [Result.Choice] is always an
// index into [Item.Choices] in the item's own order, whatever order the prompt showed, and -1
// when no answer could be read. [Runner.RunFile] appends every result to a JSON Lines file as
// it comes, so that a run that is killed can be continued without asking any item twice.
//
// # Reading answers
//
// [ParseChoice] is the default, strict reader of a multiple-choice reply. [ParseChoiceAs] and
// [ExtractOccupation] are the paper's own extractors, with Python's semantics, for reproducing
// published figures (select them with [Runner.PaperRules]).
//
// # Scores
//
// [Summarize] gives accuracy with Wilson intervals per subject or category and overall, the
// MMLU mean over subjects (the paper's headline) beside the mean over questions, WinoBias
// accuracy and weighted F1 per type and polarity with the pro - anti gap, and BBQ's bias scores
// ([ScoreBBQ]). [Paired] tests the change between two runs of the same items with an exact
// McNemar test. A [Report] and a [Change] write themselves as text, JSON or an HTML page
// (WriteText, WriteJSON, WriteHTML), with the page's title and note in their fields.
package bench
