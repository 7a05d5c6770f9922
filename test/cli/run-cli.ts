// Runs the CLI in-process with captured streams; `tty` makes them look like a terminal.
import { runCli } from '../../src/cli/run.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[], options: { tty?: boolean; env?: Record<string, string>; progressDelayMs?: number } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
    env: options.env ?? {},
    progressDelayMs: options.progressDelayMs,
  });
  return { code, stdout, stderr };
}
