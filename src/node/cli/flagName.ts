// API errors name options the API way ('weightDecay', 'init.m0[1]'); the CLI user typed flags
// ('--weight-decay'). This maps one to the other for the one-line error message.

/** Options whose flag is not the plain kebab-case of their name. */
const SPECIAL: Record<string, string> = {
  testError: '--no-test-error',
  m0: '--m0',
  // reproduce repetita: the list of dimensions is given as --d 2048,4096,8192.
  ds: '--d',
  options: 'the options',
};

/**
 * The flag for an API option path: its first segment in kebab case ('labelNoise' → '--label-noise');
 * `initFlag` says whether the user gave --init or --m0, so an error in init.m0 names what they typed.
 */
export function flagName(option: string, initFlag: '--init' | '--m0' = '--init'): string {
  const base = option.split(/[.[]/)[0];
  if (base === 'init') return initFlag;
  if (SPECIAL[base]) return SPECIAL[base];
  return '--' + base.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}
