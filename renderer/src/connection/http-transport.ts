import { httpRoute } from '../../../shared/api';
import type { Transport } from '../../../shared/client';
import { isApiErrorData, type ApiResponse } from '../../../shared/errors';
import { TOKEN_HEADER } from '../../../shared/bridge';

function failure(message: string): ApiResponse<unknown> {
  return { ok: false, error: { kind: 'internal', message } };
}

function isEnvelope(body: unknown): body is ApiResponse<unknown> {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return (b.ok === true && 'result' in b) || (b.ok === false && isApiErrorData(b.error));
}

/**
 * Calls the loopback host. The host answers every call with an ApiResponse envelope whatever the HTTP status;
 * anything else (network down, host gone, a proxy's HTML) becomes an 'internal' error envelope, never a throw.
 * Auth is the token in its header (see host-token.ts); the host's API takes no cookie.
 */
export const httpTransport =
  (token: string | null): Transport =>
  async (method, params) => {
    let res: Response;
    try {
      res = await fetch(httpRoute(method), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { [TOKEN_HEADER]: token } : {}) },
        body: JSON.stringify(params),
        credentials: 'omit',
      });
    } catch (err) {
      return failure(
        `cannot reach the Trailmark host (${method}): ${(err as Error).message}. Is \`trailmark serve\` still running?`,
      );
    }
    const text = await res.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return failure(
        `the Trailmark host answered ${method} with HTTP ${res.status} and no JSON: ${text.slice(0, 200)}`,
      );
    }
    if (isEnvelope(body)) return body;
    return failure(`the Trailmark host answered ${method} with HTTP ${res.status} and an unexpected body`);
  };
