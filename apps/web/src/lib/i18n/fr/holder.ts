/* French texts of the holder pages (the reference for keys); English in ../en/holder.ts. */

export const holder = {
  propose: {
    title: 'Proposer un projet',
    intro:
      'Décrivez votre projet et les personnes que vous cherchez. Trame le montrera aux membres proches de chez vous qui ont ' +
      'les compétences demandées, et vous proposera des partenaires.',
    submit: 'Publier le projet',
    noMember:
      'Pour proposer un projet, il vous faut un profil de membre. Créez-le en deux minutes : votre nom, votre adresse e-mail ' +
      'et votre commune suffisent.',
    noMemberLink: 'Créer mon profil',
    failed: 'Le projet n’a pas pu être publié pour le moment. Rien n’est perdu : réessayez dans quelques minutes.',
  },
  edit: {
    title: (project: string) => `Modifier « ${project} »`,
    submit: 'Enregistrer les modifications',
    cancel: 'Revenir au projet sans modifier',
    closed: 'Ce projet est clos : il ne peut plus être modifié.',
    failed: 'Les modifications n’ont pas pu être enregistrées pour le moment. Rien n’est perdu : réessayez dans quelques minutes.',
    saved: 'Vos modifications sont enregistrées.',
  },
  form: {
    aboutHeading: 'Le projet',
    titleLabel: 'Nom du projet',
    titleHint: 'Quelques mots, par exemple : Ferme maraîchère partagée',
    summaryLabel: 'Résumé',
    summaryHint: 'Une ou deux phrases : ce que vous faites et qui vous cherchez. C’est ce que les membres lisent en premier.',
    descriptionLabel: 'Description (facultatif)',
    descriptionHint: 'Tout ce qui aide à comprendre le projet : le lieu, l’équipe, le calendrier.',
    kindLabel: 'Type de projet',
    kindChoose: 'Choisir un type',
    stageLabel: 'Avancement',
    stageChoose: 'Choisir',
    themesLegend: 'Thèmes',
    themesHint: 'Cochez ceux qui concernent le projet (au moins un).',
    otherThemesLabel: 'Autres thèmes (facultatif)',
    otherThemesHint: 'Séparés par des virgules, par exemple : semences, circuits courts',
    placeHeading: 'Où',
    placeLabel: 'Commune du projet',
    placeHint: 'Le nom de la commune ou son code postal, par exemple : Forcalquier ou 04300',
    placeChosen: (label: string) => `Commune retenue : ${label}`,
    placeChoices: (typed: string) => `Plusieurs communes correspondent à « ${typed} ». Laquelle ?`,
    placeChoicesHint: 'Choisissez-en une, puis appuyez sur le bouton en bas du formulaire.',
    radiusLabel: 'Chercher des partenaires dans un rayon de (km)',
    radiusHint: 'Entre 1 et 500 km. 30 km, c’est environ une demi-heure de voiture.',
    remoteLabel: 'Une partie du travail peut se faire à distance',
    needsHeading: 'Les personnes que vous cherchez',
    needsHint: 'Un rôle par ligne : ce que la personne fera, ses compétences, le temps et le nombre de personnes.',
    needHeading: (n: number) => `Rôle ${n}`,
    roleLabel: 'Rôle',
    roleHint: 'Par exemple : maraîcher·e, menuisier·e, trésorier·e',
    skillsLegend: 'Compétences recherchées',
    skillsHint: 'Une compétence par case (au moins une). Des suggestions s’affichent en tapant.',
    skillLabel: (n: number, role: number) => `Compétence ${n} du rôle ${role}`,
    hoursLabel: 'Heures par semaine (facultatif)',
    countLabel: 'Nombre de personnes (facultatif)',
    addSkill: 'Ajouter une compétence',
    addNeed: 'Ajouter un rôle',
    removeNeed: (n: number) => `Retirer le rôle ${n}`,
    moveUp: (n: number) => `Monter le rôle ${n}`,
    moveDown: (n: number) => `Descendre le rôle ${n}`,
    needsMax: (max: number) => `Vous avez atteint ${max} rôles, le maximum.`,
  },
  errors: {
    summaryTitle: (n: number) => (n === 1 ? 'Un point est à corriger' : `${n} points sont à corriger`),
    title: (min: number, max: number) => `Donnez un nom au projet, entre ${min} et ${max} caractères.`,
    summary: (min: number, max: number) => `Écrivez un résumé, entre ${min} et ${max} caractères.`,
    description: (max: number) => `La description est trop longue : ${max} caractères au plus.`,
    kind: 'Choisissez le type de projet.',
    stage: 'Choisissez où en est le projet.',
    themes: (max: number) => `Cochez au moins un thème (${max} au plus en tout).`,
    wordTooLong: (max: number) => `Un des thèmes est trop long : ${max} caractères au plus chacun.`,
    placeMissing: 'Indiquez la commune du projet.',
    placeNotChosen: 'Choisissez la commune dans la liste, ou précisez le nom ou le code postal.',
    placeUnknown: (typed: string) => `Aucune commune ne correspond à « ${typed} ». Vérifiez l’orthographe ou essayez le code postal.`,
    radius: (min: number, max: number) => `Indiquez un rayon en kilomètres, un nombre entier entre ${min} et ${max}.`,
    role: (n: number, max: number) => `Rôle ${n} : dites en quelques mots ce que la personne fera (${max} caractères au plus).`,
    skills: (n: number, max: number) => `Rôle ${n} : indiquez au moins une compétence (${max} au plus).`,
    skillTooLong: (n: number, max: number) => `Rôle ${n} : une des compétences est trop longue (${max} caractères au plus).`,
    hours: (n: number, max: number) => `Rôle ${n} : les heures par semaine s’écrivent en chiffres, de 1 à ${max}.`,
    count: (n: number, max: number) => `Rôle ${n} : le nombre de personnes s’écrit en chiffres, de 1 à ${max}.`,
    tooManyNeeds: (max: number) => `${max} rôles au plus : retirez-en un.`,
  },
  mine: {
    title: 'Mes projets',
    intro: 'Les projets que vous portez, avec où ils en sont.',
    empty: 'Vous ne portez pas encore de projet.',
    propose: 'Proposer un projet',
    unavailable: 'Vos projets ne peuvent pas être affichés pour le moment. Réessayez dans quelques minutes.',
    status: { active: 'Publié, visible de tous', paused: 'En pause', closed: 'Clos' } as Record<'active' | 'paused' | 'closed', string>,
    statusLabel: 'État :',
    since: (date: string) => `proposé le ${date}`,
    noMember: 'Vous n’avez pas de profil de membre : vous ne portez donc pas de projet.',
  },
  view: {
    published:
      'Votre projet est publié. Trame cherche maintenant des partenaires près de chez vous : ils apparaissent ci-dessous, et ' +
      'vous recevrez un e-mail quand de nouvelles personnes correspondent.',
    yourProject: 'Vous portez ce projet. Vous seul·e voyez cette partie de la page.',
    manageHeading: 'Gérer le projet',
    edit: 'Modifier le projet',
    partnersHeading: 'Partenaires proposés',
    partnersIntro:
      'Ces membres ont des compétences que vous cherchez et habitent près du projet. Vous ne voyez que leur prénom ; leurs ' +
      'coordonnées vous seront transmises quand la personne et le·la référent·e local·e auront dit oui.',
    partnersEmpty:
      'Personne ne correspond encore. Les nouveaux membres arrivent chaque semaine : vous recevrez un e-mail dès qu’une ' +
      'personne correspond.',
    partnersUnavailable: 'Les partenaires ne peuvent pas être affichés pour le moment. Réessayez dans quelques minutes.',
    partnersPaused: 'Le projet est en pause : aucun partenaire n’est proposé tant qu’il n’a pas repris.',
    partnersClosed: 'Le projet est clos : il n’y a plus de partenaires proposés.',
    fitsRole: (role: string) => `Pour le rôle : ${role}`,
    askHeading: (firstName: string) => `Demander une mise en relation avec ${firstName}`,
    messageLabel: 'Votre message (facultatif)',
    messageHint: (referent: string) =>
      `${referent} lit votre message avant d’accepter la mise en relation ; la personne le reçoit ensuite. ` +
      'N’y mettez pas vos coordonnées : elles seront échangées quand tout le monde aura dit oui.',
    referentNamed: (firstName: string) => `${firstName}, votre référent·e local·e,`,
    referentTeam: 'L’équipe du réseau',
    askSubmit: 'Demander une mise en relation',
    askSent: (firstName: string) =>
      `Votre demande de mise en relation avec ${firstName} est envoyée. Le·la référent·e local·e la lit et vous répond par e-mail.`,
    askAlready: 'Une mise en relation est déjà en cours avec cette personne, ou a déjà eu lieu.',
    askRefused: 'Cette demande n’est pas possible pour le moment (projet en pause ou clos, ou refus récent).',
    askFailed: 'La demande n’a pas pu être envoyée. Votre message est gardé ci-dessous : réessayez dans quelques minutes.',
    askTooMany: 'Vous avez envoyé beaucoup de demandes en peu de temps. Réessayez un peu plus tard.',
    messageTooLong: (max: number) => `Votre message est trop long : ${max} caractères au plus.`,
    introductionsHeading: 'Mises en relation du projet',
    introductionsEmpty: 'Aucune mise en relation pour le moment. Demandez-en une à un·e des partenaires proposé·es ci-dessus.',
    introductionsUnavailable: 'Les mises en relation ne peuvent pas être affichées pour le moment.',
    introductionWith: (firstName: string) => `Avec ${firstName}`,
    someoneGone: 'Une personne qui a quitté Trame',
    requestedOn: (date: string) => `demandée le ${date}`,
    byYou: 'à votre demande',
    byMember: 'à la demande du membre',
    byTrame: 'proposée par Trame',
    introductionStatus: {
      'awaiting-referent': 'En attente du·de la référent·e local·e',
      'awaiting-consent': 'En attente de la réponse de la personne',
      introduced: 'Mise en relation faite : vos coordonnées ont été échangées par e-mail',
      declined: 'Refusée par le·la référent·e',
      refused: 'Déclinée par la personne',
      expired: 'Sans réponse, close',
      ended: 'Terminée',
      withdrawn: 'Retirée',
    } as Record<string, string>,
    seeIntroduction: 'Voir le détail',
    pauseHeading: 'Mettre le projet en pause',
    pauseText:
      'En pause, le projet n’apparaît plus dans les recherches et aucun partenaire n’est proposé. Les mises en relation en ' +
      'cours attendent. Vous pourrez le reprendre quand vous voulez.',
    pauseReasonLabel: 'Pourquoi ? (facultatif)',
    pauseReasonHint: 'Par exemple : en attente du bail. Visible sur la page du projet.',
    pauseSubmit: 'Mettre en pause',
    paused: 'Le projet est en pause.',
    pausedBecause: (reason: string) => `Le projet est en pause : ${reason}`,
    resumeSubmit: 'Reprendre le projet',
    resumed: 'Le projet a repris : il est de nouveau visible et des partenaires vous seront proposés.',
    closeHeading: 'Clore le projet',
    closeLink: 'Clore le projet…',
    closeText: 'Si l’équipe est au complet ou si le projet s’arrête, vous pouvez le clore.',
    actionFailed: 'Cela n’a pas pu être fait pour le moment. Réessayez dans quelques minutes.',
    actionConflict: 'Le projet a changé entre-temps : la page est à jour, vérifiez et recommencez si besoin.',
    noteTooLong: (max: number) => `${max} caractères au plus.`,
    missingHeading: 'Pourquoi si peu de partenaires ?',
    missingIntro: (km: number) =>
      `Parmi les membres à moins de ${km} km qui ont une compétence recherchée, certain·es ne vous sont pas proposé·es :`,
    missingRule: {
      memberRadius: (n: number, role: string) =>
        `${n} personnes ont une compétence du rôle « ${role} », mais leur territoire ne va pas jusqu’au projet. Si une ` +
        `partie peut se faire à distance, cochez-le dans « Modifier le projet ».`,
      projectRadius: (n: number, role: string, km: number) =>
        `${n} personnes ont une compétence du rôle « ${role} », mais habitent au-delà de votre rayon de ${km} km. Vous ` +
        `pouvez élargir le rayon dans « Modifier le projet ».`,
      hours: (n: number, role: string) =>
        `${n} personnes ont une compétence du rôle « ${role} », mais proposent bien moins d’heures par semaine que ce que ` +
        `vous demandez. Vous pouvez demander moins d’heures.`,
      dates: (n: number, role: string) =>
        `${n} personnes ont une compétence du rôle « ${role} », mais ne sont plus disponibles en ce moment.`,
      introduction: (n: number, role: string) =>
        `${n} personnes ont une compétence du rôle « ${role} » et ont déjà une mise en relation en cours ou récente avec le projet.`,
      remoteReach: (n: number, role: string) =>
        `${n} personnes ont une compétence du rôle « ${role} », mais habitent loin et d’autres projets à distance leur ` +
        `correspondent mieux.`,
      cap: (n: number, role: string) =>
        `${n} personnes ont une compétence du rôle « ${role} », mais sont déjà proposées à des projets qui leur correspondent mieux.`,
    } as Record<string, (n: number, role: string, km: number) => string>,
    missingNone:
      'Moins de 3 autres membres proches ont les compétences recherchées, pour chaque raison : de nouvelles personnes ' +
      's’inscrivent chaque semaine.',
  },
  close: {
    title: (project: string) => `Clore « ${project} »`,
    what:
      'Une fois clos, le projet n’apparaît plus dans les recherches, plus aucun partenaire ne vous est proposé et les mises en ' +
      'relation en cours s’arrêtent. Cela ne peut pas être annulé : pour recommencer, il faudra proposer un nouveau projet.',
    reasonLegend: 'Pourquoi clore le projet ?',
    reasons: {
      'team-complete': 'L’équipe est au complet',
      abandoned: 'Le projet s’arrête',
      other: 'Une autre raison',
    } as Record<'team-complete' | 'abandoned' | 'other', string>,
    reasonMissing: 'Choisissez une raison.',
    noteLabel: 'Un mot pour expliquer (facultatif)',
    noteHint: 'Visible sur la page du projet, par exemple : merci à toutes et tous !',
    submit: 'Clore définitivement le projet',
    cancel: 'Ne pas clore, revenir au projet',
    done: 'Le projet est clos. Merci d’avoir fait vivre ce projet avec Trame.',
    already: 'Ce projet est déjà clos.',
  },
};
