import { buildDemo, defaultDemoCasePath } from '../demo/build-demo';
import { ingestPaths } from '../pipelines/ingest';
import { resolveLimits } from '../ingest/limits';
import { verifyCase } from '../case/verify-case';
import { caseInfo } from '../query/case-info';
import { getEvent } from '../query/events';
import { getIdentity } from '../query/identities';
import type { CaseFile } from '../case/case-file';
import type { Session } from '../session';
import { VERSION } from '../version';
import type { ApiHandlers, Shell } from './handler-types';
import { analysisHandlers } from './handlers-analysis';
import { consoleHandlers } from './handlers-console';
import { identityHandlers } from './handlers-identity';
import { lineageHandlers } from './handlers-lineage';
import { ingestHandlers } from './handlers-ingest';
import { cleanInvestigator } from '../case/investigator';
import { reportHandlers } from './handlers-report';
import { workspaceHandlers } from './handlers-workspace';

export type { ApiHandlers, Shell } from './handler-types';

/** The API's behaviour, once, for every shell. */
export function createHandlers(session: Session, shell: Shell): ApiHandlers {
  const info = async (c: CaseFile) => ({ ...(await caseInfo(c)), upgrade_job: session.upgradeJob });
  return {
    appInfo: async () => ({ version: VERSION, shell, caseOpen: session.case !== null }),
    openCase: async ({ path, create, investigator, organisation }) => {
      const who = investigator ? cleanInvestigator(investigator, organisation) : null;
      const c = await session.open(path, create, who);
      if (who) await c.setInvestigator(who);
      return info(c);
    },
    setInvestigator: async ({ name, organisation }) => {
      const c = session.requireCase();
      await c.setInvestigator(cleanInvestigator(name, organisation));
      return info(c);
    },
    caseInfo: async () => info(session.requireCase()),
    verifyCase: async () => verifyCase(session.requireCase()),
    startIngest: async ({ paths, limits }) => {
      const c = session.requireCase();
      return { job: session.jobs.start('ingest', (ctx) => ingestPaths(c, paths, ctx, resolveLimits(limits))) };
    },
    startDemo: async ({ path, ...opts }) => {
      const c = await session.open(path ?? defaultDemoCasePath(), true);
      return { job: session.jobs.start('demo', (ctx) => buildDemo(c, opts, ctx)), case: c.dir };
    },
    getJob: async ({ job }) => session.jobs.get(job),
    cancelJob: async ({ job }) => session.jobs.cancel(job),
    getIdentity: async ({ actor_uid }) => getIdentity(session.requireCase().db, actor_uid),
    getEvent: async ({ event_uid, time }) => getEvent(session.requireCase().db, event_uid, time),
    ...ingestHandlers(session),
    ...workspaceHandlers(session),
    ...analysisHandlers(session),
    ...reportHandlers(session),
    ...identityHandlers(session),
    ...consoleHandlers(session),
    ...lineageHandlers(session),
  };
}
