import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { parseJsonFirstWins } from '../../shared/json-first-wins';
import { cloudTrailRecords } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

describe('a record with a repeated key means one thing everywhere: the first value', () => {
  let core: CoreService | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    core?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('builds the event from the first value, and the raw view parses the record to the same value', async () => {
    dir = await tempDir();
    const file = path.join(dir, 'dup.json');
    // eventName twice (top level) and userName twice (nested): the JSON text an attacker can write
    const text = cloudTrailRecords(3)
      .replace('"eventName":"GetObject"', '"eventName":"GetObject","eventName":"DeleteTrail"')
      .replace('"userName":"svc-test"', '"userName":"svc-test","userName":"admin"');
    await writeFile(file, text);
    ({ core } = await openTempCase());
    const s = await ingest(core, [file]);
    expect(s).toMatchObject({ records: 3, loaded: 3 });

    const page = await core.api.queryEvents({ limit: 10 });
    const details = await Promise.all(page.rows.map((r) => core!.api.getEvent({ event_uid: r.event_uid })));
    const detail = details.find((d) => d.position === '0')!;
    const first = detail;
    expect(first.api_operation).toBe('GetObject');
    const raw = parseJsonFirstWins(detail.raw) as { eventName: string; userIdentity: { userName: string } };
    expect(raw.eventName).toBe(first.api_operation);
    expect(raw.userIdentity.userName).toBe('svc-test');
    expect(first.actor_name).toBe('svc-test');
    // what JSON.parse (the last value) would have shown instead
    expect((JSON.parse(detail.raw) as { eventName: string }).eventName).toBe('DeleteTrail');
  });

  it('parses as JSON.parse does when no key repeats, and refuses what JSON.parse refuses', () => {
    const texts = [
      '{"a":[1,2.5e3,-0.5,true,false,null,"x\\u00e9\\n"],"b":{}}',
      '[]',
      '"s"',
      ' 12 ',
      '{"__proto__":{"x":1}}',
    ];
    for (const t of texts) expect(JSON.stringify(parseJsonFirstWins(t))).toBe(JSON.stringify(JSON.parse(t)));
    for (const bad of ['{"a":1,}', '[1,]', '{a:1}', '"\t"', '01', '{"a":1} x', ''])
      expect(() => parseJsonFirstWins(bad), bad).toThrow(SyntaxError);
  });
});
