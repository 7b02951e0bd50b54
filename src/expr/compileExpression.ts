// AST → bytecode for the column-wise stack machine of assembly/expr.ts (opcodes.ts).
// Constant sub-expressions are folded first (exactly, foldConstants.ts), which also makes the
// expression a DAG whose equal sub-expressions are one node. Operands that are constants or
// variables are fused into the instruction (x + c, z1 * top, …) so that no column is filled
// or copied for them. Sub-trees are emitted deeper-first (Sethi–Ullman), with reversed
// instructions for − / ^, so that the stack stays as shallow as possible. A node used more
// than once is computed once and kept in a column of its own (STORE), then read (LOAD, or
// fused as an operand) — at most MAX_SHARED_COLUMNS such columns at a time, beyond which the
// node is recomputed. An expression without repeated sub-expressions compiles exactly as
// before sharing existed. Emission is iterative (an explicit work stack) and the program is
// bounded by MAX_PROGRAM_LENGTH (limits.ts).
import { ExpressionError, OptionRangeError } from '../errors.js';
import type { Ast } from './ast.js';
import { foldConstants } from './foldConstants.js';
import { MAX_PROGRAM_LENGTH, MAX_SHARED_COLUMNS } from './limits.js';
import { BINARY_CODE, OP, UNARY_CODE } from './opcodes.js';
import { isSmallIntegerExponent } from './powInt.js';
import { operands } from './operands.js';
import { reduceAst } from './reduceAst.js';

export interface CompiledExpression {
  code: Int32Array;
  consts: Float64Array;
  nVars: number;
  /** Stack slots (columns) the program needs, slot 0 being the output; ≥ 1. Includes the columns of shared nodes. */
  maxStack: number;
}

type Operand = Ast & ({ type: 'num' } | { type: 'var' });

const isLeaf = (a: Ast): a is Operand => a.type === 'num' || a.type === 'var';
const isPowI = (a: Ast): boolean => a.type === 'binary' && a.op === '^' && a.right.type === 'num' && isSmallIntegerExponent(a.right.value);

/** Stack depth needed to evaluate `a` (its result included), from the needs of its operands. */
function need(a: Ast, kids: number[]): number {
  switch (a.type) {
    case 'num':
    case 'var':
      return 1;
    case 'neg':
    case 'hermite':
      return kids[0];
    case 'call':
      return a.args.length === 1 ? kids[0] : needPair(a.args[0], a.args[1], kids[0], kids[1]);
    case 'binary':
      if (isPowI(a)) return kids[0];
      return needPair(a.left, a.right, kids[0], kids[1]);
  }
}

function needPair(l: Ast, r: Ast, nl: number, nr: number): number {
  if (isLeaf(r)) return nl;
  if (isLeaf(l)) return nr;
  return nl >= nr ? Math.max(nl, nr + 1) : Math.max(nr, nl + 1);
}

/** `option` names the expression in the ExpressionError of a program above MAX_PROGRAM_LENGTH. */
export function compileExpression(ast: Ast, nVars: number, option = 'expression'): CompiledExpression {
  if (!Number.isInteger(nVars) || nVars < 0) throw new OptionRangeError('nVars', 'an integer ≥ 0', nVars);
  const root = foldConstants(ast);
  const uses = new Map<Ast, number>();
  const needs = new Map<Ast, number>();
  reduceAst<number>(root, (a, kids) => {
    for (const c of operands(a)) uses.set(c, (uses.get(c) ?? 0) + 1);
    return need(a, kids);
  }, needs);
  return new Emitter(nVars, option, uses, needs).run(root);
}

/** One compilation: the code, the constants, the stack depth and the columns of shared nodes. */
class Emitter {
  private readonly code: number[] = [];
  private readonly consts: number[] = [];
  private readonly constIds = new Map<string, number>();
  /** Positions in `code` of column numbers of shared nodes, made absolute once the stack depth is known. */
  private readonly columnRefs: number[] = [];
  private readonly column = new Map<Ast, number>();
  private readonly freeColumns: number[] = [];
  private columns = 0;
  private depth = 0;
  private maxDepth = 1;
  private readonly work: (() => void)[] = [];

  constructor(
    private readonly nVars: number,
    private readonly option: string,
    private readonly remaining: Map<Ast, number>,
    private readonly needs: Map<Ast, number>,
  ) {}

  run(root: Ast): CompiledExpression {
    this.work.push(() => this.visit(root));
    while (this.work.length) (this.work.pop() as () => void)();
    for (const p of this.columnRefs) this.code[p] += this.maxDepth;
    return {
      code: Int32Array.from(this.code),
      consts: Float64Array.from(this.consts),
      nVars: this.nVars,
      maxStack: this.maxDepth + this.columns,
    };
  }

  private emit(...words: number[]): void {
    this.code.push(...words);
    if (this.code.length > MAX_PROGRAM_LENGTH) {
      throw new ExpressionError(this.option, '', -1, `compiled program would be longer than ${MAX_PROGRAM_LENGTH} words (MAX_PROGRAM_LENGTH)`);
    }
  }

  private push(): void {
    this.depth++;
    if (this.depth > this.maxDepth) this.maxDepth = this.depth;
  }

  private constIndex(v: number): number {
    const key = Object.is(v, -0) ? '-0' : String(v);
    let i = this.constIds.get(key);
    if (i === undefined) {
      i = this.consts.length;
      this.consts.push(v);
      this.constIds.set(key, i);
    }
    return i;
  }

  private varIndex(a: { index: number; name: string }): number {
    if (a.index < 0 || a.index >= this.nVars) {
      throw new OptionRangeError('nVars', `at least ${a.index + 1} (the expression uses ${a.name})`, this.nVars);
    }
    return a.index;
  }

  /** Marks one use of shared node `a` as done; its column is freed after the last. */
  private consume(a: Ast): void {
    const left = (this.remaining.get(a) ?? 1) - 1;
    this.remaining.set(a, left);
    const c = this.column.get(a);
    if (left <= 0 && c !== undefined) {
      this.column.delete(a);
      this.freeColumns.push(c);
    }
  }

  /** Emits an instruction word naming the column of a shared node. */
  private emitColumn(a: Ast): void {
    this.columnRefs.push(this.code.length);
    this.emit(this.column.get(a) as number);
    this.consume(a);
  }

  /** Pushes the value of `a` (run by the work loop; later steps are queued in reverse). */
  private visit(a: Ast): void {
    if (a.type === 'num') {
      this.emit(OP.CONST, this.constIndex(a.value));
      this.push();
      return;
    }
    if (a.type === 'var') {
      this.emit(OP.VAR, this.varIndex(a));
      this.push();
      return;
    }
    if (this.column.has(a)) {
      this.emit(OP.LOAD);
      this.emitColumn(a);
      this.push();
      return;
    }
    if ((this.remaining.get(a) ?? 0) > 1) this.work.push(() => this.keep(a));
    this.compute(a);
  }

  /** After a shared node is computed: keep it in a column if one is free, for its later uses. */
  private keep(a: Ast): void {
    if ((this.remaining.get(a) ?? 0) > 1 && (this.freeColumns.length || this.columns < MAX_SHARED_COLUMNS)) {
      this.column.set(a, this.freeColumns.length ? (this.freeColumns.pop() as number) : this.columns++);
      this.emit(OP.STORE);
      this.columnRefs.push(this.code.length);
      this.emit(this.column.get(a) as number);
    }
    this.consume(a);
  }

  private compute(a: Ast): void {
    switch (a.type) {
      case 'neg':
        return this.unary(a.arg, OP.UN, UNARY_CODE.neg);
      case 'hermite':
        return this.unary(a.arg, OP.HE, a.n);
      case 'call':
        if (a.fn === 'min' || a.fn === 'max') return this.binary(BINARY_CODE[a.fn], a.args[0], a.args[1]);
        return this.unary(a.args[0], OP.UN, UNARY_CODE[a.fn]);
      case 'binary':
        if (a.op === '^' && a.right.type === 'num' && isPowI(a)) return this.unary(a.left, OP.POWI, a.right.value);
        return this.binary(BINARY_CODE[a.op], a.left, a.right);
    }
  }

  private unary(arg: Ast, op: number, operand: number): void {
    this.work.push(() => this.emit(op, operand));
    this.work.push(() => this.visit(arg));
  }

  /** A leaf, or a node already kept in a column: fused into the instruction instead of pushed. */
  private fusable(a: Ast): boolean {
    return isLeaf(a) || this.column.has(a);
  }

  /** top op x (right = true) or x op top, x fused. */
  private fused(op: number, x: Ast, right: boolean): void {
    if (x.type === 'num') this.emit(right ? OP.BIN_SC : OP.BIN_CS, op, this.constIndex(x.value));
    else if (x.type === 'var') this.emit(right ? OP.BIN_SV : OP.BIN_VS, op, this.varIndex(x));
    else {
      this.emit(right ? OP.BIN_SR : OP.BIN_RS, op);
      this.emitColumn(x);
    }
  }

  private binary(op: number, l: Ast, r: Ast): void {
    if (this.fusable(r)) {
      this.work.push(() => this.fused(op, r, true));
      this.work.push(() => this.visit(l));
      return;
    }
    if (this.fusable(l)) {
      this.work.push(() => this.fused(op, l, false));
      this.work.push(() => this.visit(r));
      return;
    }
    const leftFirst = (this.needs.get(l) as number) >= (this.needs.get(r) as number);
    const [first, second] = leftFirst ? [l, r] : [r, l];
    this.work.push(() => this.second(op, second, leftFirst));
    this.work.push(() => this.visit(first));
  }

  /** The later operand: fused if computing the first one kept it in a column, else pushed. */
  private second(op: number, x: Ast, leftFirst: boolean): void {
    if (this.column.has(x)) return this.fused(op, x, leftFirst);
    this.work.push(() => {
      this.emit(leftFirst ? OP.BIN_SS : OP.BIN_SSR, op);
      this.depth--;
    });
    this.work.push(() => this.visit(x));
  }
}
