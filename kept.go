package evenhand

import (
	"fmt"
	"sync"
)

// keptPairs is the set of pairs a run has kept, and for RunFile the pairs its file already holds:
// by content id ([story.Pair.ContentID]: the two stories up to white space), so that no pair is
// kept twice, and by pair id, so that no id names two different pairs. It is safe for concurrent
// use.
type keptPairs struct {
	mu      sync.Mutex
	content map[string]bool   // content ids kept
	ids     map[string]string // pair id -> content id of the pair it names
}

func newKeptPairs() *keptPairs {
	return &keptPairs{content: map[string]bool{}, ids: map[string]string{}}
}

// restore adds an item found in a file: its id as the file has it ("" when none) and its content
// id. Records written before pair ids were content ids may repeat an id for different stories:
// the first one keeps the id, and no error is made of it here.
func (k *keptPairs) restore(id, content string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.content[content] = true
	if _, ok := k.ids[id]; id != "" && !ok {
		k.ids[id] = content
	}
}

// check reports whether a pair with these stories is already kept. The error (wrapping
// [ErrPairIDReused]) reports an id that already names a kept pair with other stories.
func (k *keptPairs) check(id, content string) (dup bool, err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.checkLocked(id, content)
}

func (k *keptPairs) checkLocked(id, content string) (bool, error) {
	if k.content[content] {
		return true, nil
	}
	if other, ok := k.ids[id]; ok && other != content {
		return false, fmt.Errorf("%w: %q already names a kept pair with other stories", ErrPairIDReused, id)
	}
	return false, nil
}

// claim is check, and when the pair is new, records it as kept.
func (k *keptPairs) claim(id, content string) (dup bool, err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if dup, err := k.checkLocked(id, content); dup || err != nil {
		return dup, err
	}
	k.content[content] = true
	k.ids[id] = content
	return false, nil
}

// release undoes the claim of a pair that was not kept after all.
func (k *keptPairs) release(id, content string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.content, content)
	if k.ids[id] == content {
		delete(k.ids, id)
	}
}
