import { z } from 'zod';
import { FieldMapping } from '../model';
import { DigestValidation } from '../model';
import { method } from './define';

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
  validateDigests: method({
    summary:
      'Check the CloudTrail log files of the open case against the digest files in it: hashes, the digest chain and, ' +
      'given the JSON that `aws cloudtrail list-public-keys` prints, the RSA signatures',
    params: z.object({ public_keys: z.string().max(10_000_000).optional() }),
    result: DigestValidation,
  }),
} as const;
