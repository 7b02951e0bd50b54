// Where the CLI writes. main() takes this instead of touching process.* so that tests run it
// in-process with captured output; runCli() binds it to the real process streams.

export interface CliIo {
  /** Writes text to standard output as is (callers add newlines). */
  stdout(text: string): void;
  /** Writes text to standard error as is (callers add newlines). */
  stderr(text: string): void;
  /** Whether standard error is a terminal (a progress bar is drawn only then, or with --progress). */
  stderrIsTTY: boolean;
  /** The real stderr stream, for the cli-progress bar; absent in tests (plain progress lines instead). */
  stderrStream?: NodeJS.WriteStream;
  /** Current directory for relative paths (default process.cwd()). */
  cwd?: string;
  /** Clock in ms for progress throttling and ETA (default Date.now). */
  now?: () => number;
}
