// `npm run report` / `npm run export`: the CLI as a process (see run.ts).
import { runCli } from './run';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
});
