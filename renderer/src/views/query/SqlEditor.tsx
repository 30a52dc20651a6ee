import { sql, SQLite, type SQLNamespace } from '@codemirror/lang-sql';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { keymap } from '@codemirror/view';
import { tags } from '@lezer/highlight';
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

/** The app's colours and type, through its CSS variables (they inherit into the shadow root). */
const THEME = EditorView.theme({
  '&': {
    height: '100%',
    fontFamily: 'var(--mono)',
    fontSize: '12px',
    color: 'var(--text)',
    backgroundColor: 'var(--surface)',
  },
  '.cm-scroller': { fontFamily: 'var(--mono)' },
  '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--hover)' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused': { outline: '2px solid var(--focus)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border-strong)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--selected)', color: 'var(--text)' },
});

/**
 * Syntax colours from the app's palette, so they follow light and dark and keep 4.5:1 on the editor's background
 * (CodeMirror's default style is for a light page only). `codemirror` brings these packages with it.
 */
const HIGHLIGHT = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--accent)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--ok)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--warn)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [tags.typeName, tags.standard(tags.name)], color: 'var(--machine)' },
  { tag: [tags.operator, tags.punctuation, tags.name, tags.propertyName], color: 'var(--text)' },
]);

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
    // CodeMirror styles itself with generated CSS. In a document it adds <style> elements, which the app's CSP
    // (style-src 'self') refuses; in a shadow root it uses constructed style sheets, which the CSP allows.
    const shadow = host.current!.shadowRoot ?? host.current!.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    parent.className = 'sql-editor-root';
    shadow.replaceChildren(parent);
    const v = new EditorView({
      parent,
      root: shadow,
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
        THEME,
        syntaxHighlighting(HIGHLIGHT),
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
