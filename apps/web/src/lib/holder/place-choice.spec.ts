import { describe, expect, it } from '@jest/globals';
import { emptyProjectForm, type ProjectFormValues } from './project-form';
import { choosePlace, type PlaceSuggestion } from './place-choice';

const commune = (code: string, label: string, postcode: string): PlaceSuggestion => ({
  code: `commune:${code}`,
  kind: 'commune',
  label,
  postcodes: [postcode],
});
const MANE = commune('04111', 'Mane', '04300');
const FORCALQUIER = commune('04088', 'Forcalquier', '04300');
const MANENT = commune('32229', 'Manent-Montané', '32140');
const DEPT: PlaceSuggestion = { code: 'departement:04', kind: 'departement', label: 'Alpes-de-Haute-Provence' };

const typed = (placeText: string, extra: Partial<ProjectFormValues> = {}): ProjectFormValues => ({
  ...emptyProjectForm(),
  title: 'kept',
  placeText,
  ...extra,
});

describe('the place picker', () => {
  it('takes the one commune the text names exactly, and shows its name with its postcode', () => {
    const out = choosePlace(typed('mane'), [MANE, MANENT]);
    expect(out.state).toBe('chosen');
    expect(out.values).toMatchObject({ placeCode: 'commune:04111', placeLabel: 'Mane (04300)', placeText: 'Mane (04300)', title: 'kept' });
  });

  it('lists the communes a postcode or a beginning of a name may mean, and keeps the typed text', () => {
    const out = choosePlace(typed('04300'), [FORCALQUIER, MANE]);
    expect(out).toEqual({
      state: 'choices',
      values: expect.objectContaining({ placeText: '04300', placeCode: '' }),
      choices: [
        { code: 'commune:04088', label: 'Forcalquier (04300)' },
        { code: 'commune:04111', label: 'Mane (04300)' },
      ],
    });
    expect(choosePlace(typed('man'), [MANE, MANENT]).state).toBe('choices');
  });

  it('takes the commune picked among the choices while the text still finds it', () => {
    const out = choosePlace(typed('04300', { placeCode: 'commune:04111' }), [FORCALQUIER, MANE]);
    expect(out.state).toBe('chosen');
    expect(out.values.placeLabel).toBe('Mane (04300)');
  });

  it('keeps a place chosen earlier while its name is unchanged, and looks again once the text changes', () => {
    const chosen = typed('Mane (04300)', { placeCode: 'commune:04111', placeLabel: 'Mane (04300)' });
    expect(choosePlace(chosen, [])).toEqual({ state: 'chosen', values: chosen });
    const changed = { ...chosen, placeText: 'Forcalquier' };
    expect(choosePlace(changed, [FORCALQUIER]).values).toMatchObject({ placeCode: 'commune:04088' });
  });

  it('says when nothing matches, or only a whole département, and when nothing is typed', () => {
    expect(choosePlace(typed('Xyzville'), []).state).toBe('unknown');
    expect(choosePlace(typed('Alpes-de-Haute-Provence'), [DEPT]).state).toBe('unknown');
    expect(choosePlace(typed('  '), [MANE])).toEqual({ state: 'empty', values: expect.objectContaining({ placeCode: '' }) });
  });
});
