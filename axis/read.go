package axis

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// maxListBytes bounds the lists the readers accept: the real files are a few tens of kilobytes.
const maxListBytes = 16 << 20

// readAll reads at most maxListBytes from r.
func readAll(r io.Reader, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxListBytes+1))
	if err != nil {
		return nil, fmt.Errorf("axis: reading %s: %w", what, err)
	}
	if len(b) > maxListBytes {
		return nil, fmt.Errorf("axis: %s is longer than %d bytes", what, maxListBytes)
	}
	return b, nil
}

// holisticAxes maps HolisticBias's axes to ours; its other axes (characteristics, cultural,
// gender_and_sex, nonce, political_ideologies) are not read.
var holisticAxes = map[string]Axis{
	"ability":             Disability,
	"age":                 Age,
	"body_type":           PhysicalAppearance,
	"nationality":         Nationality,
	"race_ethnicity":      RaceEthnicity,
	"religion":            Religion,
	"sexual_orientation":  SexualOrientation,
	"socioeconomic_class": SES,
}

// holisticBands gives the age band of HolisticBias's age buckets.
var holisticBands = map[string]band{"child": bandTeen, "young": bandYoung, "middle_aged": bandMiddle, "old": bandOld}

// ReadHolisticBias reads the descriptors of HolisticBias (Smith et al., EMNLP 2022) from a copy
// of its descriptors.json that the user has: an object of axes, each an object of buckets (or a
// list), each a list of descriptors written as a string or as an object with "descriptor" and,
// optionally, "gender" ("male", "female") and "preference". The file's trailing commas are
// accepted. HolisticBias is licensed CC BY-SA 4.0: this package reads it at run time and ships
// none of it.
//
// Each descriptor becomes a group of its axis (ability is Disability, body_type
// PhysicalAppearance, socioeconomic_class SES; axes with no counterpart are skipped): an
// adjective, or a phrase after a noun when it starts with "with", "who", "in" or "on". A
// descriptor marked "dispreferred" or "polarizing" is read in texts but not listed by Groups.
// Ages written with a number are left to the rules that read them. Combine the result with the
// shipped lists by [Lexicon.Merge]. Errors name the axis, bucket and entry at fault.
func ReadHolisticBias(r io.Reader) (*Lexicon, error) {
	b, err := readAll(r, "HolisticBias descriptors")
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(dropTrailingCommas(b), &top); err != nil {
		return nil, fmt.Errorf("axis: holisticbias: want a JSON object of axes: %w", err)
	}
	l := &Lexicon{groups: map[Axis][]*group{}}
	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		a, ok := holisticAxes[k]
		if !ok {
			continue
		}
		if err := l.readHolisticNode(a, k, "", top[k], 0); err != nil {
			return nil, err
		}
	}
	l.index()
	return l, nil
}

// readHolisticNode reads an axis's buckets (an object) or descriptors (a list).
func (l *Lexicon) readHolisticNode(a Axis, path, bucket string, raw json.RawMessage, depth int) error {
	if depth > 4 {
		return fmt.Errorf("axis: holisticbias: %s: nested too deep", path)
	}
	var buckets map[string]json.RawMessage
	if err := json.Unmarshal(raw, &buckets); err == nil {
		keys := make([]string, 0, len(buckets))
		for k := range buckets {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if err := l.readHolisticNode(a, path+"."+k, k, buckets[k], depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return fmt.Errorf("axis: holisticbias: %s: want an object of buckets or a list of descriptors", path)
	}
	for i, item := range list {
		d, err := holisticDescriptor(item)
		if err != nil {
			return fmt.Errorf("axis: holisticbias: %s[%d]: %w", path, i, err)
		}
		if _, style := parseAge(splitLower(d.Descriptor)); style != 0 {
			continue
		}
		g, err := holisticGroup(a, bucket, d)
		if err != nil {
			return fmt.Errorf("axis: holisticbias: %s[%d]: %w", path, i, err)
		}
		if l.lookupForm(a, g.forms[0].words) != nil || slices.ContainsFunc(l.groups[a], func(o *group) bool { return equalWords(o.forms[0].words, g.forms[0].words) }) {
			continue // listed twice ("LGBTQ" under two buckets)
		}
		l.groups[a] = append(l.groups[a], g)
	}
	return nil
}

// holisticGroup returns the group of descriptor d of a bucket of axis a: an adjective, or a
// phrase after a noun ("with a limp", "who is deaf"); its age band is the bucket's, the gender
// it is limited to d's, and it is hidden when HolisticBias marks it dispreferred or polarizing.
func holisticGroup(a Axis, bucket string, d holisticEntry) (*group, error) {
	k := kindAdj
	switch w := splitLower(d.Descriptor); {
	case len(w) == 0:
		return nil, fmt.Errorf("descriptor %q has no word", d.Descriptor)
	case w[0] == "with" || w[0] == "who" || w[0] == "in" || w[0] == "on":
		k = kindPost
	}
	g := &group{axis: a, name: d.Descriptor, number: -1, band: holisticBands[bucket], sources: []string{"HolisticBias"}}
	switch d.Gender {
	case "female":
		g.head = lexicon.Female
	case "male":
		g.head = lexicon.Male
	}
	g.hidden = d.Preference == "dispreferred" || d.Preference == "polarizing"
	g.forms = []form{newForm(k, "", d.Descriptor, lexicon.Unknown)}
	return g, nil
}

type holisticEntry struct {
	Descriptor string `json:"descriptor"`
	Gender     string `json:"gender"`
	Preference string `json:"preference"`
}

func holisticDescriptor(raw json.RawMessage) (holisticEntry, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return holisticEntry{Descriptor: strings.TrimSpace(s)}, nil
	}
	var e holisticEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		return e, errors.New("want a string or an object with a \"descriptor\"")
	}
	e.Descriptor = strings.TrimSpace(e.Descriptor)
	if e.Descriptor == "" {
		return e, errors.New("missing \"descriptor\"")
	}
	return e, nil
}

// dropTrailingCommas removes the commas before a closing ] or } outside strings, which the
// published descriptors.json has and JSON does not allow.
func dropTrailingCommas(b []byte) []byte {
	out := make([]byte, 0, len(b))
	inString, escaped := false, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inString {
			out = append(out, c)
			inString, escaped = stringGoesOn(c, escaped)
			continue
		}
		if c == '"' {
			inString = true
		}
		if c == ',' && closesNext(b, i+1) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// stringGoesOn reads byte c inside a JSON string, after an escaping backslash when escaped is
// set: it reports whether the string goes on after c, and whether the next byte is escaped.
func stringGoesOn(c byte, escaped bool) (inString, escapedNext bool) {
	switch {
	case escaped:
		return true, false
	case c == '\\':
		return true, true
	case c == '"':
		return false, false
	}
	return true, false
}

// closesNext reports whether the first byte at or after b[j] that is not white space closes an
// array or object.
func closesNext(b []byte, j int) bool {
	for j < len(b) && (b[j] == ' ' || b[j] == '\n' || b[j] == '\r' || b[j] == '\t') {
		j++
	}
	return j < len(b) && (b[j] == ']' || b[j] == '}')
}

// columns maps the names of a CSV file's columns to their indexes.
type columns map[string]int

// vocabularyHeader reads the header of BBQ's vocabulary, which must name the columns Category
// and Name.
func vocabularyHeader(cr *csv.Reader) (columns, error) {
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("axis: bbq vocabulary: reading the header: %w", err)
	}
	col := columns{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	for _, need := range []string{"Category", "Name"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("axis: bbq vocabulary: line 1: no column %q in %q", need, header)
		}
	}
	return col, nil
}

// get returns the value of the column name in record rec, trimmed; "" when the record has no
// such column.
func (col columns) get(rec []string, name string) string {
	if i, ok := col[name]; ok && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// vocabularyGroup returns the group of a vocabulary row rec of axis a, at line: a noun (plural
// with -s) for an Occupation, an adjective otherwise; hidden when Pilot_include is "No".
func (col columns) vocabularyGroup(a Axis, rec []string, line int) (*group, error) {
	name := col.get(rec, "Name")
	if len(splitWords(name)) == 0 {
		return nil, fmt.Errorf("axis: bbq vocabulary: line %d: column \"Name\" is empty", line)
	}
	g := &group{axis: a, name: name, number: -1, sources: []string{"BBQ vocabulary"}, hidden: strings.EqualFold(col.get(rec, "Pilot_include"), "no")}
	if strings.EqualFold(col.get(rec, "SubCat"), "Occupation") {
		g.forms = []form{newForm(kindNoun, "", name, lexicon.Unknown), newForm(kindPlural, "", name+"s", lexicon.Unknown)}
	} else {
		g.forms = []form{newForm(kindAdj, "", name, lexicon.Unknown)}
	}
	return g, nil
}

// bbqCategories maps the categories of BBQ's vocabulary to axes; Gender_identity is the gender
// axis of package story and is not read.
var bbqCategories = map[string]Axis{
	"Age": Age, "Disability_status": Disability, "Nationality": Nationality,
	"Physical_appearance": PhysicalAppearance, "Race_ethnicity": RaceEthnicity,
	"Religion": Religion, "SES": SES, "Sexual_orientation": SexualOrientation,
}

// ReadBBQVocabulary reads BBQ's vocabulary CSV (vocabulary.csv of nyu-mll/BBQ: columns
// Category, Pilot_include, SubCat, Name, Info, Source; other columns are ignored). Each row of a
// category this package has an axis for becomes a group: a noun (plural with -s) when its SubCat
// is Occupation, an adjective otherwise; a row with Pilot_include "No" is read in texts but not
// listed by Groups. Rows of Gender_identity and of unknown categories are skipped. Combine the
// result with the shipped lists by [Lexicon.Merge]. Errors name the line and column at fault.
func ReadBBQVocabulary(r io.Reader) (*Lexicon, error) {
	b, err := readAll(r, "BBQ vocabulary")
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
	cr.FieldsPerRecord = -1
	col, err := vocabularyHeader(cr)
	if err != nil {
		return nil, err
	}
	l := &Lexicon{groups: map[Axis][]*group{}}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("axis: bbq vocabulary: %w", err)
		}
		line, _ := cr.FieldPos(0)
		a, ok := bbqCategories[col.get(rec, "Category")]
		if !ok {
			continue
		}
		g, err := col.vocabularyGroup(a, rec, line)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(l.groups[a], func(o *group) bool { return equalWords(o.forms[0].words, g.forms[0].words) }) {
			continue
		}
		l.groups[a] = append(l.groups[a], g)
	}
	l.index()
	return l, nil
}
