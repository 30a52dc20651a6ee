import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { storeFindings } from '../../main/core/analysis/store';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

// Identities whose ids hold what ids really hold: an e-mail's `@`, an ARN's `/` and `:`, spaces.
const ODD_IDS = ['carol@acme.com', 'role/ci:deploy', 'svc bot', 'deploy bot@acme.com/ci:prod'];
const T0 = Date.parse('2026-03-02T10:00:00Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();

let core: CoreService;
const actors: string[] = [];

beforeAll(async () => {
  const root = await tempDir();
  // One Okta System Log record per identity and hour, 0h to 9h.
  const lines = ODD_IDS.flatMap((id, i) =>
    Array.from({ length: 10 }, (_, h) =>
      JSON.stringify({
        actor: { id, type: 'PublicClientApp', alternateId: id, displayName: id },
        client: { ipAddress: `203.0.113.${i + 1}`, userAgent: { rawUserAgent: 'okta-sdk-java/8.0' } },
        eventType: 'user.lifecycle.deactivate',
        outcome: { result: 'SUCCESS' },
        published: at(h),
        uuid: `u-${i}-${h}`,
      }),
    ),
  );
  await writeFile(path.join(root, 'okta.jsonl'), lines.join('\n') + '\n');
  ({ core } = await openTempCase('markers'));
  await ingest(core, [path.join(root, 'okta.jsonl')]);
  const ids = (await core.api.listIdentities({ limit: 50 })).rows.map((r) => r.actor_uid);
  for (const id of ODD_IDS) actors.push(ids.find((uid) => uid.endsWith(id))!);
  expect(actors.every(Boolean)).toBe(true);
});
afterAll(() => core.close());

describe('timeline markers under a time range', () => {
  it('range flags keep the whole identity id, whatever it holds', async () => {
    for (const actor of actors) {
      const flag = await core.api.addAnnotation({
        target_kind: 'range',
        target_id: `${at(2)}/${at(3)}@${actor}`,
        kind: 'note',
        note: `window of ${actor}`,
      });
      expect(flag.actor_uid).toBe(actor);
      const markers = await core.api.timelineMarkers({ actor_uids: [actor] });
      expect(markers.map((m) => m.title)).toEqual([`window of ${actor}`]);
    }
    await expect(
      core.api.addAnnotation({ target_kind: 'range', target_id: `${at(2)}/${at(3)}@okta:nobody@acme.com` }),
    ).rejects.toThrow(/no identity okta:nobody@acme.com/);
    await expect(
      core.api.addAnnotation({ target_kind: 'range', target_id: `${at(2)}/${at(3)}/${at(4)}` }),
    ).rejects.toThrow(/not FROM\/TO/);
  });

  it('findings and flags are kept or left out by from AND to, each by its own columns', async () => {
    const actor = actors[3]!;
    await storeFindings(core.session.requireCase().db, 'run-test', [
      {
        detector: 'test',
        severity: 'high',
        score: 50,
        actor_uid: actor,
        start: at(5),
        end: at(6),
        title: 'finding 5h-6h',
        explanation: 'crafted',
        event_uids: ['u-3-5'],
      },
    ]);
    const ev = (await core.api.queryEvents({ filter: { actor_uids: [actor] }, order: 'asc', limit: 10 })).rows[8]!;
    await core.api.addAnnotation({ target_kind: 'event', target_id: ev.event_uid, note: 'event at 8h' });
    const titles = async (from: number, to: number) =>
      (await core.api.timelineMarkers({ actor_uids: [actor], from: at(from), to: at(to) }))
        .map((m) => `${m.kind}: ${m.title}`)
        .sort();
    // The range flag is 2h-3h, the finding 5h-6h, the event flag at 8h.
    expect(await titles(0, 10)).toEqual(['finding: finding 5h-6h', 'flag: event at 8h', `flag: window of ${actor}`]);
    expect(await titles(2.5, 5.5)).toEqual(['finding: finding 5h-6h', `flag: window of ${actor}`]);
    expect(await titles(3.5, 5)).toEqual([]);
    expect(await titles(5.5, 8)).toEqual(['finding: finding 5h-6h']);
    expect(await titles(6.5, 8.5)).toEqual(['flag: event at 8h']);
    expect(await titles(0, 2)).toEqual([]);
    // With no identity given, every identity's markers in range.
    const all = await core.api.timelineMarkers({ from: at(2.5), to: at(2.6) });
    expect(all.map((m) => m.actor_uid).sort()).toEqual([...actors].sort());
  });
});
