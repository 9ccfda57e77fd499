// Package axis carries the method beyond gender: twins of a story that differ only in the
// protagonist's group on another axis (age, disability, nationality, physical appearance,
// race and ethnicity, religion, socio-economic status, sexual orientation), made and checked by
// rule, with no model, or written by a model and checked by rule.
//
// # Lexicons
//
// A [Lexicon] holds reviewed term lists per [Axis]. [Builtin] is the shipped one: BBQ's
// vocabulary and template terms (CC BY 4.0), conversationai's identity terms (Apache-2.0) and
// our own additions, reviewed (slurs, misspellings and terms of other axes dropped; each file
// under lexicon/ says what and why; see lexicon/NOTICE). A group knows its forms (adjective
// "Muslim", noun "Jew", plural "Jews", condition "autism", phrase "in a wheelchair", a
// feminine form "Latina"), its age band, the gender it is limited to (lesbian, pregnant), and
// the words that co-vary with it (mosque/church, imam/pastor, Quran/Bible, Mexico/Thailand,
// wheelchair/cane). Ages written with a number ("78-year-old", "24 year old", "aged 40") are
// read by rule. [ReadHolisticBias] and [ReadBBQVocabulary] read lists users bring (HolisticBias
// is CC BY-SA: read at run time, never shipped), and [Lexicon.Merge] adds them to the shipped
// lists. A Lexicon is immutable and safe for concurrent use; the zero Lexicon knows no term.
//
// # Twins by rule, never a guess
//
// [Lexicon.Swap] exchanges two groups' mentions in a text, both ways at once, form for form,
// fixing articles, capitals and co-varying words and keeping every other byte. Where only a
// rewrite could make the twin (a group without the form the text needs, a group limited to one
// gender, a phrase where a noun stands) it returns [ErrNeedsRewrite] instead of guessing.
// [Lexicon.Inject] puts one explicit group mention into a story that has none, at the
// protagonist's first mention ("I am a man." becomes "I am a Muslim man."), finding the
// protagonist as package story does. [Lexicon.Check] tells, with no model, whether one text is
// another with two groups exchanged and nothing else: it names each [Problem] ([Leak],
// [Missing], [Outside], [CrossGender], [NameChanged]). [Lexicon.Mentions] lists the places a
// text names a group of an axis.
//
// # Twins by a model
//
// [New] is a [Generator] backed by a language model: it asks for one short, morally ambiguous
// story told twice, the main character of the first group in the first telling and of the
// second in the other, and reads the reply as every parser of model output in the module reads
// one ([ParseTwin], [ParseTwinJSON] under [WithJSON]: reasoning kept apart, markdown, tables,
// chatter cut). It returns the twin as written; the Pipeline checks every twin with
// [Lexicon.Check] and counts the ones it rejects. [LLM.Rewrite] writes a text's twin where
// Swap abstains, checks it and asks again with the named problems; [FromStories] makes twins
// of given stories by rule (Inject, then Swap), asking a [Rewriter] only where Swap abstains.
//
// # Measured
//
// The package's tests measure Swap and Check on BBQ's template twins (a context and its sibling
// with the two groups exchanged), Check on twins corrupted one way each, and Inject on GenMO's
// stories; run them with go test -v -run 'TestBBQSwapGold|TestOwnTwins|TestCheckGold|TestInjectGenMO'.
//
// # Errors
//
// Errors wrap the sentinels of this package ([ErrNeedsRewrite], [ErrNoMention], [ErrBadTerm],
// [ErrUnknownAxis], [ErrUnknownGroup], [ErrHasMention], [ErrNoPlace]; for the model-backed
// parts [ErrUnparsable], [ErrRewriteFailed], [ErrExhausted]) or [story.ErrNoProtagonist],
// and name the terms and the text at fault; check them with [errors.Is].
//
// # For the pipeline on any axis
//
// A twin on an axis is not a gender pair, and no field named for a gender may hold another
// group's story. The pipeline should carry its own pair type, indexed by group, with the
// protagonist's gender unchanged on both sides, for example:
//
//	type Twin struct {
//		ID          string
//		Axis        axis.Axis
//		Groups      [2]string      // Groups[k] is the group Stories[k] names
//		Stories     [2]story.Story // same protagonist, same Gender; only the group differs
//		Source      string         // "swap", "inject", "model", a dataset
//		Environment string
//	}
//
// and write records and results with "axis" and "groups" keys and a list of two sides, never
// "male" and "female" keys, so that the gender path's files stay byte for byte as they are. A
// gender x group quad is then Stories [2][2]story.Story indexed [gender][group], with the
// gender twin of each side made by story.Swap and the group twin by [Lexicon.Swap] or
// [Lexicon.Inject]. What the pipeline needs from this package: Swap and Inject to make twins
// without a model (GenMO's stories on any axis: Inject each of the two groups into the same
// story, then Check the pair); Check before any judge call (a twin with problems is a counted
// rejection, and the problems, with [Problem.String], tell a model what to fix when it
// rewrites a twin Swap abstained on); Mentions for the neutrality of explanations (an
// explanation that must reveal no group of the axis has no Mentions); Groups and [ParseAxis]
// to validate -axis and -groups. The Lexicon should be a value the pipeline is given (Builtin
// by default), not a package-level default.
package axis
