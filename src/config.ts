// Every setting, read from the environment once and checked up front (fail fast, with the variable's name).
import { z } from 'zod';
import type { HealthSettings, WorkflowSettings } from './domain';
import { DEFAULT_HEALTH_SETTINGS, DEFAULT_SETTINGS, STEPS, WORKFLOWS, isValidZone } from './domain';
import { GUID, installLinkOf, teamsAppIdOf } from './teamsApp';

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(/[,;\s]+/).map((s) => s.trim()).filter(Boolean));
const int = (def: number, min = 0, max = 1_000_000) => z.coerce.number().int().min(min).max(max).default(def);
const isoDateList = list.refine((xs) => xs.every((x) => /^\d{4}-\d{2}-\d{2}$/.test(x)), 'dates as yyyy-mm-dd, comma separated');

const envSchema = z.object({
  /** 0 picks any free port (tests). */
  PORT: int(3978, 0, 65535),
  /** Bind address; forced to 127.0.0.1 in local mode (no app id). */
  HOST: z.string().default('0.0.0.0'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: z.string().default(''),
  /** The Bot Framework's OpenID metadata (signing keys of incoming tokens); empty: the public cloud's. Tests: a local stand-in. */
  BotOpenIdMetadata: z.string().default(''),
  STORAGE_CONNECTION_STRING: z.string().default(''),
  /** https://<account>.table.core.windows.net, used with a managed identity when no connection string is set. */
  STORAGE_ACCOUNT_URL: z.string().default(''),
  /** Client id of the user-assigned managed identity for storage (optional). */
  AZURE_CLIENT_ID: z.string().default(''),
  TABLE_PREFIX: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,20}$/, 'letters and digits, starting with a letter').default('pf'),
  DATA_DIR: z.string().default('.data'),
  ADMIN_AAD_OBJECT_IDS: list,
  ALLOWED_TENANT_IDS: list,
  PUBLIC_BASE_URL: z.string().default(''),
  EMAIL_LINK_SECRET: z.string().default(''),
  EMAIL_LINK_TTL_HOURS: int(72, 1, 24 * 30),
  JOBS_SECRET: z.string().default(''),
  TIME_ZONE: z.string().default('UTC').refine(isValidZone, 'an IANA time zone such as Europe/Berlin'),
  WORKING_DAYS: z
    .string()
    .default('1,2,3,4,5')
    .transform((v) => v.split(',').map((d) => Number(d.trim())))
    .refine((ds) => ds.length > 0 && ds.every((d) => Number.isInteger(d) && d >= 1 && d <= 7), 'ISO weekdays 1-7, comma separated'),
  HOLIDAYS: isoDateList,
  MERGE_WINDOW_HOURS: int(DEFAULT_SETTINGS.mergeWindowHours, 0, 24 * 30),
  QUIET_PERIOD_DAYS: int(DEFAULT_SETTINGS.quietPeriodDays, 1, 3650),
  STRIKE_WINDOW_MONTHS: int(DEFAULT_SETTINGS.strikeWindowMonths, 0, 120),
  DUE_BUSINESS_DAYS: int(5, 1, 100),
  /** Per-step override, e.g. "decision=10,vp-review=3". */
  DUE_BUSINESS_DAYS_BY_STEP: z.string().default(''),
  REMINDER_LIMIT: int(DEFAULT_SETTINGS.reminderLimit, 0, 50),
  WORKDAY_START_HOUR: int(DEFAULT_SETTINGS.workdayStartHour, 0, 23),
  /** Working hours end (local hour, exclusive): reminders and escalation pings wait for the next working day. */
  WORKDAY_END_HOUR: int(DEFAULT_SETTINGS.workdayEndHour, 1, 24),
  /** The workflow version new cases open under (docs/workflow.md#versions); 2 = trigger-dependent paths. */
  WORKFLOW_VERSION: z.coerce
    .number()
    .int()
    .default(DEFAULT_SETTINGS.workflowVersion)
    .refine((v) => v in WORKFLOWS, `one of the workflow versions: ${Object.keys(WORKFLOWS).join(', ')}`),
  DIGEST_DAY: z.enum(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']).default('MON'),
  DIGEST_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM').default('09:00'),
  DIGEST_TOP_N: int(10, 1, 100),
  HEALTH_NO_INTERACTION_DAYS: int(DEFAULT_HEALTH_SETTINGS.noInteractionDays, 1, 3650),
  HEALTH_NO_JOINT_WIN_MONTHS: int(DEFAULT_HEALTH_SETTINGS.noJointWinMonths, 1, 120),
  HEALTH_RATING_RECENT_DAYS: int(DEFAULT_HEALTH_SETTINGS.ratingRecentDays, 1, 3650),
  /** The Teams app's id (the manifest's); default: derived from MicrosoftAppId as `npm run package` does. */
  TEAMS_APP_ID: z.string().trim().regex(GUID, 'a GUID').or(z.literal('')).default(''),
  /** Directory and app installation through Microsoft Graph (README "Reaching people"; docs/deploy.md for the permissions). */
  GRAPH_ENABLED: z.enum(['true', 'false']).default('false'),
  /** Graph's endpoint: another for national clouds (https://graph.microsoft.us/v1.0). */
  GRAPH_BASE_URL: z.string().url().default('https://graph.microsoft.com/v1.0'),
  /** How long a person read from Graph is trusted before it is read again. */
  GRAPH_CACHE_HOURS: int(24, 1, 24 * 30),
  /** The app's id in the organisation's app catalog (not the manifest id): needed to install it for people. */
  TEAMS_APP_CATALOG_ID: z.string().trim().default(''),
  JOBS_ENABLED: z.enum(['true', 'false']).default('true'),
  /** How long a ping being sent is this instance's alone; after a crash, another instance sends it once this ends. */
  OUTBOX_LEASE_SECONDS: int(60, 1, 3600),
  DEMO_SEED: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().default(''),
});

export type Env = z.infer<typeof envSchema>;

/** Reaching people (README "Reaching people"): the app's link in Teams, and Microsoft Graph when configured. */
export interface ReachSettings {
  /** The app's link in Teams, to send to people the bot cannot reach yet; none in local mode without TEAMS_APP_ID. */
  installLink?: string;
  graph?: {
    baseUrl: string;
    cacheHours: number;
    /** Without it the directory still comes from Graph, but the app is not installed for anyone. */
    catalogAppId?: string;
  };
}

export interface Config {
  env: Env;
  reach: ReachSettings;
  /** No app id: no token checks, loopback only. */
  localMode: boolean;
  host: string;
  workflow: WorkflowSettings;
  /** Partner health (README, "Partner health"). */
  health: HealthSettings;
}

export class ConfigError extends Error {}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ');
    throw new ConfigError(`Invalid settings:\n  ${problems}`);
  }
  const env = parsed.data;
  if (env.WORKDAY_END_HOUR <= env.WORKDAY_START_HOUR) {
    throw new ConfigError(`Invalid settings:\n  WORKDAY_END_HOUR: ${env.WORKDAY_END_HOUR} is not after WORKDAY_START_HOUR (${env.WORKDAY_START_HOUR})`);
  }
  const localMode = env.MicrosoftAppId === '';
  const dueBusinessDays = Object.fromEntries(STEPS.map((s) => [s, env.DUE_BUSINESS_DAYS])) as WorkflowSettings['dueBusinessDays'];
  for (const pair of env.DUE_BUSINESS_DAYS_BY_STEP.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [step, days] = pair.split('=').map((x) => x?.trim());
    if (!step || !(STEPS as readonly string[]).includes(step) || !days || !/^\d+$/.test(days) || Number(days) < 1) {
      throw new ConfigError(`Invalid settings:\n  DUE_BUSINESS_DAYS_BY_STEP: "${pair}" is not step=days (steps: ${STEPS.join(', ')})`);
    }
    dueBusinessDays[step as keyof typeof dueBusinessDays] = Number(days);
  }
  const installLink = installLinkOf(teamsAppIdOf(env));
  const reach: ReachSettings = {
    ...(installLink ? { installLink } : {}),
    ...(env.GRAPH_ENABLED === 'true'
      ? { graph: { baseUrl: env.GRAPH_BASE_URL.replace(/\/+$/, ''), cacheHours: env.GRAPH_CACHE_HOURS, ...(env.TEAMS_APP_CATALOG_ID ? { catalogAppId: env.TEAMS_APP_CATALOG_ID } : {}) } }
      : {}),
  };
  return {
    env,
    reach,
    localMode,
    host: localMode ? '127.0.0.1' : env.HOST,
    workflow: {
      calendar: { timeZone: env.TIME_ZONE, workingDays: env.WORKING_DAYS, holidays: env.HOLIDAYS },
      mergeWindowHours: env.MERGE_WINDOW_HOURS,
      quietPeriodDays: env.QUIET_PERIOD_DAYS,
      strikeWindowMonths: env.STRIKE_WINDOW_MONTHS,
      dueBusinessDays,
      reminderLimit: env.REMINDER_LIMIT,
      workdayStartHour: env.WORKDAY_START_HOUR,
      workdayEndHour: env.WORKDAY_END_HOUR,
      workflowVersion: env.WORKFLOW_VERSION,
    },
    health: { noInteractionDays: env.HEALTH_NO_INTERACTION_DAYS, noJointWinMonths: env.HEALTH_NO_JOINT_WIN_MONTHS, ratingRecentDays: env.HEALTH_RATING_RECENT_DAYS },
  };
}
