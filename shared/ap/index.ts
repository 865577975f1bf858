export * from './errors';
export * from './ids';
export * from './kstrtoul';
export * from './mask';
export * from './maskParse';
export * from './queueSet';
export * from './cardTypes';
