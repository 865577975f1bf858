/** Persistent AP configuration and the next boot (udev rule, kernel parameters, mdevctl definitions). */
export * from './types';
export * from './udevRule';
export * from './kernelParams';
export * from './mdevctlFile';
export * from './readPersist';
export * from './nextBoot';
export * from './persistFiles';
