// Bytecode of the column-wise interpreter; the numbers must match assembly/expr.ts.
import type { BinaryOperator, FunctionName } from './ast.js';

export const OP = {
  VAR: 1, // v
  CONST: 2, // c
  BIN_SS: 3, // op            a (below) op b (top)
  BIN_SSR: 4, // op           a (top) op b (below)
  BIN_SC: 5, // op c          top op consts[c]
  BIN_CS: 6, // op c          consts[c] op top
  BIN_SV: 7, // op v          top op var v
  BIN_VS: 8, // op v          var v op top
  POWI: 9, // n               top^n by repeated multiplication
  UN: 10, // fn
  HE: 11, // n
  LOAD: 12, // s              push a copy of column s (a shared node kept by STORE)
  STORE: 13, // s             column s = top (top stays)
  BIN_SR: 14, // op s         top op column s
  BIN_RS: 15, // op s         column s op top
} as const;

export const BINARY_CODE: Readonly<Record<BinaryOperator | 'min' | 'max', number>> = {
  '+': 0,
  '-': 1,
  '*': 2,
  '/': 3,
  '^': 4,
  min: 5,
  max: 6,
};

export const UNARY_CODE: Readonly<Record<Exclude<FunctionName, 'min' | 'max'> | 'neg', number>> = {
  neg: 0,
  abs: 1,
  sqrt: 2,
  relu: 3,
  step: 4,
  sign: 5,
  tanh: 6,
  exp: 7,
  log: 8,
  sin: 9,
  cos: 10,
  erf: 11,
};
