// Run in a child process by export.test.ts: the real distro patches http process-wide, which must not leak
// into the jest worker. Logs one turn line through real Application Insights telemetry, then stops (flushes).
import { createLogger, turnLogger } from '../../../src/log';
import { startTelemetry } from '../../../src/telemetry';

async function main(): Promise<void> {
  const log = createLogger('info');
  const telemetry = startTelemetry(process.env.APPLICATIONINSIGHTS_CONNECTION_STRING, log);
  turnLogger(log, { id: 'act-42', type: 'message', conversation: { id: 'a:conv-9' } }).info(
    { evidence: [{ summary: 'Fabrikam missed every sync since March' }] },
    'flag recorded',
  );
  await telemetry.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
