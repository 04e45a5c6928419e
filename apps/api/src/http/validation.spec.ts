import { ArrayMaxSize, IsIn, IsString, Max, MaxLength, Min, validate, ValidationError } from 'class-validator';
import { flattenValidationErrors } from './validation';

const LIMIT = 7;

class Sample {
  @IsString()
  @MaxLength(LIMIT)
  name: string;

  @Min(2)
  @Max(9)
  level: number;

  @IsIn(['a', 'b'])
  kind: string;

  @ArrayMaxSize(1)
  tags: string[];
}

const errorsOf = async (values: Partial<Sample>) =>
  validate(Object.assign(new Sample(), { name: 'ok', level: 5, kind: 'a', tags: [], ...values }), {
    validationError: { target: true, value: true },
  });

describe('validation messages', () => {
  it('take each bound from the constraint the field declares', async () => {
    const fields = flattenValidationErrors(await errorsOf({ name: 'x'.repeat(8), level: 10, kind: 'c', tags: ['1', '2'] }));
    expect(fields).toEqual([
      { field: 'name', messages: [`doit faire au plus ${LIMIT} caractères / must be at most ${LIMIT} characters long`] },
      { field: 'level', messages: ['doit être ≤ 9 / must be ≤ 9'] },
      { field: 'kind', messages: ['doit être l’une des valeurs : a, b / must be one of: a, b'] },
      { field: 'tags', messages: ['au plus 1 éléments / must hold at most 1 items'] },
    ]);
  });

  it('never read class-validator’s English text', async () => {
    const errors = await errorsOf({ level: 1 });
    for (const e of errors) for (const key of Object.keys(e.constraints ?? {})) e.constraints![key] = 'garbled';
    expect(flattenValidationErrors(errors)).toEqual([{ field: 'level', messages: ['doit être ≥ 2 / must be ≥ 2'] }]);
  });

  it('list a field once, and only its characters when they were refused', () => {
    const own = (property: string, constraints: Record<string, string>) =>
      Object.assign(new ValidationError(), { property, value: 'v', constraints, children: [] });
    const fields = flattenValidationErrors([
      own('email', { forbiddenCharacters: 'caractère interdit / forbidden character' }),
      own('email', { isEmail: 'email must be an email' }),
      own('title', { singleLine: 'doit tenir sur une ligne / must be a single line' }),
      own('title', { isNotBlank: 'ne doit pas être vide / must not be empty' }),
    ]);
    expect(fields).toEqual([
      { field: 'email', messages: ['caractère interdit / forbidden character'] },
      { field: 'title', messages: ['doit tenir sur une ligne / must be a single line', 'ne doit pas être vide / must not be empty'] },
    ]);
  });
});
