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

export const createCaseSlice: SliceCreator<CaseSlice> = (set, get, conn) => ({
  caseInfo: null,
  caseLoading: true,
  appVersion: null,

  init: async () => {
    set({ caseLoading: true });
    try {
      const app = await conn.api.appInfo({});
      set({ appVersion: app.version });
      if (app.caseOpen) {
        const info = await conn.api.caseInfo({});
        await get().reopenSavedView();
        set({ caseInfo: info });
        if (info.upgrade_job) await get().followUpgrade(info.upgrade_job, true);
      }
    } catch (err) {
      get().reportError('Connecting to Trailmark', err);
    } finally {
      set({ caseLoading: false });
    }
  },

  openCase: async (path, create) => {
    set({ caseLoading: true });
    try {
      const info = await conn.api.openCase({ path, create });
      get().clearJob();
      get().resetWorkspace();
      await get().reopenSavedView();
      set({ caseInfo: info });
      // A case made by an older Trailmark is open at once and upgraded by a job: shown like an ingest.
      if (info.upgrade_job) await get().followUpgrade(info.upgrade_job);
    } catch (err) {
      get().reportError(create ? `Creating the case ${path}` : `Opening the case ${path}`, err);
    } finally {
      set({ caseLoading: false });
    }
  },

  pickAndOpenCase: async (create) => {
    if (!conn.pickPath) return;
    let picked: string[] | null;
    try {
      picked = await conn.pickPath('case');
    } catch (err) {
      return get().reportError('Choosing the case folder', err);
    }
    const first = picked?.[0];
    if (first) await get().openCase(first, create);
  },

  caseOpenedElsewhere: async () => {
    get().clearJob();
    get().resetWorkspace();
    await get().reopenSavedView();
    await get().refreshCase();
    const upgrade = get().caseInfo?.upgrade_job;
    if (upgrade) await get().followUpgrade(upgrade, true);
  },

  refreshCase: async () => {
    try {
      set({ caseInfo: await conn.api.caseInfo({}) });
    } catch (err) {
      get().reportError('Reading the case summary', err);
    }
  },
});
