import { z } from 'zod';
import { SigningIdentity, VerifyResult } from '../model';
import { JobRef, method } from './define';

export const REPORT_SECTIONS = [
  'summary',
  'scope',
  'evidence',
  'integrity',
  'method',
  'identities',
  'findings',
  'annotations',
  'custody',
  'appendix',
] as const;

/** How a report is signed: not at all, with the investigator's PKCS#12, or with an identity the app keeps. */
export const ReportSigning = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('p12'), path: z.string().min(1), passphrase: z.string() }),
  // passphrase: the key store's, where no OS key store or TRAILMARK_SIGNING_PASSPHRASE protects kept keys.
  z.object({ kind: z.literal('identity'), id: z.string().min(1), passphrase: z.string().max(1000).optional() }),
]);

export const PAPERS = ['A4', 'Letter'] as const;
export type Paper = (typeof PAPERS)[number];

export const ReportRequest = z.object({
  out: z.string().min(1),
  paper: z.enum(PAPERS).default('A4'),
  actor_uids: z.array(z.string().min(1)).min(1).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  confirmed_only: z.boolean().default(false),
  sections: z
    .array(z.enum(REPORT_SECTIONS))
    .min(1)
    .default([...REPORT_SECTIONS]),
  // Who signs off the report; the case's investigator when left out (the OS user when the case names no one).
  investigator: z.string().min(1).max(200).optional(),
  organization: z.string().max(200).optional(),
  title: z.string().max(300).optional(),
  // The investigator's own conclusion, printed under the summary as written (plain text, paragraphs kept).
  conclusion: z.string().max(20_000).optional(),
  max_charts: z.number().int().min(0).max(1000).default(50),
  sign: ReportSigning.default({ kind: 'none' }),
});
export type ReportRequest = z.input<typeof ReportRequest>;

/** The report methods of the API table (spread into `api` in shared/api.ts). */
export const reportMethods = {
  startReport: method({
    summary: 'Build a PDF audit report of the open case (scope, sections, signing); returns a job',
    params: ReportRequest,
    result: JobRef,
  }),
  verifyReport: method({
    summary:
      "Check a signed report: signature over the whole file, certificate, embedded manifest; optionally its custody head against a case's chain, and the signer against a pinned certificate",
    params: z.object({
      path: z.string().min(1),
      case: z.string().min(1).optional(), // the case the report was made from (opened)
      expect_signer: z.string().min(1).optional(), // certificate SHA-256, or a certificate file (PEM or DER)
      reperform: z.boolean().optional(), // with case: run the report's query pack again on it and compare
    }),
    result: VerifyResult,
  }),
  listSigningIdentities: method({
    summary: 'Signing identities the app created and keeps',
    params: z.object({}),
    result: z.array(SigningIdentity),
  }),
  createSigningIdentity: method({
    summary: "Create a signing identity (RSA key, self-signed certificate with the investigator's name)",
    params: z.object({
      name: z.string().min(1).max(200),
      organization: z.string().max(200).optional(),
      email: z.string().max(200).optional(),
      /** The key store's passphrase, where signingKeyStore says one is needed; used once, never kept. */
      passphrase: z.string().max(1000).optional(),
    }),
    result: SigningIdentity,
  }),
  signingKeyStore: method({
    summary:
      'What protects the signing identities the app keeps: the OS key store, TRAILMARK_SIGNING_PASSPHRASE, or a passphrase typed with each use',
    params: z.object({}).default({}),
    result: z.object({ protected_by: z.enum(['os', 'env', 'passphrase']) }),
  }),
} as const;
