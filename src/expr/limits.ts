// The documented size limits of the expression language (README, "Expressions"). Every stage
// (tokenize, parse, fold, differentiate, format, evaluate, compile) is iterative, with explicit
// stacks, so none of them ties the JavaScript call depth to the input; these limits bound time
// and memory instead, and each one is reported as an ExpressionError that names it.

/** Characters (UTF-16 code units) of one expression. 100 000 characters parse in well under a second. */
export const MAX_EXPRESSION_LENGTH = 100_000;

/**
 * Nesting depth: open parentheses and calls, pending unary signs and pending ^ at any point of
 * the input. Flat sums and products do not nest (a 30 000-term sum has depth 1). No realistic
 * target or activation comes near it; it keeps the parser's explicit stack small.
 */
export const MAX_NESTING_DEPTH = 200;

/**
 * Distinct nodes (common sub-expressions counted once) of an expression together with the
 * derivatives derived from it: σ, σ′ and σ″ for an activation. Memoised differentiation keeps
 * each derivative within a small multiple of its expression, so only inputs near the length
 * limit with many nested products can reach it.
 */
export const MAX_NODES = 250_000;

/** Words (i32) of one compiled program; each word costs one dispatch per block of 512 points. */
export const MAX_PROGRAM_LENGTH = 2_000_000;

/**
 * Columns a compiled program may keep for shared sub-expressions (computed once, read many
 * times). Each costs one column of scratch per point (the `stack` buffer of evalProgram), so
 * beyond this a shared sub-expression is recomputed where it is used instead of kept.
 */
export const MAX_SHARED_COLUMNS = 32;

/** Characters of formatExpression's output (a derivative printed as a tree can be far longer than its DAG). */
export const MAX_FORMATTED_LENGTH = 1_000_000;
