// Application Insights through OpenTelemetry (@azure/monitor-opentelemetry), on only when a connection string
// is set. Importing this module does nothing: the distro (which sets process-wide state when loaded, and
// exports to Azure when started) is required inside startTelemetry, after the empty-string check, so
// without a connection string nothing is loaded and nothing touches the network.
//
// Started first thing in index.ts, before the modules it instruments (http, the Azure SDK) are loaded. It then
// collects requests, dependencies (Bot Connector, Table Storage), exceptions and metrics, and forwards the
// bot's log lines (already scrubbed by log.ts) as traces, under the active request so they correlate.
import type { AnyValueMap, SeverityNumber as SeverityNumberEnum } from '@opentelemetry/api-logs';
import type { Logger } from './log';
import { setLogSink } from './log';

export interface Telemetry {
  /** True when telemetry goes to Application Insights. */
  readonly enabled: boolean;
  /** Flushes what is buffered and stops exporting; safe to call more than once. */
  stop(): Promise<void>;
}

type Distro = typeof import('@azure/monitor-opentelemetry');
type LogsApi = typeof import('@opentelemetry/api-logs');

/** How the distro and the logs API are loaded (tests pass fakes; the default requires them lazily). */
export interface TelemetryModules {
  distro(): Distro;
  logsApi(): LogsApi;
}

const realModules: TelemetryModules = {
  distro: () => require('@azure/monitor-opentelemetry') as Distro,
  logsApi: () => require('@opentelemetry/api-logs') as LogsApi,
};

const off: Telemetry = { enabled: false, stop: async () => undefined };

export function startTelemetry(connectionString: string | undefined, log: Logger, modules: TelemetryModules = realModules): Telemetry {
  const cs = (connectionString ?? '').trim();
  if (!cs) {
    log.debug('telemetry off: APPLICATIONINSIGHTS_CONNECTION_STRING is not set');
    return off;
  }
  // The role name Application Insights groups by (else "unknown_service:node"); a deployment may set its own.
  process.env.OTEL_SERVICE_NAME ||= 'partner-fit';
  const distro = modules.distro();
  distro.useAzureMonitor({
    azureMonitorExporterOptions: { connectionString: cs },
    instrumentationOptions: { http: { enabled: true }, azureSdk: { enabled: true } },
    enableLiveMetrics: false,
  });
  const { logs, SeverityNumber } = modules.logsApi();
  const otelLogger = logs.getLogger('partner-fit');
  setLogSink((line) => {
    const record = parseLine(line);
    if (!record) return;
    const { msg, level, time: _time, app: _app, ...attributes } = record;
    const severity = severityOf(String(level), SeverityNumber);
    otelLogger.emit({
      severityNumber: severity,
      severityText: String(level ?? 'info'),
      body: typeof msg === 'string' ? msg : '',
      attributes: attributes as AnyValueMap,
    });
  });
  log.info({ instrumentations: ['http', 'azureSdk'] }, 'telemetry on: Application Insights');

  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    stop() {
      stopping ??= (async () => {
        setLogSink(undefined);
        try {
          await distro.shutdownAzureMonitor();
        } catch (err) {
          log.warn({ err }, 'telemetry did not shut down cleanly');
        }
      })();
      return stopping;
    },
  };
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function severityOf(level: string, S: typeof SeverityNumberEnum): SeverityNumberEnum {
  switch (level) {
    case 'trace':
      return S.TRACE;
    case 'debug':
      return S.DEBUG;
    case 'warn':
      return S.WARN;
    case 'error':
      return S.ERROR;
    case 'fatal':
      return S.FATAL;
    default:
      return S.INFO;
  }
}
