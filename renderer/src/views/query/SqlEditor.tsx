import { sql, SQLite, type SQLNamespace } from '@codemirror/lang-sql';
import { keymap } from '@codemirror/view';
import { Prec } from '@codemirror/state';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';
import type { ConsoleView } from '../../../../shared/methods/console';

/** Completion namespace: every view plain (`events`) and in its schema (`q.events`), with its columns described. */
export function completionSchema(views: ConsoleView[]): SQLNamespace {
  const cols = (v: ConsoleView) => v.columns.map((c) => ({ label: c.name, detail: c.type, info: c.description }));
  const plain: Record<string, SQLNamespace> = {};
  const q: Record<string, SQLNamespace> = {};
  for (const v of views) {
    plain[v.name] = { self: { label: v.name, type: 'type', info: v.description }, children: cols(v) };
    if (v.name !== 'custody')
      q[v.name] = { self: { label: v.name, type: 'type', info: v.description }, children: cols(v) };
  }
  return { ...plain, q: { self: { label: 'q', type: 'namespace' }, children: q } };
}

interface Props {
  value: string;
  onChange(text: string): void;
  onRun(): void;
  schema: ConsoleView[];
}

/**
 * The console's SQL editor (CodeMirror 6): highlighting, completion of view and column names from the schema
 * API, Ctrl/Cmd+Enter runs. The editor owns its text while mounted; a new value from outside (a saved query
 * opened) replaces it.
 */
export function SqlEditor({ value, onChange, onRun, schema }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const handlers = useRef({ onChange, onRun });
  handlers.current = { onChange, onRun };

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      doc: value,
      extensions: [
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-Enter',
              run: () => {
                handlers.current.onRun();
                return true;
              },
            },
          ]),
        ),
        basicSetup,
        sql({ dialect: SQLite, schema: completionSchema(schema), upperCaseKeywords: true }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) handlers.current.onChange(u.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'SQL query', 'data-testid': 'sql-editor' }),
      ],
    });
    view.current = v;
    return () => v.destroy();
    // Rebuilt when the schema arrives (its completion); the text is carried over through `value`.
  }, [schema]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  return <div className="sql-editor" ref={host} />;
}
