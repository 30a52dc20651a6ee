import { z } from 'zod';
import { DigestValidation } from '../model';
import { method } from './define';

/** The ingest methods of the API table (spread into `api` in shared/api.ts). */
export const ingestMethods = {
  validateDigests: method({
    summary:
      'Check the CloudTrail log files of the open case against the digest files in it: hashes, the digest chain and, ' +
      'given the JSON that `aws cloudtrail list-public-keys` prints, the RSA signatures',
    params: z.object({ public_keys: z.string().max(10_000_000).optional() }),
    result: DigestValidation,
  }),
} as const;
