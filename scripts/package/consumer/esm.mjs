// Node ESM consumer: the public API by its package name, one JSON line on stdout.
import * as lib from 'multipass-gd';
import { runCase } from './case.js';

console.log(JSON.stringify(await runCase(lib)));
