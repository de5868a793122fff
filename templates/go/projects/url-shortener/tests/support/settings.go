package support

// testSettings are this project's settings for every test server: a rate
// limit high enough that only the rate-limit tests meet it, and TRUST_PROXY on
// so that tests pick their client IPs (X-Forwarded-For).
var testSettings = map[string]string{
	"RATE_LIMIT_PER_MINUTE": "1000000",
	"TRUST_PROXY":           "true",
}
