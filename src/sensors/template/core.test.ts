/**
 * Golden table for the template engine: actions, control flow, printing, builtins and error messages. Expected outputs and error messages were
 * produced by Go's text/template with Masterminds/sprig v3 (Go 1.19, sprig 3.2.3) on the same
 * data, `.Input` decoded as argo-events does (gjson Value(): numbers float64, objects maps).
 * Rows that differ on purpose are marked in their description.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTemplate, TemplateError } from './index.js';

process.env.TZ = 'UTC'; // dates below are rendered in the local zone, which the Go run had as UTC

const DATA = {
  body: {
    name: 'foo bar',
    message: 'hello there!!',
    n: 1000000,
    f: 123456789.5,
    i: 3,
    neg: -2.5,
    t: true,
    z: null,
    arr: [1, 'x', null, { k: true }],
    o: { b: 2, a: 1 },
    s: '  padded  ',
    b64: 'aGVsbG8gd29ybGQ=',
    html: '<a href="x">&</a>',
  },
};

const CORE: Array<[text: string, why: string, out: string | null, err: string | null]> = [
  [
    '{{ .Input.body.n }} {{ .Input.body.f }} {{ .Input.body.i }}',
    'JSON numbers are float64: %v uses exponents from 1e+06',
    '1e+06 1.234567895e+08 3',
    null,
  ],
  [
    '{{ 1000000 }} {{ 1000000.0 }} {{ 1234567.0 }} {{ 3.0 }} {{ -1.5e-7 }}',
    'literal ints vs floats',
    '1000000 1e+06 1.234567e+06 3 -1.5e-07',
    null,
  ],
  [
    "{{ 1e3 }} {{ 0x10 }} {{ 1_000 }} {{ 'a' }} {{ 0o17 }} {{ 017 }}",
    'number literal syntax',
    '1000 16 1000 97 15 15',
    null,
  ],
  [
    '{{ .Input.body }}',
    'maps print sorted: map[k:v]',
    'map[arr:[1 x <nil> map[k:true]] b64:aGVsbG8gd29ybGQ= f:1.234567895e+08 html:<a href="x">&</a> i:3 message:hello there!! n:1e+06 name:foo bar neg:-2.5 o:map[a:1 b:2] s:  padded   t:true z:<nil>]',
    null,
  ],
  ['{{ .Input.body.arr }}', 'slices print [a b], nil as <nil>', '[1 x <nil> map[k:true]]', null],
  ['{{ .Input.body.missing }}', 'missing key prints <no value>', '<no value>', null],
  ['{{ .Input.body.z }}', 'JSON null prints <no value> too', '<no value>', null],
  [
    '{{ .Input.body.z.x }}',
    'field of null: nil pointer error',
    null,
    'template: param:1:9: executing "param" at <.Input.body.z.x>: nil pointer evaluating interface {}.x',
  ],
  [
    '{{ .Input.body.name.x }}',
    'field of a string',
    null,
    'template: param:1:9: executing "param" at <.Input.body.name.x>: can\'t evaluate field x in type interface {}',
  ],
  ['{{ .Input.body.missing.x }}', 'field of missing is missing', '<no value>', null],
  [
    '{{ .Input.body.arr.x }}',
    'field of a slice',
    null,
    'template: param:1:9: executing "param" at <.Input.body.arr.x>: can\'t evaluate field x in type interface {}',
  ],
  [
    '{{ upper .Input.body.z }}',
    'nil argument to a string parameter',
    null,
    'template: param:1:15: executing "param" at <.Input.body.z>: wrong type for value; expected string; got interface {}',
  ],
  [
    '{{ .Input.body.z | upper }}',
    'nil piped into a string parameter',
    null,
    'template: param:1:19: executing "param" at <upper>: invalid value; expected string',
  ],
  [
    '{{ upper .Input.body.n }}',
    'float64 to a string parameter',
    null,
    'template: param:1:15: executing "param" at <.Input.body.n>: wrong type for value; expected string; got float64',
  ],
  [
    '{{ upper 1 }}',
    'int literal to a string parameter',
    null,
    'template: param:1:9: executing "param" at <1>: expected string; found 1',
  ],
  [
    '{{ repeat "3" "x" }}',
    'string literal to an int parameter',
    null,
    'template: param:1:10: executing "param" at <"3">: expected integer; found "3"',
  ],
  ['{{ if .Input.body.t }}yes{{ else }}no{{ end }}', 'if/else', 'yes', null],
  [
    '{{ if .Input.body.missing }}a{{ else if .Input.body.i }}b{{ else }}c{{ end }}',
    'else if chain',
    'b',
    null,
  ],
  [
    '{{ if .Input.body.arr }}nonempty{{ end }}{{ if .Input.body.s }}s{{ end }}{{ if 0 }}zero{{ end }}',
    'truthiness',
    'nonemptys',
    null,
  ],
  [
    '{{ range $i, $v := .Input.body.arr }}{{ $i }}={{ $v }};{{ end }}',
    'range with index and element',
    '0=1;1=x;2=<no value>;3=map[k:true];',
    null,
  ],
  ['{{ range .Input.body.o }}{{ . }}{{ end }}', 'range over a map: sorted keys', '12', null],
  [
    '{{ range $k, $v := .Input.body.o }}{{ $k }}:{{ $v }} {{ end }}',
    'range over a map with key',
    'a:1 b:2 ',
    null,
  ],
  ['{{ range .Input.body.missing }}x{{ else }}empty{{ end }}', 'range else', 'empty', null],
  [
    '{{ range $i, $e := .Input.body.arr }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ $e }}{{ end }}',
    'break',
    '1x',
    null,
  ],
  [
    '{{ range $i, $e := .Input.body.arr }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $i }}{{ end }}',
    'continue',
    '023',
    null,
  ],
  [
    '{{ range .Input.body.n }}{{ . }}{{ end }}',
    'range over a float',
    null,
    'template: param:1:15: executing "param" at <.Input.body.n>: range can\'t iterate over 1e+06',
  ],
  ['{{ with .Input.body.o }}{{ .a }}{{ end }}', 'with sets dot', '1', null],
  ['{{ with .Input.body.missing }}x{{ else }}none{{ end }}', 'with else', 'none', null],
  ['{{ $x := 1 }}{{ $x = 2 }}{{ $x }}', 'declare and assign', '2', null],
  ['{{ $a := 1 }}{{ with $b := 2 }}{{ $a }}{{ $b }}{{ end }}', 'variable scopes', '12', null],
  ['{{ $.Input.body.i }}', '$ is the data', '3', null],
  ['{{- "a" -}}   {{- "b" }}', 'trim markers', 'ab', null],
  ['  {{- /* comment */ -}}  x', 'comment with trim', 'x', null],
  ['{{ (.Input.body).name }}', 'field of a parenthesized pipeline', 'foo bar', null],
  [
    '{{ define "T" }}[{{ . }}]{{ end }}{{ template "T" "x" }}{{ template "T" 2 }}',
    'define and template',
    '[x][2]',
    null,
  ],
  ['{{ block "B" .Input.body.i }}blk{{ . }}{{ end }}', 'block', 'blk3', null],
  [
    '{{ template "nope" }}',
    'undefined template',
    null,
    'template: param:1:12: executing "param" at <{{template "nope"}}>: template "nope" not defined',
  ],
  [
    '{{ len .Input.body.arr }} {{ len .Input.body.name }} {{ len "héllo" }} {{ len .Input.body.o }}',
    'len (bytes for strings)',
    '4 7 6 2',
    null,
  ],
  [
    '{{ index .Input.body.arr 1 }} {{ index .Input.body.o "b" }} {{ index "abc" 1 }}',
    'index',
    'x 2 98',
    null,
  ],
  [
    '{{ index .Input.body.arr 9 }}',
    'index out of range',
    null,
    'template: param:1:3: executing "param" at <index .Input.body.arr 9>: error calling index: index out of range: 9',
  ],
  [
    '{{ index .Input.body.arr 1.0 }}',
    'index with a float',
    null,
    'template: param:1:3: executing "param" at <index .Input.body.arr 1.0>: error calling index: cannot index slice/array with type float64',
  ],
  ['{{ eq .Input.body.i 3.0 }}', 'eq float64 with float literal', 'true', null],
  [
    '{{ eq .Input.body.i 3 }}',
    'eq float64 with int literal: incompatible',
    null,
    'template: param:1:3: executing "param" at <eq .Input.body.i 3>: error calling eq: incompatible types for comparison',
  ],
  ['{{ eq .Input.body.name "x" "foo bar" }}', 'eq with several', 'true', null],
  ['{{ eq .Input.body.missing "x" }}', 'eq with missing value', 'false', null],
  [
    '{{ lt 1 2 }} {{ gt "b" "a" }} {{ le 2 2 }} {{ ge 1 2 }} {{ ne 1 2 }}',
    'comparisons',
    'true true true false true',
    null,
  ],
  [
    '{{ lt true false }}',
    'lt on bools',
    null,
    'template: param:1:3: executing "param" at <lt true false>: error calling lt: invalid type for comparison',
  ],
  [
    '{{ and 1 0 2 }} {{ or 0 "" "x" }} {{ not .Input.body.t }} {{ and }}',
    'and/or/not',
    null,
    'template: param:1:61: executing "param" at <and>: wrong number of args for and: want at least 1 got 0',
  ],
  ['{{ and 1 }} {{ or 0 }}', 'and/or with one arg', '1 0', null],
  [
    '{{ html .Input.body.html }} {{ js .Input.body.html }} {{ urlquery "a b&c=d/é" }}',
    'escapers',
    '&lt;a href=&#34;x&#34;&gt;&amp;&lt;/a&gt; \\u003Ca href\\u003D\\"x\\"\\u003E\\u0026\\u003C/a\\u003E a+b%26c%3Dd%2F%C3%A9',
    null,
  ],
  ['{{ html .Input.body.missing }}', 'html of missing value', '&lt;no value&gt;', null],
  [
    '{{ printf "%d-%s-%v-%q-%5.2f-%x-%05d-%-4s|" 3 "a" .Input.body.o "q" 3.14159 "hi" 42 "ab" }}',
    'printf verbs',
    '3-a-map[a:1 b:2]-"q"- 3.14-6869-00042-ab  |',
    null,
  ],
  ['{{ printf "%d %s" "str" }}', 'printf bad verb and missing', '%!d(string=str) %!s(MISSING)', null],
  ['{{ printf "%s" "a" "b" }}', 'printf extra args', 'a%!(EXTRA string=b)', null],
  [
    '{{ printf "%v %T %T %T %s" .Input.body.z .Input.body.o 1 1.5 .Input.body.arr }}',
    'printf %T and nils',
    '<nil> map[string]interface {} int float64 [%!s(float64=1) x <nil> map[k:%!s(bool=true)]]',
    null,
  ],
  [
    '{{ printf "%6.2f|%-6d|%+d|%x|%X|%o|%b|%c|%U|%e|%g|%8.3e" 3.14159 42 5 255 255 8 5 65 65 1234.5678 0.00001234 1234.5678 }}',
    'printf numeric verbs',
    '  3.14|42    |+5|ff|FF|10|101|A|U+0041|1.234568e+03|1.234e-05|1.235e+03',
    null,
  ],
  ['{{ print 1 2 "a" "b" 3 nil }} {{ println 1 "a" }}', 'print spacing rules', '1 2ab3 <nil> 1 a\n', null],
  ['{{ print .Input.body.missing }}', 'print of missing is <nil>', '<nil>', null],
  ['{{ foo }}', 'unknown function: parse error', null, 'template: param:1: function "foo" not defined'],
  [
    '{{ .Input.body.name | bar }}',
    'unknown function in a pipeline',
    null,
    'template: param:1: function "bar" not defined',
  ],
  [
    '{{ env "HOME" }}',
    'env is deliberately not provided (it would expose secrets)',
    null,
    'template: param:1: function "env" not defined',
  ],
  ['{{ if }}', 'missing value for if', null, 'template: param:1: missing value for if'],
  ['{{ end }}', 'unexpected end', null, 'template: param:1: unexpected {{end}}'],
  ['{{ range }}', 'missing value for range', null, 'template: param:1: missing value for range'],
  ['{{ $y }}', 'undefined variable', null, 'template: param:1: undefined variable "$y"'],
  [
    '{{ 3 | 4 }}',
    'non executable command',
    null,
    'template: param:1: non executable command in pipeline stage 2',
  ],
  ['{{ "unterminated }}', 'unterminated string', null, 'template: param:1: unterminated quoted string'],
  ['{{ .Input.body.message', 'unclosed action', null, 'template: param:1: unclosed action'],
  ['{{ if 1 }}x', 'unexpected EOF', null, 'template: param:1: unexpected EOF'],
  ['{{ break }}', 'break outside range', null, 'template: param:1: {{break}} outside {{range}}'],
  [
    '{{ nil }}',
    'nil is not a command',
    null,
    'template: param:1:3: executing "param" at <nil>: nil is not a command',
  ],
  [
    '{{ .Input.body.i 1 }}',
    'argument to a field',
    null,
    'template: param:1:9: executing "param" at <.Input.body.i>: i is not a method but has arguments',
  ],
  [
    '{{ "x" 1 }}',
    'argument to a non-function',
    null,
    'template: param:1:3: executing "param" at <"x">: can\'t give argument to non-function "x"',
  ],
  [
    'line1\n{{ .Input.body.z.q }}',
    'error position on line 2',
    null,
    'template: param:2:9: executing "param" at <.Input.body.z.q>: nil pointer evaluating interface {}.q',
  ],
  [
    '{{ (1) }}{{ 99999999999999999999 }}',
    'integer overflow',
    null,
    'template: param:1: integer overflow: "99999999999999999999"',
  ],
  ['{{ 1.2.3 }}', 'bad number', null, 'template: param:1: unexpected ".3" in operand'],
  ['{{ .Input.body.x! }}', 'bad character', null, "template: param:1: bad character U+0021 '!'"],
];

void describe('text/template golden table (Go)', () => {
  for (const [text, why, out, err] of CORE) {
    void it(`${why}: ${JSON.stringify(text)}`, () => {
      if (err === null) {
        assert.equal(renderTemplate(text, { Input: DATA }), out);
      } else {
        assert.throws(
          () => renderTemplate(text, { Input: DATA }),
          (e: unknown) => e instanceof TemplateError && e.message === err,
        );
      }
    });
  }
});
