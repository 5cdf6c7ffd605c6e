/**
 * Golden table for the template engine: the Sprig functions. Expected outputs and error messages were
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

const SPRIG: Array<[text: string, why: string, out: string | null, err: string | null]> = [
  ['{{ .Input.body.message | title }}', 'C14 title', 'Hello There!!', null],
  ['{{ .Input.body.name | nospace | lower }}-', 'C14 nospace|lower', 'foobar-', null],
  ['{{ b64dec .Input.body.b64 }}', 'C11 b64dec', 'hello world', null],
  [
    '{{ upper "héllo" }} {{ lower "ÀB" }} {{ title "it\'s a foo-bar_baz" }}',
    'case mapping',
    "HÉLLO àb It'S A Foo-Bar_baz",
    null,
  ],
  [
    '{{ trim .Input.body.s }}|{{ trimAll "ab" "abxba" }}|{{ trimPrefix "he" "hello" }}|{{ trimSuffix "lo" "hello" }}',
    'trims',
    'padded|x|llo|hel',
    null,
  ],
  [
    '{{ contains "ell" "hello" }} {{ hasPrefix "he" "hello" }} {{ hasSuffix "x" "hello" }} {{ replace "l" "L" "hello" }} {{ replace "" "-" "ab" }}',
    'contains/prefix/replace',
    'true true false heLLo -a-b-',
    null,
  ],
  [
    '{{ repeat 3 "ab" }} {{ substr 1 3 "hello" }} {{ trunc 3 "hello" }} {{ trunc -2 "hello" }} {{ substr 2 10 "hello" }}',
    'repeat/substr/trunc',
    'ababab el hel lo llo',
    null,
  ],
  [
    '{{ substr -1 10 "hello" }}',
    'substr panic',
    null,
    'template: param:1:3: executing "param" at <substr -1 10 "hello">: error calling substr: runtime error: slice bounds out of range [:10] with length 5',
  ],
  [
    '{{ quote "a\\"b" 1 nil }} {{ squote "x" 2 }} {{ cat "a" 1 nil "b" }}',
    'quote/squote/cat',
    '"a\\"b" "1" \'x\' \'2\' a 1 b',
    null,
  ],
  ['{{ indent 2 "a\\nb" }}|{{ nindent 2 "x" }}', 'indent/nindent', '  a\n  b|\n  x', null],
  [
    '{{ splitList "," "a,b,,c" }} {{ join "-" (list 1 "a" nil 2.5) }}',
    'splitList/join',
    '[a b  c] 1-a-2.5',
    null,
  ],
  [
    '{{ toString 1.5 }} {{ toString .Input.body.o }} {{ toString .Input.body.n }}',
    'toString',
    '1.5 map[a:1 b:2] 1e+06',
    null,
  ],
  [
    '{{ empty "" }} {{ empty 0 }} {{ empty .Input.body.o }} {{ empty .Input.body.missing }} {{ coalesce "" 0 "x" }} {{ ternary "y" "n" true }}',
    'empty/coalesce/ternary',
    'true true false true x y',
    null,
  ],
  [
    '{{ default "d" "" }} {{ default "d" 0 }} {{ default "d" false }} {{ default "d" "v" }} {{ .Input.body.missing | default "dflt" }}',
    'default',
    'd d d v dflt',
    null,
  ],
  [
    '{{ toJson .Input.body.o }} {{ toJson .Input.body.html }} {{ toRawJson .Input.body.html }}',
    'toJson escapes HTML, toRawJson does not',
    '{"a":1,"b":2} "\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e" "<a href=\\"x\\">&</a>"',
    null,
  ],
  ['{{ toPrettyJson .Input.body.o }}', 'toPrettyJson', '{\n  "a": 1,\n  "b": 2\n}', null],
  [
    '{{ toJson .Input.body }}',
    'toJson sorts keys',
    '{"arr":[1,"x",null,{"k":true}],"b64":"aGVsbG8gd29ybGQ=","f":123456789.5,"html":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e","i":3,"message":"hello there!!","n":1000000,"name":"foo bar","neg":-2.5,"o":{"a":1,"b":2},"s":"  padded  ","t":true,"z":null}',
    null,
  ],
  ['{{ (fromJson "{\\"a\\":[1,2]}").a }} {{ fromJson "nope" }}', 'fromJson', '[1 2] <no value>', null],
  ['{{ mustToJson .Input.body.arr }}', 'mustToJson', '[1,"x",null,{"k":true}]', null],
  [
    '{{ b64enc "hello world" }} {{ b64dec "bad!" }} {{ b64dec "YWJj" }} {{ b64dec "YWJ" }}',
    'base64',
    'aGVsbG8gd29ybGQ= illegal base64 data at input byte 3 abc illegal base64 data at input byte 0',
    null,
  ],
  ['{{ list 1 "a" }} {{ dict "a" 1 "b" }}', 'list/dict', '[1 a] map[a:1 b:]', null],
  [
    '{{ get .Input.body.o "a" }} {{ get .Input.body.o "zz" }} {{ hasKey .Input.body.o "b" }}',
    'get/hasKey',
    '1  true',
    null,
  ],
  ['{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }}', 'set', 'map[a:1 b:2]', null],
  [
    '{{ first .Input.body.arr }} {{ last .Input.body.arr }} {{ append .Input.body.arr 5 }}',
    'first/last/append',
    '1 map[k:true] [1 x <nil> map[k:true] 5]',
    null,
  ],
  [
    '{{ first "str" }}',
    'first on a string',
    null,
    'template: param:1:3: executing "param" at <first "str">: error calling first: Cannot find first on type string',
  ],
  [
    '{{ last .Input.body.missing }}',
    'last of nil',
    null,
    'template: param:1:3: executing "param" at <last .Input.body.missing>: error calling last: runtime error: invalid memory address or nil pointer dereference',
  ],
  [
    '{{ add 1 2 }} {{ sub 5 3 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 2 }} {{ add1 .Input.body.i }} {{ max 1 5 3 }} {{ min 4 2 }}',
    'int64 math',
    '3 2 24 3 1 4 5 2',
    null,
  ],
  [
    '{{ add .Input.body.f 1 }} {{ add "12" "0x10" }}',
    'math truncates floats, parses strings',
    '123456790 28',
    null,
  ],
  [
    '{{ div 1 0 }}',
    'division by zero',
    null,
    'template: param:1:3: executing "param" at <div 1 0>: error calling div: runtime error: integer divide by zero',
  ],
  ['{{ mul 9223372036854775807 2 }}', 'int64 overflow wraps', '-2', null],
  [
    '{{ int "42" }} {{ int64 .Input.body.neg }} {{ float64 "1.5" }} {{ atoi "12x" }} {{ atoi "12" }}',
    'conversions',
    '42 -2 1.5 0 12',
    null,
  ],
  [
    '{{ sha256sum "abc" }}',
    'sha256sum',
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    null,
  ],
  ['{{ uuidv4 | len }}', 'uuidv4 length', '36', null],
  [
    '{{ regexMatch "^h.*!$" .Input.body.message }} {{ regexFind "[0-9]+" "ab123cd45" }} {{ regexReplaceAll "(a)(b)" "abab" "${2}$1x" }}',
    'regex',
    'true 123 bb',
    null,
  ],
  ['{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}', 'regex $1W is a named group', '---', null],
  [
    '{{ regexFind "(" "x" }}',
    'bad regex panics',
    null,
    'template: param:1:3: executing "param" at <regexFind "(" "x">: error calling regexFind: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`',
  ],
  ['{{ regexMatch "(" "x" }}', 'regexMatch ignores bad regex', 'false', null],
  ['{{ regexReplaceAll "a*" "baaac" "X" }}', 'empty matches', 'XbXcX', null],
  ['{{ date "2006-01-02 15:04:05 MST" 0 }}', 'date of unix seconds', '1970-01-01 00:00:00 UTC', null],
  [
    '{{ toDate "2006-01-02" "2024-02-29" | date "Jan 2, 2006 (Mon) 15:04:05.000 MST" }}',
    'toDate then date',
    'Feb 29, 2024 (Thu) 00:00:00.000 UTC',
    null,
  ],
  [
    '{{ unixEpoch (toDate "2006-01-02T15:04:05Z07:00" "2024-01-02T03:04:05+02:00") }}',
    'unixEpoch',
    '1704157445',
    null,
  ],
  ['{{ toDate "2006-01-02" "bad" }}', 'toDate error gives zero time', '0001-01-01 00:00:00 +0000 UTC', null],
  [
    '{{ dateInZone "2006-01-02 15:04 MST" (toDate "2006-01-02T15:04:05Z07:00" "2024-06-01T12:00:00Z") "America/New_York" }}',
    'dateInZone',
    '2024-06-01 08:00 EDT',
    null,
  ],
  [
    '{{ until 3 }} {{ untilStep 0 10 3 }} {{ sortAlpha (list "b" "a" "C") }} {{ uniq (list 1 1 2) }} {{ without (list 1 2 3) 2 }} {{ has 2 (list 1 2) }}',
    'list helpers',
    '[0 1 2] [0 3 6 9] [C a b] [1 2] [1 3] true',
    null,
  ],
  [
    '{{ slice .Input.body.arr 1 3 }} {{ slice .Input.body.arr 1 }}',
    'sprig slice',
    '[x <nil>] [x <nil> map[k:true]]',
    null,
  ],
  [
    '{{ typeOf .Input.body.n }} {{ kindOf .Input.body.o }} {{ typeOf 1 }} {{ typeOf (list) }}',
    'typeOf/kindOf',
    'float64 map int []interface {}',
    null,
  ],
];

void describe('Sprig golden table (Go)', () => {
  for (const [text, why, out, err] of SPRIG) {
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
