// Turns anything thrown during a CLI command into the single stderr line and the exit code:
// 2 for bad input (the user can fix the command line), 1 for everything else.
import { CommanderError } from 'commander';
import { ExpressionError, MemoryLimitError, NonFiniteExpressionError, OptionRangeError, OptionTypeError } from '../../errors.js';
import { CliUsageError } from './CliUsageError.js';
import { flagName } from './flagName.js';

export interface ErrorReport {
  /** One line, without the 'multipass-gd: error: ' prefix and without a newline. */
  message: string;
  exitCode: number;
}

type OptionError = OptionTypeError | OptionRangeError | ExpressionError | MemoryLimitError | NonFiniteExpressionError;

function isOptionError(error: unknown): error is OptionError {
  return (
    error instanceof OptionTypeError ||
    error instanceof OptionRangeError ||
    error instanceof ExpressionError ||
    error instanceof MemoryLimitError ||
    // Found before any work; found during a run it carries the steps before it (exit 1).
    (error instanceof NonFiniteExpressionError && error.partial === undefined)
  );
}

/** `initFlag`: which of --init / --m0 the user typed, to name it in init errors. */
export function describeError(error: unknown, initFlag: '--init' | '--m0' = '--init'): ErrorReport {
  if (error instanceof CliUsageError) return { message: oneLine(error.message), exitCode: 2 };
  if (isOptionError(error)) return { message: oneLine(renameOption(error, initFlag)), exitCode: 2 };
  if (error instanceof CommanderError) {
    // Commander's own messages start with 'error: '; usage errors (unknown option or command,
    // missing argument) are bad input.
    return { message: oneLine(error.message.replace(/^error:\s*/, '')), exitCode: 2 };
  }
  const message = error instanceof Error ? error.message || error.name : String(error);
  return { message: oneLine(message), exitCode: 1 };
}

/** 'weightDecay must be …' → '--weight-decay must be …'; 'init.m0[1] must be …' → '--m0[1] must be …'. */
function renameOption(error: OptionError, initFlag: '--init' | '--m0'): string {
  const { option, message } = error;
  const flag = flagName(option, initFlag);
  const base = option.split(/[.[]/)[0];
  const rest = base === 'init' ? option.slice(base.length).replace(/^\.m0/, '') : option.slice(base.length);
  if (message.startsWith(option)) return flag + rest + message.slice(option.length);
  return `${flag}${rest}: ${message}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
