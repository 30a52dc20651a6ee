/** What global-setup hands to the tests through the environment (workers inherit it). */
export const ENV_KEYS = {
  url: 'TRAILMARK_E2E_URL', // http://127.0.0.1:PORT/?token=TOKEN, as `trailmark serve` printed it
  origin: 'TRAILMARK_E2E_ORIGIN', // http://127.0.0.1:PORT
  token: 'TRAILMARK_E2E_TOKEN',
  casePath: 'TRAILMARK_E2E_CASE', // the demo case the host serves
  tmp: 'TRAILMARK_E2E_TMP', // a scratch folder removed at teardown
  demoEvidence: 'TRAILMARK_E2E_DEMO_EVIDENCE', // the generated CloudTrail folder the demo case was built from (optional)
  bigEvidence: 'TRAILMARK_E2E_BIG_EVIDENCE', // a larger generated archive, slow enough to ingest that a cancel lands
} as const;

export interface E2eEnv {
  url: string;
  origin: string;
  token: string;
  casePath: string;
  tmp: string;
  demoEvidence: string | null;
  bigEvidence: string;
}

export function e2eEnv(): E2eEnv {
  const get = (key: string) => {
    const v = process.env[key];
    if (!v)
      throw new Error(
        `${key} is not set: run the tests with -c test/e2e/playwright.config.ts (its global setup sets it)`,
      );
    return v;
  };
  return {
    url: get(ENV_KEYS.url),
    origin: get(ENV_KEYS.origin),
    token: get(ENV_KEYS.token),
    casePath: get(ENV_KEYS.casePath),
    tmp: get(ENV_KEYS.tmp),
    demoEvidence: process.env[ENV_KEYS.demoEvidence] || null,
    bigEvidence: get(ENV_KEYS.bigEvidence),
  };
}
