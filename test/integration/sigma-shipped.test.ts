import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../main/core/case/case-file';
import { runAnalysis } from '../../main/core/analysis/run-analysis';
import { sigmaFolders } from '../../main/core/analysis/sigma-step';
import { loadSigmaFolders, SHIPPED_CREDIT, shippedRulesDir, type SigmaRuleSet } from '../../main/core/sigma';
import { insertEvents, openEventCase } from '../helpers/sigma-events';
import { REPO, SHARED } from '../helpers/paths';

const SHIPPED = path.join(REPO, 'rules', 'sigma');

async function ruleFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile() && e.name.endsWith('.yml')) out.push(path.relative(dir, path.join(e.parentPath, e.name)));
  return out.sort();
}

/** The SigmaHQ rules in rules/sigma: found without ../shared, compiled, credited, and run by default. */
describe('the Sigma rules that ship with Trailmark', () => {
  let set: SigmaRuleSet;
  beforeAll(async () => {
    set = await loadSigmaFolders(sigmaFolders({ defaultRules: true, sigmaDir: null }));
  });

  it('are found in the checkout, and in a built dist/ before the checkout', async () => {
    expect(shippedRulesDir()).toBe(SHIPPED);
    expect(shippedRulesDir(path.join(REPO, 'dist'))).toBe(
      existsSync(path.join(REPO, 'dist/rules/sigma/LICENSE.Detection.Rules.md'))
        ? path.join(REPO, 'dist/rules/sigma')
        : SHIPPED,
    );
    expect(shippedRulesDir('/')).toBeNull();
  });

  it('carry their licence, and a SOURCES.md naming the source commit and every author', async () => {
    expect(await readFile(path.join(SHIPPED, 'LICENSE.Detection.Rules.md'), 'utf8')).toContain(
      'Detection Rule License',
    );
    const sources = await readFile(path.join(SHIPPED, 'SOURCES.md'), 'utf8');
    expect(sources).toContain('8eaafff1f2845a696050e05e72ba1140ee190698');
    const files = await ruleFiles(SHIPPED);
    expect(files).toHaveLength(285);
    for (const f of files) {
      const author = String((parse(await readFile(path.join(SHIPPED, f), 'utf8')) as { author?: unknown }).author);
      const first = author.split(/,\s*|\s+and\s+|;\s*/)[0]!.trim();
      expect(sources, f).toContain(first);
    }
  });

  it('are the same bytes as the SigmaHQ copy in ../shared/sigma, when it is there', async (ctx) => {
    const theirs = path.join(SHARED, 'sigma');
    if (!existsSync(path.join(theirs, 'LICENSE.Detection.Rules.md'))) {
      console.warn('[skip] ../shared/sigma not found: the shipped rules are not compared with it');
      ctx.skip();
    }
    const files = await ruleFiles(SHIPPED);
    expect(await ruleFiles(theirs)).toEqual(files);
    for (const f of files)
      expect(await readFile(path.join(SHIPPED, f)), f).toEqual(await readFile(path.join(theirs, f)));
  });

  it('compile by logsource, each crediting SigmaHQ and the licence', () => {
    expect(set.rules.length + set.rejected.length).toBe(285);
    expect(set.rules).toHaveLength(246);
    const by = new Map<string, number>();
    for (const r of set.rules) for (const s of r.sources) by.set(s, (by.get(s) ?? 0) + 1);
    expect(Object.fromEntries([...by].sort())).toEqual({
      azure_activity: 35,
      cloudtrail: 57,
      entra_audit: 44,
      entra_signin: 19,
      gcp_audit: 16,
      github_audit: 15,
      k8s_audit: 16,
      m365_threat_management: 13,
      m365_ual: 8,
      okta: 23,
    });
    expect(set.rules.every((r) => r.credit === SHIPPED_CREDIT)).toBe(true);
  });

  it('a folder of your own adds rules and overrides a shipped rule with the same id', async () => {
    const own = await loadSigmaFolders([
      ...sigmaFolders({ defaultRules: true, sigmaDir: null }),
      { dir: path.join(REPO, 'test/fixtures/sigma-own') },
    ]);
    expect(own.rules).toHaveLength(set.rules.length + 1);
    const overridden = own.rules.find((r) => r.id === '4db60cc0-36fb-42b7-9b58-a5b53019fb74');
    expect(overridden).toMatchObject({ title: 'CloudTrail change (our own level)', level: 'critical', credit: null });
    expect(own.rules.find((r) => r.id === 'trailmark-own-1')?.title).toBe('Our own rule');
  });

  describe('in an analysis', () => {
    let kase: CaseFile;
    beforeAll(async () => {
      kase = await openEventCase();
      await insertEvents(kase.db, [
        {
          uid: 'stop',
          source: 'cloudtrail',
          actor: 'aws:role:ci',
          raw: { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' },
        },
        {
          uid: 'list',
          source: 'cloudtrail',
          actor: 'aws:role:ci',
          raw: { eventSource: 's3.amazonaws.com', eventName: 'ListBuckets' },
        },
      ]);
    });
    afterAll(() => kase.close());

    it('run by default, say which rules had no events of their logsource, and credit the rule', async () => {
      const s = await runAnalysis(kase, { defaultRules: true }, null);
      expect(s.sigma).toMatchObject({ rules: 285, unsupported: expect.any(Array) });
      expect(s.sigma!.unsupported).toHaveLength(39);
      const idle = Object.fromEntries(s.sigma!.no_events!.map((i) => [i.logsource, i.rules.length]));
      expect(idle).toEqual({
        'azure/activitylogs': 35,
        'azure/auditlogs': 44,
        'azure/signinlogs': 19,
        'gcp/gcp.audit': 16,
        'github/audit': 15,
        'kubernetes/audit': 16,
        'm365/audit': 8,
        'm365/threat_management': 13,
        'okta/okta': 23,
      });
      const f = await kase.db.one<{ explanation: string }>(
        `SELECT explanation FROM findings WHERE detector = 'sigma:4db60cc0-36fb-42b7-9b58-a5b53019fb74'`,
      );
      expect(f?.explanation).toContain('by vitaliy0x1');
      expect(f?.explanation).toContain(SHIPPED_CREDIT);
    });

    it('are left out when asked', async () => {
      const s = await runAnalysis(kase, { defaultRules: false }, null);
      expect(s.sigma).toBeNull();
    });

    it('run from the CLI by default, and not with --no-default-rules', () => {
      kase.close();
      const cli = (...args: string[]) => {
        const r = spawnSync(process.execPath, [path.join(REPO, 'bin/trailmark.mjs'), 'analyze', kase.dir, ...args], {
          encoding: 'utf8',
        });
        expect(r.status, r.stderr).toBe(0);
        return r.stdout;
      };
      const text = cli();
      expect(text).toMatch(/Sigma: 285 rules, \d+ findings, 39 rules not supported/);
      expect(text).toContain(
        'Sigma rules with no events of their logsource in this case: azure/activitylogs (35), azure/auditlogs (44), ' +
          'azure/signinlogs (19), gcp/gcp.audit (16), github/audit (15), kubernetes/audit (16), m365/audit (8), ' +
          'm365/threat_management (13), okta/okta (23)\n',
      );
      expect(JSON.parse(cli('--json')).sigma.rules).toBe(285);
      expect(JSON.parse(cli('--no-default-rules', '--json')).sigma).toBeNull();
    });
  });
});
