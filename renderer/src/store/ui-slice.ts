import type { SliceCreator } from './slice';

export type Theme = 'system' | 'light' | 'dark';

/** A dialog open over the workspace: flag/note on a target, or a reclassification. */
export type Dialog =
  | { kind: 'flag'; target_kind: 'event' | 'identity' | 'range' | 'finding'; target_id: string; label: string }
  | { kind: 'reclassify'; actor_uid: string; label: string; category: string };

export interface UiSlice {
  theme: Theme;
  dialog: Dialog | null;
  /** Bumped whenever a flag or a classification changes, so panels that show them re-read. */
  annotationsVersion: number;
  setTheme(theme: Theme): void;
  openDialog(d: Dialog | null): void;
  annotationsChanged(): void;
}

const THEME_KEY = 'trailmark.theme';

function storedTheme(): Theme {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  theme: storedTheme(),
  dialog: null,
  annotationsVersion: 0,
  setTheme: (theme) => {
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // storage refused (private mode): the choice lasts for this window only
    }
    applyTheme(theme);
    set({ theme });
  },
  openDialog: (dialog) => set({ dialog }),
  annotationsChanged: () => set((s) => ({ annotationsVersion: s.annotationsVersion + 1 })),
});
