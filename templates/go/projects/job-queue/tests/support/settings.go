package support

// testSettings are this project's settings for every test server and worker:
// none beyond the defaults. A test that needs another lease or backoff passes
// it to StartWorker.
var testSettings = map[string]string{}
