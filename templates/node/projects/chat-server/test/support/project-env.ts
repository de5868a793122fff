/**
 * Settings every test of this project starts from. The chat tests run with the defaults of
 * .env.example (60 messages per 10 s, a 30 s presence TTL), as a learner's server would: the tests
 * of the rate limit and of presence expiry start instances with their own values.
 */
export const projectTestEnv: Record<string, string> = {};
