// Parses an activation σ(u) (docs/model.md §1) and derives σ′ (for the gradient g = (ŷ − y)
// a ⊙ σ′(u)) and σ″ (for the DMFT response, §6) symbolically, once. σ, σ′ and σ″ share one
// Interner: common sub-expressions are one node and the three together are bounded by MAX_NODES.
import { ExpressionError, OptionTypeError } from '../errors.js';
import { clipText } from './clipText.js';
import { Interner } from './Interner.js';
import { ACTIVATION_ALIASES } from './activationAliases.js';
import type { Ast } from './ast.js';
import { differentiate } from './differentiate.js';
import { parseExpression } from './parseExpression.js';

export interface ParsedActivation {
  /** The expression parsed (a name such as 'relu' becomes 'relu(u)'). */
  source: string;
  ast: Ast;
  /** dσ/du, simplified (relu′ = step(u)). */
  derivative: Ast;
  /** d²σ/du², simplified (relu″ = 0: the δ at the kink is not represented). */
  secondDerivative: Ast;
  alias?: string;
}

export function parseActivation(source: string, opts: { option?: string } = {}): ParsedActivation {
  const option = opts.option ?? 'activation';
  if (typeof source !== 'string') throw new OptionTypeError(option, `must be an expression in u or a name such as 'relu' (got ${typeof source})`);
  const key = source.trim();
  const alias = Object.prototype.hasOwnProperty.call(ACTIVATION_ALIASES, key) ? key : undefined;
  const text = alias ? ACTIVATION_ALIASES[alias] : source;
  const ast = parseExpression(text, {
    option,
    resolveVariable(name, pos) {
      if (name !== 'u') throw new ExpressionError(option, text, pos, `unknown variable '${clipText(name)}' (activations use u)`);
      return { index: 0, name };
    },
  });
  const interner = new Interner(option);
  const derivative = differentiate(ast, 0, interner);
  const secondDerivative = differentiate(derivative, 0, interner);
  return { source: text, ast, derivative, secondDerivative, ...(alias ? { alias } : {}) };
}
