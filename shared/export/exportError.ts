/**
 * Exporters refuse to generate anything from a plan or host state that does
 * not validate: every value they print must be a checked number or UUID.
 */
export class ExportError extends Error {
  /** what was refused, e.g. `operations[3]` or `host.apmask` */
  readonly input: string;
  constructor(input: string, reason: string) {
    super(`cannot export: ${input}: ${reason}`);
    this.name = 'ExportError';
    this.input = input;
  }
}
