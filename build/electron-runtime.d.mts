// Types for build/electron-runtime.mjs (imported by the TypeScript smoke test).
export declare const ROOT: string;
export declare const MAIN_BUNDLE: string;
export declare const NOT_INSTALLED: string;

export type ElectronRuntime =
  | { available: true; executable: string; reason: null; detail: null }
  | { available: false; executable: null; reason: string; detail: string };

export declare function findElectronRuntime(root?: string, env?: NodeJS.ProcessEnv): ElectronRuntime;
export declare function hasDisplay(platform?: NodeJS.Platform, env?: NodeJS.ProcessEnv): boolean;
export declare function electronAppPath(root?: string): string;
export declare function electronEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
