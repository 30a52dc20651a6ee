import { describe, expect, it } from 'vitest';
import { takeTokenFromUrl, type PageWindow } from './host-token';

describe('the page takes the token out of the URL on its first load', () => {
  const fakeWindow = (search: string) => {
    const store = new Map<string, string>();
    const urls: string[] = [];
    const w: PageWindow = {
      location: { search, pathname: '/', hash: '#events' },
      history: {
        state: null,
        replaceState: (_d: unknown, _u: string, url?: string | URL | null) => void urls.push(String(url)),
      },
      sessionStorage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
    };
    return { w, urls, store };
  };

  it('keeps it in sessionStorage and replaces the history entry with the URL without it', () => {
    const { w, urls } = fakeWindow('?token=s3cret&view=x');
    expect(takeTokenFromUrl(w)).toBe('s3cret');
    expect(urls).toEqual(['/?view=x#events']);
    // a reload: nothing in the URL, the tab's copy is used, history untouched
    w.location.search = '';
    expect(takeTokenFromUrl(w)).toBe('s3cret');
    expect(urls).toHaveLength(1);
  });
});
