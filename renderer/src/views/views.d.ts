import type { ComponentType } from 'react';
/** Every top-level view of the workspace: nav.view is one of these, so no link or saved view can name another. */
export declare const VIEW_IDS: readonly ["home", "identities", "identity", "timeline", "events", "flags", "findings", "query", "lineage"];
export type ViewId = (typeof VIEW_IDS)[number];
/** One top-level view of the workspace: a tab, a key to reach it (Alt+key), and what it shows. */
export interface ViewDef {
    id: ViewId;
    label: string;
    /** Alt+<key> opens it. */
    key: string;
    component: ComponentType;
}
