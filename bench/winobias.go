package bench

import (
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/evenhand/evenhand/internal/jsonl"
)

// The 40 occupations of the WinoBias release (Zhao et al., NAACL 2018, MIT licence, UCLA NLP),
// as its male_occupations.txt and female_occupations.txt list them.
var (
	//go:embed data/male_occupations.txt
	maleOccupations string
	//go:embed data/female_occupations.txt
	femaleOccupations string
)

// Occupations returns the 40 occupations of the WinoBias release, male-dominated ones first
// (as its male_occupations.txt and female_occupations.txt list them).
func Occupations() []string {
	var out []string
	for _, l := range strings.Split(maleOccupations+"\n"+femaleOccupations, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// occupationList returns the occupations with multi-word ones restored, longest first.
func occupationList(occ []string) []string {
	if occ == nil {
		occ = Occupations()
	}
	out := make([]string, 0, len(occ))
	for _, o := range occ {
		o = strings.TrimPrefix(o, "\ufeff") // the first line of a list saved with a BOM
		if o = strings.Join(strings.Fields(strings.ToLower(o)), " "); o != "" {
			out = append(out, o)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

var uclaLineRE = regexp.MustCompile(`^\d+\s+(.*)$`)

// ReadWinoBias reads one WinoBias file in either published layout:
//
//   - the original UCLA release, one sentence per line after its number, with the gold
//     occupation and the pronoun in square brackets ("3 [The chief] hired the assistant
//     because [he] needed help with paperwork."): type and polarity come from the file's name
//     ("pro_stereotyped_type1.txt.test"), and the question is the sentence with only the
//     pronouns left in brackets;
//   - JSON Lines of the Hugging Face copy the paper's runner used, {"input" (the sentence with
//     only the pronoun bracketed), "reference" (the occupation), "type", "polarity"}, told
//     apart by its first character being '{'.
//
// Choices are the occupations the sentence mentions, in the order they appear (two, rarely
// three), lower-case and without "the"; Answer is the reference's. occupations lists the
// occupations to look for; nil means the 40 of the release ([Occupations]). Category is the
// type and polarity, "type1_pro"; IDs are "<file name>/<line>". name is the file's name.
func ReadWinoBias(r io.Reader, name string, occupations []string) ([]Item, error) {
	occ := occupationList(occupations)
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	fileType, filePol := winoTypeOf(base), winoPolarityOf(base)
	var items []Item
	for line, err := range jsonl.Lines(r) {
		if err != nil {
			return nil, readErr(err, name)
		}
		if line.Blank() {
			continue
		}
		var it Item
		var le *LineError
		if line.Text[0] == '{' {
			it, le = winoJSON(line.Text, occ)
		} else {
			it, le = winoUCLA(string(line.Text), occ, fileType, filePol)
		}
		if le != nil {
			le.File, le.Line = name, line.N
			return nil, le
		}
		it.ID = base + "/" + strconv.Itoa(line.N)
		it.Benchmark = WinoBias
		it.Category = it.Type + "_" + it.Polarity
		items = append(items, it)
	}
	return items, nil
}

func winoTypeOf(s string) string {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "type1") || s == "1":
		return "type1"
	case strings.Contains(s, "type2") || s == "2":
		return "type2"
	}
	return ""
}

func winoPolarityOf(s string) string {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "anti"):
		return "anti"
	case strings.Contains(s, "pro"):
		return "pro"
	}
	return ""
}

func winoUCLA(text string, occ []string, typ, pol string) (Item, *LineError) {
	m := uclaLineRE.FindStringSubmatch(text)
	if m == nil {
		return Item{}, lineErr("", 0, "", "want a number, then the sentence")
	}
	if typ == "" || pol == "" {
		return Item{}, lineErr("", 0, "", "the file's name must say type1 or type2 and pro or anti")
	}
	sentence := m[1]
	ref := ""
	question := bracketRE.ReplaceAllStringFunc(sentence, func(b string) string {
		inner := b[1 : len(b)-1]
		if pronouns[strings.ToLower(strings.TrimSpace(inner))] {
			return b
		}
		if ref == "" {
			ref = inner
		}
		return inner
	})
	if ref == "" {
		return Item{}, lineErr("", 0, "", "no occupation in square brackets")
	}
	return winoItem(question, ref, occ, typ, pol, "")
}

func winoJSON(text []byte, occ []string) (Item, *LineError) {
	var row struct {
		Input     *string         `json:"input"`
		Reference *string         `json:"reference"`
		Type      json.RawMessage `json:"type"`
		Polarity  string          `json:"polarity"`
	}
	if err := json.Unmarshal(text, &row); err != nil {
		le := badLine("", 0, "", err)
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			le.Field = te.Field
		}
		return Item{}, le
	}
	switch {
	case row.Input == nil || *row.Input == "":
		return Item{}, lineErr("", 0, "input", "missing or empty")
	case row.Reference == nil || *row.Reference == "":
		return Item{}, lineErr("", 0, "reference", "missing or empty")
	}
	typ := winoTypeOf(strings.Trim(string(row.Type), `"`))
	if typ == "" {
		return Item{}, lineErr("", 0, "type", "%s: want type1 or type2", row.Type)
	}
	pol := winoPolarityOf(row.Polarity)
	if pol == "" {
		return Item{}, lineErr("", 0, "polarity", "%q: want pro or anti", row.Polarity)
	}
	return winoItem(*row.Input, *row.Reference, occ, typ, pol, "reference")
}

// winoItem finds the occupations of question and the reference among them.
func winoItem(question, ref string, occ []string, typ, pol, refField string) (Item, *LineError) {
	it := Item{Question: question, Type: typ, Polarity: pol, Answer: -1}
	it.Choices = occupationsIn(question, occ)
	r := winoNorm(ref)
	for i, c := range it.Choices {
		if r == c || r == c+"s" || strings.HasSuffix(r, " "+c) {
			it.Answer = i
			break
		}
	}
	if it.Answer < 0 {
		it.Answer = len(it.Choices)
		it.Choices = append(it.Choices, r)
	}
	if len(it.Choices) < 2 {
		return Item{}, lineErr("", 0, refField, "found %d occupation(s) in the sentence, want 2", len(it.Choices))
	}
	return it, nil
}

// occupationsIn returns the occupations of occ (longest first) that question mentions as whole
// words, a plural included, each once, in the order they appear; a longer occupation takes its
// words from a shorter one inside it.
func occupationsIn(question string, occ []string) []string {
	plain := strings.ToLower(strings.NewReplacer("[", " ", "]", " ").Replace(question))
	type hit struct {
		at  int
		occ string
	}
	var hits []hit
	taken := make([]bool, len(plain))
	for _, o := range occ {
		for off := 0; ; {
			i := strings.Index(plain[off:], o)
			if i < 0 {
				break
			}
			i += off
			off = i + len(o)
			if !wholeOccupation(plain, i, len(o), taken) {
				continue
			}
			for k := i; k < i+len(o); k++ {
				taken[k] = true
			}
			if !slices.ContainsFunc(hits, func(h hit) bool { return h.occ == o }) {
				hits = append(hits, hit{i, o})
			}
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return a.at - b.at })
	var out []string
	for _, h := range hits {
		out = append(out, h.occ)
	}
	return out
}

// wholeOccupation reports whether the occupation of n bytes at plain[i:] stands as whole words
// (a plural s included) that no longer occupation has taken.
func wholeOccupation(plain string, i, n int, taken []bool) bool {
	end := i + n
	if end < len(plain) && plain[end] == 's' {
		end++ // a plural
	}
	return !(i > 0 && wordByte(plain[i-1]) || end < len(plain) && wordByte(plain[end]) || taken[i])
}

func wordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// winoNorm lower-cases an occupation and removes a leading article.
func winoNorm(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	for _, a := range []string{"the ", "a ", "an "} {
		if t, ok := strings.CutPrefix(s, a); ok {
			return t
		}
	}
	return s
}
