import { z } from 'zod';
import { FieldMapping } from '../model';
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
} as const;
