/* French texts of the me pages (the reference for keys); English in ../en/me.ts. */

const plural = (n: number, one: string, many: string) => (n <= 1 ? one : many);
const CHOSEN_AREA = { commune: 'la commune choisie', departement: 'le département choisi', region: 'la région choisie' } as const;

export const me = {
  /** A match's reasons in words (lib/match-reasons.ts), to the member ("vous") or to the holder (the member's first name). */
  reasons: {
    /** The BCP 47 tag for dates in words. */
    dateLocale: 'fr-FR',
    firstOfMonth: (day: string) => (day === '1' ? '1er' : day),
    distance: (km: number) => (km < 1 ? 'à moins d’1 km' : `à ${km} km`),
    youAre: (distance: string) => `Vous êtes ${distance}`,
    theyAre: (firstName: string, distance: string) => `${firstName} est ${distance}`,
    /** A whole area the member chose: "dans votre département" (never a distance: where in it they live is unknown). */
    yourArea: (level: 'commune' | 'departement' | 'region', label: string) =>
      `Le projet est dans votre ${{ commune: 'commune', departement: 'département', region: 'région' }[level]} : ${label}`,
    theirArea: (firstName: string, level: 'commune' | 'departement' | 'region', label: string) =>
      `Le projet est dans ${CHOSEN_AREA[level]} par ${firstName} : ${label}`,
    remote: 'Projet ouvert à distance',
    skills: (matched: number, needed: number, role: string, list: string) =>
      `${matched} ${plural(matched, 'compétence recherchée', 'compétences recherchées')} sur ${needed} pour « ${role} » : ${list}`,
    role: (role: string) => `Le projet cherche : ${role}`,
    themes: (list: string) => `Thèmes en commun : ${list}`,
    youAvailable: (hours: number) => `Vous êtes disponible ${hours} h par semaine`,
    theyAvailable: (firstName: string, hours: number) => `${firstName} est disponible ${hours} h par semaine`,
    hoursAsked: (hours: number) => `(${hours} h demandées)`,
    /** Fewer hours than the need asks (a partial fit): "sur les 15 souhaitées". */
    hoursOf: (hours: number) => `sur les ${hours} souhaitées`,
    from: (date: string) => `à partir du ${date}`,
  },

  space: {
    title: 'Mon espace',
    hello: (firstName: string) => `Bonjour ${firstName}`,
    noMember: 'Vous êtes connecté·e, mais sans profil de membre. Créez votre profil pour recevoir les projets qui vous correspondent.',
    createProfile: 'Créer mon profil',
    unavailable: 'Votre espace ne peut pas être affiché pour le moment. Réessayez dans quelques minutes.',
    unconfirmed:
      'Votre adresse e-mail n’est pas encore confirmée : ouvrez le lien que nous ' +
      'vous avons envoyé. D’ici là, aucun projet ne vous est proposé.',
    notifyNever: 'Vous ne recevez plus d’e-mails sur les projets.',
    notifyNeverLink: 'Recevoir à nouveau les projets par e-mail',
    awaitingHeading: 'À vous de répondre',
    awaitingItem: (firstName: string, title: string) =>
      firstName
        ? `${firstName} et le projet « ${title} » : acceptez-vous la mise en relation ?`
        : `« ${title} » : acceptez-vous la mise en relation ?`,
    myProjectsHeading: 'Mes projets',
    myProjectItem: (title: string) => `${title} : voir les partenaires proposés`,
    proposeAnother: 'Proposer un autre projet',
    recommendationsHeading: 'Les projets qui vous correspondent',
    recommendationsIntro: 'Les mieux adaptés d’abord, avec la raison en clair.',
    recommendationsEmpty:
      'Aucun projet ne vous correspond pour le moment. Ajoutez des compétences ou ' +
      'élargissez votre territoire : de nouveaux projets arrivent chaque semaine.',
    recommendationsUnavailable: 'Les projets ne peuvent pas être affichés pour le moment.',
    editProfileHint: 'Modifier mon profil',
    whyHeading: 'Pourquoi ce projet',
    open: 'Voir le projet',
    dismiss: 'Pas pour moi',
    dismissed: 'C’est noté : ce projet ne vous sera plus proposé.',
    dismissFailed: 'Ce choix n’a pas pu être enregistré. Réessayez dans quelques minutes.',
    navHeading: 'Dans mon espace',
    links: {
      profile: 'Mon profil',
      projects: 'Mes projets',
      introductions: 'Mes mises en relation',
      toDo: 'À traiter',
      email: 'Changer mon adresse e-mail',
      data: 'Télécharger mes données',
      delete: 'Supprimer mon compte',
    },
    dataHint: 'Un fichier avec tout ce que Trame garde sur vous.',
  },
  profile: {
    title: 'Mon profil',
    back: 'Retour à mon espace',
    intro: 'Chaque partie s’enregistre à part : modifiez-en une, puis appuyez sur son bouton.',
    name: 'Nom',
    email: 'Adresse e-mail',
    changeEmail: 'Changer mon adresse e-mail',
    saved: 'C’est enregistré.',
    errorSummary: 'Il y a un problème',
    skills: 'Ce que vous savez faire',
    skillsHint: 'Vos savoir-faire, séparés par des virgules : maraîchage, menuiserie, comptabilité…',
    saveSkills: 'Enregistrer mes compétences',
    interests: 'Les thèmes qui vous intéressent',
    themesHint: 'Cochez autant de thèmes que vous voulez.',
    otherInterests: 'Autres centres d’intérêt',
    otherInterestsHint: 'Séparés par des virgules, par exemple : vannerie, jardins partagés',
    saveInterests: 'Enregistrer mes centres d’intérêt',
    territoriesTitle: 'Mes territoires',
    territoriesList: 'Vos territoires',
    radiusAround: (place: string, km: number) => `${place}, jusqu’à ${km} km autour`,
    editTerritories: 'Modifier mes territoires',
    saveTerritories: 'Enregistrer mes territoires',
    availability: 'Votre disponibilité',
    hours: 'Heures par semaine',
    hoursHint: 'En moyenne, entre 1 et 60.',
    from: 'Disponible à partir du',
    until: 'Jusqu’au',
    dateHint: 'Laissez vide si vous êtes disponible dès maintenant, sans date de fin.',
    saveAvailability: 'Enregistrer ma disponibilité',
    notify: 'Recevoir par e-mail les projets qui vous correspondent',
    notifyOptions: {
      instant: 'Dès qu’un projet paraît',
      daily: 'Une fois par jour au plus',
      weekly: 'Une fois par semaine',
      never: 'Jamais : je regarde sur le site',
    },
    saveNotify: 'Enregistrer ce choix',
  },
  errors: {
    wordTooLong: 'Un des mots est trop long : 80 caractères au plus chacun.',
    tooManySkills: '30 compétences au plus.',
    tooManyInterests: '20 centres d’intérêt au plus, thèmes cochés compris.',
    hoursMissing: 'Indiquez combien d’heures par semaine vous pouvez donner.',
    hoursRange: 'Un nombre entier d’heures, entre 1 et 60.',
    dateInvalid: 'Une date réelle, par exemple 01/03/2027.',
    untilBeforeFrom: 'La date de fin ne peut pas précéder la date de début.',
    notifyMissing: 'Choisissez une des réponses.',
    placeMissing: 'Indiquez une commune, un code postal, un département ou une région.',
    placeUnknown: 'Aucun lieu ne correspond. Vérifiez l’orthographe ou essayez le code postal.',
    placeChoose: 'Choisissez le bon lieu dans la liste.',
    refused: 'Ce choix n’a pas été accepté. Vérifiez-le et réessayez.',
    unavailable: 'L’enregistrement n’a pas pu se faire. Réessayez dans quelques minutes : ce que vous avez écrit est gardé.',
  },
  data: {
    failed: 'Vos données ne peuvent pas être téléchargées pour le moment. Réessayez dans quelques minutes.',
  },
  erase: {
    title: 'Supprimer mon compte',
    intro: 'Avant de confirmer, voici ce qui va se passer :',
    consequences: [
      'Votre nom, votre adresse e-mail et vos messages deviennent illisibles pour tout le monde, définitivement.',
      'Les projets que vous portez sont clos : ils ne sont plus proposés à personne.',
      'Vos mises en relation en cours s’arrêtent ; les personnes concernées en sont prévenues sans recevoir vos coordonnées.',
      'Vous êtes déconnecté·e de tous vos appareils, et vous ne recevez plus aucun e-mail de Trame.',
    ],
    irreversible: 'Cela ne peut pas être annulé. Vous pourrez créer un nouveau profil plus tard, mais il repartira de zéro.',
    dataFirst: 'Vous voulez garder une copie ? Téléchargez d’abord vos données.',
    confirm: 'Supprimer définitivement mon compte',
    cancel: 'Garder mon compte',
    failed: 'La suppression n’a pas pu se faire. Réessayez dans quelques minutes.',
  },
  goodbye: {
    title: 'Votre compte est supprimé',
    text: 'Merci d’avoir fait partie de Trame. Vos données personnelles sont effacées et vous ne recevrez plus d’e-mails de notre part.',
    again: 'Si l’envie vous reprend, vous serez toujours bienvenu·e.',
    home: 'Revenir à l’accueil',
  },
  emailChange: {
    title: 'Changer mon adresse e-mail',
    back: 'Retour à mon espace',
    current: 'Votre adresse actuelle :',
    intro:
      'Nous enverrons un lien à la nouvelle adresse. Elle ne remplacera l’actuelle qu’une fois ce lien ouvert : d’ici là, rien ne change.',
    newEmail: 'Nouvelle adresse e-mail',
    newEmailHint: 'Par exemple : prenom.nom@exemple.fr',
    submit: 'Recevoir le lien de confirmation',
    sent: (email: string) =>
      `Nous avons envoyé un lien à ${email}. Suivez-le pour confirmer votre nouvelle adresse : il est valable 24 heures.`,
    codeIntro: 'L’e-mail contient aussi un code à 6 chiffres : vous pouvez le taper ici à la place.',
    code: 'Code à 6 chiffres',
    codeHint: 'Par exemple : 042 917',
    codeSubmit: 'Confirmer ma nouvelle adresse',
    notReceived:
      'Rien reçu après quelques minutes ? Regardez dans les indésirables et vérifiez l’adresse. ' +
      'Si cette adresse a déjà un compte Trame, elle ne peut pas remplacer la vôtre et ne reçoit rien.',
    again: 'Utiliser une autre adresse',
    errorSummary: 'Il y a un problème',
    errors: {
      emailMissing: 'Indiquez votre nouvelle adresse e-mail.',
      emailInvalid: 'Une adresse e-mail complète, par exemple prenom.nom@exemple.fr.',
      sameAddress: 'C’est déjà votre adresse actuelle.',
      codeFormat: 'Le code a 6 chiffres, par exemple 042 917.',
      codeRefused: 'Ce code ne marche pas : il est faux, il a expiré ou il a déjà servi.',
    },
    confirm: {
      title: 'Confirmer ma nouvelle adresse e-mail',
      intro: 'Appuyez sur le bouton : cette adresse deviendra celle de votre compte Trame.',
      submit: 'Confirmer ma nouvelle adresse',
      invalid:
        'Ce lien ne marche plus : il a déjà servi, il a expiré ou il n’est pas complet. ' +
        'Copiez le lien entier depuis l’e-mail, ou refaites la demande.',
      replaced: 'Ce lien a été remplacé par une demande plus récente : ouvrez le dernier e-mail reçu.',
      taken: 'Cette adresse a déjà son propre compte Trame : elle ne peut pas remplacer celle de votre compte. Rien n’a changé.',
      restart: 'Refaire la demande',
      doneTitle: 'Votre adresse e-mail a changé',
      done: 'Désormais, vous vous connectez avec votre nouvelle adresse, et c’est à elle que nous écrivons.',
      home: 'Aller à mon espace',
    },
  },
  unsubscribe: {
    title: 'Ne plus recevoir d’e-mails',
    text:
      'Vous ne recevrez plus les projets qui vous correspondent par e-mail. Vous pourrez les ' +
      'retrouver sur le site, et choisir à nouveau de les recevoir dans votre profil.',
    confirm: 'Ne plus recevoir d’e-mails',
    done: 'C’est fait : vous ne recevrez plus d’e-mails sur les projets.',
    resubscribe: 'Changer d’avis dans mon profil',
    invalid:
      'Ce lien n’est pas valide ou n’est plus complet. Copiez le lien entier depuis l’e-mail, ou changez vos choix dans votre profil.',
    failed: 'Le désabonnement n’a pas pu se faire. Réessayez dans quelques minutes.',
  },
};
