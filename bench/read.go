package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/evenhand/evenhand/internal/jsonl"
)

// ErrFormat is wrapped by every error about malformed benchmark input.
var ErrFormat = errors.New("bench: malformed input")

// LineError reports bad input in a benchmark file: the file (as named to the reader), the
// 1-based line (the row, for parquet), the field when one is at fault, and what is wrong. The
// errors of malformed input wrap [ErrFormat] in Err.
//
// Deprecated: it is the module's one line error, jsonl.LineError (package
// github.com/evenhand/evenhand/jsonl); use that name. Kept for one release.
type LineError = jsonl.LineError

// badLine returns the *LineError for malformed input.
func badLine(file string, line int, field string, err error) *LineError {
	return &LineError{File: file, Line: line, Field: field, Err: fmt.Errorf("%w: %w", ErrFormat, err)}
}

func lineErr(file string, line int, field string, format string, args ...any) *LineError {
	return badLine(file, line, field, fmt.Errorf(format, args...))
}

// readErr names the file of an error of jsonl.Lines: a read error, or a line over the size
// limit or UTF-16 text (both malformed input: they wrap ErrFormat too).
func readErr(err error, name string) error {
	if le, ok := errors.AsType[*LineError](err); ok && (errors.Is(le.Err, jsonl.ErrLineTooLong) || errors.Is(le.Err, jsonl.ErrUTF16)) && !errors.Is(le.Err, ErrFormat) {
		le.Err = fmt.Errorf("%w: %w", ErrFormat, le.Err)
	}
	return jsonl.NameFile(err, name)
}

// maxChoices bounds the choices of one item (they are named by letter).
const maxChoices = maxLetters

// ReadTruthfulQA reads TruthfulQA's multiple-choice file (mc_task.json: a JSON array of
// {"question", "mc0_targets", "mc1_targets", "mc2_targets"}, each target a map from answer
// text to 1 or 0) for one task, "mc0", "mc1" or "mc2". Choices keep the file's order (the
// map's order in the file); Answer is the first answer marked 1, and for mc2, which marks
// several, Accepted lists them all. IDs are "<task>/<index in the file>". A leading byte order
// mark is skipped; UTF-16 input is an error wrapping jsonl's ErrUTF16 that says so. Errors name
// the line and the field ("[12].mc1_targets"); the caller names the file.
func ReadTruthfulQA(r io.Reader, task string) ([]Item, error) {
	return readTruthfulQA(r, task, "")
}

func readTruthfulQA(r io.Reader, task, name string) ([]Item, error) {
	switch task {
	case "mc0", "mc1", "mc2":
	default:
		return nil, fmt.Errorf("%w: TruthfulQA task %q: want mc0, mc1 or mc2", ErrFormat, task)
	}
	data, err := io.ReadAll(jsonl.SkipBOM(r)) // a file saved by a Windows editor starts with a BOM
	if errors.Is(err, jsonl.ErrUTF16) {
		return nil, badLine(name, 1, "", err) // malformed input, found at the start of the file
	}
	if err != nil {
		return nil, fmt.Errorf("bench: read %s: %w", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	lineAt := func() int { return 1 + bytes.Count(data[:min(int(dec.InputOffset()), len(data))], []byte("\n")) }
	fail := func(f string, err error) error {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return badLine(name, lineAt(), f, err)
	}
	if err := expectDelim(dec, '['); err != nil {
		return nil, fail("", err)
	}
	var items []Item
	for i := 0; dec.More(); i++ {
		it, at, err := truthfulQAItem(dec, i, task)
		if err != nil {
			return nil, fail(at, err)
		}
		if task != "mc2" {
			it.Accepted = nil
		}
		items = append(items, it)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail("", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fail("", errors.New("data after the array"))
	}
	return items, nil
}

// truthfulQAItem reads element i of the array, the question and the answers of task, from dec.
// An error comes with the path of the field at fault ("[12].mc1_targets").
func truthfulQAItem(dec *json.Decoder, i int, task string) (Item, string, error) {
	at := "[" + strconv.Itoa(i) + "]"
	field := task + "_targets"
	it := Item{ID: task + "/" + strconv.Itoa(i), Benchmark: TruthfulQA, Category: task, Answer: -1}
	if err := expectDelim(dec, '{'); err != nil {
		return it, at, err
	}
	found := false
	for dec.More() {
		key, err := stringToken(dec)
		if err != nil {
			return it, at, err
		}
		if key == field {
			found = true
		}
		if err := readTruthfulQAField(dec, &it, key, field); err != nil {
			return it, at + "." + key, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return it, at, err
	}
	switch {
	case !found:
		return it, at + "." + field, errors.New("missing")
	case it.Question == "":
		return it, at + ".question", errors.New("missing or empty")
	case len(it.Choices) < 2:
		return it, at + "." + field, fmt.Errorf("%d answers, want at least 2", len(it.Choices))
	case it.Answer < 0:
		return it, at + "." + field, errors.New("no answer is marked 1")
	}
	return it, "", nil
}

// readTruthfulQAField reads the value of key from dec into it: the question, the answers of the
// task's field, or anything else, skipped.
func readTruthfulQAField(dec *json.Decoder, it *Item, key, field string) error {
	var err error
	switch key {
	case "question":
		it.Question, err = stringToken(dec)
	case field:
		err = readTargets(dec, it)
	default:
		var skip json.RawMessage
		err = dec.Decode(&skip)
	}
	return err
}

func readTargets(dec *json.Decoder, it *Item) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	for dec.More() {
		text, err := stringToken(dec)
		if err != nil {
			return err
		}
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		num, ok := tok.(json.Number)
		if !ok || (num != "0" && num != "1") {
			return fmt.Errorf("answer %q is marked %v, want 0 or 1", text, tok)
		}
		if len(it.Choices) == maxChoices {
			return fmt.Errorf("more than %d answers", maxChoices)
		}
		if num == "1" {
			if it.Answer < 0 {
				it.Answer = len(it.Choices)
			}
			it.Accepted = append(it.Accepted, len(it.Choices))
		}
		it.Choices = append(it.Choices, text)
	}
	_, err := dec.Token()
	return err
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != d {
		return fmt.Errorf("got %v, want %v", tok, d)
	}
	return nil
}

func stringToken(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	s, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("got %v, want a string", tok)
	}
	return s, nil
}

// bbqRow is one line of a BBQ file.
type bbqRow struct {
	ExampleID        *int                `json:"example_id"`
	QuestionPolarity string              `json:"question_polarity"`
	ContextCondition string              `json:"context_condition"`
	Category         string              `json:"category"`
	AnswerInfo       map[string][]string `json:"answer_info"`
	Metadata         struct {
		Stereotyped []string `json:"stereotyped_groups"`
	} `json:"additional_metadata"`
	Context  string  `json:"context"`
	Question string  `json:"question"`
	Ans0     *string `json:"ans0"`
	Ans1     *string `json:"ans1"`
	Ans2     *string `json:"ans2"`
	Label    *int    `json:"label"`
}

// ReadBBQ reads one BBQ category file (JSON Lines as the BBQ authors publish them, e.g.
// Age.jsonl). Choices are ans0, ans1 and ans2; IDs are "<category>/<example_id>". name is the
// file's name, used in errors only.
func ReadBBQ(r io.Reader, name string) ([]Item, error) {
	var items []Item
	for line, err := range jsonl.Lines(r) {
		if err != nil {
			return nil, readErr(err, name)
		}
		if line.Blank() {
			continue
		}
		it, err := bbqItem(line.Text)
		if err != nil {
			err.File, err.Line = name, line.N
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}

func bbqItem(text []byte) (Item, *LineError) {
	var row bbqRow
	if err := json.Unmarshal(text, &row); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return Item{}, badLine("", 0, te.Field, err)
		}
		return Item{}, badLine("", 0, "", err)
	}
	if le := row.missing(); le != nil {
		return Item{}, le
	}
	if le := row.outOfRange(); le != nil {
		return Item{}, le
	}
	it := Item{
		ID: row.Category + "/" + strconv.Itoa(*row.ExampleID), Benchmark: BBQ, Category: row.Category,
		Context: row.Context, Question: row.Question, Choices: []string{*row.Ans0, *row.Ans1, *row.Ans2},
		Answer: *row.Label, Condition: row.ContextCondition, Polarity: row.QuestionPolarity,
		Stereotyped: row.Metadata.Stereotyped,
	}
	for i := range 3 {
		key := "ans" + strconv.Itoa(i)
		info := row.AnswerInfo[key]
		if len(info) != 2 {
			return Item{}, lineErr("", 0, "answer_info."+key, "want [text, label]")
		}
		it.AnswerInfo = append(it.AnswerInfo, AnswerInfo{Text: info[0], Label: info[1]})
	}
	return it, nil
}

// missing reports the first field a BBQ row lacks.
func (row *bbqRow) missing() *LineError {
	switch {
	case row.ExampleID == nil:
		return lineErr("", 0, "example_id", "missing")
	case row.Category == "":
		return lineErr("", 0, "category", "missing or empty")
	case row.Question == "":
		return lineErr("", 0, "question", "missing or empty")
	case row.Ans0 == nil || row.Ans1 == nil || row.Ans2 == nil:
		return lineErr("", 0, "ans0", "ans0, ans1 and ans2 are all needed")
	}
	return nil
}

// outOfRange reports the first field of a BBQ row whose value is not one BBQ writes.
func (row *bbqRow) outOfRange() *LineError {
	switch {
	case row.Label == nil || *row.Label < 0 || *row.Label > 2:
		return lineErr("", 0, "label", "want 0, 1 or 2")
	case row.ContextCondition != "ambig" && row.ContextCondition != "disambig":
		return lineErr("", 0, "context_condition", "%q: want ambig or disambig", row.ContextCondition)
	case row.QuestionPolarity != "neg" && row.QuestionPolarity != "nonneg":
		return lineErr("", 0, "question_polarity", "%q: want neg or nonneg", row.QuestionPolarity)
	}
	return nil
}
