package neutral

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		names []string
		want  []Finding
	}{
		{"neutral words", "The main character is a person who cares; they help their parent, sibling and partner.", []string{"Josh"}, nil},
		{"empty", "", nil, nil},
		{"pronouns", "He said hers was better than his.", nil, []Finding{
			{"He", 0, Pronoun}, {"hers", 8, Pronoun}, {"his", 29, Pronoun}}},
		{"contraction", "She'd know he\u2019s late.", nil, []Finding{{"She", 0, Pronoun}, {"he", 11, Pronoun}}},
		{"nouns", "His wife is an actress; the male nurse is a man.", nil, []Finding{
			{"His", 0, Pronoun}, {"wife", 4, Noun}, {"actress", 15, Noun}, {"male", 28, Noun}, {"man", 44, Noun}}},
		{"hyphenated noun", "An ex-girlfriend called.", nil, []Finding{{"girlfriend", 6, Noun}}},
		{"titles", "Mr. Smith and Ms Jones said: yes, sir.", nil, []Finding{
			{"Mr", 0, Title}, {"Ms", 14, Title}, {"sir", 34, Title}}},
		{"miss the verb", "I miss the old days. Miss Jones agreed.", nil, []Finding{{"Miss", 21, Title}}},
		{"given name", "Josh was right, and josh's friend agreed.", []string{"Josh"}, []Finding{
			{"Josh", 0, Name}, {"josh", 20, Name}}},
		{"padded name", "Tom erred.", []string{"  Tom "}, []Finding{{"Tom", 0, Name}}},
		{"name of two words", "Mary Jane left; Xandor stayed.", []string{"Mary Jane", "Xandor"}, []Finding{{"Mary Jane", 0, Name}, {"Xandor", 16, Name}}},
		{"common given names are findings without being passed", "Tom erred; Josh agreed.", nil, []Finding{{"Tom", 0, Name}, {"Josh", 11, Name}}},
		{"names that are also words count only when passed", "Will Rose come? Dallas is far.", nil, nil},
		{"unknown and unisex names count only when passed", "Xandor and Jordan erred.", nil, nil},
		{"a passed word name", "Will Rose come?", []string{"Rose"}, []Finding{{"Rose", 5, Name}}},
		{"part of a word is not a finding", "The human chemist hesitated; shelter, manager, history.", nil, nil},
		{"capitals", "HE and SHE.", nil, []Finding{{"HE", 0, Pronoun}, {"SHE", 7, Pronoun}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(tt.text, tt.names...)
			assert.Equal(t, tt.want, got)
			for _, f := range got {
				require.LessOrEqual(t, f.Offset+len(f.Word), len(tt.text))
				assert.Equal(t, f.Word, tt.text[f.Offset:f.Offset+len(f.Word)])
			}
		})
	}
}

func TestKindString(t *testing.T) {
	assert.Equal(t, "pronoun", Pronoun.String())
	assert.Equal(t, "noun", Noun.String())
	assert.Equal(t, "title", Title.String())
	assert.Equal(t, "name", Name.String())
	assert.Equal(t, "Kind(0)", Kind(0).String())
	assert.Equal(t, `noun "wife" at 4`, Finding{"wife", 4, Noun}.String())
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"He said hers.", "Mr. Smith", "Miss", "â€™", "ex-wife", "\xff\xfehe", "Josh Josh", ""} {
		f.Add(s, "Josh")
	}
	f.Fuzz(func(t *testing.T, text, name string) {
		got := Check(text, name, "Mary Ann")
		for _, fd := range got {
			if fd.Offset < 0 || fd.Offset+len(fd.Word) > len(text) || text[fd.Offset:fd.Offset+len(fd.Word)] != fd.Word {
				t.Fatalf("finding %v does not point into the text", fd)
			}
			if fd.Kind < Pronoun || fd.Kind > Name {
				t.Fatalf("finding %v has no kind", fd)
			}
			if utf8.ValidString(text) && !utf8.ValidString(fd.Word) {
				t.Fatalf("finding %v is not valid UTF-8", fd)
			}
		}
		if !strings.ContainsAny(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") && len(got) > 0 && utf8.ValidString(text) {
			// Only letters make words; non-ASCII letters are never gendered words of the table
			// unless a name of that spelling was passed.
			for _, fd := range got {
				if fd.Kind != Name {
					t.Fatalf("finding %v in a text without ASCII letters", fd)
				}
			}
		}
	})
}
