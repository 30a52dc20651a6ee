import './zod-without-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './connection/connect';
import { createAppStore } from './store/create-store';
import { StoreProvider } from './store/store-context';
import { applyTheme } from './store/ui-slice';
import { App } from './views/App';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/tables.css';
import './styles/workspace.css';
import './styles/query.css';

const conn = connect();
const store = createAppStore(conn);
applyTheme(store.getState().theme);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store} conn={conn}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
