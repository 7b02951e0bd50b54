// The `training` option of stateEvolution() and dmft(): the training variants of docs/model.md §4
// as one object, validated by the same validators as simulate()'s top-level options, and
// checked against what the theory covers (docs/model.md §6, src/options/trainingSupport.ts).
import { OptionTypeError } from '../errors.js';
import { resolveTraining, TRAINING_OPTION_KEYS, type ResolvedTraining } from '../options/trainingOptions.js';
import { checkTrainingSupport } from '../options/trainingSupport.js';
import { knownKeys } from '../options/validators.js';

export function theoryTraining(value: unknown, runner: 'single-pass' | 'dmft'): ResolvedTraining {
  if (value === undefined) value = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new OptionTypeError('training', 'must be an object of training options');
  knownKeys(value, TRAINING_OPTION_KEYS, 'training option');
  const training = resolveTraining(value);
  checkTrainingSupport(training, runner);
  return training;
}
