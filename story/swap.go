package story

import "github.com/evenhand/evenhand/internal/swap"

// Swap returns the gender-counterfactual of text: the protagonist and every character named in
// names change gender. Names are replaced by names[name]; pronouns, possessives, reflexives,
// contractions (he's, she'd), gendered nouns and titles that refer to those characters flip
// (he/she, him/her, his/her/hers, himself/herself, man/woman, boyfriend/girlfriend, Mr/Ms, ...),
// and so does a first-person narrator's self-description ("I am a man." -> "I am a woman.").
// Words about anyone else stay as they are. Capitalisation, punctuation, spacing and all other
// text are kept byte for byte.
//
// The protagonist is the first person the story mentions whose gender it gives: a name, a
// third-person pronoun, a gendered noun ("The man spent an hour ..."), or a narrator who
// describes themself ("I am a man."). When names is not empty, a name that names does not map
// is someone else, never the protagonist. A pronoun refers to an earlier person of its gender:
// the one asked in "asks Ron if he ...", else the subject of its own clause (for his, himself)
// or of the clause before, else the nearest one; an object pronoun never refers to a subject or
// object of its own clause ("Mike noticed him"), and a pronoun in an opening subordinate clause
// may point forward to the name that follows ("When his son broke the window, Paul ...").
// A pronoun with no such person is about someone new: swapped when it is a subject or owner of
// the other gender than the protagonist (the story's counterpart, as in GenMO: "She told me
// ..."), kept when it is a direct object (a stranger: "Mike noticed him"). In a story told in
// the first person only such a subject is the counterpart ("I held the door and thanked her"
// keeps her); in a story whose protagonist is only a pronoun, an object is the counterpart too
// ("He called her twice" -> "She called him twice"). Before that, a word for a person of either
// gender (trainer, agent, cashier) or an animal nearby is the pronoun's antecedent and keeps
// it; someone's partner, spouse, crush, ex or date changes gender with them.
//
// Which gendered nouns flip follows the GenMO twins: words for people in general (man, girl,
// lady, king, actress, ...) flip wherever they stand; partners (wife, boyfriend, fiancée) flip
// with the person they belong to ("his wife" -> "her husband", but "Alisha's boyfriend" stays);
// relatives and -man occupations (mother, brother, fireman) flip only when they describe a
// swapped person ("George is a father of two", "his stepsister Sally" when Sally is swapped).
// A couple flips together: a partner changes with the one it belongs to, and a partner that
// changes takes along an owner only a pronoun names ("Her fiance cooked dinner for her" ->
// "His fiancee cooked dinner for him"); the mother or father of a swapped person's child is
// their partner ("Tom's son asked his mother"). Words for people after a job or group noun
// ("the repair man", "the delivery guys", "the cleaning lady") are occupations, and fixed
// expressions ("a ladies' man", "no man's land", "Oh man") keep their words.
//
// "her" becomes "him" or "his" by what follows it: "him" before punctuation, a function word or
// an adverb ("pick her up", "love her dearly"), a bare verb after let/make/help ("let her go"),
// an -ing verb after see/catch ("caught her sleeping") or before a particle ("filmed her
// picking up"), or a plural noun after give/buy ("buy her flowers"); "his" otherwise and after
// a preposition ("on her back"). A "his" that stands alone ("it was his") becomes "hers". An
// opening quote between a possessive and its noun changes nothing (his "thing").
//
// Names match whole words, first exactly, then ignoring case (a lower-case "john" becomes a
// lower-case "emily"); a key with several words matches them in sequence, whatever
// the spacing between and around them ("Mary  Jane " matches "Mary Jane") and however its
// apostrophes are written (a key "O'Hara" matches "O’Hara"). A key mapped to ""
// keeps its name but still changes gender. names may be nil. Other people's names are found
// too: given names of a built-in table, in lower case as well ("sarah"), a name that is also a
// word when a verb follows it ("Will has ..."), and an unknown capitalised word after a word
// for a person ("his pal Smith"). Apostrophes count alike however they are written: ', ’, ‘,
// ʼ, ´, ` and the mojibake of ’ (â€™, garbled once or twice).
// Swap never panics; for valid UTF-8 text and names it returns valid UTF-8, and a text with no
// gendered word and no name comes back unchanged. It is safe for concurrent use.
func Swap(text string, names map[string]string) string {
	return swap.Swap(text, names)
}

// SwapAll flips every gendered word in text, whoever it refers to (classic counterfactual data
// augmentation), and applies names as [Swap] does. "her" still becomes "him" or "his" by what
// follows it. It is safe for concurrent use.
func SwapAll(text string, names map[string]string) string {
	return swap.SwapAll(text, names)
}
