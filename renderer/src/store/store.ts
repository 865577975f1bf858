/** The app store: one zustand store assembled from slices. */
import { createStore, useStore } from 'zustand';
import { createApplySlice } from './applySlice';
import { createHostSlice } from './hostSlice';
import { createNavSlice } from './navSlice';
import { createPlanKeepSlice } from './planKeepSlice';
import { createPlanSlice } from './planSlice';
import { createSelectionSlice } from './selectionSlice';
import { createSessionSlice } from './sessionSlice';
import type { AppState } from './types';
import { createViewSlice } from './viewSlice';

export function createAppStore() {
  return createStore<AppState>()((...a) => ({
    ...createSessionSlice(...a),
    ...createHostSlice(...a),
    ...createSelectionSlice(...a),
    ...createPlanSlice(...a),
    ...createViewSlice(...a),
    ...createApplySlice(...a),
    ...createNavSlice(...a),
    ...createPlanKeepSlice(...a)
  }));
}

export const appStore = createAppStore();
export type AppStore = typeof appStore;

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
