// The OS key store for signing keys: Electron's safeStorage (Keychain on macOS, DPAPI on Windows, the Secret Service or
// KWallet on Linux), used by the core through core-port.ts. safeStorage comes in as a parameter, so this is tested
// with a fake.
import type { KeyStore } from './core-port';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only; 'basic_text' means no real key store (the "encryption" is a fixed, public key). */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Seals with safeStorage, and refuses where there is no real key store rather than pretend. */
export function safeStorageKeyStore(safeStorage: SafeStorageLike, platform: NodeJS.Platform): KeyStore {
  const check = () => {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('the OS key store is not available');
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      throw new Error(
        'no OS key store (no Secret Service or KWallet running): sign with a PKCS#12 file, or set ' +
          'TRAILMARK_SIGNING_PASSPHRASE',
      );
    }
  };
  return {
    seal: async (plain) => {
      check();
      // safeStorage seals strings; the key bytes travel as base64.
      return safeStorage.encryptString(plain.toString('base64'));
    },
    open: async (sealed) => {
      check();
      return Buffer.from(safeStorage.decryptString(sealed), 'base64');
    },
  };
}
