import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import type { Identity } from '../../shared/model';
import { ingest, openTempCase } from '../helpers/core';
import { CORPUS_DIR } from '../helpers/identity-corpus';

/**
 * One principal named by two sources is one identity whichever log is ingested first, and in separate ingests:
 * its verdict and event count cover both sources' records.
 */
const fx = (f: string) => path.join(CORPUS_DIR, f);

async function identities(core: CoreService): Promise<Map<string, Identity>> {
  const rows = (await core.api.listIdentities({ limit: 5000 })).rows;
  return new Map(rows.map((r) => [r.actor_uid, r]));
}

describe.each([
  ['GKE then GCP audit', ['gke-audit.jsonl', 'gcp-audit-same-accounts.jsonl']],
  ['GCP then GKE audit', ['gcp-audit-same-accounts.jsonl', 'gke-audit.jsonl']],
])('%s in separate ingests', (_name, files) => {
  let core: CoreService;
  let dir: string;
  beforeAll(async () => {
    ({ core, dir } = await openTempCase('cross'));
    for (const f of files) await ingest(core, [fx(f)]);
  });
  afterAll(async () => {
    core.close();
    await rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('keeps a Google account human with the records of both', async () => {
    const ids = await identities(core);
    expect(ids.get('gcp:alice@acme.example')).toMatchObject({ category: 'human', kind: 'person', event_count: 3 });
    expect(ids.get('gcp:ci-deployer@acme-prod.iam.gserviceaccount.com')).toMatchObject({
      category: 'machine',
      event_count: 2,
    });
    expect([...ids.keys()].filter((k) => k.includes('alice'))).toEqual(['gcp:alice@acme.example']);
  });
});

describe.each([
  ['AKS then Entra sign-ins', ['aks-audit-entra.jsonl', 'entra-sp-signins.jsonl']],
  ['Entra sign-ins then AKS', ['entra-sp-signins.jsonl', 'aks-audit-entra.jsonl']],
])('%s in separate ingests', (_name, files) => {
  let core: CoreService;
  let dir: string;
  beforeAll(async () => {
    ({ core, dir } = await openTempCase('cross'));
    for (const f of files) await ingest(core, [fx(f)]);
  });
  afterAll(async () => {
    core.close();
    await rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('keeps one service principal and one user, each with the records of both logs', async () => {
    const ids = await identities(core);
    expect(ids.get('azure:sp:5a6b7c8d-0000-4000-8000-00000000b001')).toMatchObject({
      category: 'machine',
      kind: 'azure_service_principal',
      event_count: 3,
    });
    expect(ids.get('azure:user:dana@contoso.com')).toMatchObject({ category: 'human', event_count: 3 });
    expect([...ids.keys()].filter((k) => k.startsWith('k8s:')).sort()).toEqual(['k8s:masterclient']);
  });
});
