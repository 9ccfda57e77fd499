package diversity

import "errors"

// Errors of bad input. They are wrapped with details (which vector, which record); test for them
// with [errors.Is].
var (
	// ErrTooFew is returned when fewer than two vectors (or stories) are given: there is no pair.
	ErrTooFew = errors.New("diversity: fewer than two vectors, no pair to compare")
	// ErrDimensions is returned when the vectors do not all have the same, non-zero length.
	ErrDimensions = errors.New("diversity: vectors of different lengths")
	// ErrNotFinite is returned for a vector holding NaN or an infinity.
	ErrNotFinite = errors.New("diversity: vector holds NaN or an infinity")
	// ErrZeroVector is returned for a vector of zeros, whose cosine similarity is undefined.
	ErrZeroVector = errors.New("diversity: zero vector, cosine similarity undefined")
	// ErrEmptyStory is returned for a story that is empty or only white space.
	ErrEmptyStory = errors.New("diversity: empty story")
	// ErrEmbedder is returned when an embedder's answer does not fit its question (a wrong
	// number of vectors).
	ErrEmbedder = errors.New("diversity: embedder returned a malformed answer")
)
