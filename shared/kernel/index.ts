/** The kernel model (docs/kernel-model.md §1-§12): state, sysfs API, events, scenarios. */
export * from './types';
export * from './state';
export * from './kernel';
export * from './guestFilter';
export * from './formats';
export * from './validate';
export * from './busWrites';
export * from './mdevWrites';
export * from './events';
export * from './sysfsPage';
export { queueStatus, cardOnline, existingCards, parseQueueName, parseCardName } from './treeDevices';
export { bindingCounts } from './treeBus';
export * from './scenarios';
