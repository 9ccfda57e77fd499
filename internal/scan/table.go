package scan

import (
	"strings"
	"unicode"
)

// Answer is what every parser of labelled replies reads: the reply split by [Split], with its
// markdown tables made plain by [Tables] for the parser's labels. Reasoning and Cut are Split's.
func Answer(text string, labels ...string) Reply {
	r := Split(text)
	r.Answer = Tables(r.Answer, labels...)
	return r
}

// IsTableRow reports whether line is a row of a markdown table: after blanks it starts with "|"
// and holds another "|".
func IsTableRow(line string) bool {
	s := strings.TrimSpace(line)
	return strings.HasPrefix(s, "|") && strings.Count(s, "|") >= 2
}

// Cells returns the cells of a table row, trimmed: the text between its unescaped "|", without
// the empty cells outside a leading and a trailing "|". It returns nil for a line that is not a
// row ([IsTableRow]).
func Cells(line string) []string {
	if !IsTableRow(line) {
		return nil
	}
	s := strings.TrimSpace(line)
	var cells []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // an escaped character, "\|" included
		case '|':
			cells = append(cells, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	cells = append(cells, strings.TrimSpace(s[start:]))
	cells = cells[1:] // before the leading "|"
	if n := len(cells); n > 0 && cells[n-1] == "" && strings.HasSuffix(s, "|") {
		cells = cells[:n-1]
	}
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(c, `\|`, "|")
	}
	return cells
}

// isSeparatorRow reports whether line is the row under a table's header: cells of dashes with
// optional alignment colons ("|---|:---:|").
func isSeparatorRow(line string) bool {
	cells := Cells(line)
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		c = strings.Trim(c, ": ")
		if c == "" || strings.Trim(c, "-") != "" {
			return false
		}
	}
	return true
}

// Tables makes the markdown tables of text plain for a parser that reads labels (lower-case
// words, as [Label] takes them), so that a table's rows read as label lines and nothing else:
//
//   - A row of two cells is a label line already ([Label]): "| **Stance** | B. Immoral |".
//   - The header row of a table (the row above a separator row such as "|---|---|") is dropped,
//     with the separator, so "| Field | Value |" or "| | |" never reads as a label.
//   - A header whose cells are all labels, over exactly one row with as many cells, is a table
//     on its side: it is turned into one two-cell row per column ("| Stance | Explanation |"
//     over "| B. Immoral | She lied. |" gives "| Stance | B. Immoral |" and "| Explanation |
//     She lied. |").
//   - A header whose first cell is a label, but not every cell, is a row like the others (a
//     two-column table whose first row was made its header); so is a header without rows.
//
// Dropped rows become empty lines; line ends become "\n". Tables never panics.
func Tables(text string, labels ...string) string {
	if !strings.Contains(text, "|") {
		return text
	}
	lines := Lines(text)
	changed := false
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		if !isHeaderAt(lines, i) {
			out = append(out, lines[i])
			continue
		}
		changed = true
		var used int
		out, used = plainTable(out, lines, i, labels)
		i += used
	}
	if !changed && !strings.Contains(text, "\r") {
		return text
	}
	return strings.Join(out, "\n")
}

// isHeaderAt reports whether lines[i] is the header row of a table: a row over a separator row.
func isHeaderAt(lines []string, i int) bool {
	return i+1 < len(lines) && IsTableRow(lines[i]) && isSeparatorRow(lines[i+1])
}

// plainTable appends to out what [Tables] makes of the table whose header row is lines[i], and
// returns how many lines after the header it used: the separator, and the data row of a table
// on its side.
func plainTable(out, lines []string, i int, labels []string) ([]string, int) {
	header := Cells(lines[i])
	rows := rowsFrom(lines, i+2)
	labelled := 0
	for _, c := range header {
		if isLabelCell(c, labels) {
			labelled++
		}
	}
	switch {
	case rows == 0 || labelled > 0 && labelled < len(header) && isLabelCell(header[0], labels):
		return append(out, lines[i], ""), 1 // a row like the others
	case rows == 1 && len(header) >= 2 && labelled == len(header) && len(Cells(lines[i+2])) == len(header):
		data := Cells(lines[i+2])
		out = append(out, "", "")
		for k := range header {
			out = append(out, "| "+header[k]+" | "+data[k]+" |")
		}
		return out, 2
	}
	return append(out, "", ""), 1
}

// rowsFrom counts the table rows of lines from i on, up to the next table's header.
func rowsFrom(lines []string, i int) int {
	rows := 0
	for k := i; k < len(lines) && IsTableRow(lines[k]) && !isHeaderAt(lines, k); k++ {
		rows++
	}
	return rows
}

// isLabelCell reports whether a table cell is one of labels, decorated or not, with an optional
// colon.
func isLabelCell(cell string, labels []string) bool {
	for _, w := range labels {
		if _, ok := rowLabel("| "+cell+" | x |", w); ok {
			return true
		}
	}
	return false
}

// rowLabel is [Label] for a table row: a row of one cell is read as a line; a row of two cells
// is a label when its first cell is the word (decorated or not, with an optional colon), and its
// value is the second cell, without leading emphasis and with "<br>" as a line break.
func rowLabel(line, word string) (string, bool) {
	cells := Cells(line)
	switch len(cells) {
	case 1:
		if IsTableRow(cells[0]) {
			return "", false
		}
		return Label(cells[0], word)
	case 2:
	default:
		return "", false
	}
	key := TrimLead(cells[0])
	if len(key) < len(word) || !strings.EqualFold(key[:len(word)], word) {
		return "", false
	}
	if strings.TrimFunc(key[len(word):], func(r rune) bool { return IsDecoration(r) || unicode.IsSpace(r) || r == ':' || r == '：' }) != "" {
		return "", false
	}
	v := cells[1]
	for _, br := range []string{"<br>", "<br/>", "<br />", "<BR>"} {
		v = strings.ReplaceAll(v, br, "\n")
	}
	return strings.TrimLeftFunc(v, func(r rune) bool { return IsDecoration(r) || unicode.IsSpace(r) }), true
}
