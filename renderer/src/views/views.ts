import type { ComponentType } from 'react';

/** One top-level view of the workspace: a tab, a key to reach it (Alt+key), and what it shows. */
export interface ViewDef {
  id: string;
  label: string;
  /** Alt+<key> opens it. */
  key: string;
  component: ComponentType;
}
