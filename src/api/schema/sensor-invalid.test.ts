/** Invalid Sensor documents: each case asserts the complete list of issues (severity, path, message). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath } from '../issues.js';
import { validateResource } from '../validate.js';

type Doc = { metadata: { name: string }; spec: any };
type Expect = [severity: 'error' | 'warning', path: string, message: string];

/** A valid sensor: deps a, b; trigger `t` (log) with conditions `a && b`. */
function base(): Doc & Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Sensor',
    metadata: { name: 'my-sensor' },
    spec: {
      dependencies: [
        { name: 'a', eventSourceName: 'webhook', eventName: 'example' },
        { name: 'b', eventSourceName: 'calendar', eventName: 'tick' },
      ],
      triggers: [{ template: { name: 't', conditions: 'a && b', log: {} } }],
    },
  };
}

const http = (extra: Record<string, unknown> = {}) => ({ url: 'http://x/', payload: [], ...extra });
const E = 'error' as const;
const W = 'warning' as const;
const T0 = 'spec.triggers[0]';
const D0 = 'spec.dependencies[0]';

const CASES: [name: string, mutate: (d: Doc) => void, expected: Expect[]][] = [
  [
    'wrong type',
    (d) => (d.spec.dependencies[0].name = 5),
    [[E, `${D0}.name`, 'expected string, found number 5']],
  ],
  [
    'missing required field',
    (d) => delete d.spec.dependencies[1].eventName,
    [[E, 'spec.dependencies[1].eventName', 'required field is missing (expected string)']],
  ],
  [
    'missing triggers',
    (d) => delete d.spec.triggers,
    [[E, 'spec.triggers', 'required field is missing (expected array)']],
  ],
  [
    'bad filtersLogicalOperator',
    (d) => (d.spec.dependencies[0].filtersLogicalOperator = 'AND'),
    [[E, `${D0}.filtersLogicalOperator`, 'expected one of "", "and", "or", found "AND"']],
  ],
  [
    'bad deliverPolicy',
    (d) => (d.spec.dependencies[0].jetStream = { deliverPolicy: 'first' }),
    [[E, `${D0}.jetStream.deliverPolicy`, 'expected one of "all", "last", "new", found "first"']],
  ],
  [
    'bad data filter type',
    (d) => (d.spec.dependencies[0].filters = { data: [{ path: 'x', type: 'boolean', value: ['true'] }] }),
    [[E, `${D0}.filters.data[0].type`, 'expected one of "bool", "number", "string", found "boolean"']],
  ],
  [
    'bad parameter operation',
    (d) =>
      (d.spec.triggers[0].parameters = [
        { src: { dependencyName: 'a' }, dest: 'log.x', operation: 'replace' },
      ]),
    [
      [
        E,
        `${T0}.parameters[0].operation`,
        'expected one of "", "overwrite", "append", "prepend", found "replace"',
      ],
    ],
  ],
  [
    'bad rateLimit unit',
    (d) => (d.spec.triggers[0].rateLimit = { unit: 'Day', requestsPerUnit: 1 }),
    [[E, `${T0}.rateLimit.unit`, 'expected one of "Second", "Minute", "Hour", found "Day"']],
  ],
  [
    'no dependencies',
    (d) => (d.spec.dependencies = []),
    [
      [
        E,
        'spec.dependencies',
        'no event dependencies found: expected at least one dependency, found an empty list',
      ],
    ],
  ],
  [
    'no triggers',
    (d) => (d.spec.triggers = []),
    [[E, 'spec.triggers', 'no triggers found: expected at least one trigger, found an empty list']],
  ],
  [
    'duplicate dependency names',
    (d) => (d.spec.dependencies[1].name = 'a'),
    [
      [E, 'spec.dependencies[1].name', 'duplicate dependency name "a": already used by spec.dependencies[0]'],
      [
        E,
        `${T0}.template.conditions`,
        'conditions name unknown dependency "b": expected one of "a" (upstream never starts this trigger)',
      ],
    ],
  ],
  [
    'duplicate trigger names',
    (d) => d.spec.triggers.push({ template: { name: 't', log: {} } }),
    [[E, 'spec.triggers[1].template.name', 'duplicate trigger name: t (already used by spec.triggers[0])']],
  ],
  [
    'subject-breaking names',
    (d) => Object.assign(d.spec.dependencies[0], { eventSourceName: 'my.source', eventName: 'on push' }),
    [
      [
        E,
        `${D0}.eventSourceName`,
        'eventSourceName "my.source" contains ".", which would break the subject default.<eventSourceName>.<eventName>: expected a single subject token without ".", "*", ">" or whitespace',
      ],
      [
        E,
        `${D0}.eventName`,
        'eventName "on push" contains whitespace, which would break the subject default.<eventSourceName>.<eventName>: expected a single subject token without ".", "*", ">" or whitespace',
      ],
    ],
  ],
  [
    'sensor name is not a KV bucket name',
    (d) => (d.metadata.name = 'team.sensor'),
    [
      [
        E,
        'metadata.name',
        'sensor name "team.sensor" cannot name its KV state bucket: expected only letters, digits, "_" and "-"',
      ],
    ],
  ],
  [
    'dependency and trigger names are not KV key tokens',
    (d) => {
      d.spec.dependencies[1].name = 'b/c';
      d.spec.triggers[0].template = { name: 'x/y', conditions: 'a', log: {} };
    },
    [
      [
        E,
        'spec.dependencies[1].name',
        'dependency name "b/c" is not usable: expected only letters, digits, "_" and "-" (it appears in conditions and in KV keys "<trigger>/<dependency>")',
      ],
      [
        E,
        `${T0}.template.name`,
        'trigger name "x/y" is not usable: it contains "/", which separates the parts of a KV key (it is part of KV keys "<trigger>/<dependency>")',
      ],
    ],
  ],
  [
    'conditions syntax error with position',
    (d) => (d.spec.triggers[0].template.conditions = '(a && b'),
    [
      [
        E,
        `${T0}.template.conditions`,
        'invalid conditions "(a && b": expected ")" to close "(" at column 1, found end of input at column 8',
      ],
    ],
  ],
  [
    'dangling conditions name',
    (d) => (d.spec.triggers[0].template.conditions = 'a || c'),
    [
      [
        E,
        `${T0}.template.conditions`,
        'conditions name unknown dependency "c": expected one of "a", "b" (upstream never starts this trigger)',
      ],
    ],
  ],
  [
    'template without trigger type',
    (d) => delete d.spec.triggers[0].template.log,
    [
      [
        W,
        `${T0}.template`,
        'expected exactly one trigger type (one of argoWorkflow, awsLambda, azureEventHubs, azureServiceBus, custom, email, http, k8s, kafka, log, nats, openWhisk, pulsar, slack), found none (upstream fails every execution; jetflow refuses to start this trigger)',
      ],
    ],
  ],
  [
    'template with two trigger types',
    (d) => (d.spec.triggers[0].template.http = http()),
    [
      [
        E,
        `${T0}.template`,
        'expected exactly one trigger type, found http and log (upstream silently uses http)',
      ],
    ],
  ],
  [
    'http without url, lower-case method',
    (d) => (d.spec.triggers[0].template = { name: 't', http: { method: 'post', payload: [] } }),
    [
      [
        W,
        `${T0}.template.http.url`,
        'server URL is not specified: expected a non-empty string, found nothing (upstream rejects it; jetflow refuses to start this trigger)',
      ],
      [
        E,
        `${T0}.template.http.method`,
        'only GET, DELETE, PATCH, POST and PUT methods are supported (exact upper case), found "post"',
      ],
    ],
  ],
  [
    'nats without subject and payload',
    (d) => (d.spec.triggers[0].template = { name: 't', nats: { url: 'nats://x:4222', subject: '' } }),
    [
      [
        E,
        `${T0}.template.nats.subject`,
        'nats subject can\'t be empty: expected a non-empty string, found ""',
      ],
      [
        E,
        `${T0}.template.nats.payload`,
        "payload can't be nil: expected a list of parameters, found nothing",
      ],
    ],
  ],
  [
    'kafka without url and topic',
    (d) => (d.spec.triggers[0].template = { name: 't', kafka: { payload: [] } }),
    [
      [
        E,
        `${T0}.template.kafka.url`,
        'broker url must not be empty: expected a non-empty string, found nothing',
      ],
      [
        E,
        `${T0}.template.kafka.topic`,
        'topic must not be empty: expected a non-empty string, found nothing',
      ],
    ],
  ],
  [
    'slack without token, channel and text',
    (d) => (d.spec.triggers[0].template = { name: 't', slack: {} }),
    [
      [
        E,
        `${T0}.template.slack.slackToken`,
        "slack token can't be empty: expected a secret key selector, found nothing",
      ],
      [
        E,
        `${T0}.template.slack.channel`,
        'channel is required: expected a channel name or id, found nothing (upstream accepts this and fails at run time)',
      ],
      [
        E,
        `${T0}.template.slack`,
        'no text to post: expected at least one of message, attachments or blocks, found none',
      ],
    ],
  ],
  [
    'email with bad port and recipient',
    (d) =>
      (d.spec.triggers[0].template = {
        name: 't',
        email: { host: 'smtp', port: 70000, to: ['bob'], subject: 's', body: 'b' },
      }),
    [
      [E, `${T0}.template.email.port`, 'port: 70000, port should be between 0-65535'],
      [E, `${T0}.template.email.to[0]`, 'expected an email address such as "name@example.com", found "bob"'],
    ],
  ],
  [
    'custom secure without certSecret',
    (d) =>
      (d.spec.triggers[0].template = { name: 't', custom: { serverURL: 'x:1', secure: true, spec: {} } }),
    [
      [
        E,
        `${T0}.template.custom.certSecret`,
        "certSecret can't be nil when the trigger server connection is secure",
      ],
    ],
  ],
  [
    'k8s bad operation, argoWorkflow without operation',
    (d) => {
      d.spec.triggers[0].template = { name: 't', k8s: { operation: 'apply', source: { resource: {} } } };
      d.spec.triggers.push({
        template: { name: 'w', argoWorkflow: { source: { inline: 'kind: Workflow' } } },
      });
    },
    [
      [
        E,
        `${T0}.template.k8s.operation`,
        'unknown operation type apply: expected one of create, update, patch, delete',
      ],
      [
        E,
        'spec.triggers[1].template.argoWorkflow.operation',
        'operation is required: expected one of submit, submit-from, suspend, resubmit, retry, resume, terminate, stop, found nothing',
      ],
    ],
  ],
  [
    'artifact with two kinds',
    (d) => (d.spec.triggers[0].template = { name: 't', k8s: { source: { resource: {}, inline: 'a: 1' } } }),
    [
      [
        E,
        `${T0}.template.k8s.source`,
        'expected exactly one of s3, inline, file, url, configmap, git, resource, found inline and resource',
      ],
    ],
  ],
  [
    'parameters: dest, src and dependency',
    (d) =>
      (d.spec.triggers[0].template = {
        name: 't',
        http: http({ parameters: [{ src: { dependencyName: 'zzz' } }, { dest: 'url' }] }),
      }),
    [
      [
        E,
        `${T0}.template.http.parameters[0].dest`,
        "parameter destination can't be empty: expected a path, found nothing",
      ],
      [
        E,
        `${T0}.template.http.parameters[0].src.dependencyName`,
        'unknown dependency "zzz": expected one of "a", "b"',
      ],
      [
        E,
        `${T0}.template.http.parameters[1].src`,
        "parameter source can't be empty: expected src with a dependencyName, found nothing",
      ],
    ],
  ],
  [
    'data filter values that do not parse',
    (d) =>
      (d.spec.dependencies[0].filters = {
        data: [
          { path: 'n', type: 'number', value: ['abc'] },
          { path: 'b', type: 'bool', value: ['yes'] },
          { path: 's', type: 'string', value: ['('], comparator: '>' },
        ],
      }),
    [
      [E, `${D0}.filters.data[0].value[0]`, 'expected a number, found "abc"'],
      [
        E,
        `${D0}.filters.data[1].value[0]`,
        'expected a boolean (true, false, 1, 0, t, f, TRUE, FALSE, ...), found "yes"',
      ],
      [
        E,
        `${D0}.filters.data[2].comparator`,
        'comparator ">" never matches for type string: expected "=", "!=" or none',
      ],
      [
        E,
        `${D0}.filters.data[2].value[0]`,
        'expected an RE2 regular expression, found "(": Invalid regular expression: /(/: Unterminated group',
      ],
    ],
  ],
  [
    'time, context and expr filters',
    (d) =>
      (d.spec.dependencies[0].filters = {
        time: { start: '25:00:00', stop: '10:00', timezone: 'Mars/Olympus' },
        context: {},
        exprs: [{ expr: '', fields: [{ name: 'a', path: '' }] }],
      }),
    [
      [
        E,
        `${D0}.filters.exprs[0].expr`,
        'one of expr filters is not valid (expr and fields must be not empty): expected an expression, found ""',
      ],
      [
        E,
        `${D0}.filters.exprs[0].fields[0].path`,
        'one of expr filters is not valid (path and name in a field must be not empty): expected a path, found ""',
      ],
      [
        E,
        `${D0}.filters.context`,
        'no fields specified in ctx filter (aka all events will be discarded): expected at least one of type, subject, source, datacontenttype',
      ],
      [E, `${D0}.filters.time.start`, 'expected a time of day "HH:MM:SS", found "25:00:00"'],
      [E, `${D0}.filters.time.stop`, 'expected a time of day "HH:MM:SS", found "10:00"'],
      [
        E,
        `${D0}.filters.time.timezone`,
        'invalid timezone "Mars/Olympus": expected an IANA time zone such as "America/New_York"',
      ],
    ],
  ],
  [
    'time filter with start == stop',
    (d) => (d.spec.dependencies[0].filters = { time: { start: '10:00:00', stop: '10:00:00' } }),
    [
      [
        E,
        `${D0}.filters.time.stop`,
        "invalid event time filter: stop '10:00:00' is equal to start '10:00:00'",
      ],
    ],
  ],
  [
    'retryStrategy: unit-less duration, quoted factor',
    (d) =>
      Object.assign(d.spec.triggers[0], {
        atLeastOnce: true,
        retryStrategy: { steps: 3, duration: '5', factor: '2.0', jitter: -1 },
      }),
    [
      [
        E,
        `${T0}.retryStrategy.duration`,
        'expected a duration with a unit such as "1s" or "500ms", or integer nanoseconds, found "5"',
      ],
      [
        E,
        `${T0}.retryStrategy.factor`,
        'expected a JSON number, found the string "2.0" (upstream cannot parse a quoted factor and fails the action): write 2.0 without quotes',
      ],
      [E, `${T0}.retryStrategy.jitter`, 'expected jitter >= 0, found -1'],
    ],
  ],
  [
    'rateLimit without a positive rate',
    (d) => (d.spec.triggers[0].rateLimit = { unit: 'Minute', requestsPerUnit: 0 }),
    [
      [
        E,
        `${T0}.rateLimit.requestsPerUnit`,
        'expected requestsPerUnit > 0, found 0 (upstream crashes on this value)',
      ],
    ],
  ],
  [
    'conditionsReset: missing byTime, bad cron, bad timezone',
    (d) =>
      (d.spec.triggers[0].template.conditionsReset = [
        {},
        { byTime: { cron: '0 0 * * * *', timezone: 'Nowhere' } },
        { byTime: { cron: '@daily' } },
      ]),
    [
      [E, `${T0}.template.conditionsReset[0]`, 'invalid conditionsReset: expected byTime, found nothing'],
      [
        E,
        `${T0}.template.conditionsReset[1].byTime.cron`,
        'invalid cron expression "0 0 * * * *": expected 5 fields (minute hour day-of-month month day-of-week), found 6',
      ],
      [
        E,
        `${T0}.template.conditionsReset[1].byTime.timezone`,
        'invalid timezone "Nowhere": expected an IANA time zone such as "America/New_York"',
      ],
      [
        E,
        `${T0}.template.conditionsReset[2].byTime.cron`,
        'invalid cron expression "@daily": descriptors such as "@daily" are not accepted',
      ],
    ],
  ],
  [
    'dlqTrigger without atLeastOnce',
    (d) => (d.spec.triggers[0].dlqTrigger = { template: { name: 'dlq', log: {} } }),
    [
      [E, `${T0}.dlqTrigger`, 'to use dlqTrigger, trigger.atLeastOnce must be set to true, found nothing'],
      [
        E,
        `${T0}.dlqTrigger.atLeastOnce`,
        'atLeastOnce must be set to true within the dlqTrigger, found nothing',
      ],
    ],
  ],
  [
    'dlqTrigger is validated like a trigger',
    (d) =>
      Object.assign(d.spec.triggers[0], {
        atLeastOnce: true,
        dlqTrigger: { atLeastOnce: true, template: { name: 'dlq', http: { payload: [] } } },
      }),
    [
      [
        W,
        `${T0}.dlqTrigger.template.http.url`,
        'server URL is not specified: expected a non-empty string, found nothing (upstream rejects it; jetflow refuses to start this trigger)',
      ],
    ],
  ],
  [
    'policies without their required lists',
    (d) => {
      d.spec.triggers[0].template = { name: 't', http: http() };
      d.spec.triggers[0].policy = { status: {} };
      d.spec.triggers.push({
        template: { name: 'k', k8s: { source: { resource: {} } } },
        policy: { k8s: { backoff: { steps: 2 } } },
      });
    },
    [
      [
        E,
        `${T0}.policy.status.allow`,
        'list of allowed response status is not specified: expected a list of status codes, found nothing',
      ],
      [
        E,
        'spec.triggers[1].policy.k8s.labels',
        'resource labels are not specified: expected a map of labels, found nothing',
      ],
    ],
  ],
  [
    'unknown field is a warning; the resource is still accepted',
    (d) => (d.spec.triggers[0].template.log = { intervalSecs: 5 }),
    [[W, `${T0}.template.log.intervalSecs`, 'unknown field "intervalSecs"']],
  ],
  [
    'names upstream cannot evaluate are warnings',
    (d) => {
      d.spec.dependencies[1].name = '2nd';
      d.spec.triggers[0].template.conditions = 'a && 2nd';
    },
    [
      [
        W,
        'spec.dependencies[1].name',
        'dependency name "2nd" works in jetflow, but upstream\'s conditions evaluator (govaluate) misreads it: start names with a letter and avoid "true"/"false" to stay portable',
      ],
    ],
  ],
  [
    'parameter on a dependency outside the conditions',
    (d) =>
      (d.spec.triggers[0] = {
        template: {
          name: 't',
          conditions: 'a',
          http: http({ payload: [{ src: { dependencyName: 'b', value: 'x' }, dest: 'y' }] }),
        },
      }),
    [
      [
        W,
        `${T0}.template.http.payload[0].src.dependencyName`,
        'dependency "b" is not in this trigger\'s conditions, so its event is never available: src.value "x" is always used',
      ],
    ],
  ],
  [
    'pulsar connection backoff and inline list',
    (d) => {
      d.spec.triggers[0].template = {
        name: 't',
        pulsar: { url: 'pulsar://x', topic: 'q', payload: [], connectionBackoff: { duration: 'x' } },
      };
      d.spec.triggers.push({ template: { name: 'k', k8s: { source: { inline: '- a' } } } });
    },
    [
      [
        E,
        `${T0}.template.pulsar.connectionBackoff.duration`,
        'expected a duration with a unit such as "1s" or "500ms", or integer nanoseconds, found "x"',
      ],
      [
        E,
        'spec.triggers[1].template.k8s.source.inline',
        'expected the YAML or JSON text of an object, found a list',
      ],
    ],
  ],
  [
    'ignored settings are warnings: nested dlqTrigger, DLQ rate limit, jq with script',
    (d) => {
      d.spec.dependencies[0].transform = { jq: '.', script: 'return event' };
      Object.assign(d.spec.triggers[0], {
        atLeastOnce: true,
        dlqTrigger: {
          atLeastOnce: true,
          template: { name: 'd', log: {} },
          rateLimit: { requestsPerUnit: 1 },
          dlqTrigger: { template: { name: 'e', log: {} } },
        },
      });
    },
    [
      [W, `${D0}.transform`, 'both jq and script are set: jq is used and script is ignored'],
      [
        W,
        `${T0}.dlqTrigger.rateLimit`,
        'rateLimit is ignored in a dlqTrigger (DLQ triggers are not rate limited)',
      ],
      [W, `${T0}.dlqTrigger.dlqTrigger`, 'a dlqTrigger inside a dlqTrigger is ignored'],
    ],
  ],
];

for (const [name, mutate, expected] of CASES) {
  void test(`invalid sensor: ${name}`, () => {
    const doc = base();
    mutate(doc);
    const r = validateResource(doc);
    const got = r.issues.map((i): Expect => [i.severity, formatPath(i.path), i.message]);
    assert.deepEqual(got, expected);
    assert.equal(
      r.resource !== undefined,
      expected.every(([s]) => s === 'warning'),
    );
  });
}

void test('at least 25 invalid documents are covered', () => {
  assert.ok(CASES.filter(([, , e]) => e.some(([s]) => s === 'error')).length >= 25);
});
