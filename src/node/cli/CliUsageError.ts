// Bad command-line input found by the CLI itself (not by the API): malformed numbers,
// conflicting flags, a missing --out directory. Printed as one line, exit code 2.

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
