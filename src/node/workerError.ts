// Errors thrown in a worker thread reach the main thread as if thrown there: postMessage's
// structured clone keeps only an Error's message (the class and fields such as option,
// bytesNeeded or partial are lost, which printed "NaN GiB" and turned bad input into exit 1).
// The worker sends the name, message and own fields; the main thread rebuilds the same class.
import {
  DivergenceError,
  ExpressionError,
  MemoryLimitError,
  OptionRangeError,
  OptionTypeError,
  UnusedOptionError,
} from '../errors.js';

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** The error's own enumerable fields that survive a structured clone (option, bytesNeeded, partial, …). */
  fields: Record<string, unknown>;
}

const CLASSES: Record<string, { prototype: Error }> = {
  OptionTypeError,
  OptionRangeError,
  UnusedOptionError,
  ExpressionError,
  MemoryLimitError,
  DivergenceError,
};

/** `error` as plain data for postMessage. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    try {
      structuredClone(value);
      fields[key] = value;
    } catch {
      // A field that cannot cross (a function) is left out; the message still describes it.
    }
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/** The error `data` describes, of the same class (library errors) with the same fields. */
export function reviveError(data: SerializedError): Error {
  const prototype = (CLASSES[data.name] ?? Error).prototype;
  const error = Object.create(prototype) as Error;
  Object.defineProperty(error, 'message', { value: data.message, writable: true, configurable: true });
  Object.assign(error, data.fields);
  error.name = data.name;
  if (data.stack !== undefined) Object.defineProperty(error, 'stack', { value: data.stack, writable: true, configurable: true });
  return error;
}
