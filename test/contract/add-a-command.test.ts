// Adding a command is: its manifest entry (with the endpoints it calls), its handler file named after
// it, a client method and a simulator route for each endpoint, and its golden cases (README, "How it
// is built"). This test says which one is missing. The checks are a pure function of what it reads
// from the project, so the table at the end proves each one fails on a deliberately broken project.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { handlers } from '../../src/commands/index.js';
import { coerceArguments } from '../../src/manifest/args.js';
import { argumentTsType, COMMAND_ARGS_FILE, renderCommandArgs } from '../../src/manifest/generate-types.js';
import { loadManifest } from '../../src/manifest/load.js';
import { CommandSchema } from '../../src/manifest/schema.js';
import { packagePath } from '../../src/paths.js';
import { ROUTES } from '../../src/simulator/server.js';

interface Endpoint {
  readonly method: string;
  /** Matches the paths this endpoint stands for. */
  readonly pattern: RegExp;
}

interface Project {
  readonly commands: ReadonlyArray<{ readonly name: string; readonly endpoints?: readonly string[] | undefined }>;
  /** src/commands/<file>.ts -> the command names whose handler that file exports, and its first line. */
  readonly handlerFiles: ReadonlyMap<string, { readonly defines: readonly string[]; readonly firstLine: string }>;
  /** test_data/golden/<command>/ -> its cases: the requests recorded and whether the .md exists. */
  readonly golden: ReadonlyMap<
    string,
    ReadonlyArray<{ readonly name: string; readonly requests: ReadonlyArray<{ method: string; path: string }>; readonly markdown: boolean }>
  >;
  /** What src/client/darktrace-client.ts requests. */
  readonly client: readonly Endpoint[];
  /** What the simulator serves, and from which file of src/simulator/routes/. */
  readonly simulator: ReadonlyArray<Endpoint & { readonly file: string }>;
}

const ENDPOINT = /^(GET|POST) (\/\S*)$/;

/** `{pbid}` stands for one path segment. */
function endpointPattern(template: string): RegExp {
  const parts = template.split(/\{[^}/]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}$`);
}

/** A concrete path for a template, to ask a route whether it serves it. */
function samplePath(template: string): string {
  return template.replace(/\{[^}/]*\}/g, '1');
}

/** `// darktrace-x → POST /a, GET /a → src/simulator/routes/a.ts; GET /b → src/simulator/routes/b.ts` */
function routeHeader(command: string, endpoints: ReadonlyArray<{ endpoint: string; file: string }>): string {
  const byFile = new Map<string, string[]>();
  for (const { endpoint, file } of endpoints) byFile.set(file, [...(byFile.get(file) ?? []), endpoint]);
  return `// ${command} → ${[...byFile].map(([file, list]) => `${list.join(', ')} → src/simulator/routes/${file}`).join('; ')}`;
}

/** Everything missing for the manifest's commands, one line each, naming what to add where. */
function missingPieces(project: Project): string[] {
  const problems: string[] = [];
  for (const { name, endpoints } of project.commands) {
    const file = `${name.replace(/^darktrace-/, '')}.ts`;
    const handler = project.handlerFiles.get(file);
    if (!handler?.defines.includes(name)) {
      problems.push(`${name}: no handler in src/commands/${file} (export defineCommand('${name}', …) from it and list it in src/commands/index.ts)`);
    }
    const cases = project.golden.get(name) ?? [];
    if (cases.length === 0) problems.push(`${name}: no golden cases in test_data/golden/${name}/ (<case>.json with its war-room line, and <case>.md)`);
    for (const c of cases) if (!c.markdown) problems.push(`${name}: golden case ${c.name} has no ${c.name}.md`);
    if (!endpoints || endpoints.length === 0) {
      problems.push(`${name}: no endpoints in integration.yml (endpoints: ['GET /path'], the appliance endpoints it calls)`);
      continue;
    }
    const served: Array<{ endpoint: string; file: string }> = [];
    for (const endpoint of endpoints) {
      const m = ENDPOINT.exec(endpoint);
      if (!m) {
        problems.push(`${name}: endpoint ${JSON.stringify(endpoint)} is not "GET /path" or "POST /path"`);
        continue;
      }
      const [, method, template] = m as unknown as [string, string, string];
      const path = samplePath(template);
      if (!project.client.some((e) => e.method === method && e.pattern.test(path))) {
        problems.push(`${name}: ${endpoint} has no method in src/client/darktrace-client.ts requesting it`);
      }
      const route = project.simulator.find((r) => r.method === method && r.pattern.test(path));
      if (route) served.push({ endpoint, file: route.file });
      else problems.push(`${name}: ${endpoint} has no route in src/simulator/routes/ (registered in ROUTES of src/simulator/server.ts)`);
    }
    // What the golden runs really sent (client against simulator) must be declared: the list stays true.
    const declared = endpoints.map((e) => ENDPOINT.exec(e)).filter((m) => m !== null);
    for (const c of cases) {
      for (const r of c.requests) {
        if (!declared.some((m) => m[1] === r.method && endpointPattern(m[2] ?? '').test(r.path))) {
          problems.push(`${name}: golden case ${c.name} sends ${r.method} ${r.path}, which its endpoints in integration.yml do not list`);
        }
      }
    }
    if (handler && served.length === endpoints.length) {
      const header = routeHeader(name, served);
      if (handler.firstLine !== header) problems.push(`${name}: src/commands/${file} should start with the line\n  ${header}`);
    }
  }
  return problems;
}

// ---- reading the real project ----

/** Every path the client requests: first arguments of the request builders, `${…}` as one segment. */
function clientEndpoints(): Endpoint[] {
  const file = packagePath('src', 'client', 'darktrace-client.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const METHOD: Record<string, string> = { prepareGet: 'GET', 'this.get': 'GET', 'this.getList': 'GET', prepareJsonPost: 'POST', prepareFormPost: 'POST' };
  const found: Endpoint[] = [];
  const pathOf = (node: ts.Node, scope: ts.Node): string | undefined => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => `{}${s.literal.text}`).join('');
    if (ts.isIdentifier(node)) {
      // `const path = \`/advancedsearch/…\`` in the same method
      let init: ts.Expression | undefined;
      const visit = (n: ts.Node): void => {
        if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === node.text && n.initializer) init = n.initializer;
        ts.forEachChild(n, visit);
      };
      visit(scope);
      return init && pathOf(init, scope);
    }
    return undefined;
  };
  const visit = (node: ts.Node, scope: ts.Node): void => {
    const inner = ts.isMethodDeclaration(node) || ts.isFunctionDeclaration(node) ? node : scope;
    if (ts.isCallExpression(node)) {
      const method = METHOD[node.expression.getText(source)];
      const first = node.arguments[0];
      const path = method && first ? pathOf(first, inner) : undefined;
      if (method && path?.startsWith('/')) found.push({ method, pattern: endpointPattern(path) });
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(source, source);
  return found;
}

async function simulatorRoutes(): Promise<Project['simulator']> {
  const dir = packagePath('src', 'simulator', 'routes');
  const fileOf = new Map<unknown, string>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const module = (await import(join(dir, name))) as Record<string, unknown>;
    for (const value of Object.values(module)) if (Array.isArray(value)) for (const route of value) fileOf.set(route, name);
  }
  return ROUTES.map((r) => ({ method: r.method, pattern: r.pattern, file: fileOf.get(r) ?? '(not in src/simulator/routes/)' }));
}

async function handlerFiles(): Promise<Project['handlerFiles']> {
  const dir = packagePath('src', 'commands');
  const files = new Map<string, { defines: string[]; firstLine: string }>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const module = (await import(join(dir, name))) as Record<string, unknown>;
    const defines = handlers.filter((h) => Object.values(module).includes(h)).map((h) => h.name);
    files.set(name, { defines, firstLine: readFileSync(join(dir, name), 'utf8').split('\n')[0] ?? '' });
  }
  return files;
}

function goldenCases(): Project['golden'] {
  const dir = packagePath('test_data', 'golden');
  const golden = new Map<string, Array<{ name: string; requests: Array<{ method: string; path: string }>; markdown: boolean }>>();
  for (const command of readdirSync(dir)) {
    const cases = readdirSync(join(dir, command))
      .filter((f) => f.endsWith('.json') && !f.endsWith('.outputs.json'))
      .map((f) => {
        const c = JSON.parse(readFileSync(join(dir, command, f), 'utf8')) as {
          expectedRequest?: { method: string; path: string };
          expectedRequests?: Array<{ method: string; path: string }>;
        };
        const name = basename(f, '.json');
        return { name, requests: c.expectedRequests ?? (c.expectedRequest ? [c.expectedRequest] : []), markdown: existsSync(join(dir, command, `${name}.md`)) };
      });
    golden.set(command, cases);
  }
  return golden;
}

async function readProject(): Promise<Project> {
  return {
    commands: loadManifest().script.commands,
    handlerFiles: await handlerFiles(),
    golden: goldenCases(),
    client: clientEndpoints(),
    simulator: await simulatorRoutes(),
  };
}

describe('adding a command', () => {
  it('every manifest command has its handler file, golden cases, endpoints in the client and the simulator, and its route header', async () => {
    expect(missingPieces(await readProject())).toEqual([]);
  });

  it('reads a real project (so the check above is not vacuous)', async () => {
    const project = await readProject();
    expect(project.commands.length).toBeGreaterThanOrEqual(20);
    // A literal path, a template literal, and a template held in a variable (advancedSearchAnalyze).
    const requested = (method: string, path: string) => project.client.some((e) => e.method === method && e.pattern.test(path));
    expect(requested('GET', '/similardevices')).toBe(true);
    expect(requested('POST', '/modelbreaches/7/acknowledge')).toBe(true);
    expect(requested('GET', '/advancedsearch/api/analyze/m/o/q')).toBe(true);
    expect(requested('GET', '/advancedsearch/api/analyze/m/o')).toBe(false);
    expect(project.simulator.find((r) => r.pattern.test('/modelbreaches/1/comments'))?.file).toBe('breach-actions.ts');
    expect(project.handlerFiles.get('unacknowledge-model-breach.ts')?.defines).toEqual(['darktrace-unacknowledge-model-breach']);
    expect(project.golden.get('darktrace-get-similar-devices')?.length).toBeGreaterThan(0);
  });

  it('src/manifest/command-args.generated.ts is current (else run `npm run generate` and commit it)', () => {
    const committed = readFileSync(packagePath(...COMMAND_ARGS_FILE), 'utf8');
    expect(committed).toBe(renderCommandArgs(loadManifest()));
  });
});

// ---- the check fails on each kind of broken project ----

const COMMAND = 'darktrace-get-widget';
const HEADER = `// ${COMMAND} → GET /widgets/{wid} → src/simulator/routes/widgets.ts`;
const GOOD: Project = {
  commands: [{ name: COMMAND, endpoints: ['GET /widgets/{wid}'] }],
  handlerFiles: new Map([['get-widget.ts', { defines: [COMMAND], firstLine: HEADER }]]),
  golden: new Map([[COMMAND, [{ name: 'one', requests: [{ method: 'GET', path: '/widgets/7' }], markdown: true }]]]),
  client: [{ method: 'GET', pattern: endpointPattern('/widgets/{}') }],
  simulator: [{ method: 'GET', pattern: /^\/widgets\/([^/]+)$/, file: 'widgets.ts' }],
};

describe('missingPieces on a broken project', () => {
  it('finds nothing missing in a complete one', () => expect(missingPieces(GOOD)).toEqual([]));

  it.each<{ name: string; broken: Partial<Project>; want: string }>([
    {
      name: 'no handler file named after the command',
      broken: { handlerFiles: new Map([['widget.ts', { defines: [COMMAND], firstLine: HEADER }]]) },
      want: `${COMMAND}: no handler in src/commands/get-widget.ts`,
    },
    {
      name: 'a handler file that defines another command',
      broken: { handlerFiles: new Map([['get-widget.ts', { defines: ['darktrace-get-gadget'], firstLine: HEADER }]]) },
      want: `${COMMAND}: no handler in src/commands/get-widget.ts`,
    },
    { name: 'no golden cases', broken: { golden: new Map() }, want: `${COMMAND}: no golden cases in test_data/golden/${COMMAND}/` },
    {
      name: 'a golden case without markdown',
      broken: { golden: new Map([[COMMAND, [{ name: 'one', requests: [{ method: 'GET', path: '/widgets/7' }], markdown: false }]]]) },
      want: `${COMMAND}: golden case one has no one.md`,
    },
    { name: 'no endpoints declared', broken: { commands: [{ name: COMMAND }] }, want: `${COMMAND}: no endpoints in integration.yml` },
    {
      name: 'an endpoint the client does not request',
      broken: { client: [{ method: 'GET', pattern: endpointPattern('/gadgets/{}') }] },
      want: `${COMMAND}: GET /widgets/{wid} has no method in src/client/darktrace-client.ts`,
    },
    {
      name: 'the client requests it with another method',
      broken: { client: [{ method: 'POST', pattern: endpointPattern('/widgets/{}') }] },
      want: `${COMMAND}: GET /widgets/{wid} has no method in src/client/darktrace-client.ts`,
    },
    {
      name: 'an endpoint the simulator does not serve',
      broken: { simulator: [{ method: 'GET', pattern: /^\/widgets$/, file: 'widgets.ts' }] },
      want: `${COMMAND}: GET /widgets/{wid} has no route in src/simulator/routes/`,
    },
    {
      name: 'a golden case sends a request the endpoints do not list',
      broken: { golden: new Map([[COMMAND, [{ name: 'one', requests: [{ method: 'GET', path: '/gadgets' }], markdown: true }]]]) },
      want: `${COMMAND}: golden case one sends GET /gadgets, which its endpoints in integration.yml do not list`,
    },
    {
      name: 'the handler lacks its route header',
      broken: { handlerFiles: new Map([['get-widget.ts', { defines: [COMMAND], firstLine: '// get-widget: GET /widgets' }]]) },
      want: `${COMMAND}: src/commands/get-widget.ts should start with the line\n  ${HEADER}`,
    },
  ])('$name', ({ broken, want }) => {
    const problems = missingPieces({ ...GOOD, ...broken });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(want);
  });

  it('the manifest schema refuses an endpoint that is not METHOD /path', () => {
    const parsed = CommandSchema.safeParse({ name: COMMAND, description: 'x', endpoints: ['/widgets'] });
    expect(parsed.success).toBe(false);
  });
});

// ---- the generated argument types tell the truth about args.ts ----

describe('generated argument types', () => {
  const clock = fixedClock('2026-03-01T12:00:00Z');
  it.each([
    { type: 'string', raw: 'x', want: 'string', runtime: 'string' },
    { type: 'integer', raw: '3', want: 'number', runtime: 'number' },
    { type: 'number', raw: '0.5', want: 'number', runtime: 'number' },
    { type: 'boolean', raw: 'yes', want: 'boolean', runtime: 'boolean' },
    { type: 'date', raw: '2026-03-01', want: 'string', runtime: 'string' },
    { type: 'time', raw: '12:00:00', want: 'string', runtime: 'string' },
    { type: 'datetime', raw: '1 hour', want: 'number', runtime: 'number' },
    { type: 'ip', raw: '10.0.0.1', want: 'string', runtime: 'string' },
    { type: 'hostname', raw: 'a.example', want: 'string', runtime: 'string' },
    { type: 'json', raw: '{"a":1}', want: 'unknown', runtime: 'object' },
  ] as const)('$type is $want, and args.ts gives a $runtime', ({ type, raw, want, runtime }) => {
    const command = CommandSchema.parse({ name: COMMAND, description: 'x', arguments: [{ name: 'a', description: 'a', type }] });
    const arg = command.arguments[0]!;
    expect(argumentTsType(arg)).toBe(want);
    expect(typeof coerceArguments(command, { a: raw }, clock)['a']).toBe(runtime);
  });

  it.each([
    { name: 'predefined values are a union of literals', arg: { predefined: ['co', 'sizein'] }, raw: 'CO', want: "'co' | 'sizein'", value: 'co' },
    { name: 'an array', arg: { type: 'ip', isArray: true }, raw: '10.0.0.1,10.0.0.2', want: 'string[]', value: ['10.0.0.1', '10.0.0.2'] },
    { name: 'an array of predefined values', arg: { isArray: true, predefined: ['a', 'b'] }, raw: 'a,B', want: "('a' | 'b')[]", value: ['a', 'b'] },
  ])('$name', ({ arg, raw, want, value }) => {
    const command = CommandSchema.parse({ name: COMMAND, description: 'x', arguments: [{ name: 'a', description: 'a', ...arg }] });
    expect(argumentTsType(command.arguments[0]!)).toBe(want);
    expect(coerceArguments(command, { a: raw }, clock)['a']).toEqual(value);
  });

  it('an argument is optional unless required or defaulted', () => {
    const command = CommandSchema.parse({
      name: COMMAND,
      description: 'x',
      arguments: [
        { name: 'needed', description: 'n', required: true },
        { name: 'defaulted', description: 'd', defaultValue: '5', type: 'integer' },
        { name: 'maybe', description: 'm' },
      ],
    });
    const text = renderCommandArgs({ script: { isfetch: false, commands: [command] } });
    expect(text).toContain('readonly needed: string;');
    expect(text).toContain('readonly defaulted: number;');
    expect(text).toContain('readonly maybe?: string;');
    expect(text).toContain(`'${COMMAND}': GetWidgetArgs;`);
  });
});
