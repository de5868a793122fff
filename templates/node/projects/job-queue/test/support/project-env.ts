/**
 * Settings every test of this project starts from: failed attempts retry after tens of
 * milliseconds instead of seconds, so a test sees a job through its retries quickly.
 */
export const projectTestEnv: Record<string, string> = {
  RETRY_BASE_MS: '20',
};
