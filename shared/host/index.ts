/** The host picture: dump format, reader command, parser, snapshot, layers, audit. */
export * from './hostState';
export * from './dumpFormat';
export { dumpScript, dumpCommand, shellQuote, type DumpScriptOptions } from './dumpScript';
export { dumpFromSysfs, type DumpOptions } from './dumpSysfs';
export { parseDump, emptyHostState } from './parseDump';
export { snapshotKernel } from './snapshot';
export { etcFilesFor, domainXml, type HostExtras } from './etcFiles';
export { kernelStateFromHost } from './toKernel';
export * from './layers';
export { audit, AUDIT_CODES, type AuditCode } from './audit';
export { hostFingerprint } from './fingerprint';
export { definitionMasks, parseDomainXml, parseMdevctlJson } from './parseExtras';
