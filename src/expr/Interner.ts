// Hash-consing of expression nodes: structurally equal nodes built through one Interner are
// one object, so an expression is a DAG in which a repeated sub-expression (the 1 400 sin(u)
// of a product, the a^b that a derivative reuses) is stored, differentiated and computed once.
// The node budget MAX_NODES (limits.ts) is checked here, where nodes are created.
import { ExpressionError } from '../errors.js';
import type { Ast } from './ast.js';
import { MAX_NODES } from './limits.js';

export class Interner {
  private readonly ids = new Map<Ast, number>();
  private readonly table = new Map<string, Ast>();

  /** `option` names the expression in the error raised when more than MAX_NODES nodes are made. */
  constructor(private readonly option = 'expression') {}

  /** Distinct nodes made so far. */
  get size(): number {
    return this.table.size;
  }

  /** The canonical node equal to `node`, whose children must come from this Interner. */
  intern(node: Ast): Ast {
    const key = this.key(node);
    const found = this.table.get(key);
    if (found) return found;
    if (this.table.size >= MAX_NODES) {
      throw new ExpressionError(this.option, '', -1, `expression and its derivatives would have more than ${MAX_NODES} distinct nodes (MAX_NODES)`);
    }
    this.table.set(key, node);
    this.ids.set(node, this.ids.size);
    return node;
  }

  private id(child: Ast): number {
    const id = this.ids.get(child);
    if (id === undefined) throw new Error('Interner: an operand was not interned first');
    return id;
  }

  private key(node: Ast): string {
    switch (node.type) {
      case 'num':
        // Object.is distinguishes −0 from 0; every NaN is one key.
        return `n${Object.is(node.value, -0) ? '-0' : String(node.value)}${node.name ?? ''}`;
      case 'var':
        return `v${node.index}:${node.name}`;
      case 'neg':
        return `-${this.id(node.arg)}`;
      case 'hermite':
        return `H${node.n}:${this.id(node.arg)}`;
      case 'binary':
        return `${node.op}${this.id(node.left)},${this.id(node.right)}`;
      case 'call':
        return node.args.length === 1 ? `${node.fn}(${this.id(node.args[0])}` : `${node.fn}(${this.id(node.args[0])},${this.id(node.args[1])}`;
    }
  }
}
