// Activation names: a bare function name means that function of u ('relu' = relu(u));
// 'quadratic' and 'linear' are the two polynomial students of the literature.
import { FUNCTION_ARITY, MAX_HERMITE_DEGREE } from './functionTable.js';

export const ACTIVATION_ALIASES: Readonly<Record<string, string>> = {
  quadratic: 'u^2',
  linear: 'u',
  ...Object.fromEntries(
    Object.entries(FUNCTION_ARITY)
      .filter(([, arity]) => arity === 1)
      .map(([name]) => [name, `${name}(u)`]),
  ),
  ...Object.fromEntries(Array.from({ length: MAX_HERMITE_DEGREE + 1 }, (_, n) => [`He${n}`, `He${n}(u)`])),
};
