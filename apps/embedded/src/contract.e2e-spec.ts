import { resolve } from 'node:path';
import { CONTRACT_ADMIN, ContractActors, contractActors, OPENAPI_PATH, runContract, schemathesis } from './testing/contract-run';
import { expectProblem, httpClient, startTestSystem, TestSystem } from './testing/e2e-support';

/**
 * The contract: schemathesis (pinned in tools/contract/requirements.txt, configured in
 * tools/contract/schemathesis.toml) generates requests from the embedded profile's own OpenAPI
 * document, valid and invalid, once with a learner's, an institution's and the administrator's
 * token, and checks every answer: no 5xx, only documented statuses, content types and bodies,
 * invalid input refused, valid input accepted, unsupported methods answered 405. Any failure
 * fails this spec with schemathesis' report. Skipped, saying so, only where there is no Python.
 */

const st = schemathesis();
const ROLES = ['learner', 'institution', 'admin'] as const;
/** Every run: the token's own session stays open (signing out would turn the rest into 401s). */
const COMMON_ARGS = ['--exclude-path', '/api/v1/sessions/current'];
/**
 * What each role's run covers, so that the three together stay near a minute on 2 cores: the
 * learner everything but the routes of the other two roles (the public ones included); the
 * institution its reviews, its statistics and its account; the administrator 管理中心 and its account. The 403
 * every role guard answers to the others is documented on each guarded route by the document's builder.
 */
const SCOPE: Record<(typeof ROLES)[number], string[]> = {
  learner: ['--exclude-path-regex', '^/api/v1/(admin|institution|reviews|conversion-reviews)(/|$)'],
  institution: ['--include-path-regex', '^/api/v1/(institution|reviews|conversion-reviews|me|inbox)(/|$)'],
  admin: ['--include-path-regex', '^/api/v1/(admin|me)(/|$)'],
};
const REPORTS = resolve(__dirname, '../../../tmp/contract');

if ('skipped' in st) {
  process.stdout.write(`\n[contract] SKIPPED: ${st.skipped}\n`);
}

describe('the OpenAPI contract (schemathesis against the embedded profile)', () => {
  let system: TestSystem;
  let actors: ContractActors;

  beforeAll(async () => {
    system = await startTestSystem({ ...CONTRACT_ADMIN });
    actors = await contractActors(system);
  }, 120_000);

  afterAll(async () => {
    await system?.dispose();
  });

  it('derives the document from the decorators: integers with bounds, the password policy, one-of choices, no unknown properties, every 4xx', async () => {
    const doc = (await httpClient(system.url)('GET', OPENAPI_PATH)).body;
    const list = doc.paths['/api/v1/achievements'].get;
    expect(list.parameters.find((p: { name: string }) => p.name === 'page').schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 10_000 });
    expect(list.parameters.find((p: { name: string }) => p.name === 'pageSize').schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    expect(doc.components.schemas.RegisterIndividualDto.properties.password).toMatchObject({ minLength: 8, maxLength: 64, pattern: expect.any(String) });
    expect(doc.components.schemas.StoreAchievementDto).toMatchObject({
      additionalProperties: false,
      oneOf: [{ required: ['catalogItemId'] }, { required: ['custom'] }],
      required: expect.arrayContaining(['category', 'certificateNumber', 'issueDate', 'evidenceId']),
    });
    expect(doc.components.schemas.CustomAchievementDto).toMatchObject({ additionalProperties: false, anyOf: [{ required: ['institutionId'] }, { required: ['institutionName'] }] });
    expect(Object.keys(doc.paths['/api/v1/achievements'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '413', '415']));
    expect(doc.paths['/api/v1/accounts'].post.responses['429'].content['application/problem+json']).toBeDefined();
  });

  it('answers an unsupported method on a known path 405 with Allow, and bad input of any shape 400, never 5xx', async () => {
    const api = httpClient(`${system.url}/api/v1`);
    const put = await api('PUT', '/achievements', { token: actors.learner, body: {} });
    expectProblem(put, 405, 'HTTP.METHOD_NOT_ALLOWED');
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
    expect((await api('DELETE', '/achievements/00000000-0000-4000-8000-000000000000/recognition-requests', { token: actors.learner })).headers.get('allow')).toBe('POST');
    expectProblem(await api('PUT', '/reference/countries'), 405, 'HTTP.METHOD_NOT_ALLOWED');
    expectProblem(await api('GET', '/no-such-route'), 404, 'HTTP.NOT_FOUND');
    expectProblem(await api('GET', '/achievements?page=9007199254740993', { token: actors.learner }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await api('GET', '/inbox?page=1e300', { token: actors.learner }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await api('GET', '/reference/regions?parent=440000&parent=440100'), 400, 'VALIDATION.INVALID_INPUT');
    const nullBody = await api('PATCH', '/me', { token: actors.learner, body: null });
    expectProblem(nullBody, 400, 'VALIDATION.INVALID_INPUT');
    expect(nullBody.body.errors).toEqual([expect.objectContaining({ field: '', code: 'isObject' })]);
    expectProblem(await api('PATCH', '/me', { token: actors.learner, body: [] }), 400, 'VALIDATION.INVALID_INPUT');
  });

  (('skipped' in st ? it.skip : it) as jest.It)('holds for the learner, the institution and the administrator: zero failures of any check', async () => {
    if ('skipped' in st) return;
    const runs = await Promise.all(
      ROLES.map((role) => runContract(st, system, role, actors[role], REPORTS, [...COMMON_ARGS, ...SCOPE[role]])),
    );
    for (const r of runs) {
      const cases = /(\d+) generated/.exec(r.output)?.[1] ?? '?';
      process.stdout.write(`[contract] schemathesis ${st.version} as ${r.role}: ${cases} cases, exit ${r.exitCode} in ${(r.ms / 1000).toFixed(1)} s\n`);
    }
    const failed = runs.filter((r) => r.exitCode !== 0);
    if (failed.length) {
      throw new Error(
        `schemathesis ${st.version} found contract failures (JUnit reports in ${REPORTS}):\n` +
          failed.map((r) => `\n===== as ${r.role} (exit ${r.exitCode}) =====\n${r.output}`).join('\n'),
      );
    }
    expect(runs.map((r) => [r.role, r.exitCode])).toEqual(ROLES.map((role) => [role, 0]));
  }, 420_000); // about 52 s of CPU in all; room for a shared, busy machine
});
