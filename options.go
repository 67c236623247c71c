package provenance

import (
	"runtime"
	"time"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/lineage"
)

// Options configure a run. [DefaultOptions] gives working values.
type Options struct {
	Cluster cluster.Config
	// TokenSeed seeds the token hashes.
	TokenSeed uint32
	// Workers is how many goroutines prepare and verify documents; 0 means
	// one per CPU.
	Workers int
	// MaxSize is the largest input file read, in bytes; 0 means
	// document.DefaultMaxSize.
	MaxSize int64
	// DropText lets [CompareFiles] drop each document's text once it is
	// fingerprinted and read the file again when the text is needed (to
	// verify a candidate pair, for lineage), so memory holds the index
	// rather than the corpus. Result.Docs then have no Text. A file that
	// changed in between is reported in Result.Skipped and left out of
	// the matches.
	DropText bool
	// Fuzzy turns on the fuzzy channel, for reworded reuse (synonyms,
	// shuffled or dropped words, translation and back): content-word pair
	// keys in a second index, and sentence-level verification of its
	// candidate pairs that exact shingles do not confirm. Measured on 2
	// shared cores, it costs 1.25 times compare's time on the generated
	// 1 GB benchmark corpus (16.2 s against 13.1 s; 1.6 to 1.7 times the
	// peak memory), where most candidate pairs are copies that exact shingles
	// confirm, and 7 times on PAN 2013's training half (1.95 s against
	// 0.28 s; 3.6 times the memory), whose documents on shared topics make
	// 80,000 candidate pairs of the fuzzy channel to verify.
	Fuzzy       bool
	FuzzyConfig cluster.FuzzyConfig
	// Read configures the readers (input format, JSON field names, source
	// names, progress); a zero Read.MaxSize means MaxSize.
	Read document.Options
	// Aliases is the table of source names that tells when two names are
	// one outlet (boilerplate of a source, credits naming a member's
	// source). Nil means the built-in table (lineage.DefaultAliases).
	Aliases *lineage.Aliases
}

// aliases returns the table of source names in use.
func (o *Options) aliases() *lineage.Aliases {
	if o.Aliases != nil {
		return o.Aliases
	}
	return lineage.DefaultAliases()
}

// DefaultOptions returns the default options.
func DefaultOptions() Options {
	return Options{Cluster: cluster.DefaultConfig(), FuzzyConfig: cluster.DefaultFuzzyConfig(), TokenSeed: 0x5eed}
}

// Validate reports the first option that is out of range.
func (o *Options) Validate() error {
	if err := o.Cluster.Validate(); err != nil {
		return err
	}
	if o.Fuzzy {
		return o.FuzzyConfig.Validate()
	}
	return nil
}

// Result is the outcome of a run. Documents are ordered by ID; matches
// and families refer to them by index.
type Result struct {
	Docs []*document.Document
	// Words is the number of tokens of each document, Bytes the length
	// of its text.
	Words []int
	Bytes []int64
	// Matches are ordered by (A, B), with A < B.
	Matches []cluster.Match
	// Families are ordered by their first member.
	Families []lineage.Family
	// Skipped are the inputs that could not be used, each a
	// *document.FileError.
	Skipped []error
	// Capped lists the limits that some of the run's data went past,
	// and what each did with it (none for most runs; compare's only).
	Capped []Cap
	Stats  Stats
}

// Stats counts work and times each stage of a run. Read, Tokenize,
// Sketch, Checksum and LineageWork are summed over workers; the others
// are wall time.
type Stats struct {
	Files, Bytes int64
	// Postings is the number of (fingerprint, document) pairs indexed;
	// Boilerplate the number of fingerprints found to be boilerplate,
	// Common those found common (cluster.Config.CommonDocs).
	Postings, Boilerplate, Common int
	// Candidates is the number of document pairs verified.
	Candidates int

	Read, Tokenize, Sketch time.Duration
	// Checksum is the time spent, summed over workers, checksumming
	// texts as they are read, when texts are dropped (to tell a file
	// that changed before it is read again).
	Checksum               time.Duration
	Index, Verify, Lineage time.Duration
	// LineageWork is the time, summed over workers, of the lineage
	// inferred within Verify: families are inferred as soon as the
	// documents that hold them are verified (all but those of the largest
	// components, whose lineage is in Lineage).
	LineageWork time.Duration
	Total       time.Duration
}

func (o *Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}
