/** A process that starts Azurite and reports its pid, for the orphan test (it is then killed with SIGKILL). */
import { startAzurite } from '../../src/storage/azurite';

void startAzurite().then((a) => {
  process.stdout.write(`${JSON.stringify({ port: a.port })}\n`);
});
setInterval(() => undefined, 60_000);
