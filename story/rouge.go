package story

import "github.com/evenhand/evenhand/internal/rouge"

// Score is a ROUGE score: the share of the candidate's tokens found in the reference (Precision),
// the share of the reference's tokens found in the candidate (Recall) and their harmonic mean (F1).
// Each lies in [0, 1]. The zero value is the score of two texts with nothing in common.
type Score struct {
	Precision, Recall, F1 float64
}

// Rouge1 returns the ROUGE-1 score of candidate against reference with Porter stemming, bit for bit
// as the reference Python package (rouge-score, RougeScorer(["rouge1"], use_stemmer=True)) computes
// it. The method scores a gender-counterfactual pair with reference = the male story and
// candidate = the female story; F1 is symmetric, Precision and Recall swap with the arguments.
//
// Tokens are what the reference package's tokenizer makes: the text is lowercased as Python's
// str.lower does it, every run of characters other than a-z and 0-9 separates tokens, and tokens
// longer than three letters are replaced by their [Stem]. So "José" gives the tokens "jos" and
// "İstanbul" gives "i" and "stanbul" (Python lowercases İ to i plus a combining dot). Bytes that
// are not valid UTF-8 separate tokens too.
//
// The overlap is the number of tokens the two texts share, counting repeats up to the smaller
// count; Precision = overlap / candidate tokens, Recall = overlap / reference tokens, and F1 is 0
// when both are 0. A text without tokens (such as "" or "…") scores 0 against anything, even
// against itself.
//
// Rouge1 keeps no state between calls and is safe for concurrent use. It allocates nothing when the
// reference has at most 2 KB and 128 tokens and no candidate token is longer than 64 letters (a
// short story); otherwise it makes a few allocations.
func Rouge1(reference, candidate string) Score {
	return Score(rouge.Rouge1(reference, candidate, true))
}

// Rouge1NoStem is [Rouge1] without stemming (use_stemmer=False in the reference package): tokens are
// compared as they come out of the tokenizer, so "walked" and "walk" do not match.
func Rouge1NoStem(reference, candidate string) Score {
	return Score(rouge.Rouge1(reference, candidate, false))
}

// Stem returns the Porter stem of word as nltk's PorterStemmer computes it in its default mode
// (NLTK_EXTENSIONS), the mode the reference ROUGE package uses when stemming is on.
//
// Stem is meant for a lowercase token of the ROUGE tokenizer (letters a-z and digits 0-9); for such
// input it agrees with nltk exactly. Like nltk, it lowercases ASCII letters first, and a word that
// had upper-case letters is not looked up in the table of irregular forms (nltk checks that table
// with the word as given). Other bytes count as consonants, so a word with non-ASCII letters may
// stem differently from nltk, which works on code points; the result is still valid UTF-8 when
// word is, and never longer than word. Words of one or two letters are only lowercased.
//
// Note that [Rouge1] stems only tokens longer than three letters, as the reference package does.
//
// Stem allocates only when the stem differs from word. It is safe for concurrent use.
func Stem(word string) string { return rouge.Stem(word) }
