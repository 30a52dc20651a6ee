// Types for build/wasm.mjs (imported by the unit tests).
export interface WasmSource {
  wat: string;
  ts: string;
  name: string;
}
export declare const WASM_SOURCES: WasmSource[];
export declare function compileWat(watPath: string): Promise<Buffer>;
export declare function generatedModule(source: WasmSource): Promise<string>;
