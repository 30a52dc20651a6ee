import { z } from 'zod';
import { CaseInfo, CaseVerification, EventDetail, Identity, IngestLimitOptions } from './model';
import { JobState } from './jobs';

import { analysisMethods } from './methods/analysis';
import { consoleMethods } from './methods/console';
import { JobRef, method } from './methods/define';
import { identityMethods } from './methods/identity';
import { ingestMethods } from './methods/ingest';
import { lineageMethods } from './methods/lineage';
import { reportMethods } from './methods/report';
import { workspaceMethods } from './methods/workspace';

/**
 * The one table of Trailmark's API. The Electron preload bridge, the IPC handlers, the HTTP routes,
 * the CLI and the renderer's clients are all derived from it: add a method here (or in one of the
 * area files under shared/methods/) and every shell has it.
 */
export const api = {
  appInfo: method({
    summary: 'Version and shell of the running app',
    params: z.object({}),
    result: z.object({ version: z.string(), shell: z.enum(['electron', 'host', 'cli']), caseOpen: z.boolean() }),
  }),
  openCase: method({
    summary: 'Open a NAME.trailmark case folder (create it when create is true)',
    params: z.object({
      path: z.string().min(1),
      create: z.boolean().default(false),
      // The case's investigator (set on create, or changed on open): the actor of custody, flags, decisions, report.
      investigator: z.string().min(1).max(200).optional(),
      organisation: z.string().max(200).optional(),
    }),
    result: CaseInfo,
  }),
  setInvestigator: method({
    summary:
      "Name the open case's investigator (and organisation): the actor of custody entries, flags, decisions and reports",
    params: z.object({ name: z.string().min(1).max(200), organisation: z.string().max(200).optional() }),
    result: CaseInfo,
  }),
  caseInfo: method({
    summary: 'Evidence, sources, counts, time range, custody status and ingest issues of the open case',
    params: z.object({}),
    result: CaseInfo,
  }),
  verifyCase: method({
    summary:
      'Check the open case: custody chain against its anchor, and the evidence, events, findings and annotations against their digests',
    params: z.object({}),
    result: CaseVerification,
  }),
  startIngest: method({
    summary: 'Add evidence (files, folders, archives) to the open case; returns a job',
    params: z.object({
      paths: z.array(z.string().min(1)).min(1),
      limits: IngestLimitOptions.default({}), // archive-bomb and size limits; unset ones keep their defaults
    }),
    result: JobRef,
  }),
  startDemo: method({
    summary:
      'Generate the seeded demo CloudTrail archive, ingest it into a demo case and open that case; returns a job',
    params: z.object({
      path: z.string().min(1).optional(), // default: Trailmark/demo.trailmark in the home folder
      seed: z.number().int().default(1),
      days: z.number().int().min(1).max(366).default(21),
      scale: z.number().positive().max(1000).default(1),
      // Inject the eval's attack scenarios into the last week (ground truth written beside the evidence).
      attacks: z.boolean().default(false),
    }),
    result: JobRef.extend({ case: z.string() }),
  }),
  getJob: method({ summary: 'State of a job, with its result once done', params: JobRef, result: JobState }),
  cancelJob: method({ summary: 'Cancel a running job', params: JobRef, result: JobState }),
  getIdentity: method({
    summary: 'One identity',
    params: z.object({ actor_uid: z.string().min(1) }),
    result: Identity,
  }),
  getEvent: method({
    summary: 'One event with its raw record and where it came from',
    params: z.object({
      event_uid: z.string().min(1),
      /** Its time as a page showed it: the event is then read from the blocks of that second, not every event's id. */
      time: z.string().optional(),
    }),
    result: EventDetail,
  }),
  ...ingestMethods,
  ...workspaceMethods,
  ...analysisMethods,
  ...reportMethods,
  ...identityMethods,
  ...consoleMethods,
  ...lineageMethods,
} as const;

export type ApiTable = typeof api;
export type ApiMethod = keyof ApiTable;
export const API_METHODS = Object.keys(api) as ApiMethod[];

/** What a caller passes (defaults still optional). */
export type ApiParams<M extends ApiMethod> = z.input<ApiTable[M]['params']>;
/** What a handler receives (defaults applied, validated). */
export type ApiParsedParams<M extends ApiMethod> = z.output<ApiTable[M]['params']>;
export type ApiResult<M extends ApiMethod> = z.output<ApiTable[M]['result']>;

/** What the identity list takes: facets, search, sort and page. */
export type IdentityQuery = ApiParams<'listIdentities'>;

/** The API as a caller sees it: one async function per method. Errors are thrown as TrailmarkError. */
export type TrailmarkApi = { [M in ApiMethod]: (params: ApiParams<M>) => Promise<ApiResult<M>> };

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(api, name);
}

/** Channel names, derived from the table, so IPC and preload can't drift apart. */
export const ipcChannel = (m: ApiMethod) => `trailmark:${m}`;
export const PROGRESS_CHANNEL = 'trailmark:progress';
export const httpRoute = (m: ApiMethod) => `/api/${m}`;
export const PROGRESS_ROUTE = '/api/progress';
