// Application Insights is on only with a connection string. Without one, the distro is never even loaded
// (it sets process-wide state when loaded and exports over the network when started).
import { setLogSink, turnLogger } from '../../src/log';
import type { TelemetryModules } from '../../src/telemetry';
import { startTelemetry } from '../../src/telemetry';
import { captureLogs } from './capture';

let mockDistroLoads = 0;
jest.mock('@azure/monitor-opentelemetry', () => {
  mockDistroLoads += 1;
  return {
    useAzureMonitor: () => {
      throw new Error('the real distro must not start in this test');
    },
    shutdownAzureMonitor: async () => undefined,
  };
});

afterEach(() => setLogSink(undefined));

describe('startTelemetry()', () => {
  it.each([[''], ['   '], [undefined]])('is a no-op without a connection string (%p): nothing loaded, nothing started', async (cs) => {
    const { log } = captureLogs();
    const modules: TelemetryModules = {
      distro: jest.fn(() => {
        throw new Error('loaded');
      }),
      logsApi: jest.fn(() => {
        throw new Error('loaded');
      }),
    };
    const telemetry = startTelemetry(cs, log, modules);
    expect(telemetry.enabled).toBe(false);
    expect(modules.distro).not.toHaveBeenCalled();
    expect(modules.logsApi).not.toHaveBeenCalled();
    await expect(telemetry.stop()).resolves.toBeUndefined();
  });

  it('with the default modules and no connection string, never requires @azure/monitor-opentelemetry', async () => {
    const { log } = captureLogs();
    const telemetry = startTelemetry('', log);
    await telemetry.stop();
    expect(mockDistroLoads).toBe(0);
  });

  it('importing src/telemetry has no side effect on the environment', () => {
    expect(process.env.AZURE_MONITOR_DISTRO_VERSION).toBeUndefined();
    expect(mockDistroLoads).toBe(0);
  });

  describe('with a connection string', () => {
    const connectionString = 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.invalid/';

    function fakes() {
      const emitted: Record<string, unknown>[] = [];
      const useAzureMonitor = jest.fn();
      const shutdownAzureMonitor = jest.fn().mockResolvedValue(undefined);
      const getLogger = jest.fn(() => ({ emit: (record: Record<string, unknown>) => emitted.push(record) }));
      const modules = {
        distro: () => ({ useAzureMonitor, shutdownAzureMonitor }),
        logsApi: () => ({ logs: { getLogger }, SeverityNumber: { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 } }),
      } as unknown as TelemetryModules;
      return { modules, emitted, useAzureMonitor, shutdownAzureMonitor };
    }

    it('starts the Azure Monitor distro with that connection string', async () => {
      const { log } = captureLogs();
      const f = fakes();
      const telemetry = startTelemetry(connectionString, log, f.modules);
      expect(telemetry.enabled).toBe(true);
      expect(f.useAzureMonitor).toHaveBeenCalledTimes(1);
      expect(f.useAzureMonitor.mock.calls[0][0]).toMatchObject({ azureMonitorExporterOptions: { connectionString } });
      await telemetry.stop();
      await telemetry.stop();
      expect(f.shutdownAzureMonitor).toHaveBeenCalledTimes(1);
    });

    it('forwards log lines, redacted and with their correlation id, until stopped', async () => {
      const { log } = captureLogs();
      const f = fakes();
      const telemetry = startTelemetry(connectionString, log, f.modules);
      turnLogger(log, { id: 'act-7', type: 'invoke' }).warn({ summary: 'the partner lied to us' }, 'flag rejected');
      await telemetry.stop();
      log.info('after stop');
      const forwarded = f.emitted.find((r) => r.body === 'flag rejected');
      expect(forwarded).toMatchObject({ severityNumber: 13, severityText: 'warn', attributes: { correlationId: 'act-7', activityType: 'invoke', summary: '[redacted]' } });
      expect(JSON.stringify(f.emitted)).not.toContain('lied');
      expect(f.emitted.some((r) => r.body === 'after stop')).toBe(false);
    });
  });
});
