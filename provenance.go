// Package provenance implements the pipeline that finds where news text
// came from: it reads documents, finds the pairs that share passages,
// aligns the shared text, groups documents into families of derivation and
// infers each family's original and lineage.
//
// It runs two ways over one set of stages, with one answer:
//
//   - [CompareFiles] and [Compare], the batch run of `provenance compare`:
//     every document is fingerprinted, one index is built in bulk and
//     walked once for candidate pairs, candidates are verified a
//     component at a time, and families and lineage are inferred.
//   - [Engine], the daemon's: documents come a batch at a time
//     ([Engine.Prepare], [Engine.Ingest]); each is looked up in the index of
//     those stored before it, verified against its candidates, and joined
//     to the families it derives from, whose lineage is inferred again;
//     everything is kept in a [Store] (store/bolt embedded, store/redis
//     shared by several daemons, see [SharedStore]).
//
// The stages live in files of their own: fingerprint.go (tokens and
// fingerprints), candidates.go (the index's pairs, boilerplate), verify.go
// (verification of candidate pairs), lineager.go (families and lineage),
// compare.go (the batch run), and engine.go, ingest.go, refamily.go,
// check.go, shared.go (the engine). The algorithms themselves live in the
// packages shingle (tokens and shingle hashes), cluster (fingerprints, the
// index, alignment, families) and lineage (direction and evidence);
// document reads the inputs.
package provenance
