import type { ShowSqlTarget } from '../../../shared/methods/console';
import type { TargetKind } from '../../../shared/methods/workspace';
import type { Category } from '../../../shared/model';
import type { SliceCreator } from './slice';
export type Theme = 'system' | 'light' | 'dark';
/** A dialog open over the workspace: flag/note on a target, or a reclassification. */
export type Dialog = {
    kind: 'flag';
    target_kind: TargetKind;
    target_id: string;
    label: string;
} | {
    kind: 'reclassify';
    actor_uid: string;
    label: string;
    category: Category;
};
export interface UiSlice {
    theme: Theme;
    dialog: Dialog | null;
    /**
     * The case's data version: every change (evidence added, analysis run, finding decided, flag saved, identity
     * reclassified) bumps it, and every view that reads the case depends on it, so none shows figures from before.
     */
    dataVersion: number;
    setTheme(theme: Theme): void;
    openDialog(d: Dialog | null): void;
    /** Call after anything that changes what the case holds. */
    dataChanged(): void;
    /** A short confirmation of what was just saved ("Flag saved · in custody"), cleared after a few seconds. */
    notice: string | null;
    notify(text: string): void;
    /** SQL handed to the Query tab to open in its editor (seq tells a second hand-over of the same text apart). */
    consoleSql: {
        text: string;
        seq: number;
    } | null;
    /** "Show SQL": the core writes the view's query over the console views, and the Query tab opens with it. */
    showSql(target: ShowSqlTarget): Promise<void>;
}
export declare function applyTheme(theme: Theme): void;
export declare const createUiSlice: SliceCreator<UiSlice>;
