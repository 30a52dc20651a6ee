import path from 'node:path';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { resultOf } from '../../../shared/jobs';
import { REPORT_SECTIONS } from '../../../shared/methods/report';
import type { CoreService } from '../../core/api/service';
import { createSelfSignedIdentity, toPkcs12 } from '../../core/api/shell';
import { intOption, parse, positional, UsageError } from '../args';
import { jobOutcome } from '../job-outcome';
import { log, printJson, printLine } from '../output';
import { followJob } from '../progress';

export const USAGE = `trailmark report <case> --out FILE.pdf [--sign FILE.p12 --pass-env VAR [--create-identity]]
       [--investigator NAME] [--organization ORG] [--title T] [--conclusion FILE] [--paper A4|Letter] [--identity UID]...
       [--from T] [--to T] [--confirmed-only] [--sections ${REPORT_SECTIONS.join(',')}] [--max-charts N] [--json]`;

function passphrase(varName: string | undefined): string {
  if (!varName)
    throw new UsageError(
      `--sign needs --pass-env VAR (the environment variable holding the passphrase)\nusage: ${USAGE}`,
    );
  const value = process.env[varName];
  if (value === undefined) throw new UsageError(`--pass-env ${varName}: that environment variable is not set`);
  return value;
}

function sections(value: string | undefined): (typeof REPORT_SECTIONS)[number][] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((s) => s.trim());
  const bad = list.filter((s) => !(REPORT_SECTIONS as readonly string[]).includes(s));
  if (bad.length)
    throw new UsageError(`--sections: unknown ${bad.join(', ')} (choose from ${REPORT_SECTIONS.join(', ')})`);
  return list as (typeof REPORT_SECTIONS)[number][];
}

/** The investigator's conclusion, from a UTF-8 text file. */
async function readConclusion(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`--conclusion ${file}: cannot read it (${e.code ?? e.message})`);
  });
  if (!text.trim()) throw new UsageError(`--conclusion ${file}: the file is empty`);
  if (text.length > 20_000) throw new UsageError(`--conclusion ${file}: longer than 20,000 characters`);
  return text;
}

export async function reportCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(
    argv,
    {
      out: { type: 'string' },
      sign: { type: 'string' },
      'pass-env': { type: 'string' },
      'create-identity': { type: 'boolean' },
      investigator: { type: 'string' },
      organization: { type: 'string' },
      title: { type: 'string' },
      conclusion: { type: 'string' },
      paper: { type: 'string' },
      identity: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      'confirmed-only': { type: 'boolean' },
      sections: { type: 'string' },
      'max-charts': { type: 'string' },
    },
    USAGE,
  );
  const [casePath] = positional(positionals, 1, USAGE);
  const out = v.out as string | undefined;
  if (!out) throw new UsageError(`--out FILE.pdf is required\nusage: ${USAGE}`);
  const paper = (v.paper as string | undefined) ?? 'A4';
  if (paper !== 'A4' && paper !== 'Letter') throw new UsageError(`--paper takes A4 or Letter, not "${paper}"`);
  // The case's investigator unless the command names another; the OS user only when the case names no one.
  const info = await core.api.openCase({ path: casePath!, create: false });
  const investigator = (v.investigator as string | undefined) ?? info.investigator?.name ?? os.userInfo().username;
  const organization = (v.organization as string | undefined) ?? info.investigator?.organisation ?? undefined;

  let sign: { kind: 'none' } | { kind: 'p12'; path: string; passphrase: string } = { kind: 'none' };
  if (v.sign) {
    const file = v.sign as string;
    const pass = passphrase(v['pass-env'] as string | undefined);
    if (!existsSync(file)) {
      if (!v['create-identity'])
        throw new UsageError(`--sign ${file}: no such file (add --create-identity to make a signing identity there)`);
      const key = createSelfSignedIdentity({ name: investigator, ...(organization ? { organization } : {}) });
      await writeFile(file, toPkcs12(key, pass), { mode: 0o600, flag: 'wx' });
      log(`created a signing identity for "${investigator}" in ${file} (encrypted PKCS#12, self-signed certificate)`);
    }
    sign = { kind: 'p12', path: path.resolve(file), passphrase: pass };
  } else if (v['create-identity']) throw new UsageError('--create-identity goes with --sign FILE.p12 --pass-env VAR');

  const conclusion = v.conclusion === undefined ? undefined : await readConclusion(v.conclusion as string);
  const { job } = await core.api.startReport({
    out: path.resolve(out),
    paper,
    investigator,
    ...(organization ? { organization } : {}),
    ...(v.title ? { title: v.title as string } : {}),
    ...(conclusion ? { conclusion } : {}),
    ...(v.identity ? { actor_uids: v.identity as unknown as string[] } : {}),
    ...(v.from ? { from: v.from as string } : {}),
    ...(v.to ? { to: v.to as string } : {}),
    confirmed_only: v['confirmed-only'] === true,
    ...(v.sections ? { sections: sections(v.sections as string) } : {}),
    max_charts: intOption(v['max-charts'] as string | undefined, 'max-charts'),
    sign,
  });
  const end = await followJob(core, job);
  const r = resultOf(end, 'report');
  if (!r) return jobOutcome(end);
  if (v.json) printJson(r);
  else {
    printLine(`report   ${r.out}`);
    printLine(
      `pages    ${r.pages}; ${r.findings} findings, ${r.charts} charts; ${r.bytes.toLocaleString('en-US')} bytes`,
    );
    printLine(`sha256   ${r.sha256} (written to the custody log)`);
    printLine(
      r.signer
        ? `signed   by ${r.signer.name}${r.signer.organization ? `, ${r.signer.organization}` : ''} (PAdES B-B)`
        : 'signed   no (use --sign FILE.p12 --pass-env VAR)',
    );
    printLine(`took     ${r.seconds.toFixed(2)} s`);
  }
  return 0;
}
