/**
 * What a shell may take from the core besides the API table (service.ts): the Electron
 * shell's key protector (the OS key store, which only that shell can reach), and the CLI's local file helpers
 * (where the demo writes its evidence, a signing identity written to a file beside the user). Everything a shell
 * imports from the core comes through main/core/api/ (build/core-layering.mjs).
 */
export { demoEvidenceDir } from '../demo/build-demo';
export { registerKeyProtector } from '../report/key-store';
export { createSelfSignedIdentity, toPkcs12 } from '../report/signing-identity';
