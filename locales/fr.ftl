## Déclic — textes en français (langue par défaut).

## Mise en page
skip-link = Aller au contenu
nav-label = Navigation principale
nav-my-photos = Mes photos
nav-moderation = Modération
nav-jury = Jury
nav-admin = Administration
nav-menu = Menu
nav-logout = Se déconnecter
nav-login = Se connecter
footer = Déclic — concours photo participatifs
footer-credit = Concours propulsé par Déclic
lang-switch-label = Langue
lang-switch-button = Changer de langue

## Accueil
home-title = Concours
home-heading = Concours photo
home-empty = Aucun concours pour le moment.
home-share-description = Les concours photo du moment : participez avec vos photos et votez pour vos préférées.

## Phases et états
phase-upcoming = bientôt ouvert
phase-submissions = dépôt des photos ouvert
phase-voting = vote du public ouvert
phase-judging = délibération du jury
phase-deliberation = en délibération
phase-results = résultats publiés
status-processing = en cours de traitement
status-pending = en attente de modération
status-approved = publiée
status-rejected = refusée
status-failed = illisible

## Connexion
login-title = Connexion
login-intro = Pour participer ou voter, recevez un code par email : pas de mot de passe à retenir.
login-email-label = Votre adresse email
login-email-hint = Nous vous envoyons un code à 6 chiffres et un lien de connexion.
login-send-link = Recevoir mon code
login-team-link = Accès équipe
login-team-title = Accès équipe
login-team-back = Participer ou voter : connexion par email
login-staff = Modération, jury et administration se connectent avec leur mot de passe.
login-staff-email = Email
login-password = Mot de passe
login-submit = Se connecter
login-code-title = Saisissez votre code
login-code-sent = C'est envoyé à { $email } ! Saisissez ici le code à 6 chiffres de l'email, ou ouvrez son lien.
login-code-intro = Saisissez l'adresse à laquelle nous avons écrit et le code à 6 chiffres de l'email.
login-code-label = Code à 6 chiffres
login-code-hint = Il figure dans l'objet et dans le texte de l'email, par exemple 123 456.
login-code-missing = Pas d'email ? Regardez dans les indésirables, ou
login-code-again = demandez un nouveau code

## Concours
contest-gallery-link = Voir la galerie
contest-gallery-photos = Voir les { $photos }
contest-recent-heading = Les dernières photos
contest-calendar-heading = Le calendrier
contest-cover-size = { $width } × { $height } mm
contest-cover-alt = Maquette de la couverture « { $name } »
step-submissions = Dépôt des photos
step-vote = Vote du public
step-jury = Délibération du jury
step-results = Résultats
step-on = le { $date }
milestone-submissions-open = Le dépôt des photos ouvre dans { $left }, le { $date }.
milestone-submissions-close = Plus que { $left } pour participer : jusqu'au { $date }.
milestone-vote-open = Le vote du public ouvre dans { $left }, le { $date }.
milestone-vote-close = Plus que { $left } pour voter : jusqu'au { $date }.
milestone-results = Résultats dans { $left }, le { $date }.
photo-count = { $count ->
    [0] aucune photo pour l'instant
    [one] { $shown } photo
   *[other] { $shown } photos
}
contest-participate = Participer
contest-closed = Le dépôt des photos n'est pas ouvert en ce moment.
contest-login = Connectez-vous avec votre email
contest-login-after = pour envoyer vos photos.
contest-not-participant = Seuls les comptes participants envoient des photos.
quota-hint = Jusqu'à { $count } { $count ->
    [one] photo
   *[other] photos
} par participant ; une photo refusée ou retirée libère sa place.
contest-rules-heading = Règlement
contest-rules-link = Lire le règlement complet (version { $version })
contest-covers-heading = Couvertures à illustrer

## Envoi des photos
upload-photo-label = Vos photos (JPEG, PNG, WebP ou HEIC d'iPhone, { $mb } Mo au plus chacune)
upload-photo-hint = Prenez une photo ou choisissez-en plusieurs dans votre galerie. Les photos HEIC des iPhone et des Mac sont acceptées.
upload-title-label = Titre
upload-description-label = Description (facultative)
upload-description-hint = Décrivez ce que montre la photo pour les personnes aveugles ; sans description, son titre en tient lieu.
upload-category-label = Catégorie
upload-place-label = Lieu de la prise de vue (facultatif)
upload-place-none = —
upload-submit = Envoyer
upload-submit-js = Envoyer mes photos
upload-remove = Retirer
upload-cancel = Annuler l'envoi
upload-item-label = Photo { $n } : { $name }
upload-state-queued = Prête à partir.
upload-state-uploading = Envoi en cours : { $percent } %
upload-state-retrying = Connexion perdue ; nouvel essai dans { $seconds } s (l'envoi reprendra où il s'est arrêté).
upload-state-done = Reçue ! Elle sera visible après modération.
upload-state-cancelled = Envoi annulé.
upload-state-error = Non envoyée : { $message }
upload-check-format = Ce fichier n'est pas une photo acceptée : envoyez un JPEG, un PNG, un WebP ou un HEIC.
upload-check-size = Cette photo dépasse { $mb } Mo.
upload-check-low-res = Cette photo fait { $width } × { $height } pixels : c'est peu pour une couverture imprimée (il en faut { $need }). Elle peut tout de même concourir pour la galerie et le vote.
upload-check-fields = Donnez un titre à chaque photo.
upload-all-done = Toutes vos photos sont reçues. Partagez votre photo dès sa validation : son lien sera dans « Mes photos » et dans l'email qui vous l'annoncera.
upload-see-mine = Mes photos
upload-summary = { $done } sur { $total } { $total ->
    [one] photo envoyée
   *[other] photos envoyées
}

## Consentement et droits
consent-legend = Vos accords, une fois pour tout l'envoi
consent-right = { $use } : { $scope } — { $territory }, pour { $duration }
consent-people-legend = Des personnes sont-elles reconnaissables sur ces photos ?
consent-people-none = Non, personne n'est reconnaissable.
consent-people-agreed = Oui, et elles ont accepté que la photo soit publiée.
consent-people-hint = Si une personne reconnaissable n'a pas donné son accord, n'envoyez pas la photo.
consent-minor-legend = Avez-vous moins de { $age } ans ?
consent-minor-no = Non
consent-minor-yes = Oui
consent-guardian-name = Nom et prénom de votre parent ou tuteur
consent-guardian-consent = Mon parent ou tuteur a lu le règlement et accepte ma participation et la cession des droits.
consent-agree = J'ai pris ces photos moi-même, j'accepte le règlement (version { $version }) et j'accorde à l'organisateur ces droits :
consent-remembered = Vous avez donné ces accords le { $date } pour vos photos précédentes, sous ce même règlement : cochez la case pour les redonner à ces nouvelles photos.
consent-change = Vérifier ou changer mes autres réponses
upload-more = Ajouter une description ou un lieu (facultatif)
upload-add-photos = Ajouter des photos
upload-add-more = Ajouter d'autres photos
use-print = Impression
use-web = Site web
use-social = Réseaux sociaux
use-exhibition = Exposition
use-press = Presse et promotion
duration-months = { $count } mois
duration-years = { $count ->
    [one] 1 an
   *[other] { $count } ans
}

## Règlement
rules-title = Règlement — { $contest }
rules-version = Version { $version }, publiée le { $date }
rules-current = C'est la version en vigueur.
rules-outdated = Ce n'est plus la version en vigueur :
rules-see-current = voir la version actuelle
rules-rights-heading = Droits demandés
rules-col-use = Usage
rules-col-scope = Étendue et destination
rules-col-territory = Territoire
rules-col-duration = Durée
rules-age = Les participants de moins de { $age } ans participent avec l'accord d'un parent ou tuteur, dont le nom est enregistré.
rules-history = Versions précédentes
rules-back = Retour au concours

## Galerie et photo
gallery-title = Galerie — { $contest }
gallery-share-description = Les photos du concours « { $contest } » : votez pour vos préférées.
gallery-voted = ✓ Vous avez voté
gallery-vote = Voter
gallery-vote-for = pour « { $title } »
gallery-empty = Aucune photo publiée pour le moment.
gallery-by = par { $author }
credit-anonymous = Anonyme
entry-credit-label = Votre nom dans les crédits
entry-credit-hint = Il accompagnera vos photos publiées, ici et à l’impression. Un pseudonyme convient ; votre adresse e-mail n’est jamais affichée.
gallery-order-label = Ordre
gallery-order-shuffle = Mélangé
gallery-order-newest = Les plus récentes
gallery-order-votes = Les plus votées
gallery-category-label = Catégorie
gallery-all-categories = Toutes
gallery-next = Photos suivantes
embed-see-all = Voir toutes les photos et voter
entry-photo-by = { ELISION($author) ->
    [yes] Photo d’{ $author }.
   *[no] Photo de { $author }.
}
entry-vote = Voter pour cette photo
entry-login-to-vote = Se connecter pour voter
entry-login-hint = Un lien de connexion vous est envoyé par email : pas de mot de passe.
entry-back = Retour à la galerie
entry-reported = Merci : votre signalement est transmis aux modérateurs.
entry-hidden = Cette photo est masquée au public par la modération.
entry-show-again = Réafficher la photo
report-summary = Signaler cette photo
report-reason-label = Motif
report-reason-offensive = Contenu choquant ou offensant
report-reason-personal-data = Atteinte à la vie privée (personne reconnaissable, plaque…)
report-reason-copyright = Photo qui n'est pas de son auteur (droit d'auteur)
report-reason-spam = Publicité ou spam
report-reason-other = Autre
report-details-label = Précisions (facultatif)
report-email-label = Votre email (facultatif)
report-email-hint = Pour être informé de la suite donnée ; il n'est pas publié.
report-honeypot = Ne pas remplir ce champ
report-submit = Envoyer le signalement
entry-voted = Merci, votre vote est enregistré !
entry-next-photo = Photo suivante
entry-own-share = C'est votre photo : partagez-la pour récolter des votes.
entry-own-share-link = Partager
entry-voted-already = Vous avez voté pour cette photo. Merci !
entry-voted-today = Vous avez voté pour cette photo aujourd'hui : revenez demain pour voter à nouveau.
entry-no-votes-left = Vous avez utilisé tous vos votes dans ce concours.
entry-no-votes-left-today = Vous avez utilisé tous vos votes du jour : revenez demain.
entry-votes-left = { $count ->
    [0] Plus aucun vote dans ce concours.
    [one] Il vous reste un vote dans ce concours.
   *[other] Il vous reste { $count } votes dans ce concours.
}
entry-votes-left-today = { $count ->
    [0] Plus aucun vote aujourd'hui.
    [one] Il vous reste un vote aujourd'hui.
   *[other] Il vous reste { $count } votes aujourd'hui.
}
entry-vote-checking = Une courte vérification anti-robot tourne sur votre téléphone (sans service tiers)…
entry-vote-check-failed = La vérification anti-robot n'a pas abouti : merci de réessayer.
entry-vote-needs-script = Sans JavaScript, une page vous demandera de confirmer votre vote.
vote-confirm-title = Confirmer votre vote
vote-confirm-heading = Voter pour « { $title } »
vote-confirm-hint = Votre navigateur n'exécute pas JavaScript : à la place de la vérification anti-robot, confirmez votre vote en appuyant sur le bouton, au moins { $seconds } secondes après l'ouverture de cette page.
vote-confirm-button = Confirmer mon vote
vote-confirm-cancel = Revenir à la photo sans voter
entry-share = Partager cette photo
entry-share-new-window = (nouvelle fenêtre)
entry-share-copy = Copier le lien
entry-share-copied = Le lien est copié.

## Mes photos
me-title = Mes photos
me-share = Partager pour récolter des votes
me-share-title = « { $title } »
me-credit-label = Nom affiché dans les crédits de vos photos (actuellement « { $credit } » ; un pseudonyme convient)
me-save = Enregistrer
me-download = Télécharger mes données
me-download-hint = (vos photos originales et tout ce que Déclic conserve sur vous)
me-empty = Vous n'avez pas encore envoyé de photo.
me-col-photo = Photo
me-col-title = Titre
me-col-status = État
me-edit-summary = Modifier le titre ou la description
me-title-label = Titre
me-description-label = Description (texte alternatif de la photo)
me-withdraw = Retirer cette photo
me-withdraw-label = Retirer cette photo : « { $title } »
me-reason = Motif : { $reason }
me-shortlisted = Présélectionnée par le jury
me-winner = Lauréate : elle illustrera la couverture « { $cover } ».
me-hidden = Masquée au public par la modération après un signalement.
me-purged = Ses fichiers ont été supprimés à la fin de la durée de conservation du concours ; sa place dans les résultats demeure.
me-low-res = Résolution trop faible pour une couverture imprimée : elle reste possible pour la galerie et le vote.
me-rights = Droits cédés (règlement version { $version }, le { $date })
me-guardian = Accord parental : { $name }
me-delete-heading = Supprimer mon compte
me-delete-explain = Vos photos sont retirées et leurs fichiers supprimés, vos votes effacés, votre adresse oubliée. Une photo déjà choisie pour une couverture reste, avec son crédit : ses droits sont cédés.
me-delete-confirm = Je confirme vouloir supprimer mon compte
me-delete-button = Supprimer mon compte
me-notice-sent = Merci ! Votre photo est bien reçue ; elle sera visible après modération.
me-notice-edited = Modifications enregistrées.
me-notice-withdrawn = Votre photo est retirée du concours et ses fichiers sont supprimés.
me-notice-named = Votre nom pour les crédits est enregistré.

## Retrait
withdraw-title = Retirer une photo
withdraw-heading = Retirer « { $title } » ?
withdraw-explain = La photo quitte le concours : elle disparaît de la galerie, ses votes et notes sont effacés et ses fichiers supprimés. Ce retrait est définitif.
withdraw-confirm = Oui, retirer cette photo
withdraw-keep = Non, la garder

## Page d'erreur
error-title = Erreur
error-heading = Oups
error-home = Retour à l'accueil

## Emails
email-signature = L'équipe Déclic
email-magic-subject = { $code } : votre code de connexion à Déclic
email-magic-body = Bonjour,

    Pour vous connecter, saisissez ce code sur la page où vous l'avez demandé :

    { $code }

    ou ouvrez ce lien :

    { $link }

    Le code et le lien sont valables { $minutes } minutes, une seule fois.

    Si vous n'avez rien demandé, ignorez ce message.
email-share-line = { $network } : { $link }
email-approved-subject = Votre photo « { $title } » est publiée
email-approved-body = Bonjour,

    Votre photo « { $title } » a été acceptée et figure maintenant dans la galerie :

    { $link }

    Partagez-la pour récolter des votes :

    { $share }

    Merci pour votre participation !
email-jury-open-subject = Jury : le tour « { $round } » est ouvert
email-jury-open-body = Bonjour,

    Le tour « { $round } » du concours « { $contest } » est ouvert : { $count ->
        [one] une photo vous attend
       *[other] { $count } photos vous attendent
    }, à noter avant le { $deadline }.

    Les photos sont présentées sans le nom de leur auteur. Commencez ici : { $link }
email-jury-reminder-subject = Jury : « { $round } » attend vos notes
email-jury-reminder-body = Bonjour,

    Vous avez noté { $done } sur { $total } dans le tour « { $round } » du concours « { $contest } ». Le tour se clôt le { $deadline }.

    Reprenez où vous vous êtes arrêté : { $link }
email-rejected-subject = Votre photo « { $title } » n'a pas été retenue
email-rejected-body = Bonjour,

    Votre photo « { $title } » n'a pas été retenue par la modération.
    Motif : { $reason }

email-hidden-subject = Votre photo « { $title } » est masquée
email-hidden-body = Bonjour,

    Votre photo « { $title } » a été signalée et la modération l'a masquée au public en attendant
    de l'examiner. Vous la voyez toujours dans « Mes photos » ; vous pouvez la retirer si vous le souhaitez.

## Messages d'erreur (codes stables de l'API)
error-unauthenticated = Vous devez d'abord vous connecter.
error-forbidden = Votre rôle ne donne pas accès à cette page.
error-credit-required = Indiquez le nom qui accompagnera vos photos (un pseudonyme convient).
error-cross-site-request = Cette demande venait d'un autre site : elle a été refusée.
error-rate-limited = Trop de tentatives : patientez une minute puis réessayez.
error-internal = Une erreur est survenue de notre côté ; rien n'a été modifié, merci de réessayer.
error-storage-unavailable = La photo n'a pas pu être enregistrée ; rien n'a été conservé, merci de réessayer.
error-database-unavailable = Le service est momentanément indisponible ; rien n'a été modifié, merci de réessayer dans un instant.
error-upload-too-slow = La connexion est trop lente pour envoyer la photo d'un seul coup. Renvoyez-la depuis la page du concours avec JavaScript activé : elle partira en plusieurs morceaux et reprendra là où elle s'est arrêtée.
error-too-many-plain-uploads = Trop de photos sont envoyées en même temps depuis cette connexion ; attendez qu'un envoi se termine.
error-email-unavailable = L'email n'a pas pu être envoyé ; merci de réessayer.
error-contest-not-found = Ce concours n'existe pas.
error-entry-not-found = Cette photo n'existe pas ou n'est pas publiée.
error-not-found = Cette page n'existe pas.
error-submissions-closed = Ce concours n'accepte pas de photos en ce moment.
error-voting-closed = Le vote du public n'est pas ouvert en ce moment.
error-quorum-not-met = Des photos ont moins de jurés comptés que le quorum : attendez les jurés, ou baissez le quorum.
error-previous-round-open = Clôturez d'abord le tour précédent : son résultat fait la sélection de ce tour.
error-round-started = Ce tour a commencé : sa méthode et sa sélection ne peuvent plus changer.
error-no-jurors = Ajoutez au moins un juré avant d'ouvrir le tour.
error-no-criteria = Définissez les critères du concours avant d'ouvrir un tour noté.
error-empty-shortlist = Aucune photo à juger dans ce tour.
error-criteria-locked = Un tour noté sur ces critères a commencé : ils ne peuvent plus changer.
error-juror-role = La présélection est ouverte aux modérateurs et administrateurs ; les tours notés et classés aux seuls membres du jury.
error-unknown-juror = Aucun compte de l'équipe ne correspond à l'une de ces adresses.
error-round-closed = Ce tour est clos : les notes ne peuvent plus changer.
error-round-not-open = Ce tour n'est pas encore ouvert.
error-recused = Vous avez déclaré connaître l'auteur de cette photo : vous ne la jugez pas.
error-invalid-recusal-reason = Dites en quelques mots (500 caractères au plus) comment vous connaissez l'auteur.
error-invalid-rank-place = Choisissez une place dans votre top, ou retirez-en la photo.
error-wrong-mark = Cette note ne correspond pas à ce tour.
error-already-voted = Vous avez déjà voté pour cette photo.
error-own-entry = Vous ne pouvez pas voter pour votre propre photo.
error-invalid-weights = Les poids sont des nombres positifs, pas tous deux nuls.
error-invalid-tie-break = Choisissez chaque départage une seule fois.
error-low-contrast = Cette couleur d'accent est trop claire sous un texte blanc (l'accessibilité demande un contraste de 4,5:1) : choisissez-en une plus foncée.
error-invalid-colour = Une couleur s'écrit comme #1d4ed8.
error-logo-too-large = Le logo dépasse 2 Mo.
error-hero-too-large = L'image dépasse 20 Mo.
error-invalid-form = Le formulaire n'a pas pu être lu : merci de réessayer.
error-already-voted-today = Vous avez déjà voté pour cette photo aujourd'hui : revenez demain.
error-no-votes-left = Vous avez utilisé tous vos votes dans ce concours.
error-no-votes-left-today = Vous avez utilisé tous vos votes du jour : revenez demain.
error-pow-required = Le vote passe par une petite vérification anti-robot dans votre navigateur : activez JavaScript et réessayez.
error-pow-invalid = La vérification anti-robot a échoué : merci de réessayer.
error-pow-expired = La vérification anti-robot a expiré : merci de réessayer.
error-pow-too-soon = Patientez encore quelques secondes avant de confirmer votre vote.
error-pow-replayed = Cette vérification anti-robot a déjà servi : merci de réessayer.
error-already-entered = Vous avez déjà envoyé cette photo à ce concours.
error-entry-is-winner = Cette photo a été choisie pour une couverture imprimée et ne peut plus être retirée ; contactez les organisateurs.
error-invalid-display-name = Le nom affiché tient sur une ligne de 60 caractères au plus.
error-staff-account = Les comptes de l'équipe sont supprimés par un administrateur.
error-confirmation-required = Cochez la case pour confirmer la suppression de votre compte.
error-unknown-place = Choisissez le lieu dans la liste du concours.
error-invalid-place = Le lieu tient en 120 caractères au plus.
error-entry-locked = Cette photo a déjà été modérée : son titre et sa description ne peuvent plus changer.
error-quota-reached = Vous avez atteint le nombre de photos autorisé par participant dans ce concours ; une photo refusée ou retirée libère sa place.
error-invalid-quota = Le nombre de photos par participant doit être compris entre 1 et 1000.
error-consent-required = Vous devez accepter le règlement et confirmer être l'auteur de la photo.
error-photo-required = Choisissez une photo à envoyer.
error-category-required = Choisissez une catégorie pour votre photo.
error-unknown-category = Cette catégorie n'existe pas dans ce concours.
error-invalid-title = Le titre est obligatoire (120 caractères au plus).
error-invalid-description = La description est obligatoire (1000 caractères au plus) : elle sert de texte alternatif.
error-file-too-large = La photo dépasse la taille autorisée.
error-unsupported-format = Ce fichier n'est pas une photo acceptée : envoyez un JPEG, un PNG, un WebP ou un HEIC.
error-decode-limit = Cette photo est trop complexe à lire dans le temps et la mémoire autorisés.
error-decoder-unavailable = Ce type de photo ne peut pas être lu pour le moment ; réessayez plus tard.
error-too-many-pixels = La photo est trop grande (trop de pixels).
error-image-too-large = La photo est trop grande (trop de pixels).
error-corrupt-image = Le fichier est abîmé ou incomplet et ne peut pas être lu.
error-invalid-email = Cette adresse email n'est pas valide.
error-invalid-credentials = Email ou mot de passe incorrect.
error-invalid-link = Ce lien a expiré ou a déjà servi ; demandez-en un nouveau.
error-invalid-code = Ce code est faux, a expiré ou a déjà servi : vérifiez-le, ou demandez un nouvel email.
error-invalid-code-format = Le code est fait des 6 chiffres reçus par email.
error-invalid-score = Une note est un nombre entier de 1 à 10.
error-reason-required = Indiquez le motif du refus.
error-entry-not-ready = Cette photo n'a pas fini d'être traitée.
error-entry-not-eligible = Seule une photo publiée de ce concours peut aller sur une couverture.
error-cover-slot-not-found = Cette couverture n'existe pas.
error-crop-outside-photo = Le recadrage doit tenir dans la photo et faire au moins 16 pixels de large.
error-crop-wrong-shape = Le recadrage doit avoir la forme de la couverture.
error-one-cover-per-author = Le règlement limite chaque auteur à une couverture, et cet auteur en a déjà une.
results-title = Résultats : { $contest }
results-not-yet = Les résultats seront publiés le { $date } ; cette page n'est visible que par l'équipe d'ici là.
results-none = Aucune couverture n'a encore été attribuée.
email-cover-winner-subject = Votre photo « { $title } » fera une couverture
email-cover-winner-body = Bonjour,

    Bonne nouvelle : votre photo « { $title } » a été choisie pour la couverture « { $cover } » du concours « { $contest } ». Les résultats sont publiés le { $date } : { $link }

    Merci pour votre participation !
error-slug-taken = Cette adresse de concours est déjà prise.
error-invalid-date = Une date n'est pas valide.
error-invalid-schedule = Le calendrier n'est pas cohérent (chaque phase doit s'ouvrir avant de se fermer, les résultats venir en dernier).
error-authorship-required = Confirmez que vous avez pris cette photo vous-même.
error-rules-required = Lisez et acceptez le règlement du concours.
error-rights-required = Cochez chacun des droits demandés par le règlement.
error-unknown-right = Le règlement ne demande pas ce droit.
error-people-answer-required = Dites si des personnes sont reconnaissables sur la photo.
error-people-consent-required = Les personnes reconnaissables doivent avoir accepté la publication de la photo.
error-age-answer-required = Dites si vous avez moins de l'âge indiqué.
error-guardian-required = Votre parent ou tuteur doit donner son accord : indiquez son nom et cochez son accord.
error-rules-changed = Le règlement a changé depuis que vous l'avez ouvert : relisez-le avant d'envoyer.
error-upload-not-found = Cet envoi n'existe plus (il a expiré ou a été annulé) ; recommencez-le.
error-offset-mismatch = L'envoi a repris au mauvais endroit ; il va se recaler automatiquement.
error-upload-interrupted = La connexion a été coupée ; l'envoi reprendra où il s'est arrêté.
error-upload-too-long = Le fichier envoyé est plus long qu'annoncé.
error-too-many-uploads = Vous avez trop d'envois inachevés ; terminez-en ou annulez-en.
error-invalid-rights = Les droits du règlement ne sont pas valides (usage, territoire et durée de 1 à 1200 mois).
error-invalid-age-threshold = L'âge sous lequel un parent consent doit être compris entre 0 et 21 ans.
error-rules-not-found = Cette version du règlement n'existe pas.
error-one-photo-per-entry = Envoyez une seule photo par participation.
error-field-too-large = Un champ du formulaire est trop long.
error-invalid-upload = L'envoi n'a pas pu être lu ; réessayez.
error-votes-hidden = Le nombre de votes sera visible avec les résultats.
error-invalid-order = Cet ordre de la galerie n'existe pas.
error-invalid-cursor = Ce lien de page n'est plus valable ; revenez au début de la galerie.
error-invalid-reason = Choisissez le motif du signalement.
error-invalid-details = Les précisions tiennent en 1000 caractères au plus.
error-report-not-found = Ce signalement n'existe pas ou a déjà été traité.
error-invalid-selection = Cochez de 1 à 200 photos.
error-reason-exists = Ce motif est déjà dans la liste.
error-reason-not-found = Ce motif n'existe pas.
error-invalid-reason-text = Un motif tient en 500 caractères au plus.
error-disposable-email = Les adresses jetables ne sont pas acceptées ; utilisez votre adresse habituelle.
error-user-not-found = Ce compte n'existe pas.
error-invalid-retention = La durée de conservation est un nombre de jours entre 0 et 3650, ou aucune.
error-mockup-too-large = La maquette est trop lourde (20 Mo et 60 mégapixels au plus).
error-mockup-not-png = La maquette doit être une image PNG (transparente là où la photo apparaît).
error-mockup-wrong-shape = La maquette doit avoir la forme de la couverture imprimée, fond perdu compris.
error-invalid-safe-margin = La marge de sécurité doit être comprise entre 0 et le quart du plus petit côté de la couverture.
error-too-many-reserves = Une couverture garde au plus 10 photos de réserve.
error-duplicate-reserve = Cette photo est déjà sur cette couverture, comme gagnante ou en réserve.
error-cover-has-no-winner = Cette couverture n'a pas de photo gagnante à retirer.
error-no-such-file = Cette couverture n'a pas encore cette image.
email-cover-reserve-subject = Couverture « { $cover } » : votre photo est en réserve
email-cover-reserve-body = Bonjour,

    La photo choisie pour la couverture « { $cover } » du concours « { $contest } » a été retirée. Votre photo « { $title } » est la réserve n° { $position } de cette couverture : l'équipe du concours pourrait la choisir et vous recontactera dans ce cas. Vos photos : { $link }

    Merci pour votre participation !
error-invalid-contest-description = La présentation du concours tient en 5 000 caractères au plus.
error-category-not-found = Cette catégorie n'existe pas dans ce concours.
error-category-in-use = Cette catégorie contient des photos : elle ne peut pas être supprimée (renommez-la plutôt).
error-invalid-category = Un nom de catégorie tient en 80 caractères au plus, et chaque catégorie n'apparaît qu'une fois.
error-own-admin-role = Vous ne pouvez pas retirer votre propre rôle d'administrateur.
error-staff-not-found = Ce compte n'a pas de rôle dans l'équipe.
error-invalid-role = Choisissez un rôle : modération, jury ou administration.

## Rôles et invitations dans l'équipe
role-participant = Participant
role-moderator = Modération
role-jury = Jury
role-admin = Administration
email-invite-subject = Invitation dans l'équipe Déclic : { $role }
email-invite-body = Bonjour,

    Vous êtes invité dans l'équipe du concours photo, avec le rôle « { $role } ».

    Pour vous connecter, ouvrez ce lien (valable { $days } jours, une seule fois) :

    { $link }

    Ensuite, connectez-vous avec votre adresse email sur la page de connexion de Déclic : un lien vous est envoyé à chaque fois.
error-cover-has-winner = Cette couverture a une photo gagnante : enregistrez d'abord le retrait du gagnant.
