// Node types of the expression language: targets f*(z1…zk) and activations
// σ(u) of docs/model.md §1. Parsed once in TypeScript, compiled to bytecode, evaluated in WASM.

/** Functions of one argument. `step` (1 if x > 0, else 0) is what relu′ differentiates to. */
export type UnaryFunction =
  | 'tanh' | 'sign' | 'relu' | 'abs' | 'exp' | 'log' | 'sqrt' | 'erf' | 'sin' | 'cos' | 'step';

export type BinaryFunction = 'min' | 'max';

export type FunctionName = UnaryFunction | BinaryFunction;

export type BinaryOperator = '+' | '-' | '*' | '/' | '^';

export interface NumberNode {
  type: 'num';
  value: number;
  /** Set for the named constants `pi` and `e`, so that formatting gives the name back. */
  name?: 'pi' | 'e';
}

export interface VariableNode {
  type: 'var';
  /** 0-based: z1 is 0; an activation's u is 0. */
  index: number;
  /** As written: 'z1', 'u'. */
  name: string;
}

export interface NegateNode {
  type: 'neg';
  arg: Ast;
}

export interface BinaryNode {
  type: 'binary';
  op: BinaryOperator;
  left: Ast;
  right: Ast;
}

export interface CallNode {
  type: 'call';
  fn: FunctionName;
  /** One argument, or two for min and max. */
  args: Ast[];
}

/** Probabilists' Hermite polynomial He_n(arg), 0 ≤ n ≤ 10. */
export interface HermiteNode {
  type: 'hermite';
  n: number;
  arg: Ast;
}

export type Ast = NumberNode | VariableNode | NegateNode | BinaryNode | CallNode | HermiteNode;
