package bench

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/evenhand/evenhand/internal/jsonl"
)

// mmluRow is one row of Hugging Face's cais/mmlu, in its parquet files and as JSON.
type mmluRow struct {
	Question string   `json:"question"`
	Subject  string   `json:"subject"`
	Choices  []string `json:"choices"`
	Answer   int64    `json:"answer"`
}

// maxParquetBytes bounds the size of one MMLU parquet file ReadMMLU reads into memory (the
// whole test split is under 4 MB).
const maxParquetBytes = 256 << 20

// ReadMMLU reads one MMLU file in any of its three published layouts, told apart by name (and,
// for parquet, by content):
//
//   - a parquet file of Hugging Face's cais/mmlu (name ending in .parquet, or content starting
//     with PAR1): columns question, subject, choices (a list of 4 strings), answer (0 to 3);
//   - a CSV file of the original release, "<subject>_test.csv" (also _dev and _val), with no
//     header and rows question,A,B,C,D,answer-letter: the subject is taken from the name;
//   - JSON Lines of the Hugging Face rows (any other name): {"question", "subject", "choices",
//     "answer"}.
//
// IDs are "<subject>/<k>" with k counting the subject's rows in the file from 0, and Category is
// the subject. name is the file's name (a path is fine); errors name it with the line or row.
func ReadMMLU(r io.Reader, name string) ([]Item, error) {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	switch {
	case strings.HasSuffix(base, ".csv"):
		return readMMLUCSV(r, name, mmluSubject(base))
	case strings.HasSuffix(base, ".parquet"):
		return readMMLUParquet(r, name)
	}
	br := bufioPeek(r)
	if magic, _ := br.peek(4); string(magic) == "PAR1" {
		return readMMLUParquet(br, name)
	}
	return readMMLUJSONL(br, name)
}

// mmluSubject returns the subject of a CSV file of the original release: its name without
// "_test.csv" (or "_dev.csv", "_val.csv").
func mmluSubject(base string) string {
	s := strings.TrimSuffix(base, ".csv")
	for _, split := range []string{"_test", "_dev", "_val"} {
		if t, ok := strings.CutSuffix(s, split); ok {
			return t
		}
	}
	return s
}

// mmluItems numbers rows by subject.
type mmluItems struct {
	items []Item
	count map[string]int
}

func (m *mmluItems) add(row mmluRow) *LineError {
	bad := func(field, format string, args ...any) *LineError { return lineErr("", 0, field, format, args...) }
	switch {
	case row.Subject == "":
		return bad("subject", "missing or empty")
	case row.Question == "":
		return bad("question", "missing or empty")
	case len(row.Choices) < 2 || len(row.Choices) > maxChoices:
		return bad("choices", "%d choices, want 2 to %d", len(row.Choices), maxChoices)
	case row.Answer < 0 || row.Answer >= int64(len(row.Choices)):
		return bad("answer", "%d is not the index of a choice", row.Answer)
	}
	if m.count == nil {
		m.count = map[string]int{}
	}
	k := m.count[row.Subject]
	m.count[row.Subject]++
	m.items = append(m.items, Item{
		ID: row.Subject + "/" + strconv.Itoa(k), Benchmark: MMLU, Category: row.Subject,
		Question: row.Question, Choices: row.Choices, Answer: int(row.Answer),
	})
	return nil
}

func readMMLUCSV(r io.Reader, name, subject string) ([]Item, error) {
	cr := csv.NewReader(jsonl.SkipBOM(r)) // a BOM would otherwise start the first question
	cr.FieldsPerRecord = 6
	cr.ReuseRecord = true
	var m mmluItems
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return m.items, nil
		}
		if err != nil {
			le := badLine(name, 0, "", err)
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				le.Line = pe.Line
			} else if errors.Is(err, jsonl.ErrUTF16) {
				le.Line = 1 // found at the start of the file
			}
			return nil, le
		}
		line, _ := cr.FieldPos(0)
		ans := strings.TrimSpace(rec[5])
		if len(ans) != 1 || ans[0] < 'A' || ans[0] > 'D' {
			return nil, lineErr(name, line, "answer", "%q: want A, B, C or D", ans)
		}
		row := mmluRow{Question: rec[0], Subject: subject, Choices: []string{rec[1], rec[2], rec[3], rec[4]}, Answer: int64(ans[0] - 'A')}
		if err := m.add(row); err != nil {
			err.File, err.Line = name, line
			return nil, err
		}
	}
}

func readMMLUJSONL(r io.Reader, name string) ([]Item, error) {
	var m mmluItems
	for line, err := range jsonl.Lines(r) {
		if err != nil {
			return nil, readErr(err, name)
		}
		if line.Blank() {
			continue
		}
		var row mmluRow
		if err := json.Unmarshal(line.Text, &row); err != nil {
			le := badLine(name, line.N, "", err)
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				le.Field = te.Field
			}
			return nil, le
		}
		if err := m.add(row); err != nil {
			err.File, err.Line = name, line.N
			return nil, err
		}
	}
	return m.items, nil
}

// readMMLUParquet reads a parquet file; rows are numbered from 1 in errors, as lines are.
func readMMLUParquet(r io.Reader, name string) (items []Item, err error) {
	data, err := io.ReadAll(io.LimitReader(r, maxParquetBytes+1))
	if err != nil {
		return nil, fmt.Errorf("bench: read %s: %w", name, err)
	}
	if len(data) > maxParquetBytes {
		return nil, badLine(name, 0, "", fmt.Errorf("larger than %d bytes", maxParquetBytes))
	}
	defer func() {
		// The parquet library may panic on corrupt files; a damaged file is an error here.
		if p := recover(); p != nil {
			items, err = nil, badLine(name, 0, "", fmt.Errorf("corrupt parquet file: %v", p))
		}
	}()
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, badLine(name, 0, "", err)
	}
	col, err := mmluColumns(f, name)
	if err != nil {
		return nil, err
	}
	pr := parquet.NewReader(f)
	defer pr.Close()
	var m mmluItems
	buf := make([]parquet.Row, 256)
	rowNum := 0
	for {
		n, err := pr.ReadRows(buf)
		for _, r := range buf[:n] {
			rowNum++
			row, bad := parquetRow(r, col)
			if bad == nil {
				bad = m.add(row)
			}
			if bad != nil {
				bad.File, bad.Line = name, rowNum
				return nil, bad
			}
		}
		if errors.Is(err, io.EOF) {
			return m.items, nil
		}
		if err != nil {
			return nil, badLine(name, rowNum+1, "", err)
		}
	}
}

// mmluColumns checks that the parquet file f has MMLU's columns and returns the top-level field
// name of each leaf column, by index. Columns are found by their top-level name, so that a list
// of choices is read whatever its inner groups are called (pyarrow writes list/element, older
// writers list/item).
func mmluColumns(f *parquet.File, name string) (map[int]string, error) {
	have := map[string]bool{}
	for _, fl := range f.Schema().Fields() {
		have[fl.Name()] = true
	}
	for _, col := range []string{"question", "subject", "choices", "answer"} {
		if !have[col] {
			return nil, badLine(name, 0, col, errors.New("no such column"))
		}
	}
	col := map[int]string{}
	for i, p := range f.Schema().Columns() {
		col[i] = p[0]
	}
	return col, nil
}

// parquetRow reads the MMLU fields of one parquet row; col maps leaf column indexes to
// top-level field names.
func parquetRow(r parquet.Row, col map[int]string) (mmluRow, *LineError) {
	var row mmluRow
	for _, v := range r {
		name := col[v.Column()]
		if v.IsNull() {
			if name == "answer" {
				return row, lineErr("", 0, name, "null")
			}
			continue
		}
		switch name {
		case "question", "subject", "choices":
			if v.Kind() != parquet.ByteArray {
				return row, lineErr("", 0, name, "%v values, want strings", v.Kind())
			}
			switch s := string(v.ByteArray()); name {
			case "question":
				row.Question = s
			case "subject":
				row.Subject = s
			default:
				if len(row.Choices) == maxChoices {
					return row, lineErr("", 0, name, "more than %d choices", maxChoices)
				}
				row.Choices = append(row.Choices, s)
			}
		case "answer":
			switch v.Kind() {
			case parquet.Int32:
				row.Answer = int64(v.Int32())
			case parquet.Int64:
				row.Answer = v.Int64()
			default:
				return row, lineErr("", 0, name, "%v values, want integers", v.Kind())
			}
		}
	}
	return row, nil
}

// peeker lets ReadMMLU look at the first bytes of its input and still read them.
type peeker struct {
	r    io.Reader
	head []byte
}

func bufioPeek(r io.Reader) *peeker { return &peeker{r: r} }

func (p *peeker) peek(n int) ([]byte, error) {
	for len(p.head) < n {
		buf := make([]byte, n-len(p.head))
		k, err := p.r.Read(buf)
		p.head = append(p.head, buf[:k]...)
		if err != nil {
			return p.head, err
		}
	}
	return p.head, nil
}

func (p *peeker) Read(b []byte) (int, error) {
	if len(p.head) > 0 {
		n := copy(b, p.head)
		p.head = p.head[n:]
		return n, nil
	}
	return p.r.Read(b)
}
