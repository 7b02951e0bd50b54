// AST → bytecode for the column-wise stack machine of assembly/expr.ts (opcodes.ts).
// Constant sub-expressions are folded first (exactly, foldConstants.ts). Operands that are
// constants or variables are fused into the instruction (x + c, z1 * top, …) so that no
// column is filled or copied for them. Sub-trees are emitted deeper-first (Sethi–Ullman),
// with reversed instructions for − / ^, so that the stack stays as shallow as possible.
import type { Ast } from './ast.js';
import { foldConstants } from './foldConstants.js';
import { BINARY_CODE, OP, UNARY_CODE } from './opcodes.js';
import { isSmallIntegerExponent } from './powInt.js';

export interface CompiledExpression {
  code: Int32Array;
  consts: Float64Array;
  nVars: number;
  /** Stack slots (columns) the program needs, slot 0 being the output; ≥ 1. */
  maxStack: number;
}

type Operand = Ast & ({ type: 'num' } | { type: 'var' });

const isLeaf = (a: Ast): a is Operand => a.type === 'num' || a.type === 'var';

/** Stack depth needed to evaluate `a` (its result included). */
function need(a: Ast): number {
  switch (a.type) {
    case 'num':
    case 'var':
      return 1;
    case 'neg':
    case 'hermite':
      return need(a.arg);
    case 'call':
      return a.args.length === 1 ? need(a.args[0]) : needPair(a.args[0], a.args[1]);
    case 'binary':
      if (a.op === '^' && a.right.type === 'num' && isSmallIntegerExponent(a.right.value)) return need(a.left);
      return needPair(a.left, a.right);
  }
}

function needPair(l: Ast, r: Ast): number {
  if (isLeaf(r)) return need(l);
  if (isLeaf(l)) return need(r);
  const nl = need(l);
  const nr = need(r);
  return nl >= nr ? Math.max(nl, nr + 1) : Math.max(nr, nl + 1);
}

export function compileExpression(ast: Ast, nVars: number): CompiledExpression {
  if (!Number.isInteger(nVars) || nVars < 0) throw new RangeError(`compileExpression: nVars must be an integer ≥ 0 (got ${nVars})`);
  const code: number[] = [];
  const consts: number[] = [];
  let depth = 0;
  let maxStack = 1;

  const constIndex = (v: number): number => {
    const i = consts.findIndex((c) => Object.is(c, v) || (Number.isNaN(c) && Number.isNaN(v)));
    if (i >= 0) return i;
    consts.push(v);
    return consts.length - 1;
  };
  const varIndex = (a: { index: number; name: string }): number => {
    if (a.index < 0 || a.index >= nVars) {
      throw new RangeError(`compileExpression: variable ${a.name} (index ${a.index}) is outside the ${nVars} variables given`);
    }
    return a.index;
  };
  const push = (): void => {
    depth++;
    if (depth > maxStack) maxStack = depth;
  };

  function emitBinary(op: number, l: Ast, r: Ast): void {
    if (isLeaf(r)) {
      emit(l);
      if (r.type === 'num') code.push(OP.BIN_SC, op, constIndex(r.value));
      else code.push(OP.BIN_SV, op, varIndex(r));
      return;
    }
    if (isLeaf(l)) {
      emit(r);
      if (l.type === 'num') code.push(OP.BIN_CS, op, constIndex(l.value));
      else code.push(OP.BIN_VS, op, varIndex(l));
      return;
    }
    if (need(l) >= need(r)) {
      emit(l);
      emit(r);
      code.push(OP.BIN_SS, op);
    } else {
      emit(r);
      emit(l);
      code.push(OP.BIN_SSR, op);
    }
    depth--;
  }

  function emit(a: Ast): void {
    switch (a.type) {
      case 'num':
        code.push(OP.CONST, constIndex(a.value));
        push();
        return;
      case 'var':
        code.push(OP.VAR, varIndex(a));
        push();
        return;
      case 'neg':
        emit(a.arg);
        code.push(OP.UN, UNARY_CODE.neg);
        return;
      case 'hermite':
        emit(a.arg);
        code.push(OP.HE, a.n);
        return;
      case 'call':
        if (a.fn === 'min' || a.fn === 'max') {
          emitBinary(BINARY_CODE[a.fn], a.args[0], a.args[1]);
        } else {
          emit(a.args[0]);
          code.push(OP.UN, UNARY_CODE[a.fn]);
        }
        return;
      case 'binary':
        if (a.op === '^' && a.right.type === 'num' && isSmallIntegerExponent(a.right.value)) {
          emit(a.left);
          code.push(OP.POWI, a.right.value);
          return;
        }
        emitBinary(BINARY_CODE[a.op], a.left, a.right);
        return;
    }
  }

  emit(foldConstants(ast));
  return { code: Int32Array.from(code), consts: Float64Array.from(consts), nVars, maxStack };
}
