/**
 * A seeded, deterministic generator of a multi-week CloudTrail archive in the S3 delivery layout:
 * <outDir>/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<stamp>_<id>.json.gz
 *
 * Time advances hour by hour: drivers schedule their activity for a day, each hour's activity runs
 * and emits records (possibly later than the hour), then every delivery window that has closed is
 * written as one gzip file. Memory therefore stays bounded by about an hour of events.
 */
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  ACCOUNTS,
  HOME_REGION,
  PROD,
  REGIONS,
  TOOLING,
  accessKeyId,
  buildCast,
  type Caller,
  type IdentityTruth,
  type Obj,
} from './cloudtrail-actors';
import {
  DAY,
  HOUR,
  MINUTE,
  ec2Fleet,
  isoSeconds,
  lambdaFunction,
  serviceKeys,
  type ActivityContext,
  type LineageTruth,
  type SideLogs,
  type At,
  type Driver,
  type Emitter,
} from './cloudtrail-activity';
import { bobAdmin, people, rootUser } from './cloudtrail-people';
import { backup, githubActions, terraform } from './cloudtrail-pipelines';
import { deniedError, throttledError, type OpDef } from './cloudtrail-operations';
import { eksIrsa } from './eks-irsa';
import { Random } from './random';

export interface CloudTrailDemoOptions {
  /** The archive root; files go to <outDir>/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/. */
  outDir: string;
  seed?: number;
  days?: number;
  /** ISO date of day 0 (floored to UTC midnight). */
  start?: string;
  /** Multiplies event volume; 1 gives roughly 25k-40k events in 21 days. */
  scale?: number;
  /** Called once per file written; `total` is an estimate that only shrinks and equals `done` at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Extra drivers (e.g. injected attacks, see ./attacks); absent, the archive is exactly the benign demo. */
  inject?: (x: ActivityContext) => Driver[];
  /** Filled with the lineage ground truth as the archive is written (see LineageTruth). */
  lineage?: LineageTruth[];
  /**
   * Also write the other sources' side of the same activity, for the cross-source lineage hops: the GitHub
   * organization's audit log of its CI runs (<outDir>/github/), and an EKS cluster whose IRSA workload calls AWS
   * (in CloudTrail) and its Kubernetes audit log (<outDir>/eks/). Off by default: the demo stays CloudTrail only.
   */
  crossSource?: boolean;
}

export type DemoIdentityTruth = IdentityTruth;

export interface CloudTrailDemoResult {
  files: number;
  records: number;
  /** Compressed bytes written. */
  bytes: number;
  uncompressedBytes: number;
  /** Every identity that appears in the archive, with the category a classifier should reach. */
  identities: DemoIdentityTruth[];
}

const DEFAULT_START = '2026-10-01T00:00:00Z';
/** Files being compressed (on libuv's thread pool) and written while the next ones are generated. */
const MAX_IN_FLIGHT = 8;
/** Level 3 compresses about twice as fast as the default 6, for about 25% more bytes. */
const GZIP_LEVEL = 3;

/** One output chunk per file where possible: zlib's default 16 KiB chunks cost a thread hop each. */
function chunkSizeFor(inputBytes: number): number {
  let size = 16 * 1024;
  while (size < inputBytes / 4 && size < 1 << 20) size *= 2;
  return size;
}

interface Pending {
  t: number;
  bytes: Buffer;
}
interface Window {
  start: number;
  end: number;
  dayStart: number;
}
interface Stream {
  account: string;
  region: string;
  rng: Random;
  buf: Pending[];
  windows: Window[];
  next: number;
}

/** CloudTrail delivers a region's events every few minutes; windows never cross midnight. */
function buildStreams(rng: Random, start: number, days: number): Stream[] {
  const streams: Stream[] = [];
  for (const account of ACCOUNTS)
    for (const region of REGIONS) {
      const s: Stream = { account, region, rng: rng.fork(`${account} ${region}`), buf: [], windows: [], next: 0 };
      for (let d = 0; d < days; d++) {
        const dayStart = start + d * DAY;
        for (let t = dayStart; t < dayStart + DAY;) {
          const end = Math.min(dayStart + DAY, t + s.rng.int(5, 15) * MINUTE);
          s.windows.push({ start: t, end, dayStart });
          t = end;
        }
      }
      streams.push(s);
    }
  return streams;
}

class Recorder implements Emitter {
  readonly used = new Set<IdentityTruth>();
  private readonly byKey = new Map<string, Stream>();
  private readonly identityJson = new WeakMap<Obj, string>();

  constructor(
    private readonly rng: Random,
    private readonly start: number,
    private readonly end: number,
    streams: Stream[],
  ) {
    for (const s of streams) this.byKey.set(`${s.account} ${s.region}`, s);
  }

  emit(
    t: number,
    caller: Caller,
    op: OpDef,
    account: string,
    region: string,
    arg: Obj = {},
    error?: [string, string] | null,
  ): boolean {
    if (t < this.start || t >= this.end) return true;
    const awsRegion = op.global ? HOME_REGION : region;
    const stream = this.byKey.get(`${account} ${awsRegion}`);
    if (!stream) throw new Error(`no delivery stream for ${account} ${awsRegion}`);
    const rng = this.rng;
    const ctx = { rng, account, region: awsRegion, arg };
    const parts = op.build(ctx);
    const failure = error === undefined ? this.randomError(op, caller, ctx) : error;
    // Assembled by hand, field by field in CloudTrail's order: the same text JSON.stringify would give
    // for the record object, about twice as fast. Only our own constant vocabulary is left unquoted.
    let identity = this.identityJson.get(caller.identity);
    if (identity === undefined) this.identityJson.set(caller.identity, (identity = q(caller.identity)));
    const ua = typeof caller.ua === 'string' ? caller.ua : caller.ua(op);
    let json = `{"eventVersion":"${op.version}","userIdentity":${identity},"eventTime":"${isoSeconds(t)}","eventSource":"${op.source}","eventName":"${op.name}","awsRegion":"${awsRegion}","sourceIPAddress":${q(caller.ip)},"userAgent":${q(ua)}`;
    if (failure?.[0]) json += `,"errorCode":${q(failure[0])}`;
    if (failure?.[1]) json += `,"errorMessage":${q(failure[1])}`;
    // A failed console sign-in has no error code and still reports its outcome in responseElements.
    json += `,"requestParameters":${q(parts.req)},"responseElements":${failure?.[0] ? 'null' : q(parts.res ?? null)}`;
    if (parts.extra) json += `,"additionalEventData":${q(parts.extra)}`;
    const requestId = op.service === 's3' ? rng.upperAlnum(16) : rng.uuid();
    json += `,"requestID":"${requestId}","eventID":"${rng.uuid()}","readOnly":${op.readOnly}`;
    if (parts.resources) json += `,"resources":${q(parts.resources)}`;
    json += `,"eventType":"${op.eventType}","managementEvent":${!op.data},"recipientAccountId":"${account}"`;
    if (caller.vpce && !op.global) json += `,"vpcEndpointId":${q(caller.vpce)}`;
    json += `,"eventCategory":"${op.data ? 'Data' : 'Management'}"`;
    if (!caller.viaService)
      json += `,"tlsDetails":${tlsDetails(caller.tls12 === true, parts.host ?? defaultHost(op, awsRegion))}`;
    if (caller.console) json += ',"sessionCredentialFromConsole":"true"';
    json += '}';
    // Encoded right away: a flat buffer is far cheaper for the GC to keep than a tree of string pieces.
    stream.buf.push({ t, bytes: Buffer.from(json) });
    this.used.add(caller.truth);
    return !failure;
  }

  private randomError(op: OpDef, caller: Caller, ctx: Parameters<OpDef['build']>[0]): [string, string] | null {
    const rng = this.rng;
    if (op.fail && rng.chance(op.fail.rate)) return [op.fail.code, op.fail.message(ctx)];
    if (!op.readOnly && caller.readOnly) return deniedError(op, caller.arn);
    if (caller.deny > 0 && rng.chance(caller.deny)) return deniedError(op, caller.arn);
    if (caller.throttle > 0 && rng.chance(caller.throttle)) return throttledError(op);
    return null;
  }
}

const q = JSON.stringify;
const tlsCache = new Map<string, string>();

function tlsDetails(tls12: boolean, host: string): string {
  const key = `${tls12 ? 2 : 3} ${host}`;
  let json = tlsCache.get(key);
  if (json === undefined) {
    const [tlsVersion, cipherSuite] = tls12
      ? ['TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256']
      : ['TLSv1.3', 'TLS_AES_128_GCM_SHA256'];
    tlsCache.set(key, (json = q({ tlsVersion, cipherSuite, clientProvidedHostHeader: host })));
  }
  return json;
}

function defaultHost(op: OpDef, region: string): string {
  return op.global ? `${op.service}.amazonaws.com` : `${op.service}.${region}.amazonaws.com`;
}

const pad = (n: number) => String(n).padStart(2, '0');

class ArchiveWriter {
  files = 0;
  records = 0;
  bytes = 0;
  uncompressedBytes = 0;
  windowsLeft: number;
  private completed = 0;
  private held: number | null = null;
  private failure: unknown = null;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly dirs = new Set<string>();

  constructor(
    private readonly outDir: string,
    totalWindows: number,
    private readonly onProgress?: (done: number, total: number) => void,
  ) {
    this.windowsLeft = totalWindows;
  }

  /** Writes every window of every stream that has closed by `cutoff`. */
  async flush(streams: Stream[], cutoff: number): Promise<void> {
    for (const s of streams) {
      if (s.next >= s.windows.length || (s.windows[s.next]?.end ?? Infinity) > cutoff) continue;
      s.buf.sort((a, b) => a.t - b.t);
      let i = 0;
      for (let w = s.windows[s.next]; w && w.end <= cutoff; w = s.windows[++s.next]) {
        const from = i;
        while (i < s.buf.length && (s.buf[i]?.t ?? Infinity) < w.end) i++;
        this.windowsLeft--;
        if (i > from) await this.write(s, w, s.buf.slice(from, i));
      }
      s.buf = s.buf.slice(i);
    }
  }

  private async write(s: Stream, w: Window, batch: Pending[]): Promise<void> {
    while (this.inFlight.size >= MAX_IN_FLIGHT) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const day = new Date(w.dayStart);
    const [yyyy, mm, dd] = [String(day.getUTCFullYear()), pad(day.getUTCMonth() + 1), pad(day.getUTCDate())];
    const dir = join(this.outDir, 'AWSLogs', s.account, 'CloudTrail', s.region, yyyy, mm, dd);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    // Named by delivery time (window end), kept inside the day so the folder matches every record.
    const stamp = new Date(Math.min(w.end, w.dayStart + DAY - MINUTE));
    const name = `${s.account}_CloudTrail_${s.region}_${yyyy}${mm}${dd}T${pad(stamp.getUTCHours())}${pad(stamp.getUTCMinutes())}Z_${s.rng.alnum(16)}.json.gz`;
    const json = encodeRecords(batch);
    this.files++;
    this.records += batch.length;
    this.uncompressedBytes += json.length;
    const job = gzipAsync(json, { level: GZIP_LEVEL, chunkSize: chunkSizeFor(json.length) }).then(async (gz) => {
      await writeFile(join(dir, name), gz);
      this.bytes += gz.length;
      this.completed++;
      if (this.held !== null) this.report(this.held);
      this.held = this.completed;
    });
    const tracked: Promise<void> = job.then(
      () => void this.inFlight.delete(tracked),
      (e: unknown) => {
        this.failure ??= e;
        this.inFlight.delete(tracked);
      },
    );
    this.inFlight.add(tracked);
  }

  private report(done: number) {
    this.onProgress?.(done, Math.max(done, this.files + this.windowsLeft));
  }

  async settle(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  async finish(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
    if (this.held !== null) this.onProgress?.(this.held, this.files);
    this.held = null;
  }
}

const gzipAsync = promisify(gzip);

const HEAD = Buffer.from('{"Records":[');
const TAIL = Buffer.from(']}');

/** `{"Records":[...]}` as bytes, from records already encoded. */
function encodeRecords(batch: Pending[]): Buffer {
  let size = HEAD.length + TAIL.length + batch.length - 1;
  for (const p of batch) size += p.bytes.length;
  const out = Buffer.allocUnsafe(size);
  let at = HEAD.copy(out, 0);
  for (let i = 0; i < batch.length; i++) {
    if (i > 0) out[at++] = 0x2c;
    at += batch[i]?.bytes.copy(out, at) ?? 0;
  }
  TAIL.copy(out, at);
  return out;
}

function createActivityDrivers(x: ActivityContext, inject?: (x: ActivityContext) => Driver[]): Driver {
  const keys = { orders: x.rng.uuid(), [PROD]: x.rng.uuid(), [TOOLING]: x.rng.uuid() };
  const rotation = {
    at: x.start + Math.floor(x.days * 0.6) * DAY + 15 * HOUR + x.rng.int(0, 90) * MINUTE,
    key: accessKeyId(x.rng, 'AKIA'),
  };
  const drivers: Driver[] = [
    lambdaFunction(x, HOME_REGION, 1, keys.orders),
    lambdaFunction(x, 'eu-west-1', 0.3, keys.orders),
    ec2Fleet(x, keys.orders),
    serviceKeys(x, keys),
    githubActions(x),
    terraform(x),
    backup(x, rotation),
    people(x),
    bobAdmin(x, rotation),
    rootUser(x),
    ...(x.side ? [eksIrsa(x, x.side)] : []),
    ...(inject?.(x) ?? []),
  ];
  return (day, at) => {
    for (const drive of drivers) drive(day, at);
  };
}

export async function generateCloudTrailArchive(opts: CloudTrailDemoOptions): Promise<CloudTrailDemoResult> {
  const seed = opts.seed ?? 1;
  const days = opts.days ?? 21;
  const scale = opts.scale ?? 1;
  if (!Number.isInteger(days) || days < 1) throw new Error(`days must be a positive integer, got ${days}`);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`scale must be a positive number, got ${scale}`);
  const parsed = Date.parse(opts.start ?? DEFAULT_START);
  if (Number.isNaN(parsed)) throw new Error(`start is not an ISO date: ${opts.start}`);
  const start = Math.floor(parsed / DAY) * DAY;
  const end = start + days * DAY;

  const root = new Random(seed);
  const cast = buildCast(root.fork('cast'));
  const streams = buildStreams(root.fork('delivery'), start, days);
  const writer = new ArchiveWriter(
    opts.outDir,
    streams.reduce((n, s) => n + s.windows.length, 0),
    opts.onProgress,
  );
  const recorder = new Recorder(root.fork('records'), start, end, streams);
  const context: ActivityContext = {
    cast,
    rng: root.fork('activity'),
    em: recorder,
    scale,
    days,
    start,
    lineage: opts.lineage,
    side: opts.crossSource ? { githubAudit: [], k8sAudit: [] } : undefined,
  };
  const plan = createActivityDrivers(context, opts.inject);

  const queue = new Map<number, (() => void)[]>();
  let currentHour = start / HOUR;
  const at: At = (t, run) => {
    if (t < start || t >= end) return;
    const h = Math.max(currentHour, Math.floor(t / HOUR));
    const list = queue.get(h);
    if (list) list.push(run);
    else queue.set(h, [run]);
  };
  try {
    for (let d = 0; d < days; d++) {
      const dayStart = start + d * DAY;
      const weekday = new Date(dayStart).getUTCDay();
      plan({ index: d, start: dayStart, weekday: weekday >= 1 && weekday <= 5 }, at);
      for (let h = 0; h < 24; h++, currentHour++) {
        for (let runs = queue.get(currentHour); runs; runs = queue.get(currentHour)) {
          queue.delete(currentHour);
          for (const run of runs) run();
        }
        await writer.flush(streams, (currentHour + 1) * HOUR);
      }
    }
    await writer.flush(streams, end);
  } catch (e) {
    // No file may still be landing once the caller hears of the failure (or of its own cancellation).
    await writer.settle();
    throw e;
  }
  await writer.finish();
  if (context.side) await writeSideLogs(opts.outDir, context.side);
  return {
    files: writer.files,
    records: writer.records,
    bytes: writer.bytes,
    uncompressedBytes: writer.uncompressedBytes,
    identities: cast.all.filter((t) => recorder.used.has(t)),
  };
}

/** The other sources' records, one NDJSON file each, as their exports deliver them. */
async function writeSideLogs(outDir: string, side: SideLogs): Promise<void> {
  const files: [string, Obj[]][] = [
    [join(outDir, 'github', 'example-org-audit-log.json'), side.githubAudit],
    [join(outDir, 'eks', 'orders-cluster', 'kube-apiserver-audit.log'), side.k8sAudit],
  ];
  for (const [file, records] of files) {
    if (records.length === 0) continue;
    mkdirSync(join(file, '..'), { recursive: true });
    await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  }
}
