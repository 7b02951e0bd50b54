// The result writers of the CLI (`run --out x.json|x.csv|x.npz`), which import nothing from
// Node, for pages that offer the same files: `multipass-gd/io`. A separate entry because
// formatNpz imports fflate by bare name, which the main browser entry must not (it loads with
// a plain import map, no bundler).
export { formatJson } from './node/io/formatJson.js';
export { formatCsv, CSV_HEADER } from './node/io/formatCsv.js';
export { formatNpz } from './node/io/formatNpz.js';
export type { WritableResult } from './node/io/resultObservables.js';
