import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Obj, lines, ms } from './shared';

export const PAT_HASH = 'q3Vw0kP2mX9c1nR8sT5uY7zA4bD6eF0gH2iJ4kL6mN8=';
export const gh = (minute: number, action: string, more: Obj): Obj => ({
  '@timestamp': ms(minute),
  created_at: ms(minute),
  _document_id: `gh-${minute}-${action}`,
  action,
  org: 'acme',
  ...more,
});
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

/** A fine-grained PAT created and used; a GitHub App installed and its bot acting; a deploy key added and cloned with. */
export async function writeGithubEvidence(dir: string): Promise<void> {
  const pat = {
    hashed_token: PAT_HASH,
    programmatic_access_type: 'Fine-grained personal access token',
    user_programmatic_access_name: 'release-script',
  };
  const rows = [
    gh(0, 'personal_access_token.create', { actor: 'alice', user_agent: BROWSER, ...pat }),
    // managing the token is not using it
    gh(1, 'personal_access_token.access_granted', { actor: 'alice', user_agent: BROWSER, ...pat }),
    gh(5, 'api.request', {
      actor: 'alice',
      token_id: 9001,
      user_agent: 'curl/8.5.0',
      route: '/repos/{owner}/{repo}',
      ...pat,
    }),
    gh(6, 'repo.download_zip', { actor: 'alice', token_id: 9001, repo: 'acme/web', user_agent: 'curl/8.5.0', ...pat }),
    // near miss: another token of the same user
    gh(7, 'api.request', {
      actor: 'alice',
      hashed_token: 'Zz9other0token0hash0000000000000000000000000=',
      token_id: 9002,
      programmatic_access_type: 'Fine-grained personal access token',
      user_agent: 'curl/8.5.0',
    }),
    gh(10, 'integration_installation.create', { actor: 'alice', integration: 'Deploy Helper', user_agent: BROWSER }),
    gh(12, 'git.push', {
      actor: 'deploy-helper[bot]',
      repo: 'acme/web',
      programmatic_access_type: 'GitHub App server-to-server token',
    }),
    // near miss: the same app's bot in another organization
    gh(13, 'git.push', {
      actor: 'deploy-helper[bot]',
      org: 'other-org',
      repo: 'other-org/site',
      programmatic_access_type: 'GitHub App server-to-server token',
    }),
    gh(20, 'public_key.create', {
      actor: 'alice',
      repo: 'acme/web',
      title: 'ci-deploy-key',
      fingerprint: 'SHA256:Qm9vYmFyZmluZ2VycHJpbnQwMDAwMDAwMDAwMDA',
      user_agent: BROWSER,
    }),
    gh(25, 'git.clone', { actor: 'alice', repo: 'acme/web', programmatic_access_type: 'Deploy key' }),
    // near miss: a clone of another repository
    gh(26, 'git.clone', { actor: 'alice', repo: 'acme/api', programmatic_access_type: 'Deploy key' }),
  ];
  await writeFile(path.join(dir, 'github-audit.json'), lines(rows));
}
