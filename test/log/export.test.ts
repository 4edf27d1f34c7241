// The real @azure/monitor-opentelemetry, in a child process, against a loopback stand-in for the Application
// Insights ingestion endpoint (HTTPS with a throwaway self-signed certificate; the exporter insists on HTTPS):
// the bot's log lines arrive as traces, with their correlation id and without evidence text.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

const ROOT = path.resolve(__dirname, '../..');

interface Envelope {
  name: string;
  tags?: Record<string, string>;
  data?: { baseType?: string; baseData?: { message?: string; properties?: Record<string, string> } };
}

function selfSignedCert(dir: string): { key: Buffer; cert: Buffer } {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '1', '-subj', '/CN=127.0.0.1'], {
    cwd: dir,
    stdio: 'ignore',
  });
  return { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) };
}

function runChild(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'support/telemetryChild.ts')], { cwd: ROOT, env });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('Application Insights export (real distro, loopback ingestion)', () => {
  let dir: string;
  let server: https.Server;
  let port: number;
  const envelopes: Envelope[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pf-telemetry-'));
    server = https.createServer(selfSignedCert(dir), (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body).toString('utf8') : body.toString('utf8');
        if (req.url?.startsWith('/v2.1/track')) envelopes.push(...(JSON.parse(text) as Envelope[]));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: 1, itemsAccepted: 1, errors: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const baseEnv = (): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // Only the stand-in is reached: no SDK self-telemetry to Microsoft, no cloud metadata probes.
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
    APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
    OTEL_NODE_RESOURCE_DETECTORS: 'env',
    NODE_TLS_REJECT_UNAUTHORIZED: '0',
  });

  it('sends the log lines as traces with their correlation id, and no evidence text', async () => {
    const connectionString = `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:${port}/`;
    const { code, output } = await runChild({ ...baseEnv(), APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString });
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    const turnLine = envelopes.find((e) => e.data?.baseData?.message === 'flag recorded');
    expect(turnLine).toBeDefined();
    expect(turnLine!.data!.baseType).toBe('MessageData');
    expect(turnLine!.data!.baseData!.properties).toMatchObject({ correlationId: 'act-42', conversationId: 'a:conv-9', evidence: '[redacted]' });
    expect(turnLine!.tags?.['ai.cloud.role']).toBe('partner-fit');
    expect(JSON.stringify(envelopes)).not.toContain('Fabrikam missed');
  }, 60_000);

  it('sends nothing at all without a connection string', async () => {
    envelopes.length = 0;
    const { code, output } = await runChild({ ...baseEnv(), APPLICATIONINSIGHTS_CONNECTION_STRING: '' });
    expect(code).toBe(0);
    expect(output).toContain('"correlationId":"act-42"');
    expect(output).not.toContain('telemetry on');
    expect(envelopes).toEqual([]);
  }, 60_000);
});
