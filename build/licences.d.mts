// Types for build/licences.mjs (imported by the unit tests).
export interface Component {
  name: string;
  version: string;
  license: string;
}
export declare function importedPackages(dir: string): string[];
export declare function collectComponents(root: string, names: string[]): Component[];
export declare function writeLicences(root: string, outFile: string): Promise<Component[]>;
