/**
 * Settings every test of this project starts from: a rate limit no ordinary test reaches (the
 * rate-limit tests set their own, with their own client IPs).
 */
export const projectTestEnv: Record<string, string> = {
  RATE_LIMIT_PER_MINUTE: '1000000',
};
