// Types for build/packaging-check.mjs (imported by the unit tests).
export declare function makeElectronStandIn(dir: string, version: string): Promise<void>;
export declare function checkAppDir(
  appDir: string,
  executableName?: string,
): Promise<{
  problems: string[];
  seen: { asarEntries?: number; bindings?: string[]; fuses?: Record<string, string> };
}>;
