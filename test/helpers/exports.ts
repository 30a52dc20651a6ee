import path from 'node:path';
import type { CoreService } from '../../main/core/api/service';
import type { IngestSummary } from '../../shared/model';
import { ingest, openTempCase } from './core';
import { REPO } from './paths';

export const EXPORTS = path.join(REPO, 'test/fixtures/exports');

/** The event columns that must not depend on the wrapper (event_uid and position do: they name the file and row). */
export const COMPARED = [
  'time',
  'source',
  'api_operation',
  'api_service',
  'outcome',
  'error_code',
  'src_ip',
  'user_agent',
  'region',
  'account_uid',
  'actor_uid',
  'actor_name',
  'resource_uid',
  'credential_uid',
  'session_uid',
] as const;

export interface Loaded {
  summary: IngestSummary;
  events: Record<string, unknown>[];
  identities: Record<string, unknown>[];
  core: CoreService;
}

/**
 * Ingests files into a fresh case and returns its events (the COMPARED columns but those left out, in time order)
 * and identities (what classification decided, not the reason's wording, which names the fields it read).
 */
export async function loadCase(files: string[], leaveOut: readonly string[] = []): Promise<Loaded> {
  const { core } = await openTempCase('exports');
  const summary = await ingest(core, files);
  const page = await core.api.queryEvents({ limit: 100 });
  const events = page.rows
    .map((e) => Object.fromEntries(COMPARED.filter((k) => !leaveOut.includes(k)).map((k) => [k, e[k]])))
    .sort((a, b) => String(a.time).localeCompare(String(b.time)));
  const ids = await core.api.listIdentities({ limit: 100 });
  const identities = ids.rows
    .map((i) => ({
      actor_uid: i.actor_uid,
      display_name: i.display_name,
      source: i.source,
      category: i.category,
      kind: i.kind,
      event_count: i.event_count,
    }))
    .sort((a, b) => a.actor_uid.localeCompare(b.actor_uid));
  return { summary, events, identities, core };
}
