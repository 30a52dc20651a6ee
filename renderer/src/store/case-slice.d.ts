import type { CaseInfo } from '../../../shared/model';
import type { SliceCreator } from './slice';
export interface CaseSlice {
    caseInfo: CaseInfo | null;
    /** True while the first appInfo/caseInfo round trip or an openCase is in flight. */
    caseLoading: boolean;
    appVersion: string | null;
    init(): Promise<void>;
    openCase(path: string, create: boolean): Promise<void>;
    /** Electron: the native folder dialog, then openCase. */
    pickAndOpenCase(create: boolean): Promise<void>;
    /** The main process opened a case itself (second instance, OS file open): show it. */
    caseOpenedElsewhere(): Promise<void>;
    refreshCase(): Promise<void>;
}
export declare const createCaseSlice: SliceCreator<CaseSlice>;
