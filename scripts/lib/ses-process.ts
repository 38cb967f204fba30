// The SES stand-in in a process of its own for the load run, so the load generator's work
// does not slow the runtime's mail calls down. Prints `READY <endpoint>` when it serves.
import { startSesLocal } from '../../local/ses.ts';

const ses = await startSesLocal(Number(process.argv[2] ?? 0));
process.stdout.write(`READY ${ses.endpoint}\n`);
process.once('SIGTERM', () => {
  void ses.stop().then(() => process.exit(0));
});
