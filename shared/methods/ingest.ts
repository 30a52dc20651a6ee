import { z } from 'zod';
import { DigestValidation, FieldMapping, IngestIssue, page } from '../model';
import { limit, method, offset } from './define';

/** The ingest methods of the API table (spread into `api` in shared/api.ts). */
export const ingestMethods = {
  saveIngestMapping: method({
    summary:
      'Save (or replace) a field mapping for generic JSON lines / CSV logs in the open case; later ingests read unrecognised files whose fields fit it',
    params: FieldMapping,
    result: FieldMapping,
  }),
  listIngestMappings: method({
    summary: 'The field mappings saved in the open case',
    params: z.object({}),
    result: z.array(FieldMapping),
  }),
  listIngestIssues: method({
    summary:
      'A page of the ingest issues of the open case (quarantined records, skipped files), by file, then by position ' +
      'in the file (record, line or byte, in numeric order)',
    params: z.object({ offset, limit }),
    result: page(IngestIssue),
  }),
  validateDigests: method({
    summary:
      'Check the CloudTrail log files of the open case against the digest files in it: hashes, the digest chain and, ' +
      'given the JSON that `aws cloudtrail list-public-keys` prints, the RSA signatures',
    params: z.object({ public_keys: z.string().max(10_000_000).optional() }),
    result: DigestValidation,
  }),
  exportParquet: method({
    summary: "The open case's normalised events as Parquet, partitioned by source and day, in a new or empty folder",
    params: z.object({ dir: z.string().min(1) }),
    result: z.object({
      dir: z.string(),
      events: z.number(),
      files: z.number(),
      partitions: z.array(z.object({ source: z.string(), days: z.number() })),
    }),
  }),
} as const;
