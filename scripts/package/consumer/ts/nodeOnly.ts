// Browser code (bundler resolution, no Node types) importing a Node-only export: the
// browser entry's types do not declare it, so this must fail to type-check.
import { simulateSeedsThreads } from 'multipass-gd';

console.log(simulateSeedsThreads);
