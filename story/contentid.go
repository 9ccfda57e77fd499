package story

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strings"
)

// ContentID returns the pair's content id: 16 hexadecimal digits (the first 64 bits of a SHA-256)
// of its two stories, male then female, each with its white space normalised (trimmed, every run
// of white space one space). Names, source and environment do not count.
//
// Two pairs have the same content id when their stories are the same up to white space, and
// otherwise only by a 64-bit accident (about one chance in 40 million among a million pairs).
// The root package's Pipeline.Run gives this id to every pair its Generator leaves without one,
// and keeps no pair whose content id a kept pair already has: ids never repeat within a file,
// across resumes too, and the same stories get the same id in every file.
func (p Pair) ContentID() string {
	m, f := normalizeSpace(p.Male.Text), normalizeSpace(p.Female.Text)
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	h.Write(n[:binary.PutUvarint(n[:], uint64(len(m)))]) // the length first: no two pairs of texts hash the same bytes
	h.Write([]byte(m))
	h.Write([]byte(f))
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:8])
}

// normalizeSpace trims s and makes every run of white space one space.
func normalizeSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
