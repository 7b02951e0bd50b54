// commander's "unknown option '--samples'" does not say that the flag exists elsewhere; a flag
// of another subcommand (theory's --samples given to run, run's --storage given to theory,
// reproduce reusing-batches' --samples given to reproduce repetita) is refused naming the
// subcommands that take it.
import type { Command } from 'commander';

/** The one-line message for commander's unknown-option error `message` while parsing `argv`. */
export function unknownOptionLine(program: Command, argv: string[], message: string): string {
  const plain = message.replace(/^error:\s*/, '');
  const flag = /unknown option '([^'=]+)/.exec(plain)?.[1];
  // The command being parsed: follow the leading words of argv down the tree of subcommands.
  const path: Command[] = [];
  let here: Command | undefined = program;
  for (const word of argv) {
    const next: Command | undefined = here.commands.find((c) => c.name() === word);
    if (!next) break;
    path.push(next);
    here = next;
  }
  const current = path[path.length - 1];
  if (!flag || !current) return plain;
  // Another top-level command is named as a whole; a sibling inside the same one by its full path.
  const owners = new Set<string>();
  const visit = (c: Command, names: string[]) => {
    const full = [...names, c.name()];
    if (!path.includes(c) && c.options.some((o) => o.long === flag)) owners.add(full[0] === path[0].name() ? full.join(' ') : full[0]);
    for (const sub of c.commands) visit(sub, full);
  };
  for (const top of program.commands) visit(top, []);
  if (owners.size === 0) return plain;
  return `${flag} is not an option of ${path.map((c) => c.name()).join(' ')}; it is one of ${[...owners].join(', ')}`;
}
