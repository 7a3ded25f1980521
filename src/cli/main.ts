// `nvdbg` command line: run a program headless (CI, scripts), assemble,
// disassemble. stdout carries only the guest's output; everything else goes
// to stderr. Exit status: the guest's SYS_EXIT code, 124 when the instruction
// budget runs out, 2 for bad input, 3 for an engine limitation or internal error.
import * as fs from 'fs';
import { parseRunArgs, usage, UsageError } from './args';
import { runProgram } from './run';
import { disasmCommand, disasmUsage } from './disasm';
import { asmCommand, asmUsage } from './asm';

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(usage() + disasmUsage() + asmUsage());
    return cmd === undefined ? 2 : 0;
  }
  try {
    switch (cmd) {
      case 'run': return runProgram(parseRunArgs(rest));
      case 'disasm': return disasmCommand(rest);
      case 'asm': return asmCommand(rest);
      case '--version': {
        const pkg = JSON.parse(fs.readFileSync(require.resolve('../package.json'), 'utf8')) as { version: string };
        process.stdout.write(`nvdbg ${pkg.version}\n`);
        return 0;
      }
      default: throw new UsageError(`unknown command '${cmd}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`nvdbg: ${e.message}\n${usage()}${disasmUsage()}${asmUsage()}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
