import { describe, expect, it } from 'vitest';
import { latestRequest } from './latest';

/** A promise the test settles by hand, in any order. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('latest request wins', () => {
  it('applies only the answer of the last request, whatever order the answers arrive in', async () => {
    const latest = latestRequest();
    const seen: string[] = [];
    const [a, b, c] = [deferred<string>(), deferred<string>(), deferred<string>()];
    for (const d of [a, b, c])
      latest.then(
        d.promise,
        (v) => seen.push(v),
        (e) => seen.push(`error ${String(e)}`),
      );
    c.resolve('c');
    a.resolve('a');
    b.reject('b');
    await Promise.allSettled([a.promise, b.promise, c.promise]);
    await Promise.resolve();
    expect(seen).toEqual(['c']);
  });

  it('reports the failure of the latest request, and nothing after a drop', async () => {
    const latest = latestRequest();
    const seen: string[] = [];
    const a = deferred<string>();
    latest.then(
      a.promise,
      (v) => seen.push(v),
      (e) => seen.push(`error ${String(e)}`),
    );
    a.reject('gone');
    await a.promise.catch(() => undefined);
    await Promise.resolve();
    const b = deferred<string>();
    latest.then(b.promise, (v) => seen.push(v));
    latest.drop();
    b.resolve('b');
    await b.promise;
    await Promise.resolve();
    expect(seen).toEqual(['error gone']);
  });
});
