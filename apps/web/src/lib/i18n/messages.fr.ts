import { account } from './fr/account';
import { holder } from './fr/holder';
import { introductions } from './fr/introductions';
import { me } from './fr/me';
import { places } from './fr/places';

/* The French catalogue: the reference for keys and tone ("vous", plain words, inclusive forms with the middle dot). */

const plural = (n: number, one: string, many: string) => (n <= 1 ? one : many);

export const fr = {
  site: {
    name: 'Trame',
    tagline: 'Projets écologiques collectifs et personnes pour les faire vivre',
    skipLink: 'Aller au contenu',
    mainNav: 'Navigation principale',
    navProjects: 'Les projets',
    navSignIn: 'Se connecter',
    navMySpace: 'Mon espace',
    signOut: 'Se déconnecter',
    /** The link to the other language, written in that language. */
    switchTo: { label: 'English', lang: 'en', hint: 'Read this site in English' },
    footer:
      'Trame met en relation des projets écologiques collectifs et les personnes prêtes à les ' +
      'rejoindre, avec les référent·es locaux·ales de chaque territoire.',
  },
  home: {
    title: 'Trame : rejoindre ou lancer un projet écologique près de chez vous',
    heading: 'Des projets écologiques collectifs, et des personnes pour les faire vivre',
    intro:
      'Une ferme coopérative qui cherche des associé·es, un atelier de réparation qui cherche des bénévoles, un habitat partagé ' +
      'qui cherche des voisin·es : Trame vous présente les uns aux autres, près de chez vous.',
    forWhom:
      'Pour les porteur·ses de projet comme pour celles et ceux qui veulent donner un coup de main, quelques heures par semaine ou plus.',
    stepsHeading: 'Comment ça marche',
    steps: [
      {
        title: 'Vous vous présentez',
        text: 'Vos compétences, ce qui vous intéresse, votre territoire et le temps dont vous disposez. Trois minutes suffisent.',
      },
      {
        title: 'Trame vous propose des projets',
        text: 'Ceux qui ont besoin de ce que vous savez faire, près de chez vous, avec la raison en clair.',
      },
      {
        title: 'Un·e référent·e local·e vous présente',
        text: 'Quand les deux côtés sont d’accord, une personne de votre territoire fait la mise en relation.',
      },
    ],
    ctaHolder: 'Je porte un projet',
    ctaMember: 'Je veux contribuer',
    recentHeading: 'Projets récents qui cherchent des partenaires',
    recentEmpty: 'Aucun projet publié pour le moment. Vous portez un projet ? Proposez-le, il apparaîtra ici.',
    recentUnavailable: 'Les projets ne peuvent pas être affichés pour le moment. Réessayez dans quelques minutes.',
    seeAll: 'Voir tous les projets',
  },
  project: {
    kind: 'Type de projet',
    themes: 'Thèmes',
    commune: 'Commune',
    stage: 'Avancement',
    remoteFriendly: 'Une partie peut se faire à distance',
    needsHeading: 'Ce que le projet recherche',
    needsEmpty: 'Le projet n’a pas encore précisé ses besoins.',
    skills: 'Compétences :',
    hours: (h: number) => `${h} h par semaine`,
    people: (n: number) => `${n} ${plural(n, 'personne', 'personnes')}`,
    descriptionHeading: 'Le projet en détail',
    referentHeading: 'Mise en relation',
    referent: (firstName: string) => `${firstName}, référent·e local·e, accompagne la mise en relation.`,
    noReferent: 'La mise en relation est accompagnée par l’équipe du réseau.',
    interested: 'Je suis intéressé·e',
    interestedHint: 'Vous vous connectez ou créez votre profil, puis vous écrivez un mot au porteur·se de projet.',
    paused: 'Ce projet est en pause pour le moment.',
    closed: 'Ce projet est clos.',
    backToList: 'Tous les projets',
    km: (km: number) => `à ${Math.round(km)} km`,
  },
  kinds: {
    'eco-lieu': 'Éco-lieu',
    'habitat-partage': 'Habitat partagé',
    fablab: 'Fablab',
    'atelier-reparation': 'Atelier de réparation',
    'ferme-cooperative': 'Ferme coopérative',
    'achat-village': 'Achat collectif au village',
    'eco-construction': 'Éco-construction',
    formation: 'Formation',
    alimentation: 'Alimentation',
    energie: 'Énergie',
    mobilite: 'Mobilité',
    autre: 'Autre',
  },
  stages: {
    idea: 'Idée',
    maturing: 'En préparation',
    launching: 'Au démarrage',
    running: 'En activité',
  },
  explore: {
    title: 'Les projets qui cherchent des partenaires',
    filters: 'Filtrer les projets',
    moreFilters: 'Plus de filtres : thème, type, avancement',
    theme: 'Thème',
    themeHint: 'Un mot, par exemple : alimentation',
    kind: 'Type de projet',
    stage: 'Avancement',
    any: 'Tous',
    near: 'Près de',
    nearHint: 'Une commune ou un code postal, par exemple : Forcalquier ou 04300',
    radius: 'Dans un rayon de',
    radiusOption: (km: number) => `${km} km`,
    placeChoices: (typed: string) => `Plusieurs lieux correspondent à « ${typed} ». Lequel ?`,
    placeUnknown: (typed: string) => `Aucune commune ne correspond à « ${typed} ». Vérifiez l’orthographe ou essayez le code postal.`,
    around: (place: string, km: number) => `autour de ${place}, à moins de ${km} km`,
    inArea: (place: string) => `en ${place}`,
    remote: 'Seulement ceux où une partie peut se faire à distance',
    submit: 'Afficher les projets',
    reset: 'Effacer les filtres',
    count: (n: number) => (n === 0 ? 'Aucun projet ne correspond' : `${n} ${plural(n, 'projet', 'projets')}`),
    empty: 'Aucun projet ne correspond à ces filtres. Essayez sans thème, ou avec un autre type de projet.',
    pagination: 'Pages de résultats',
    previous: 'Page précédente',
    next: 'Page suivante',
    page: (n: number, of: number) => `Page ${n} sur ${of}`,
    invalid: 'Un des filtres n’est pas valide : il a été ignoré.',
  },
  notFound: {
    title: 'Page introuvable',
    text: 'Cette page n’existe pas ou plus. Le projet a peut-être été retiré, ou le lien est incomplet.',
    home: 'Revenir à l’accueil',
    projects: 'Voir les projets',
  },
  error: {
    title: 'Une erreur est survenue',
    text: 'Le site ne peut pas afficher cette page pour le moment. Réessayez dans quelques minutes.',
  },
  // Each feature's texts live in their own file (./fr/…), one per area of the site.
  account,
  me,
  holder,
  introductions,
  places,
};
