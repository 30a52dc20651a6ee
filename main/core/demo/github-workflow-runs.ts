/**
 * The GitHub organization's audit log side of the CI deploys: one `workflows.completed_workflow_run` record per
 * run of an organization repository, in the shape GitHub's audit log API returns it (repo, head_branch, head_sha,
 * workflow_run_id, started_at, completed_at, conclusion, actor: who pushed), and the lineage ground truth it gives:
 * that person ran the workflow whose OIDC token obtained each of the run's sessions. A repository outside the
 * organization has no record here, so its sessions must get no such edge.
 */
import { githubSubject, oidcProviderArn, type GithubRepo, type Obj } from './cloudtrail-actors';
import { SECOND, type ActivityContext, type SideLogs } from './cloudtrail-activity';

/** The organization's people as GitHub logins, and who pushes to which repository most. */
const LOGINS = ['alice-moreau', 'bkeller', 'chenwei-dev', 'dana-okafor'];

export interface WorkflowRuns {
  /** A run started at `start` whose last call was at `end`, and the sessions (account, key) its jobs obtained. */
  completed(
    start: number,
    end: number,
    repo: GithubRepo,
    runId: number,
    sha: string,
    sessions: { account: string; key: string }[],
  ): void;
}

export function workflowRuns(x: ActivityContext, side: SideLogs): WorkflowRuns {
  // A stream of its own: the audit log adds no draw to the CloudTrail activity.
  const rng = x.rng.fork('github-audit');
  const runNumbers = new Map<string, number>();
  const workflowIds = new Map<string, number>();
  return {
    completed(start, end, repo, runId, sha, sessions) {
      const org = repo.slug.split('/')[0] ?? 'example-org';
      const actor = rng.pick(LOGINS);
      const started = start - rng.int(20, 90) * SECOND; // checkout and setup before configure-aws-credentials
      const completed = end + rng.int(5, 40) * SECOND;
      const runNumber = (runNumbers.get(repo.slug) ?? rng.int(40, 400)) + 1;
      runNumbers.set(repo.slug, runNumber);
      const workflowId = workflowIds.get(repo.slug) ?? 70_000_000 + rng.int(0, 9_999_999);
      workflowIds.set(repo.slug, workflowId);
      const record: Obj = {
        '@timestamp': completed,
        _document_id: rng.alnum(22),
        action: 'workflows.completed_workflow_run',
        actor,
        actor_location: { country_code: 'US' },
        business: 'example-enterprise',
        completed_at: new Date(completed).toISOString(),
        conclusion: 'success',
        created_at: completed,
        event: 'push',
        head_branch: 'main',
        head_sha: sha,
        job_workflow_ref: `${repo.slug}/.github/workflows/deploy.yml@refs/heads/main`,
        name: 'deploy',
        operation_type: 'modify',
        org,
        public_repo: false,
        repo: repo.slug,
        run_attempt: 1,
        run_number: runNumber,
        started_at: new Date(started).toISOString(),
        topic: 'cp1-iad.ingest.github.actions.v0.WorkflowUpdate',
        trigger_id: rng.int(1_000_000_000, 9_999_999_999),
        workflow_id: workflowId,
        workflow_run_id: runId,
      };
      side.githubAudit.push(record);
      for (const s of sessions)
        x.lineage?.push({
          kind: 'oidc_workflow_run',
          parent: `github:${actor}`,
          child: `${oidcProviderArn(s.account)}:${githubSubject(repo)}`,
          credential: s.key,
        });
    },
  };
}
