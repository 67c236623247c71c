package provenance

// VerifyTaskWords and VerifyBatchWords let tests send components down the
// path for large ones, in small batches.
var (
	VerifyTaskWords  = &verifyTaskWords
	VerifyBatchWords = &verifyBatchWords
)
