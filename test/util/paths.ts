// Locations used by tests: the repository root and ../shared beside it.
import * as fs from 'fs';
import * as path from 'path';

export function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let d = start;
    for (;;) {
      const p = path.join(d, 'package.json');
      if (fs.existsSync(p) && (JSON.parse(fs.readFileSync(p, 'utf8')) as { name?: string }).name === 'nvdbg') return d;
      const up = path.dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  throw new Error('cannot find the nvdbg repository root');
}

/** ../shared (reference material, QEMU oracle) beside the repository. */
export function sharedDir(): string {
  const d = path.resolve(repoRoot(), '..', 'shared');
  if (!fs.existsSync(d)) throw new Error(`shared reference directory not found at ${d}`);
  return d;
}

export function hasCommand(cmd: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((p) => fs.existsSync(path.join(p, cmd)));
}
