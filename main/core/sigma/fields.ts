import { and, join, lit, or, param, sql, type Sql } from '../db/sql';
import { unsupported } from './unsupported';

/**
 * Field paths as rules write them (`userIdentity.sessionContext.sessionIssuer.type`) resolve into the raw JSON
 * record. Any step may meet a JSON array: the path then continues into every element (`TargetResources` in
 * Entra audit, `authorizationInfo` in GCP), and a field matches when any value it reaches matches, as Sigma
 * backends do for multi-valued fields. Path steps travel as bound parameters.
 */
// No quotes, backslashes or control characters: the step goes into a quoted JSON path.
const SEGMENT = /^[^"\\]+$/;
const hasControl = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20);

/**
 * A field name as path steps: split on dots, except inside double quotes (`annotations."authorization.k8s.io/decision"`
 * is two steps).
 */
export function splitField(field: string): string[] {
  const segs: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of field) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '.' && !quoted) {
      segs.push(cur);
      cur = '';
    } else cur += ch;
  }
  segs.push(cur);
  if (!field || quoted || segs.some((s) => !SEGMENT.test(s) || hasControl(s)))
    unsupported(`field name "${field}" cannot be mapped to a JSON path`);
  return segs;
}

/**
 * A dotted name may also be a key that holds dots (Kubernetes annotations: `annotations.authorization.k8s.io/decision`
 * is the key "authorization.k8s.io/decision" under `annotations`): the same steps with the tail after a step joined
 * into one key. Only tails with a `/` are tried, the mark of such keys (Kubernetes annotations and labels, claim
 * URIs), so ordinary nested names don't pay for paths no record has; any other key with dots is written quoted.
 */
export function dottedKeyVariants(path: string[]): string[][] {
  const out: string[][] = [];
  for (let k = 0; k < path.length - 1; k++) {
    const tail = path.slice(k).join('.');
    if (tail.includes('/')) out.push([...path.slice(0, k), tail]);
  }
  return out;
}

const key = (k: string): string => `$."${k}"`;

/** The JSON values a path reaches, arrays at any step or at the end flattened: LIST(JSON), JSON nulls kept. */
export function jsonValues(path: string[]): Sql {
  // The first step reads the record once; later steps work on the (small) fragments it returned.
  let list = sql`flatten(list_transform([json_extract(raw, ${param(key(path[0] ?? ''))})], sj -> CASE WHEN json_type(sj) = 'ARRAY' THEN json_extract(sj, '$[*]') WHEN sj IS NULL THEN [] ELSE [sj] END))`;
  for (const k of path.slice(1)) {
    list = sql`list_filter(flatten(list_transform(${list}, sj -> CASE WHEN json_type(sj) = 'ARRAY' THEN json_extract(sj, ${param(`$[*]."${k}"`)}) ELSE [json_extract(sj, ${param(key(k))})] END)), sj -> sj IS NOT NULL)`;
    list = sql`flatten(list_transform(${list}, sj -> CASE WHEN json_type(sj) = 'ARRAY' THEN json_extract(sj, '$[*]') ELSE [sj] END))`;
  }
  return list;
}

/** The non-null values as text (objects as JSON text): LIST(VARCHAR). */
export function stringValues(paths: string[][]): Sql {
  const lists = paths.map((p) => jsonValues(p));
  const all = lists.length === 1 && lists[0] ? lists[0] : sql`flatten([${join(lists, ', ')}])`;
  return sql`list_filter(list_transform(${all}, sj -> json_extract_string(sj, '$')), sv -> sv IS NOT NULL)`;
}

/** The paths a source's rules read: `values` as text, `types` (values and every prefix) for their JSON type. */
export interface SlotPaths {
  values: string[];
  types: string[];
  /** Whether some rule searches keywords, which needs every value of the record (`sigma_kw`). */
  keywords: boolean;
}

/**
 * The JSON paths the rules of a source read, extracted per record by two multi-path calls
 * (`json_extract_string(raw, [paths])`, `json_type(raw, [paths])`) into the lists `sigma_s` (text),
 * `sigma_l` (lower-case text) and `sigma_t` (type). Prefixes of a path are typed too, so an array part-way
 * down is seen and the values are then walked from the record by the slower list code above.
 */
export class FieldSlots {
  private readonly values: string[] = [];
  private readonly types: string[] = [];
  private keywords = false;

  list(): SlotPaths {
    return { values: [...this.values], types: [...this.types], keywords: this.keywords };
  }

  /** `sigma_kw`: the lower-case text of every scalar value of the record, at any depth (not the key names). */
  keywordValues(): Sql {
    this.keywords = true;
    return lit('sigma_kw');
  }

  private static index(list: string[], path: string[]): number {
    const jp = `$${path.map((k) => `."${k}"`).join('')}`;
    const i = list.indexOf(jp);
    if (i >= 0) return i + 1;
    list.push(jp);
    return list.length;
  }

  /** The text value, type and array checks of a path (parameter-free SQL over the projected lists). */
  at(path: string[]): { text: Sql; lower: Sql; type: Sql; arrayOnWay: Sql; arrayAtEnd: Sql } {
    const v = FieldSlots.index(this.values, path);
    const t = FieldSlots.index(this.types, path);
    const prefixes = path.slice(0, -1).map((_, k) => FieldSlots.index(this.types, path.slice(0, k + 1)));
    const onWay = prefixes.map((k) => `sigma_t[${k}] = 'ARRAY'`);
    return {
      text: lit(`sigma_s[${v}]`),
      lower: lit(`sigma_l[${v}]`),
      type: lit(`sigma_t[${t}]`),
      arrayOnWay: lit(onWay.length ? `(${onWay.join(' OR ')})` : 'false'),
      arrayAtEnd: lit(`(sigma_t[${t}] = 'ARRAY')`),
    };
  }

  /** `rows` with the extracted lists added. */
  project(rows: Sql): Sql {
    return projectPaths(this.list(), rows);
  }
}

function pathList(paths: string[]): Sql {
  return sql`[${join(
    paths.map((p) => sql`${param(p)}`),
    ', ',
  )}]`;
}

export function projectPaths(paths: SlotPaths, rows: Sql): Sql {
  const s = paths.values.length ? sql`json_extract_string(raw, ${pathList(paths.values)})` : lit('NULL::VARCHAR[]');
  const t = paths.types.length ? sql`json_type(raw, ${pathList(paths.types)})` : lit('NULL::VARCHAR[]');
  // A string that holds JSON (CloudTrail's policyDocument) is one value here, in its unescaped form.
  const kw = paths.keywords
    ? lit(
        `list_transform(list_filter(json_extract(raw, '$..*'), kj -> json_type(kj) NOT IN ('OBJECT', 'ARRAY', 'NULL')), kj -> lower(json_extract_string(kj, '$')))`,
      )
    : lit('NULL::VARCHAR[]');
  return sql`(SELECT *, list_transform(sigma_s, sl -> lower(sl)) AS sigma_l, ${kw} AS sigma_kw FROM (SELECT *, ${s} AS sigma_s, ${t} AS sigma_t FROM ${rows}))`;
}

/**
 * True when any value of the field satisfies `pred`. `pred` receives the value as a parameter-free SQL
 * expression: the plain case (no array on the way) tests the extracted text directly; otherwise the
 * values are walked as a list.
 */
/** A value under test: its text and its lower-case text, both parameter-free expressions. */
export interface Value {
  x: Sql;
  lower: Sql;
}

export function fieldMatch(slots: FieldSlots, paths: string[][], pred: (v: Value) => Sql): Sql {
  return or(
    paths.map((p) => {
      const { text, lower, arrayOnWay, arrayAtEnd } = slots.at(p);
      const slow = sql`(len(list_filter(${stringValues([p])}, sv -> ${pred({ x: lit('sv'), lower: lit('lower(sv)') })})) > 0)`;
      const fast = sql`coalesce(${pred({ x: text, lower })}, false)`;
      return sql`(CASE WHEN ${arrayOnWay} OR ${arrayAtEnd} THEN ${slow} ELSE ${fast} END)`;
    }),
  );
}

/** True when the field has no non-null value (absent, null, or an array of nulls). */
export function fieldIsNull(slots: FieldSlots, paths: string[][]): Sql {
  return and(
    paths.map((p) => {
      const { type, arrayOnWay, arrayAtEnd } = slots.at(p);
      return sql`(CASE WHEN ${arrayOnWay} OR ${arrayAtEnd} THEN len(${stringValues([p])}) = 0 ELSE (${type} IS NULL OR ${type} = 'NULL') END)`;
    }),
  );
}

/** True when the field is present at all, even with a null or empty value. */
export function fieldExists(slots: FieldSlots, paths: string[][]): Sql {
  return or(
    paths.map((p) => {
      const { type, arrayOnWay } = slots.at(p);
      return sql`(CASE WHEN ${arrayOnWay} THEN len(${jsonValues(p)}) > 0 ELSE ${type} IS NOT NULL END)`;
    }),
  );
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * Where else a field may sit in the records Trailmark reads for a source (the raw vendor JSON), besides the path
 * the rule writes. Like a pySigma pipeline, but additive: the written path is always tried first.
 */
export function fieldCandidates(source: string, field: string): string[][] {
  const written = splitField(field);
  const out = [written];
  const addPath = (p: string[]): void => {
    if (!out.some((o) => o.length === p.length && o.every((k, i) => k === p[i]))) out.push(p);
  };
  const add = (f: string): void => addPath(splitField(f));
  switch (source) {
    case 'gcp_audit': {
      // Elastic-style names and Pub/Sub-wrapped (`data.`) LogEntry paths, onto a plain LogEntry.
      if (field === 'gcp.audit.method_name') add('protoPayload.methodName');
      if (field.startsWith('data.')) add(field.slice(5));
      const pp = field.replace(/^data\./, '');
      if (pp.startsWith('protoPayload.')) add(`protopayload_auditlog.${pp.slice('protoPayload.'.length)}`);
      break;
    }
    case 'azure_activity':
    case 'entra_signin':
    case 'entra_audit': {
      // Rules use Log Analytics column names; diagnostic exports use camelCase, mostly under `properties`, and
      // Graph API exports are the bare `properties` object.
      const camel = written.map(lowerFirst);
      addPath(camel);
      addPath(['properties', ...camel]);
      if (camel[0] === 'properties' && camel.length > 1) addPath(camel.slice(1));
      if (field === 'operationName' || field === 'OperationNameValue') {
        add('operationName.value');
        add('operation_name.value');
      }
      if (source === 'entra_audit') for (const f of ENTRA_AUDIT[field] ?? []) add(f);
      break;
    }
    case 'm365_threat_management':
      for (const f of M365_ALERTS[field] ?? []) add(f);
      break;
    case 'k8s_audit': {
      if (field === 'apiGroup') add('objectRef.apiGroup');
      if (field === 'hostPath') add('requestObject.spec.volumes.hostPath');
      if (field === 'capabilities') add('requestObject.spec.containers.securityContext.capabilities');
      break;
    }
  }
  for (const p of [...out]) for (const v of dottedKeyVariants(p)) addPath(v);
  return out;
}

/**
 * SigmaHQ's azure/auditlogs rules name the activity `properties.message` (the Activity Log's name for it) and use
 * Log Analytics' AuditLogs columns: where those sit in an Entra audit record (diagnostic export or Graph API).
 */
const ENTRA_AUDIT: Record<string, string[]> = {
  'properties.message': ['properties.activityDisplayName', 'activityDisplayName', 'operationName'],
  Status: ['properties.result', 'result'],
  failure_status_reason: ['properties.resultReason', 'resultReason'],
  Initiatedby: ['properties.initiatedBy', 'initiatedBy'],
  Target: ['properties.targetResources', 'targetResources'],
  ActivityType: ['properties.activityDisplayName', 'activityDisplayName'],
  activityType: ['properties.activityDisplayName', 'activityDisplayName'],
};

/**
 * M365 threat_management rules use Elastic's o365 names: event.provider (eventSource) is the Workload, rule.name
 * (eventName) the alert's Name, the payload its Data; `status` is derived in the event set (logsource.ts).
 */
const M365_ALERTS: Record<string, string[]> = {
  eventSource: ['Workload'],
  eventName: ['Name', 'Operation'],
  Payload: ['Data'],
};
