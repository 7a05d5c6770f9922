// `prodrisk` entry: runs the CLI on this process's arguments and streams.
import { failureMessage, runCli } from './run.js';

// `prodrisk review | head` closes stdout early: that is the reader's choice, not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  fail(error);
});
// Whatever escapes runCli (a stray rejection in a library) still ends as exit 2 with one line.
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

function fail(error: unknown): void {
  process.stderr.write(`prodrisk: ${failureMessage(error)}\n`);
  process.exit(2);
}

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
