package provenance

// VerifyTaskWords and VerifyBatchWords let tests send components down the
// path for large ones, in small batches.
var (
	VerifyTaskWords  = &verifyTaskWords
	VerifyBatchWords = &verifyBatchWords
)

// EngineBoilerplate returns how many fingerprints an engine holds to be
// boilerplate.
func EngineBoilerplate(e *Engine) int { return e.boiler.Len() }
