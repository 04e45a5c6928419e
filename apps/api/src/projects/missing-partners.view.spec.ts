import type { ProjectMissingPartners } from '@trame/read-models';
import { disclose, FEWER_THAN_3, missingPartnersView } from './missing-partners.view';

const members = { memberRadius: 0, projectRadius: 7, hours: 2, dates: 1, introduction: 3, remoteReach: 0, cap: 12 };
const doc: ProjectMissingPartners = {
  projectId: 'p1',
  list: 'short',
  partners: 2,
  needs: [{ index: 1, role: 'Maraîcher·e', members }],
};

describe('missingPartnersView', () => {
  it('gives counts of 3 and more, and "fewer than 3" for 0, 1 and 2', () => {
    expect([0, 1, 2, 3, 4].map(disclose)).toEqual([FEWER_THAN_3, FEWER_THAN_3, FEWER_THAN_3, 3, 4]);
  });

  it('lists every rule of every need in order, small counts hidden', () => {
    expect(missingPartnersView('p1', doc, 'active')).toEqual({
      projectId: 'p1',
      list: 'short',
      partners: 2,
      areaKm: 50,
      needs: [
        {
          index: 1,
          role: 'Maraîcher·e',
          rules: [
            { rule: 'memberRadius', members: FEWER_THAN_3 },
            { rule: 'projectRadius', members: 7 },
            { rule: 'hours', members: FEWER_THAN_3 },
            { rule: 'dates', members: FEWER_THAN_3 },
            { rule: 'introduction', members: 3 },
            { rule: 'remoteReach', members: FEWER_THAN_3 },
            { rule: 'cap', members: 12 },
          ],
        },
      ],
    });
  });

  it('says closed or pending when the matcher wrote nothing', () => {
    expect(missingPartnersView('p1', null, 'closed')).toMatchObject({ list: 'closed', needs: [] });
    expect(missingPartnersView('p1', null, 'active')).toMatchObject({ list: 'pending', needs: [] });
  });
});
