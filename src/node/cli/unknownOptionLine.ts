// commander's "unknown option '--samples'" does not say that the flag exists elsewhere; a flag
// of another subcommand (theory's --samples given to run, run's --storage given to theory) is
// refused naming the subcommands that take it.
import type { Command } from 'commander';

/** The one-line message for commander's unknown-option error `message` while parsing subcommand `name`. */
export function unknownOptionLine(program: Command, name: string | undefined, message: string): string {
  const plain = message.replace(/^error:\s*/, '');
  const flag = /unknown option '([^'=]+)/.exec(plain)?.[1];
  const current = program.commands.find((c) => c.name() === name);
  if (!flag || !current) return plain;
  const owners = program.commands.filter((c) => c !== current && c.options.some((o) => o.long === flag)).map((c) => c.name());
  if (owners.length === 0) return plain;
  return `${flag} is not an option of ${current.name()}; it is one of ${owners.join(', ')}`;
}
