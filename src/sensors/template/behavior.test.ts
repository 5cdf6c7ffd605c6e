/**
 * Behaviour of the template engine beyond the Go golden tables: how argo-events feeds it (C11,
 * C14), error kinds, the execution budget, and the few places where jetflow follows a newer Go
 * than the golden tables were produced with.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FuncError, GoInt, parseTemplate, renderTemplate, TemplateError, type GoFunc } from './index.js';

const kindOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof TemplateError) return err.kind;
    throw err;
  }
  return 'none';
};

void describe('as argo-events uses it', () => {
  void it('C11: a data filter template sees .Input as the string form of the path result', () => {
    assert.equal(renderTemplate('{{ b64dec .Input }}', { Input: 'aGVsbG8gd29ybGQ=' }), 'hello world');
  });

  void it('C14: dataTemplate sees the parsed event data', () => {
    const data = { Input: { body: { name: 'foo bar', message: 'hello there!!' } } };
    assert.equal(renderTemplate('{{ .Input.body.message | title }}', data), 'Hello There!!');
    assert.equal(renderTemplate('{{ .Input.body.name | nospace | lower }}-', data), 'foobar-');
  });

  void it('renders a missing value as <no value>, which callers treat as "no result"', () => {
    assert.equal(renderTemplate('{{ .Input.nope }}', { Input: {} }), '<no value>');
  });

  void it('renders with no data at all', () => {
    assert.equal(renderTemplate('{{ . }}|{{ .x }}', undefined), '<no value>|<no value>');
  });
});

void describe('errors', () => {
  void it('unknown functions fail at parse time, naming the function', () => {
    assert.throws(() => parseTemplate('{{ .Input | frobnicate }}'), {
      name: 'TemplateError',
      message: 'template: param:1: function "frobnicate" not defined',
    });
    assert.equal(
      kindOf(() => parseTemplate('{{ frobnicate }}')),
      'parse',
    );
  });

  void it('execution errors are kind exec and carry the template name and position', () => {
    const t = parseTemplate('x\n  {{ index .a 5 }}', 'mine');
    assert.throws(() => t.execute({ a: [1] }), {
      message:
        'template: mine:2:5: executing "mine" at <index .a 5>: error calling index: index out of range: 5',
    });
    assert.equal(
      kindOf(() => t.execute({ a: [1] })),
      'exec',
    );
  });

  void it('a parsed template can be executed many times', () => {
    const t = parseTemplate('{{ .n }}');
    assert.equal(t.execute({ n: 1.5 }), '1.5');
    assert.equal(t.execute({ n: 'x' }), 'x');
  });
});

void describe('execution budget', () => {
  void it('stops an endless-looking nested range by steps', () => {
    const t = parseTemplate('{{ range until 100000 }}{{ range until 100000 }}x{{ end }}{{ end }}', 'p', {
      budget: { maxSteps: 50_000 },
    });
    assert.equal(
      kindOf(() => t.execute({})),
      'budget',
    );
  });

  void it('stops runaway output', () => {
    const t = parseTemplate('{{ range until 1000 }}{{ repeat 100 "x" }}{{ end }}', 'p', {
      budget: { maxOutput: 10_000 },
    });
    assert.equal(
      kindOf(() => t.execute({})),
      'budget',
    );
  });

  void it('refuses a single huge allocation before making it', () => {
    assert.equal(
      kindOf(() => renderTemplate('{{ repeat 1000000000 "x" }}', {})),
      'budget',
    );
    assert.equal(
      kindOf(() => renderTemplate('{{ until 1000000000 }}', {})),
      'budget',
    );
  });

  void it('stops unbounded template recursion', () => {
    const text = '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}';
    assert.throws(() => renderTemplate(text, {}), /exceeded maximum template depth \(200\)/);
  });

  void it('refuses absurdly nested data with a TemplateError', () => {
    let v: unknown = 1;
    for (let i = 0; i < 5000; i++) v = [v];
    assert.equal(
      kindOf(() => renderTemplate('{{ len . }}', v)),
      'budget',
    );
  });

  void it('turns absurd parse nesting into a TemplateError', () => {
    const text = '{{ ' + '('.repeat(20_000) + '1' + ')'.repeat(20_000) + ' }}';
    assert.equal(
      kindOf(() => renderTemplate(text, {})),
      'parse',
    );
  });
});

void describe('newer Go and jetflow choices', () => {
  void it('ranges over an integer (Go 1.22+, which argo-events is built with)', () => {
    assert.equal(renderTemplate('{{ range 3 }}{{ . }}{{ end }}', {}), '012');
    assert.equal(renderTemplate('{{ range $i := 2 }}[{{ $i }}]{{ else }}none{{ end }}', {}), '[0][1]');
  });

  void it('returns keys and values in sorted order (Go: random)', () => {
    assert.equal(renderTemplate('{{ keys .m }} {{ values .m }}', { m: { b: 2, a: 1 } }), '[a b] [1 2]');
  });

  void it('does not modify the caller data when a template uses set', () => {
    const data = { m: { a: 1 } };
    assert.equal(renderTemplate('{{ $_ := set .m "b" 2 }}{{ .m }}', data), 'map[a:1 b:2]');
    assert.deepEqual(data, { m: { a: 1 } });
  });

  void it('accepts extra functions that win over Sprig, with Go argument checking', () => {
    const shout: GoFunc = { params: ['string'], ret: 'string', fn: (s: string) => s.toUpperCase() + '!' };
    const boom: GoFunc = {
      params: [],
      ret: 'string',
      fn: () => {
        throw new FuncError('boom');
      },
    };
    const funcs = new Map([
      ['shout', shout],
      ['upper', shout],
      ['boom', boom],
    ]);
    assert.equal(renderTemplate('{{ shout "a" }} {{ upper "b" }}', {}, { funcs }), 'A! B!');
    assert.throws(
      () => renderTemplate('{{ shout 1 }}', {}, { funcs }),
      /executing "param" at <1>: expected string; found 1/,
    );
    assert.throws(() => renderTemplate('{{ boom }}', {}, { funcs }), /error calling boom: boom/);
  });

  void it('passes bigint data through as int64', () => {
    assert.equal(renderTemplate('{{ .n }} {{ typeOf .n }}', { n: 2n ** 40n }), '1099511627776 int64');
    assert.equal(renderTemplate('{{ .n }}', { n: new GoInt(7n) }), '7');
  });
});
