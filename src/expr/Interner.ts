// Hash-consing of expression nodes: structurally equal nodes built through one Interner are
// one object, so an expression is a DAG in which a repeated sub-expression (the 1 400 sin(u)
// of a product, the a^b that a derivative reuses) is stored, differentiated and computed once.
// The node budget MAX_NODES (limits.ts) is checked here, where nodes are created.
import { ExpressionError } from '../errors.js';
import type { Ast } from './ast.js';
import { MAX_NODES } from './limits.js';

/** Ids are below 2^20 (MAX_NODES is smaller, checked below), so a key tag·2^40 + id₁·2^20 + id₂ is an exact integer. */
const ID = 2 ** 20;
const TAGS: Record<string, number> = {
  neg: 1, '+': 2, '-': 3, '*': 4, '/': 5, '^': 6, tanh: 7, sign: 8, relu: 9, abs: 10, exp: 11, log: 12, sqrt: 13,
  erf: 14, sin: 15, cos: 16, step: 17, min: 18, max: 19,
};
/** He_n is tag HERMITE_TAG + n. */
const HERMITE_TAG = 32;

export class Interner {
  private readonly ids = new Map<Ast, number>();
  /** Operator nodes by numeric key; numbers and variables by text. */
  private readonly table = new Map<number, Ast>();
  private readonly leaves = new Map<string, Ast>();

  /** `option` names the expression in the error raised when more than MAX_NODES nodes are made. */
  constructor(private readonly option = 'expression') {}

  /** Distinct nodes made so far. */
  get size(): number {
    return this.ids.size;
  }

  /** The canonical node equal to `node`, whose children must come from this Interner. */
  intern(node: Ast): Ast {
    const leaf = node.type === 'num' || node.type === 'var';
    const key = leaf ? leafKey(node) : this.key(node);
    const found = leaf ? this.leaves.get(key as string) : this.table.get(key as number);
    if (found) return found;
    if (this.ids.size >= MAX_NODES) {
      throw new ExpressionError(this.option, '', -1, `expression and its derivatives would have more than ${MAX_NODES} distinct nodes (MAX_NODES)`);
    }
    if (leaf) this.leaves.set(key as string, node);
    else this.table.set(key as number, node);
    this.ids.set(node, this.ids.size);
    return node;
  }

  private id(child: Ast): number {
    const id = this.ids.get(child);
    if (id === undefined) throw new Error('Interner: an operand was not interned first');
    return id;
  }

  private key(node: Ast): number {
    switch (node.type) {
      case 'neg':
        return TAGS.neg * ID * ID + this.id(node.arg);
      case 'hermite':
        return (HERMITE_TAG + node.n) * ID * ID + this.id(node.arg);
      case 'binary':
        return (TAGS[node.op] * ID + this.id(node.left)) * ID + this.id(node.right);
      case 'call':
        return (TAGS[node.fn] * ID + this.id(node.args[0])) * ID + (node.args.length === 2 ? this.id(node.args[1]) : ID - 1);
      default:
        throw new Error('Interner: a leaf has no operator key');
    }
  }
}

function leafKey(node: Ast & ({ type: 'num' } | { type: 'var' })): string {
  // Object.is distinguishes −0 from 0; every NaN is one key.
  if (node.type === 'var') return `v${node.index}:${node.name}`;
  return `n${Object.is(node.value, -0) ? '-0' : String(node.value)}${node.name ?? ''}`;
}
