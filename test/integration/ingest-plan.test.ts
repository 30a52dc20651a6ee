// The shape of DuckDB's plan for the ingest's one statement per batch: the records are joined to the batch's
// file list (ingest_files), and the hash join must build its table from that list, never from the records. Built
// from the records, it holds every raw record of the batch in memory and spills: in the 10M-event bench, batches
// of 3,000-5,300 files took 14-24 s instead of 5 s. DuckDB picks the side by estimated rows, and its estimate for
// read_json does not grow with the files (1,016 rows for 5,305 files; 0 for a few small ones), so the loader keeps
// joins as written (withJoinsAsWritten); without it the first test fails. It asserts a plan, not a time.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { splitOne, type Readable } from '../../main/core/ingest/batches';
import { cloudtrailInsertSql, recordsWrapperSql } from '../../main/core/ingest/cloudtrail/read';
import { withJoinsAsWritten } from '../../main/core/ingest/load-files';
import { CREATE_STAGE_TABLES_SQL } from '../../main/core/ingest/stage-tables';
import { sql, type Sql } from '../../main/core/db/sql';
import { cloudTrailRecords } from '../helpers/archives';
import { openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

interface PlanNode {
  name: string;
  children: PlanNode[];
  extra_info: Record<string, unknown>;
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...n.children.flatMap(nodes)];
const scansFileList = (n: PlanNode) =>
  nodes(n).some((x) => x.name === 'SEQ_SCAN' && String(x.extra_info.Table ?? '').endsWith('ingest_files'));

async function joinSides(files: string[], insertSql: Sql) {
  const { core } = await openTempCase();
  const db = core.session.requireCase().db;
  await db.run(CREATE_STAGE_TABLES_SQL);
  await db.insertRows(
    'ingest_files',
    { read_path: 'VARCHAR', evidence_id: 'INTEGER', sha256: 'VARCHAR', display: 'VARCHAR', position_base: 'BIGINT' },
    files.map((f, i) => ({ read_path: f, evidence_id: i + 1, sha256: `h${i}`, display: f, position_base: 0 })),
  );
  const [row] = await withJoinsAsWritten(db, () =>
    db.all<{ explain_value: string }>(sql`EXPLAIN (FORMAT json) ${insertSql}`),
  );
  core.close();
  const joins = (JSON.parse(row!.explain_value) as PlanNode[]).flatMap(nodes).filter((n) => n.name === 'HASH_JOIN');
  return joins.map((j) => ({ probe: scansFileList(j.children[0]!), build: scansFileList(j.children[1]!) }));
}

describe("the ingest statement's join to the batch's files", () => {
  it('builds from the file list for CloudTrail .json.gz files (the S3 layout), however many', async () => {
    const dir = await tempDir();
    for (const n of [3, 300]) {
      const files = Array.from({ length: n }, (_, i) => path.join(dir, `f${n}-${i}.json.gz`));
      for (const [i, f] of files.entries()) await writeFile(f, gzipSync(cloudTrailRecords(1 + (i % 5))));
      const sides = await joinSides(
        files,
        cloudtrailInsertSql(recordsWrapperSql({ files, gzip: true, maxObjectBytes: 16 * 2 ** 20, oneLine: true })),
      );
      expect(sides).toEqual([{ probe: false, build: true }]);
    }
  });

  it('builds from the file list for the parts of split files', async () => {
    const dir = await tempDir();
    const parts: Readable[] = [];
    for (const n of [1, 2, 3]) {
      const big = path.join(dir, `big${n}.json`);
      await writeFile(big, cloudTrailRecords(200 * n));
      const file = { readPath: big, gzip: false, format: 'cloudtrail_records', size: 0 } as Readable;
      parts.push(...(await splitOne(file, path.join(dir, `split${n}`), new AbortController().signal)));
    }
    const files = parts.map((p) => p.readPath);
    const insert = parts[0]!.insertSql({ files, gzip: false, maxObjectBytes: 2 ** 20 });
    expect(await joinSides(files, insert)).toEqual([{ probe: false, build: true }]);
  });
});
