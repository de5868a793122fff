package support

// testSettings are this project's settings for every test server: the
// catalog's defaults, except where a test overrides them.
var testSettings = map[string]string{}
