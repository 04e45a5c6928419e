/* French texts of the introductions pages (the reference for keys); English in ../en/introductions.ts. */

const plural = (n: number, one: string, many: string) => (n <= 1 ? one : many);

export const introductions = {
  /** How long something has waited, in words. */
  waited: {
    lessThanAnHour: 'depuis moins d’une heure',
    hours: (n: number) => `depuis ${n} ${plural(n, 'heure', 'heures')}`,
    days: (n: number) => `depuis ${n} ${plural(n, 'jour', 'jours')}`,
  },
  /** Times of day and dates, for "possible again at…" and the history. */
  timeLocale: 'fr-FR',

  /** The decision page: /mises-en-relation/[id]. */
  page: {
    title: 'Mise en relation',
    heading: (project: string) => `Mise en relation pour « ${project} »`,
    headingNoTitle: 'Mise en relation',
    statusHeading: 'Où en est-elle ?',
    /** The request in one sentence. */
    requestByHolder: (holder: string, member: string) => `${holder}, qui porte le projet, souhaite être mis·e en relation avec ${member}.`,
    requestByMember: (member: string, holder: string) => `${member} souhaite rejoindre le projet porté par ${holder}.`,
    requestByMatcher: (member: string) => `Trame propose de mettre ${member} en relation avec ce projet.`,
    someone: 'une personne',
    theHolder: 'la personne qui porte le projet',
    waitingSince: (since: string) => `Demande faite ${since}.`,
    approvedSince: (since: string) => `Approuvée ${since}.`,
    paused: 'Le projet est en pause : cette mise en relation attend qu’il reprenne.',

    projectHeading: 'Le projet',
    commune: 'Commune',
    needsHeading: 'Ce que le projet cherche',
    needsEmpty: 'Le projet n’a pas encore précisé ce qu’il cherche.',
    people: (n: number) => `${n} ${plural(n, 'personne', 'personnes')}`,
    hours: (n: number) => `${n} h par semaine`,
    skills: 'Compétences :',
    seeProject: 'Voir la page du projet',

    memberHeading: (firstName: string) => `${firstName}, la personne proposée`,
    memberHeadingErased: 'La personne proposée',
    memberHeadingYou: 'Votre profil, tel que le projet le voit',
    memberErased: 'Cette personne a quitté Trame.',
    memberSkills: 'Compétences',
    memberInterests: 'Centres d’intérêt',
    memberPlaces: 'Territoire',
    memberAvailability: 'Disponibilité',
    hoursPerWeek: (n: number) => `${n} h par semaine`,
    from: (date: string) => `à partir du ${date}`,
    until: (date: string) => `jusqu’au ${date}`,
    none: 'non précisé',

    reasonsHeading: 'Pourquoi cette rencontre a du sens',
    reasonsNone: 'Trame ne trouve plus de correspondance entre ce profil et le projet aujourd’hui (le projet ou le profil a changé).',

    messageHeading: (firstName: string) => `Le message de ${firstName}`,
    yourMessageHeading: 'Votre message',
    messageNote: 'Ce message sera transmis à l’autre personne avec les coordonnées, une fois la mise en relation faite.',

    /** The referent's decision. */
    decideHeading: 'Votre décision',
    decideIntro:
      'Si vous approuvez, l’autre personne sera invitée à accepter. Les coordonnées ne sont échangées qu’une fois les deux d’accord.',
    noteLabel: 'Un mot pour les deux personnes (facultatif)',
    noteHint: 'Il sera montré aux deux personnes. N’y mettez ni adresse ni numéro de téléphone. 1 000 caractères au plus.',
    approve: 'Approuver la mise en relation',
    declineSummary: 'Décliner cette demande',
    declineExplain:
      'La personne qui a fait la demande sera prévenue avec délicatesse, avec votre mot s’il y en a un. Ce choix est définitif.',
    decline: 'Décliner la demande',

    /** The consenting party's answer. */
    consentHeading: 'Votre réponse',
    consentToMember: (holder: string) =>
      `${holder} aimerait entrer en contact avec vous. Acceptez-vous d’échanger vos coordonnées ? Rien n’est transmis sans votre accord.`,
    consentToHolder: (member: string) =>
      `${member} souhaite rejoindre votre projet. Acceptez-vous d’échanger vos coordonnées ? Rien n’est transmis sans votre accord.`,
    accept: 'Accepter la mise en relation',
    refuseSummary: 'Je ne souhaite pas donner suite',
    refuseExplain: 'L’autre personne sera prévenue avec délicatesse, sans raison donnée. Ce choix est définitif.',
    refuse: 'Refuser la mise en relation',

    /** The requester's withdrawal. */
    withdrawSummary: 'Retirer ma demande',
    withdrawExplain:
      'Votre demande sera annulée et les personnes qui l’attendaient seront prévenues par e-mail. Vous pourrez en refaire une plus tard.',
    withdraw: 'Oui, retirer ma demande',

    /** The introduced email, sent again. */
    resendHeading: 'Les coordonnées',
    resendIntro: (other: string) =>
      `Les coordonnées de ${other} vous ont été envoyées par e-mail. Pour les protéger, elles n’apparaissent jamais sur le site.`,
    resend: 'M’envoyer à nouveau l’e-mail',
    resendLater: (time: string) => `Vous pourrez le redemander à partir de ${time}.`,

    /** After an action. */
    done: {
      approve: 'C’est fait : la mise en relation est approuvée. L’autre personne est invitée à répondre.',
      decline: 'C’est noté : la demande est déclinée. La personne qui l’a faite sera prévenue.',
      accept: 'C’est fait : vous voici en relation. Vous allez recevoir les coordonnées par e-mail.',
      refuse: 'C’est noté, merci d’avoir répondu.',
      withdraw: 'Votre demande est retirée. Les personnes concernées seront prévenues.',
      resend: 'C’est parti : l’e-mail avec les coordonnées vous est envoyé à nouveau.',
    },
    nothingToDo: 'Il n’y a rien à faire pour vous à cette étape.',
    signInForMore: 'Connectez-vous pour recevoir à nouveau l’e-mail avec les coordonnées.',
    signIn: 'Se connecter',

    historyHeading: 'Historique',
    backToList: 'Toutes mes mises en relation',
    backToInbox: 'Ce qui m’attend',

    errorSummary: 'Il y a un problème',
    noteTooLong: 'Votre mot est trop long : 1 000 caractères au plus.',
    conflict: 'Cette mise en relation a changé entre-temps : voici où elle en est.',
    tooSoon: 'L’e-mail vient d’être envoyé. Vous pourrez le redemander un peu plus tard.',
    forbiddenAction: 'Cette action ne vous est pas ouverte.',
    failed: 'Cela n’a pas pu être enregistré pour le moment. Rien n’est perdu : réessayez dans quelques minutes.',
    badLinkTitle: 'Ce lien n’est plus valide',
    badLink:
      'Le lien de l’e-mail est incomplet ou a été modifié. Ouvrez-le à nouveau depuis l’e-mail, ' +
      'ou connectez-vous pour retrouver cette mise en relation.',
    notYours: 'Cette mise en relation ne vous concerne pas. Vérifiez que vous êtes connecté·e avec la bonne adresse.',
    unavailable: 'Cette mise en relation ne peut pas être affichée pour le moment. Réessayez dans quelques minutes.',
  },

  /** Statuses, as each party reads them. */
  status: {
    'awaiting-referent': 'En attente de la décision du·de la référent·e local·e',
    'awaiting-referent-you': 'En attente de votre décision',
    'awaiting-referent-team': 'En attente de la décision de l’équipe du réseau',
    'awaiting-consent': (name: string) => `Approuvée ; en attente de la réponse de ${name}`,
    'awaiting-consent-you': 'Approuvée ; en attente de votre réponse',
    introduced: 'Mise en relation faite : chacun·e a reçu les coordonnées de l’autre par e-mail',
    declined: 'Déclinée par le·la référent·e',
    'declined-team': 'Déclinée par l’équipe du réseau',
    refused: 'Sans suite : l’autre personne n’a pas souhaité donner suite',
    expired: 'Expirée sans réponse',
    ended: 'Arrêtée : le projet est clos ou une personne a quitté Trame',
    withdrawn: 'Retirée par la personne qui l’avait faite',
  },

  /** History entries. */
  history: {
    IntroductionRequested: 'Demande faite',
    IntroductionApproved: 'Approuvée',
    IntroductionDeclined: 'Déclinée',
    IntroductionAccepted: 'Acceptée : mise en relation faite',
    IntroductionRefused: 'Refusée',
    IntroductionReminded: 'Rappel envoyé',
    IntroductionEscalated: 'Transmise au territoire englobant',
    IntroductionExpired: 'Expirée',
    IntroductionHeld: 'En attente : projet en pause',
    IntroductionResumed: 'Reprise avec le projet',
    IntroductionEnded: 'Arrêtée',
    IntroductionWithdrawn: 'Retirée',
    IntroductionContactResent: 'E-mail des coordonnées renvoyé',
    note: 'Mot :',
  },

  /** /moi/a-traiter: what awaits a referent or an admin. */
  inbox: {
    title: 'Ce qui m’attend',
    intro: 'Les demandes de mise en relation qui attendent votre décision, les plus anciennes d’abord.',
    teamHeading: 'Pour l’équipe du réseau (aucun·e référent·e ne couvre le lieu)',
    referentHeading: 'Sur votre territoire',
    item: (member: string, project: string) => `${member} et le projet « ${project} »`,
    byHolder: 'demandée par la personne qui porte le projet',
    byMember: 'demandée par le membre',
    byMatcher: 'proposée par Trame',
    open: 'Voir et décider',
    empty: 'Rien ne vous attend pour le moment. Vous recevrez un e-mail à chaque nouvelle demande.',
    notReferent: 'Cette page est réservée aux référent·es locaux·ales et à l’équipe du réseau.',
    unavailable: 'La liste ne peut pas être affichée pour le moment. Réessayez dans quelques minutes.',
    someone: 'Une personne',
    untitled: 'sans titre',
  },

  /** /moi/mises-en-relation: my introductions. */
  mine: {
    title: 'Mes mises en relation',
    intro: 'Les mises en relation que vous avez demandées ou qui vous ont été proposées, avec où elles en sont.',
    asHolder: (other: string, project: string) => `Avec ${other}, pour votre projet « ${project} »`,
    asMember: (project: string) => `Pour le projet « ${project} »`,
    youAsked: 'Vous avez fait la demande',
    askedYou: 'On vous l’a proposée',
    since: (date: string) => `le ${date}`,
    open: 'Voir le détail',
    empty:
      'Vous n’avez pas encore de mise en relation. Parcourez les projets et demandez à rencontrer celui qui vous plaît : ' +
      'un·e référent·e local·e fera le lien.',
    seeProjects: 'Voir les projets',
    noMember: 'Cette page montre les mises en relation d’un profil de membre ; vous n’en avez pas.',
    unavailable: 'La liste ne peut pas être affichée pour le moment. Réessayez dans quelques minutes.',
    someone: 'une personne',
    untitled: 'sans titre',
  },
};
