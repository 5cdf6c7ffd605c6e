/** Invalid EventSources: each asserts the exact path and message of its single error. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath } from '../issues.js';
import { validateResource } from '../validate.js';

const es = (spec: object, name = 'es') => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'EventSource',
  metadata: { name },
  spec,
});
const hook = (extra: object = {}) => ({ port: '12000', endpoint: '/x', method: 'POST', ...extra });
const secret = (name = 's') => ({ name, key: 'k' });
const kafka = (extra: object) => ({
  kafka: { k: { url: 'kafka:9092', topic: 't', partition: '0', ...extra } },
});

const errors = (doc: unknown) =>
  validateResource(doc)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => ({ path: formatPath(i.path), message: i.message }));

/** [what, document, path of the single error, its message] */
const INVALID: [string, object, string, string][] = [
  [
    'port of the wrong type',
    es({ webhook: { ex: hook({ port: 12000 }) } }),
    'spec.webhook.ex.port',
    'expected string, found number 12000',
  ],
  [
    'missing endpoint',
    es({ webhook: { ex: { port: '1', method: 'GET' } } }),
    'spec.webhook.ex.endpoint',
    'required field is missing (expected string)',
  ],
  [
    'missing required secret',
    es({ slack: { s: { webhook: hook(), token: secret() } } }),
    'spec.slack.s.signingSecret',
    'required field is missing (expected object)',
  ],
  [
    'empty required string',
    es({ sns: { s: { webhook: hook(), topicArn: '', region: 'r' } } }),
    'spec.sns.s.topicArn',
    'must specify topic arn',
  ],
  [
    'bad SASL mechanism',
    es(kafka({ sasl: { mechanism: 'FOO', userSecret: secret(), passwordSecret: secret() } })),
    'spec.kafka.k.sasl.mechanism',
    'expected one of "", "PLAIN", "OAUTHBEARER", "SCRAM-SHA-256", "SCRAM-SHA-512", "GSSAPI", found "FOO"',
  ],
  [
    'bad resource event type',
    es({ resource: { r: { version: 'v1', resource: 'pods', eventTypes: ['CREATE'] } } }),
    'spec.resource.r.eventTypes[0]',
    'expected one of "ADD", "UPDATE", "DELETE", found "CREATE"',
  ],
  [
    'cron value out of range',
    es({ calendar: { c: { schedule: '61 * * * *' } } }),
    'spec.calendar.c.schedule',
    'failed to parse schedule "61 * * * *": end of range (61) above maximum (59): 61',
  ],
  [
    'cron with 7 fields',
    es({ calendar: { c: { schedule: '0 0 0 * * * *' } } }),
    'spec.calendar.c.schedule',
    'failed to parse schedule "0 0 0 * * * *": expected 5 or 6 fields, found 7: [0 0 0 * * * *]',
  ],
  [
    'unknown cron descriptor',
    es({ calendar: { c: { schedule: '@fortnightly' } } }),
    'spec.calendar.c.schedule',
    'failed to parse schedule "@fortnightly": unrecognized descriptor: @fortnightly',
  ],
  [
    'bad @every duration',
    es({ calendar: { c: { schedule: '@every ten minutes' } } }),
    'spec.calendar.c.schedule',
    'failed to parse schedule "@every ten minutes": failed to parse duration @every ten minutes: expected a duration such as "30s" or "1h30m"',
  ],
  [
    'cron Sunday as 7',
    es({ calendar: { c: { schedule: '0 0 * * 7' } } }),
    'spec.calendar.c.schedule',
    'failed to parse schedule "0 0 * * 7": end of range (7) above maximum (6): 7',
  ],
  [
    'cron bad TZ prefix',
    es({ calendar: { c: { schedule: 'TZ=Mars/Base 0 0 * * *' } } }),
    'spec.calendar.c.schedule',
    'failed to parse schedule "TZ=Mars/Base 0 0 * * *": provided bad location Mars/Base: unknown time zone "Mars/Base": expected an IANA zone such as "Europe/Berlin" or "UTC"',
  ],
  [
    'no schedule nor interval',
    es({ calendar: { c: { timezone: 'UTC' } } }),
    'spec.calendar.c',
    'must have either schedule or interval, found neither',
  ],
  [
    'bad interval',
    es({ calendar: { c: { interval: '10 seconds' } } }),
    'spec.calendar.c.interval',
    'expected a duration such as "30s", "5m" or "1h30m", found "10 seconds"',
  ],
  [
    'interval below 1s',
    es({ calendar: { c: { interval: '500ms' } } }),
    'spec.calendar.c.interval',
    'expected a duration of at least 1s, found "500ms" (shorter intervals make upstream fire in a tight loop)',
  ],
  [
    'unknown time zone',
    es({ calendar: { c: { interval: '1m', timezone: 'Mars/Base' } } }),
    'spec.calendar.c.timezone',
    'unknown time zone "Mars/Base": expected an IANA zone such as "Europe/Berlin" or "UTC"',
  ],
  [
    'time zone in wrong case',
    es({ calendar: { c: { interval: '1m', timezone: 'europe/berlin' } } }),
    'spec.calendar.c.timezone',
    'unknown time zone "europe/berlin": zone names are case-sensitive, expected "Europe/Berlin"',
  ],
  [
    'bad exclusion date',
    es({ calendar: { c: { interval: '1m', exclusionDates: ['EXDATE:20240231T000000Z'] } } }),
    'spec.calendar.c.exclusionDates[0]',
    'failed to parse exclusion date "20240231T000000Z": expected YYYYMMDDTHHMMSSZ such as 20240102T000000Z',
  ],
  [
    'event name with a dot',
    es({ webhook: { 'a.b': hook() } }, 'hooks'),
    'spec.webhook["a.b"]',
    'event name "a.b" contains ".", but it must be a single NATS subject token (no ".", "*", ">" or whitespace): it would break subject "default.hooks.a.b"',
  ],
  [
    'event name with a space',
    es({ webhook: { 'a b': hook() } }, 'hooks'),
    'spec.webhook["a b"]',
    'event name "a b" contains whitespace, but it must be a single NATS subject token (no ".", "*", ">" or whitespace): it would break subject "default.hooks.a b"',
  ],
  [
    'event source name with a wildcard',
    es({ webhook: { ex: hook() } }, 'hooks*'),
    'metadata.name',
    'event source name "hooks*" contains "*", but it must be a single NATS subject token (no ".", "*", ">" or whitespace): it would break subject "default.hooks*.<event>"',
  ],
  [
    'duplicate event name',
    es({
      webhook: { ex: hook() },
      sns: { ex: { webhook: hook({ port: '13000' }), topicArn: 'a', region: 'r' } },
    }),
    'spec.webhook.ex',
    'more than one "ex" found in the spec (spec.sns.ex and spec.webhook.ex): event names must be unique across all types',
  ],
  [
    'leader-elected mixed with all-replica',
    es({ webhook: { w: hook() }, calendar: { c: { interval: '1m' } } }),
    'spec',
    'event sources with rolling update and recreate update strategy can not be put together (found all-replica types webhook and leader-elected types calendar; split them into two EventSources)',
  ],
  [
    'TLS without anything',
    es(kafka({ tls: {} })),
    'spec.kafka.k.tls',
    'invalid tls config, please configure either caCertSecret, or clientCertSecret and clientKeySecret, or both (found none of them; set enabled: true for TLS with the system roots)',
  ],
  [
    'TLS client cert without key',
    es(kafka({ tls: { clientCertSecret: secret() } })),
    'spec.kafka.k.tls',
    'invalid tls config, both clientCertSecret and clientKeySecret need to be configured (found only clientCertSecret)',
  ],
  [
    'basic auth without password',
    es({ mqtt: { m: { url: 'tcp://m:1883', topic: 't', clientId: 'c', auth: { username: secret() } } } }),
    'spec.mqtt.m.auth.password',
    'password missing: basic auth needs both username and password secrets',
  ],
  [
    'SASL without password',
    es(kafka({ sasl: { mechanism: 'PLAIN', userSecret: secret() } })),
    'spec.kafka.k.sasl',
    'invalid sasl config, both userSecret and passwordSecret must be defined (missing passwordSecret)',
  ],
  [
    'kafka without partition or group',
    es({ kafka: { k: { url: 'kafka:9092', topic: 't' } } }),
    'spec.kafka.k',
    'consumerGroup or partition must be specified, found neither',
  ],
  [
    'endpoint without leading slash',
    es({ webhook: { ex: hook({ endpoint: 'example' }) } }),
    'spec.webhook.ex.endpoint',
    'endpoint "example" must start with "/" (upstream accepts it, but no request path can match)',
  ],
  [
    'port not numeric',
    es({ webhook: { ex: hook({ port: 'http' }) } }),
    'spec.webhook.ex.port',
    'failed to parse server port "http": expected a number 1..65535',
  ],
  [
    'port out of range',
    es({ github: { g: { webhook: hook({ port: '70000' }), organizations: ['o'] } } }),
    'spec.github.g.webhook.port',
    'failed to parse server port "70000": expected a number 1..65535',
  ],
  [
    'method missing',
    es({ webhook: { ex: { port: '1', endpoint: '/' } } }),
    'spec.webhook.ex.method',
    'method is required: expected "GET" or "POST" (upstream answers every request with 400 "http method does not match" when it is empty)',
  ],
  [
    'method in lower case',
    es({ webhook: { ex: hook({ method: 'post' }) } }),
    'spec.webhook.ex.method',
    'method "post" never matches: HTTP methods are case-sensitive, expected "POST"',
  ],
  [
    'method not handled',
    es({ webhook: { ex: hook({ method: 'PUT' }) } }),
    'spec.webhook.ex.method',
    'method "PUT" cannot work: the webhook source only turns GET and POST requests into events (upstream answers 400 "unsupoorted method")',
  ],
  [
    'not a method',
    es({ webhook: { ex: hook({ method: 'SEND' }) } }),
    'spec.webhook.ex.method',
    'expected an HTTP method ("GET" or "POST"), found "SEND"',
  ],
  [
    'same port and endpoint twice',
    es({ webhook: { a: hook(), b: hook({ method: 'GET' }) } }),
    'spec.webhook.b.endpoint',
    'port 12000 endpoint "/x" is already used by spec.webhook.a: only the first route receives requests (routes match on path only, not method); use another endpoint or port',
  ],
  [
    'TLS and plain routes on one port',
    es({
      webhook: {
        a: hook(),
        b: hook({ endpoint: '/y', serverCertSecret: secret(), serverKeySecret: secret() }),
      },
    }),
    'spec.webhook.b',
    'routes on port 12000 disagree on TLS: spec.webhook.b sets serverCertSecret/serverKeySecret and spec.webhook.a does not; one server serves a port and its first route decides',
  ],
  [
    'server cert without key',
    es({ webhook: { ex: hook({ serverCertSecret: secret() }) } }),
    'spec.webhook.ex.serverKeySecret',
    'serverCertSecret is set without serverKeySecret: set both for HTTPS or neither (upstream silently serves plain HTTP)',
  ],
  [
    'relative watch directory',
    es({ file: { f: { eventType: 'CREATE', watchPathConfig: { directory: 'data/', path: 'x' } } } }),
    'spec.file.f.watchPathConfig.directory',
    'directory must be an absolute file path, found "data/"',
  ],
  [
    'path and pathRegexp together',
    es({
      file: { f: { eventType: 'CREATE', watchPathConfig: { directory: '/d/', path: 'x', pathRegexp: 'y' } } },
    }),
    'spec.file.f.watchPathConfig',
    'path and pathRegexp cannot be specified together',
  ],
  [
    'invalid pathRegexp',
    es({ file: { f: { eventType: 'WRITE', watchPathConfig: { directory: '/d/', pathRegexp: '(a' } } } }),
    'spec.file.f.watchPathConfig.pathRegexp',
    'invalid regular expression "(a": Invalid regular expression: /(a/: Unterminated group',
  ],
  [
    'unknown file event type',
    es({ file: { f: { eventType: 'MODIFY', watchPathConfig: { directory: '/d/', path: 'x' } } } }),
    'spec.file.f.eventType',
    'eventType "MODIFY" never matches a file operation: expected one of CREATE, WRITE, REMOVE, RENAME, CHMOD',
  ],
  [
    'empty NATS queue group',
    es({ nats: { n: { url: 'nats://n:4222', subject: 'a', queue: '' } } }),
    'spec.nats.n.queue',
    'queue group cannot be empty if specified',
  ],
  [
    'AMQP url and urlSecret',
    es({
      amqp: {
        a: {
          url: 'amqp://h',
          urlSecret: secret(),
          exchangeName: 'e',
          exchangeType: 'fanout',
          routingKey: 'r',
        },
      },
    }),
    'spec.amqp.a',
    'only one of url or urlSecret can be specified, found both',
  ],
  [
    'empty filter expression',
    es({ webhook: { ex: hook({ filter: {} }) } }),
    'spec.webhook.ex.filter.expression',
    'expected a non-empty expr-lang expression, found "": upstream drops every event when it is empty',
  ],
  [
    'negative replicas',
    es({ replicas: -1, webhook: { ex: hook() } }),
    'spec.replicas',
    'expected replicas >= 0, found -1',
  ],
  [
    'github content type',
    es({ github: { g: { webhook: hook(), organizations: ['o'], contentType: 'xml' } } }),
    'spec.github.g.contentType',
    'content type must be "json" or "form", found "xml"',
  ],
  [
    'pulsar without subscription type',
    es({ pulsar: { p: { url: 'pulsar://p:6650', topics: ['t'] } } }),
    'spec.pulsar.p.type',
    'subscription type must be either exclusive or shared, found none',
  ],
  [
    'service bus queue and topic',
    es({
      azureServiceBus: {
        a: { connectionString: secret(), queueName: 'q', topicName: 't', subscriptionName: 's' },
      },
    }),
    'spec.azureServiceBus.a',
    'QueueName and TopicName/SubscriptionName cannot be specified at the same time',
  ],
  [
    'redis password without namespace',
    es({ redis: { r: { hostAddress: 'r:6379', channels: ['c'], password: secret() } } }),
    'spec.redis.r.namespace',
    'namespace must be defined in order to retrieve the password from the secret (upstream requires it with password)',
  ],
  [
    'github hooks without events',
    es({ github: { g: { webhook: hook({ url: 'https://x' }), organizations: ['o'], apiToken: secret() } } }),
    'spec.github.g.events',
    'events must be defined to create a github webhook (found none; use ["*"] for all events)',
  ],
  [
    'sftp without login',
    es({
      sftp: {
        s: {
          eventType: 'CREATE',
          watchPathConfig: { directory: '/d/', path: 'x' },
          username: secret(),
          address: secret(),
        },
      },
    }),
    'spec.sftp.s',
    'either password or sshKeySecret is required to log in, found neither',
  ],
];

for (const [what, doc, wantPath, wantMessage] of INVALID) {
  void test(`invalid EventSource: ${what}`, () => {
    assert.deepEqual(errors(doc), [{ path: wantPath, message: wantMessage }]);
    assert.equal(validateResource(doc).resource, undefined);
  });
}

void test('at least 25 invalid documents are covered', () => {
  assert.ok(INVALID.length >= 25, `only ${INVALID.length} cases`);
});
