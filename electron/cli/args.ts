// A small, explicit argument parser: `--name value`, `--name=value`, repeated options, flags and
// positionals. Unknown options are errors, so a typo never silently changes what a command does.

export interface OptionSpec {
  /** Takes a value (default) or is a boolean flag. */
  flag?: boolean;
  /** May be given more than once; values are collected. */
  multiple?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

export class ArgError extends Error {}

export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const s = spec[name];
    if (!s) throw new ArgError(`unknown option --${name}`);
    if (s.flag) {
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = a.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined) throw new ArgError(`option --${name} needs a value`);
    const list = options.get(name) ?? [];
    if (list.length > 0 && !s.multiple) throw new ArgError(`option --${name} given twice`);
    list.push(value);
    options.set(name, list);
    // `--internal ID ID …` style lists: following non-option words belong to a multiple option.
    if (s.multiple && eq < 0) {
      while (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) list.push(argv[++i]!);
    }
  }
  return { positionals, options, flags };
}

export function opt(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

export function optList(args: ParsedArgs, name: string): string[] {
  return args.options.get(name) ?? [];
}
