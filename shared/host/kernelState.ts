/** Alias of toKernel.ts (the name the plan validator imports). */
export { kernelStateFromHost } from './toKernel';
