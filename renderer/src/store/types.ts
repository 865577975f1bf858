/** The shape of the one bounded store assembled from slices (zustand slices pattern). */
import type { StateCreator } from 'zustand';
import type { SessionSlice } from './sessionSlice';
import type { HostSlice } from './hostSlice';
import type { SelectionSlice } from './selectionSlice';
import type { PlanSlice } from './planSlice';
import type { ViewSlice } from './viewSlice';
import type { ApplySlice } from './applySlice';
import type { NavSlice } from './navSlice';
import type { PlanKeepSlice } from './planKeepSlice';

export type AppState = SessionSlice & HostSlice & SelectionSlice & PlanSlice & ViewSlice & ApplySlice & NavSlice & PlanKeepSlice;
export type Slice<T> = StateCreator<AppState, [], [], T>;
