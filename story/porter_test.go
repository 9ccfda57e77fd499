package story_test

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/evenhand/evenhand/story"
)

func TestStem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		word, want, reason string
	}{
		// Examples from Porter's paper, step by step.
		{"caresses", "caress", "step 1a: sses -> ss"},
		{"ponies", "poni", "step 1a: ies -> i"},
		{"caress", "caress", "step 1a: ss stays"},
		{"cats", "cat", "step 1a: s -> nothing"},
		{"feed", "feed", "step 1b: eed needs m > 0"},
		{"agreed", "agre", "step 1b: eed -> ee, then step 5a drops the e"},
		{"plastered", "plaster", "step 1b: ed after a vowel"},
		{"bled", "bled", "step 1b: no vowel before ed"},
		{"motoring", "motor", "step 1b: ing"},
		{"sing", "sing", "step 1b: no vowel before ing"},
		{"conflated", "conflat", "step 1b: at -> ate, step 4 drops ate"},
		{"hopping", "hop", "step 1b: double consonant undoubled"},
		{"falling", "fall", "step 1b: ll stays doubled"},
		{"hissing", "hiss", "step 1b: ss stays doubled"},
		{"filing", "file", "step 1b: m = 1 and *o adds e"},
		{"happy", "happi", "step 1c: y -> i after a consonant"},
		{"relational", "relat", "step 2 ational -> ate, then step 4"},
		{"rational", "ration", "step 2 ational fails on m = 0, then step 4 leaves ion"},
		{"triplicate", "triplic", "step 3: icate -> ic"},
		{"goodness", "good", "step 3: ness"},
		{"revival", "reviv", "step 4: al"},
		{"adoption", "adopt", "step 4: ion after t"},
		{"probate", "probat", "step 5a: m > 1 drops e"},
		{"cease", "ceas", "step 5a: m = 1 and not *o drops e"},
		{"controll", "control", "step 5b: ll -> l"},
		// Where nltk's default mode departs from the published algorithm.
		{"always", "alway", "1c: y after a vowel stays"},
		{"cry", "cri", "1c: y after a consonant that is not the first letter"},
		{"say", "say", "1c: y after a vowel"},
		{"by", "by", "words of two letters are unchanged"},
		{"is", "is", "words of two letters are unchanged"},
		{"a", "a", "words of one letter are unchanged"},
		{"", "", "the empty word"},
		{"dies", "die", "1a: four-letter ies -> ie"},
		{"flies", "fli", "1a: longer ies -> i"},
		{"died", "die", "1b: four-letter ied -> ie"},
		{"spied", "spi", "1b: longer ied -> i"},
		{"sky", "sky", "irregular form"},
		{"skies", "sky", "irregular form"},
		{"dying", "die", "irregular form"},
		{"lying", "lie", "irregular form"},
		{"tying", "tie", "irregular form"},
		{"news", "news", "irregular form"},
		{"innings", "inning", "irregular form"},
		{"outings", "outing", "irregular form"},
		{"cannings", "canning", "irregular form"},
		{"howe", "howe", "irregular form"},
		{"proceed", "proceed", "irregular form"},
		{"exceed", "exceed", "irregular form"},
		{"succeed", "succeed", "irregular form"},
		{"proceeding", "proceed", "not irregular: eed survives step 1b"},
		{"hopefully", "hope", "2: fulli -> ful, 3: ful"},
		{"fully", "fulli", "2: fulli needs m > 0"},
		{"conditionally", "condit", "2: alli -> al, step 2 again: tional -> tion"},
		{"generously", "gener", "2: ousli -> ous, 4: ous"},
		{"archaeology", "archaeolog", "2: logi -> log keeps the l with the stem"},
		{"geology", "geolog", "2: logi -> log with a short stem"},
		{"sensibility", "sensibl", "2: biliti -> ble, then 5a"},
		{"ace", "ace", "5a: a two-letter vowel-consonant stem counts as *o"},
		{"use", "use", "5a: a two-letter vowel-consonant stem counts as *o"},
		// Input that is not a lowercase token.
		{"Walked", "walk", "ASCII letters are lowercased"},
		{"Dying", "dy", "as in nltk, a word in capitals is not looked up among the irregular forms"},
		{"1990s", "1990", "digits are consonants"},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, story.Stem(tt.word), "Stem(%q): %s", tt.word, tt.reason)
		})
	}
}

// TestStemNLTKReference compares Stem with every word<TAB>stem line nltk produced for the shared
// word list.
func TestStemNLTKReference(t *testing.T) {
	t.Parallel()
	f, err := os.Open(shareddata.Path(t, "reference/porter_nltk_dev.tsv"))
	require.NoError(t, err)
	defer f.Close()

	type mismatch struct{ word, got, want string }
	var bad []mismatch
	total := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		word, want, ok := strings.Cut(sc.Text(), "\t")
		require.True(t, ok, "line %d has no tab: %q", total+1, sc.Text())
		total++
		if got := story.Stem(word); got != want {
			bad = append(bad, mismatch{word, got, want})
		}
	}
	require.NoError(t, sc.Err())
	require.Positive(t, total, "empty reference file")
	t.Logf("stems equal to nltk: %d/%d", total-len(bad), total)
	for _, m := range bad[:min(len(bad), 10)] {
		t.Errorf("Stem(%q) = %q; nltk gives %q", m.word, m.got, m.want)
	}
	assert.Empty(t, bad, "%d of %d stems differ from nltk", len(bad), total)
}

func FuzzStem(f *testing.F) {
	for _, w := range []string{"", "a", "ab", "abc", "caresses", "conditionally", "hopefully", "dying",
		"yyy", "ied", "eed", "ies", "sss", "alli", "logi", "éé", "Ýing", "\xff\xfeed", "AaYy",
		"a\u2aaaing", "a\u2aaa\u2aaaing"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, word string) {
		got := story.Stem(word)
		if len(got) > len(word) {
			t.Errorf("Stem(%q) = %q is longer than the word", word, got)
		}
		if utf8.ValidString(word) && !utf8.ValidString(got) {
			t.Errorf("Stem(%q) = %q is not valid UTF-8", word, got)
		}
		if word != "" && got == "" {
			t.Errorf("Stem(%q) is empty", word)
		}
		lower := strings.ToLower(word) == word
		if lower && len(word) <= 2 && got != word {
			t.Errorf("Stem(%q) = %q; want a word of up to two letters unchanged", word, got)
		}
		token := strings.Trim(word, "abcdefghijklmnopqrstuvwxyz0123456789") == ""
		if token && strings.Trim(got, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
			t.Errorf("Stem(%q) = %q leaves the token alphabet", word, got)
		}
		if token && !strings.HasPrefix(word, got[:min(len(got), 1)]) {
			t.Errorf("Stem(%q) = %q changes the first letter", word, got)
		}
	})
}

func BenchmarkStem(b *testing.B) {
	words := []string{"conditionally", "walked", "because", "stress", "the", "recently", "deserve", "causing"}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, w := range words {
			_ = story.Stem(w)
		}
		n += len(words)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "words/s")
}
