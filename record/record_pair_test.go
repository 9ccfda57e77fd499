package record_test

import (
	"testing"

	"github.com/evenhand/evenhand/record"
	"github.com/stretchr/testify/assert"
)

// Records without a pair_id (the paper's released rows) give pairs identified by their id, so
// re-judged pairs can be matched with eval.Paired.
func TestRecordPairID(t *testing.T) {
	assert.Equal(t, "7", record.Record{ID: 7}.Pair().ID)
	assert.Equal(t, "genmo-12", record.Record{ID: 7, PairID: "genmo-12"}.Pair().ID)
	assert.Equal(t, "2", record.Record{ExampleSource: 2}.Pair().Source)
	assert.Equal(t, "reddit", record.Record{Source: "reddit"}.Pair().Source)
}
