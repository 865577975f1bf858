/** Entry point: mount the app, install keyboard, menu commands and test hooks, open the demo host. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';
import { installKeyboard } from './keyboard';
import { installMenuCommands } from './menuCommands';
import { installPlanPersistence } from './store/planKeepSlice';
import { appStore } from './store/store';
import { installTestHooks } from './testHooks';
import './styles.css';

installTestHooks(appStore);
installKeyboard(appStore);
installMenuCommands(appStore);
installPlanPersistence(appStore);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
);
void appStore.getState().start();
