// Package textutil holds small text helpers shared by the stage packages.
package textutil

import (
	"strings"
	"unicode/utf8"
)

// Truncate shortens s to at most n bytes on a rune boundary, adding "…" when it cut anything.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := max(n, 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Unfence collapses every run of three or more double quotes in s to one, so text placed inside
// a prompt's """ block cannot close the block early.
func Unfence(s string) string {
	if !strings.Contains(s, `"""`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] == '"' {
			j := i
			for j < len(s) && s[j] == '"' {
				j++
			}
			if j-i >= 3 {
				b.WriteByte('"')
			} else {
				b.WriteString(s[i:j])
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// Head returns the first n characters (runes) of s, adding "…" when it cut anything.
func Head(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == max(n, 0) {
			return s[:k] + "…"
		}
		i++
	}
	return s
}
