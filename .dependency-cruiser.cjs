// Boundaries: the domain is pure (it imports only itself and pure libraries), storage never reaches into Teams.
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain holds the workflow: no I/O, no SDKs. zod (validation) and luxon (calendar maths) are pure.',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { pathNot: ['^src/domain', 'node_modules/(zod|luxon)/'] },
    },
    {
      name: 'storage-knows-no-teams',
      severity: 'error',
      from: { path: '^src/storage' },
      to: { path: ['^src/teams', '^src/jobs', 'node_modules/(botbuilder|@microsoft/teams-ai)'] },
    },
    {
      name: 'service-knows-no-teams',
      comment: 'src/service is the load -> decide -> commit path: domain and storage ports only.',
      severity: 'error',
      from: { path: '^src/service' },
      to: { path: ['^src/teams', '^src/jobs', 'node_modules/(botbuilder|@microsoft/teams-ai)'] },
    },
    {
      name: 'cards-are-pure',
      comment: 'src/teams/cards builds card JSON from a CaseView: no storage, no service, no Bot Framework, no handlers.',
      severity: 'error',
      from: { path: '^src/teams/cards' },
      to: { path: ['^src/storage', '^src/service', '^src/jobs', '^src/teams/(app|handlers|caseViews|pings|messenger|dispatcher|adapter|reply|turn)', 'node_modules/(botbuilder|@microsoft/teams-ai|@azure)'] },
    },
    {
      name: 'jobs-not-through-teams-routes',
      severity: 'error',
      from: { path: '^src/jobs' },
      to: { path: '^src/teams/app' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['node_modules', 'dist'] },
  },
};
