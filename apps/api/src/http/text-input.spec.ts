import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { findPrototypeKeys, inspectText, MultiLine } from './text-input';

class Inner {
  @IsString()
  label: string;

  @IsString()
  @MultiLine()
  note: string;
}

class Outer {
  @IsString()
  title: string;

  @IsString()
  @MultiLine()
  description: string;

  @IsString({ each: true })
  words: string[];

  @ValidateNested({ each: true })
  @Type(() => Inner)
  items: Inner[];
}

class Patch extends PartialType(Outer) {}

const build = <T extends object>(cls: new () => T, values: Partial<T>): T => Object.assign(new cls(), values);

const fieldsOf = (entity: object) => inspectText(entity).map((e) => [e.property, Object.keys(e.constraints ?? {})[0]]);

describe('text wherever it enters', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a control character', 'a\u001bb'],
    ['DEL', 'a\u007fb'],
    ['U+FFFD, what undecodable bytes become', 'a\ufffdb'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a high surrogate at the end', 'ab\ud83d'],
  ])('refuses %s anywhere, and puts a stand-in in its place', (_, bad) => {
    const entity = build(Outer, { title: bad, description: bad, words: ['ok', bad], items: [build(Inner, { label: bad, note: 'ok' })] });
    expect(fieldsOf(entity)).toEqual([
      ['title', 'forbiddenCharacters'],
      ['description', 'forbiddenCharacters'],
      ['words[1]', 'forbiddenCharacters'],
      ['items[0].label', 'forbiddenCharacters'],
    ]);
    expect(entity.title).toBe('x');
    expect(entity.words).toEqual(['ok', 'x']);
  });

  it('takes tabs, accents, emoji (surrogate pairs) and other scripts', () => {
    const entity = build(Outer, { title: 'Ferme\tcoopérative 🌱 – 農場', words: ['maraîchage'], items: [] });
    expect(inspectText(entity)).toEqual([]);
  });

  it('refuses line breaks in single-line fields, keeps them LF-only in multi-line ones', () => {
    const entity = build(Outer, {
      title: 'a\nb',
      description: 'one\r\ntwo\rthree\nfour',
      words: ['a\rb'],
      items: [build(Inner, { label: 'a\r\nb', note: 'x\r\ny' })],
    });
    expect(fieldsOf(entity)).toEqual([
      ['title', 'singleLine'],
      ['words[0]', 'singleLine'],
      ['items[0].label', 'singleLine'],
    ]);
    expect(entity.description).toBe('one\ntwo\nthree\nfour');
    expect(entity.items[0].note).toBe('x\ny');
  });

  it('knows the multi-line fields of a mapped type (PartialType) too', () => {
    const entity = build(Patch, { description: 'a\r\nb' });
    expect(inspectText(entity)).toEqual([]);
    expect(entity.description).toBe('a\nb');
  });
});

describe('prototype keys', () => {
  it('finds __proto__, constructor and prototype at any depth, with their paths', () => {
    const body = JSON.parse('{"__proto__":{"x":1},"a":{"constructor":1},"list":[{"prototype":{}}],"ok":{"protoype":1}}') as unknown;
    expect(findPrototypeKeys(body)).toEqual(['__proto__', 'a.constructor', 'list[0].prototype']);
  });

  it('finds none in an ordinary body', () => {
    expect(findPrototypeKeys({ a: [1, { b: 'constructor' }], c: null })).toEqual([]);
  });
});
