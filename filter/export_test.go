package filter

// The external tests (which run the engines' dialects) share these fixtures.
var (
	TestFields = testFields
	TestConv   = testConv
)
