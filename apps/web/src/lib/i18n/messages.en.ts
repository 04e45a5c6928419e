import type { Messages } from './messages';
import { account } from './en/account';
import { holder } from './en/holder';
import { introductions } from './en/introductions';
import { me } from './en/me';
import { places } from './en/places';

/* The English catalogue: every key of the French one (the type says so), same tone. */

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const en: Messages = {
  site: {
    name: 'Trame',
    tagline: 'Collective ecological projects and the people who bring them to life',
    skipLink: 'Skip to content',
    mainNav: 'Main navigation',
    navProjects: 'Projects',
    navSignIn: 'Sign in',
    navMySpace: 'My space',
    signOut: 'Sign out',
    switchTo: { label: 'Français', lang: 'fr', hint: 'Lire ce site en français' },
    footer: 'Trame connects collective ecological projects with the people ready to join them, with the local referents of each area.',
  },
  home: {
    title: 'Trame: join or start an ecological project near you',
    heading: 'Collective ecological projects, and people to bring them to life',
    intro:
      'A cooperative farm looking for partners, a repair café looking for volunteers, a shared housing project looking ' +
      'for neighbours: Trame introduces you to each other, near where you live.',
    forWhom: 'For project holders as well as for anyone who wants to lend a hand, a few hours a week or more.',
    stepsHeading: 'How it works',
    steps: [
      {
        title: 'You introduce yourself',
        text: 'Your skills, what you care about, where you live and the time you have. Three minutes are enough.',
      },
      { title: 'Trame suggests projects', text: 'The ones that need what you can do, near you, with the reason in plain words.' },
      { title: 'A local referent introduces you', text: 'When both sides agree, a person from your area makes the introduction.' },
    ],
    ctaHolder: 'I have a project',
    ctaMember: 'I want to help',
    recentHeading: 'Recent projects looking for partners',
    recentEmpty: 'No project published yet. Do you have one? Propose it and it will show here.',
    recentUnavailable: 'Projects cannot be shown right now. Please try again in a few minutes.',
    seeAll: 'See all projects',
  },
  project: {
    kind: 'Kind of project',
    themes: 'Themes',
    commune: 'Town',
    stage: 'Stage',
    remoteFriendly: 'Part of it can be done remotely',
    needsHeading: 'What the project is looking for',
    needsEmpty: 'The project has not described its needs yet.',
    skills: 'Skills:',
    hours: (h: number) => `${h} h a week`,
    people: (n: number) => `${n} ${plural(n, 'person', 'people')}`,
    descriptionHeading: 'The project in detail',
    referentHeading: 'Introductions',
    referent: (firstName: string) => `${firstName}, the local referent, takes care of introductions.`,
    noReferent: 'Introductions are taken care of by the network’s team.',
    interested: 'I’m interested',
    interestedHint: 'You sign in or create your profile, then write a few words to the project holder.',
    paused: 'This project is paused for now.',
    closed: 'This project is closed.',
    backToList: 'All projects',
    km: (km: number) => `${Math.round(km)} km away`,
  },
  kinds: {
    'eco-lieu': 'Eco-place',
    'habitat-partage': 'Shared housing',
    fablab: 'Fablab',
    'atelier-reparation': 'Repair workshop',
    'ferme-cooperative': 'Cooperative farm',
    'achat-village': 'Village buying group',
    'eco-construction': 'Eco-building',
    formation: 'Training',
    alimentation: 'Food',
    energie: 'Energy',
    mobilite: 'Mobility',
    autre: 'Other',
  },
  stages: {
    idea: 'Idea',
    maturing: 'Taking shape',
    launching: 'Starting up',
    running: 'Up and running',
  },
  explore: {
    title: 'Projects looking for partners',
    filters: 'Filter projects',
    moreFilters: 'More filters: theme, kind, stage',
    theme: 'Theme',
    themeHint: 'One word, for example: food',
    kind: 'Kind of project',
    stage: 'Stage',
    any: 'All',
    near: 'Near',
    nearHint: 'A town or a postcode, for example: Forcalquier or 04300',
    radius: 'Within',
    radiusOption: (km: number) => `${km} km`,
    placeChoices: (typed: string) => `Several places match “${typed}”. Which one?`,
    placeUnknown: (typed: string) => `No town matches “${typed}”. Check the spelling or try the postcode.`,
    around: (place: string, km: number) => `around ${place}, within ${km} km`,
    inArea: (place: string) => `in ${place}`,
    remote: 'Only those where part can be done remotely',
    submit: 'Show projects',
    reset: 'Clear filters',
    count: (n: number) => (n === 0 ? 'No project matches' : `${n} ${plural(n, 'project', 'projects')}`),
    empty: 'No project matches these filters. Try without a theme, or with another kind of project.',
    pagination: 'Result pages',
    previous: 'Previous page',
    next: 'Next page',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    invalid: 'One of the filters is not valid: it was left out.',
  },
  notFound: {
    title: 'Page not found',
    text: 'This page does not exist, or no longer does. The project may have been withdrawn, or the link is incomplete.',
    home: 'Back to the home page',
    projects: 'See the projects',
  },
  error: {
    title: 'Something went wrong',
    text: 'The site cannot show this page right now. Please try again in a few minutes.',
  },
  // Each feature's texts live in their own file (./en/…), one per area of the site.
  account,
  me,
  holder,
  introductions,
  places,
};
