// Bottom-up evaluation of a function over an expression, iteratively (an explicit stack, no
// recursion: a flat sum of 30 000 terms is a tree 30 000 deep) and once per distinct node
// (memoised by identity: an expression may be a DAG whose shared sub-expressions are one
// object, construct.ts). Every traversal of src/expr goes through here.
import type { Ast } from './ast.js';
import { operands } from './operands.js';

/**
 * f(node, results of its operands) for `root` and every node below it, operands first. Pass
 * `memo` to read every node's result afterwards (compileExpression keeps each node's stack need).
 */
export function reduceAst<T>(root: Ast, f: (node: Ast, childResults: T[]) => T, memo: Map<Ast, T> = new Map()): T {
  // Each entry is visited twice: first (ready = false) to push its operands, then to compute.
  const nodes: Ast[] = [root];
  const ready: boolean[] = [false];
  while (nodes.length) {
    const node = nodes.pop() as Ast;
    const second = ready.pop() as boolean;
    if (memo.has(node)) continue;
    const kids = operands(node);
    if (second) {
      memo.set(node, f(node, kids.map((k) => memo.get(k) as T)));
      continue;
    }
    nodes.push(node);
    ready.push(true);
    for (let i = kids.length - 1; i >= 0; i--) {
      if (memo.has(kids[i])) continue;
      nodes.push(kids[i]);
      ready.push(false);
    }
  }
  return memo.get(root) as T;
}
