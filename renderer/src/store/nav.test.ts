import { describe, expect, it } from 'vitest';
import type { TrailmarkConnection } from '../../../shared/client';
import { createAppStore } from './create-store';
import { DEFAULT_NAV, parseSavedNav, type Nav } from './nav';

describe('the view saved in the case, read back', () => {
  const good: Nav = {
    view: 'identity',
    actor: 'arn:aws:iam::111122223333:role/deploy',
    compare: ['a', 'b'],
    filter: { operation: 'GetObject', outcome: 'failure' },
    stack: 'service',
    caseStack: 'source',
    explorer: { sort: 'findings', category: 'machine' },
    hidden: ['account'],
    sort: { column: 'src_ip', order: 'desc' },
    widths: { user_agent: 320 },
  };

  it('reopens a good view exactly', () => {
    expect(parseSavedNav(JSON.stringify(good))).toEqual(good);
  });

  it('gives the defaults for no saved view, text that is not JSON, and JSON that is not an object', () => {
    for (const saved of [null, '', '{"view":', 'not json', '42', 'null', '[1,2]', '"events"'])
      expect(parseSavedNav(saved), String(saved)).toEqual(DEFAULT_NAV);
  });

  it('replaces each bad part by its default and keeps the rest', () => {
    const nav = parseSavedNav(
      JSON.stringify({
        ...good,
        view: 'dashboard', // a view no longer there
        stack: 'category', // the case timeline's stack, saved by an earlier version for the identity timeline
        compare: 'a,b', // not a list
        filter: { outcome: 'maybe' }, // not an outcome
        explorer: { sort: 42 },
        hidden: null,
      }),
    );
    expect(nav).toEqual({
      ...good,
      view: DEFAULT_NAV.view,
      stack: DEFAULT_NAV.stack,
      compare: [],
      filter: {},
      explorer: DEFAULT_NAV.explorer,
      hidden: DEFAULT_NAV.hidden,
    });
  });

  it('fills parts an older version did not save, and drops keys this version does not know', () => {
    const nav = parseSavedNav(JSON.stringify({ view: 'timeline', zoom: 3, filter: { text: 'AccessDenied', ip: '' } }));
    expect(nav).toEqual({ ...DEFAULT_NAV, view: 'timeline', filter: { text: 'AccessDenied' } });
  });
});

describe('reopening a case whose saved view is bad', () => {
  it('shows the defaults without an error', async () => {
    const errors: unknown[] = [];
    const conn = {
      shell: 'host',
      api: { getViewState: async () => ({ state: '{"view":"gone","stack":{"x":1},"actor":7}' }) },
      onProgress: () => () => undefined,
    } as unknown as TrailmarkConnection;
    const store = createAppStore(conn);
    store.setState({ reportError: (_what: string, err: unknown) => void errors.push(err) });
    await store.getState().reopenSavedView();
    expect(store.getState().nav).toEqual(DEFAULT_NAV);
    expect(errors).toEqual([]);
  });
});
