## Déclic — textes des pages de l'équipe (modération, jury, administration).

## Administration : accueil
admin-title = Administration
admin-contests = Concours
admin-no-contests = Aucun concours pour le moment.
admin-create = Créer un concours
admin-title-label = Titre
admin-slug-label = Adresse
admin-slug-hint = Facultatif, ex. guides-2027
admin-rules-label = Règlement
admin-submissions-open = Ouverture du dépôt
admin-submissions-close = Clôture du dépôt
admin-vote-open = Ouverture du vote
admin-vote-close = Clôture du vote
admin-jury-open = Ouverture du jury
admin-jury-close = Clôture du jury
admin-results-at = Résultats
admin-categories-label = Catégories
admin-categories-hint = Une par ligne
admin-places-label = Lieux proposés
admin-places-hint = Un par ligne : lignes, arrêts… ; vide : texte libre
admin-quota-label = Photos par participant (au plus)
admin-create-button = Créer

## Administration : un concours
admin-contest-title = { $title } — administration
admin-public-page = Page publique
admin-export = Télécharger l'export des lauréats
admin-ranking = Classement
admin-ranking-empty = Aucune photo publiée pour le moment.
admin-col-rank = Rang
admin-col-photo = Photo
admin-col-author = Auteur
admin-col-jury = Note du jury
admin-col-votes = Votes
admin-col-cover = Couverture
admin-jury-average = { $average } ({ $count ->
    [one] { $count } note
   *[other] { $count } notes
})
admin-no-score = aucune note
admin-cover-for = Couverture pour « { $title } »
admin-assign = Attribuer
admin-covers = Couvertures
admin-no-covers = Aucune couverture pour le moment.
admin-cover-line = { $name } ({ $width } × { $height } mm, fond perdu { $bleed } mm, { $dpi } dpi)
admin-cover-winner = photo n° { $id }
admin-cover-open = à attribuer
admin-cover-recrop = recadrer
crop-title = Couverture « { $slot } » : recadrage
crop-photo = Photo : « { $title } »
crop-hint = Faites glisser le cadre sur la photo, ou déplacez-le avec les flèches du clavier ; zoomez avec le curseur, la molette ou les touches + et −. Le cadre garde la forme de la couverture, fond perdu compris.
crop-frame = Cadre de la couverture
crop-zoom = Zoom
crop-pixels = Recadrage en pixels de l'original ({ $width } × { $height })
crop-width = Largeur
crop-height = Hauteur
crop-dpi = { $dpi } dpi — { $level }
crop-level-fit = assez défini pour l'impression
crop-level-tight = un peu juste pour l'impression
crop-level-unfit = trop peu défini pour l'impression
crop-print-size = fichier d'impression : { $width } × { $height } pixels
crop-suggest = Revenir au recadrage proposé
crop-save = Enregistrer la couverture
admin-notify-winners = Prévenir les lauréats
admin-results-page = Page publique des résultats
admin-add-cover = Ajouter une couverture
admin-cover-name = Nom
admin-cover-width = Largeur (mm)
admin-cover-height = Hauteur (mm)
admin-cover-bleed = Fond perdu (mm)
admin-cover-dpi = Résolution minimale (dpi)
admin-add-cover-button = Ajouter

## Modération
moderation-title = Modération
moderation-empty = Aucune photo en attente.
moderation-failed = Traitements échoués
moderation-no-failed = Aucune photo n'a échoué au traitement.
moderation-reprocess = Traiter à nouveau
moderation-reprocess-label = Traiter à nouveau « { $title } »
credit-missing = crédit manquant (affiché « Anonyme »)
moderation-received = reçue le { $date }
moderation-approve = Accepter
moderation-reason-label = Motif du refus
moderation-reject = Refuser
moderation-shortcuts = J ou → photo suivante · K ou ← précédente · A accepter · R refuser (avec un motif) · U annuler la dernière décision · X cocher · Entrée ouvrir la photo.
moderation-shortcuts-title = Raccourcis clavier
moderation-done-approved = Acceptée
moderation-done-rejected = Refusée
moderation-undo = Annuler
moderation-undo-label = Annuler la décision sur « { $title } »
moderation-undo-decision = Annuler la décision
moderation-undone = Décision annulée : « { $title } » attend de nouveau.
moderation-error = La décision n'a pas pu être enregistrée. Réessayez.
moderation-undo-expired = Trop tard pour annuler : la personne a été prévenue.
moderation-shelves = États des photos
moderation-shelf-pending = À modérer
moderation-shelf-approved = Acceptées
moderation-shelf-rejected = Refusées
moderation-shelf-processing = En traitement
moderation-shelf-failed = Échecs
moderation-filter-contest = Concours
moderation-filter-all-contests = Tous les concours
moderation-filter-category = Catégorie
moderation-filter-all-categories = Toutes les catégories
moderation-filter-flag = Signal
moderation-filter-any-flag = Toutes les photos
moderation-filter-apply = Filtrer
moderation-flag-duplicate = Doublon
moderation-flag-near_duplicate = Quasi-doublon
moderation-flag-reported = Signalée
moderation-flag-print_unfit = Trop petite pour l'impression
moderation-total = { $count ->
    [0] Aucune photo ici.
    [one] Une photo.
   *[other] { $count } photos.
}
moderation-decision-line = { $outcome } : « { $title } »
moderation-flag-short-duplicate = Doublon
moderation-flag-short-near_duplicate = Quasi-doublon
moderation-flag-short-reported = Signalée
moderation-flag-short-print_unfit = Trop petite
moderation-recent = Dernières décisions
moderation-photos = Photos
moderation-approve-label = Accepter « { $title } »
moderation-reject-label = Refuser « { $title } »
moderation-rejected-for = Refusée : { $reason }
moderation-pages = Pages
moderation-previous = ← Page précédente
moderation-next = Page suivante →
moderation-page-of = Page { $page } sur { $pages }
moderation-reason-missing = Choisissez un motif ou écrivez-le : la personne le lira.
moderation-cancel = Ne pas refuser
moderation-back = ← Retour à la modération
moderation-same-file = Même fichier que cette photo déjà reçue :
moderation-looks-like = Ressemble à cette photo (écart de { $distance } sur 64) :
moderation-size = { $width } × { $height } px

## Jury
jury-title = Jury
jury-empty = Aucun concours n'est ouvert à la notation en ce moment.
jury-progress = { $done ->
    [one] { $done } photo notée
   *[other] { $done } photos notées
} sur { $total }
jury-progress-places = { $done ->
    [one] { $done } place attribuée
   *[other] { $done } places attribuées
} sur { $total }
jury-method-yes_no = Présélection : oui ou non
jury-method-criteria = Notes de 1 à 10 par critère
jury-method-ranking = Classement de vos préférées
jury-top-n = votre top { $n }
jury-criteria = Critères (poids)
jury-round-closed = Ce tour est clos : les notes sont définitives.
jury-round-until = ouvert jusqu'au { $date }
jury-round-from = ouvre le { $date }
jury-continue = Reprendre où je me suis arrêté
jury-review = Revoir mes notes
jury-recused = récusé
jury-done = noté
jury-place-n = place { $n }
jury-saved = Enregistré
jury-save-failed = Non enregistré : vérifiez votre connexion et réessayez.
jury-saved-previous = Votre note de la photo précédente est enregistrée.
jury-navigation = Photos du tour
jury-prev = Précédente
jury-next = Suivante
jury-overview = Toutes les photos du tour
jury-see-cover = Voir en couverture
jury-cover-format = Format de couverture
jury-recused-notice = Vous avez déclaré connaître l'auteur de cette photo : vous ne la jugez pas, et elle est jugée sur les notes des autres jurés.
jury-keep-it = Garder cette photo pour le tour suivant ?
jury-yes = Oui
jury-no = Non
jury-place-label = Place dans votre top { $n }
jury-not-in-top = Pas dans mon top
jury-place-taken = donnée à une autre photo, passera à celle-ci
jury-save-next = Enregistrer et voir la photo suivante
jury-keys-yes_no = Clavier : O oui, N non, ← → photo précédente et suivante, C aperçu en couverture. Sur tablette, balayez.
jury-keys-criteria = Clavier : 1 à 9 et 0 (= 10) notent le critère marqué puis passent au suivant, ← → photo précédente et suivante, C aperçu en couverture. Sur tablette, balayez.
jury-keys-ranking = Clavier : 1 à 9 donnent une place, 0 retire la photo de votre top, ← → photo précédente et suivante, C aperçu en couverture. Sur tablette, balayez.
jury-know-author = Je connais l'auteur
jury-recuse-reason = Comment connaissez-vous l'auteur ? (conservé dans le dossier du jury)
jury-recuse = Me récuser pour cette photo
jury-skip-end = Aller à la dernière photo
admin-rules-heading = Règlement (version { $version } en vigueur)
admin-rules-public = Voir la page publique du règlement et ses versions
admin-rules-hint = Publier crée une nouvelle version : les photos déjà reçues gardent la version acceptée par leur auteur. Nommez chaque droit avec son étendue, son territoire et sa durée (art. L131-3 du CPI).
admin-rules-text = Texte du règlement
admin-right-asked = Droit demandé aux participants
admin-right-scope = Étendue et destination (ex. couvertures des guides horaires 2027)
admin-right-territory = Territoire
admin-right-months = Durée (mois)
admin-rules-publish = Publier une nouvelle version
moderation-reports = Signalements
moderation-no-reports = Aucun signalement en attente.
moderation-report-email = Signalé par { $email }
moderation-hide = Masquer la photo
moderation-dismiss = Classer sans suite
moderation-approve-selected = Accepter les photos cochées
moderation-select = Cocher « { $title } »
moderation-reason-own = Mon propre motif (ci-dessous)
moderation-reason-free = Ou motif libre
moderation-reasons = Motifs de refus proposés
moderation-reason-remove = Retirer
moderation-reason-remove-label = Retirer « { $reason } »
moderation-reason-new = Nouveau motif
moderation-reason-add = Ajouter

## Votes (équipe)
votes-title = Votes — { $title }
votes-back = Retour au concours
votes-flags = Votes suspects
votes-flags-hint = Les votes qui arrivent en rafale sur une photo (un même réseau, une vague de comptes neufs, un même navigateur) sont mis de côté et ne comptent pas tant que vous n'avez pas décidé. Rien n'est supprimé : vous pouvez revenir sur votre décision.
votes-no-flags = Aucun vote suspect.
votes-col-photo = Photo
votes-col-pattern = Point commun des votes
votes-col-votes = Votes
votes-col-last = Dernier vote
votes-col-status = État
votes-col-decision = Décision
votes-flag-network = Un même réseau
votes-flag-new-accounts = Comptes neufs
votes-flag-agent = Un même navigateur
votes-status-open = À examiner
votes-status-included = Comptés
votes-status-excluded = Exclus
votes-include = Les compter
votes-exclude = Les exclure
votes-include-label = Compter les votes suspects pour « { $title } »
votes-exclude-label = Exclure les votes suspects pour « { $title } »
votes-rule-heading = Règle de vote
votes-rule-legend = Chaque votant dispose
votes-rule-per-entry = d'un vote par photo, pour autant de photos qu'il le souhaite
votes-rule-per-contest = d'un nombre de votes pour tout le concours (un par photo)
votes-rule-per-day = d'un nombre de votes chaque jour (un par photo et par jour)
votes-per-voter = Nombre de votes (pour les deux dernières règles)
votes-public-counts = Afficher le nombre de votes avant les résultats
votes-suspicion-legend = Rafales suspectes
votes-suspicion-hint = Dans la fenêtre, à partir de ce nombre de votes sur une photo, ils sont mis de côté pour examen ; 0 désactive un test.
votes-window = Fenêtre (minutes)
votes-network = Votes d'un même réseau
votes-new-accounts = Votes de comptes créés depuis moins d'une heure
votes-agent = Votes d'un même navigateur
votes-save = Enregistrer
admin-votes-link = Votes : règle et votes suspects
admin-look = Apparence : couleurs, logo, intégration
admin-accent = Couleur d'accent (liens et boutons, sous un texte blanc)
admin-accent-hint = Par exemple #1d4ed8. Elle doit garder un contraste de 4,5:1 avec le blanc (accessibilité) ; laissez vide pour le bleu de Déclic.
admin-header-colour = Couleur du bandeau d'en-tête (son texte passe en noir ou en blanc de lui-même)
admin-logo = Logo (PNG, JPEG ou WebP, 2 Mo au plus)
admin-logo-hint = Affiché dans l'en-tête des pages du concours, sur 40 px de haut ; sa transparence est conservée.
admin-hero = Image en tête de la page du concours
admin-hero-hint = Une photo large (JPEG, PNG, WebP ou HEIC, 20 Mo au plus), recadrée au besoin pour le haut de la page. Sans image, la page montre une mosaïque des dernières photos publiées.
admin-hero-current = Image actuelle en tête de la page du concours
admin-hero-remove = Retirer l'image (revenir à la mosaïque des photos)
admin-logo-current = Logo actuel
admin-logo-remove = Retirer le logo
admin-look-save = Enregistrer l'apparence
admin-embed = Intégrer la galerie dans un autre site
admin-embed-hint = Copiez ce code dans le mini-site de la campagne : il montre les photos dans un ordre mélangé ; chacune s'ouvre ici, où l'on vote.
admin-embed-code = Code à copier
admin-embed-preview = Aperçu de la galerie intégrée
votes-back-moderation = Retour à la modération
moderation-flags-open = { $count ->
    [0] rien à examiner
    [one] un groupe à examiner
   *[other] { $count } groupes à examiner
}
admin-col-normalised = Jury, normalisé
admin-col-total = Total
admin-results-csv = Télécharger les notes et le classement (CSV)
admin-results-settings = Calcul du classement
admin-results-hint = Les notes de chaque juré sont normalisées (un juré sévère et un juré généreux pèsent autant), ramenées entre 0 et 1 parmi les photos, puis mêlées aux votes du public (rapportés à la photo la plus votée) selon ces poids ; à total égal, les départages s'appliquent dans l'ordre.
admin-jury-weight = Poids du jury (%)
admin-public-weight = Poids du public (%)
admin-tie-break = Départage { $n }
admin-tie-break-none = aucun
admin-tie-break-jury = la note du jury
admin-tie-break-public-votes = les votes du public
admin-tie-break-earlier-upload = la photo envoyée le plus tôt
admin-results-save = Enregistrer

## Administration du jury
admin-jury-link = Jury
admin-jury-title = Jury
admin-jury-back = Retour au concours
admin-jury-my-marks = Ma page de juré
admin-jury-export = Notes, récusations et classement (CSV)
admin-jury-criteria = Critères
admin-jury-criteria-label = Un critère par ligne, avec son poids
admin-jury-criteria-hint = Un critère par ligne, par exemple « Respect du thème = 2 ; la photo parle-t-elle de voyage ? ». Un critère sans poids pèse 1 ; la description, après le point-virgule, est montrée aux jurés. Les critères peuvent changer jusqu'au début d'un tour noté.
admin-jury-criteria-save = Enregistrer les critères
admin-round-status-draft = en préparation
admin-round-status-open = ouvert
admin-round-status-closed = clos
admin-round-quorum = quorum { $n }
admin-round-entries = { $n } photos
admin-missing-ignore_late = jurés en retard ignorés
admin-missing-average_scored = moyenne de ceux qui ont noté
admin-round-progress = Avancement des jurés
admin-round-juror = Juré
admin-round-done = Notées
admin-round-recused = Récusations
admin-round-last = Dernière note
admin-round-reminded = Relancé
admin-round-open = Ouvrir le tour
admin-round-delete = Supprimer
admin-round-remind = Relancer les jurés qui n'ont pas fini
admin-round-rule = Notes manquantes des jurés en retard
admin-round-close = Clore le tour
admin-round-result = Résultat
admin-round-result-provisional = Résultat provisoire
admin-round-jurors = Jurés comptés
admin-round-raw = Moyenne brute
admin-round-yes-no = Oui / non
admin-round-tier = Rang Schulze
admin-round-below-quorum = sous le quorum
admin-round-new = Nouveau tour
admin-round-name = Nom
admin-round-method = Méthode
admin-round-top-n = Classement : taille du top de chaque juré
admin-round-intake = Photos reprises du tour précédent
admin-round-intake-hint = Les N meilleures du résultat du tour précédent (les ex æquo à la limite passent toutes) ; 0 pour toutes. Le premier tour prend toutes les photos acceptées.
admin-round-quorum-label = Quorum : jurés nécessaires sur chaque photo pour clore
admin-round-opens = Ouverture
admin-round-closes = Clôture (échéance montrée aux jurés)
admin-round-jurors-label = E-mails des jurés
admin-round-jurors-hint = Un par ligne. La présélection est ouverte aux modérateurs et administrateurs ; les tours notés et classés aux membres du jury.
admin-round-create = Ajouter le tour

## Journal d'audit
admin-audit-link = Vérifier le journal d'audit
audit-title = Journal d'audit
audit-back = Retour à l'administration
audit-hint = Chaque action de l'équipe est une ligne du journal d'audit ; l'empreinte de chaque ligne couvre celle d'avant, si bien qu'une ligne modifiée, supprimée ou déplacée dans la base se voit ici.
audit-intact = { $lines ->
    [one] { $lines } ligne, chaîne intacte.
   *[other] { $lines } lignes, chaîne intacte.
}
audit-broken = La chaîne est rompue ({ $lines } lignes lues). Le journal d'audit a été modifié hors de Déclic.
audit-head = Tête de la chaîne (empreinte de la dernière ligne) :
audit-json = La même vérification en JSON
audit-problem-hash-mismatch = La ligne { $seq } a été modifiée : son contenu ne donne plus son empreinte.
audit-problem-prev-hash-mismatch = La ligne { $seq } ne suit pas la ligne d'avant : une ligne a été modifiée puis réempreintée, ou des lignes ont été déplacées.
audit-problem-missing-line = La ligne { $seq } manque.
audit-problem-head-mismatch = La chaîne ne finit pas où sa tête l'indique (vers la ligne { $seq }) : des lignes ont été supprimées à la fin, ou ajoutées après.
audit-problem-unsealed = Une ligne (id { $seq }) a été écrite hors de la chaîne.

## Archive des résultats et conservation
admin-results-archive = Télécharger l'archive des résultats (pour un huissier ou un recours)
admin-results-archive-hint = Un zip de toutes les photos reçues, du journal complet des votes, de chaque note et récusation du jury, du classement final avec son calcul et des lignes du journal d'audit de ce concours, avec la vérification de la chaîne d'audit au moment du téléchargement. Les téléchargements sont journalisés.
admin-retention = Données personnelles
admin-retention-hint = Nombre de jours pendant lesquels les données personnelles des participants et des votants sont conservées après la fin du concours (sa dernière clôture ou ses résultats). Ensuite, les photos non lauréates perdent leurs fichiers, le journal des votes est anonymisé et les personnes sans autre activité sur le site sont effacées ; les lauréats gardent leur photo et leur crédit. Vide : conservées jusqu'à votre décision.
admin-retention-days = Durée de conservation (jours après la fin)
admin-retention-save = Enregistrer la durée de conservation
admin-retention-due = Les données personnelles seront supprimées le { $date }.
admin-retention-done = Les données personnelles ont été supprimées le { $date }.
admin-retention-none = Aucune durée de conservation : les données personnelles sont gardées jusqu'à ce que vous en fixiez une.
sheet-title = Planche contact des couvertures — { $contest }
sheet-page = page { $page } sur { $pages }
sheet-open = à attribuer
sheet-spec = { $width } × { $height } mm, fond perdu { $bleed } mm, { $dpi } dpi
sheet-photo = Photo n° { $id } — « { $title } »
sheet-credit = © { $credit }
sheet-dpi = { $dpi } dpi effectifs — { $level }
covers-sheet-title = Couvertures — { $contest }
covers-sheet-intro = Chaque couverture telle qu'elle sera imprimée (massicotée, sous sa maquette), ses photos de réserve et sa maquette.
covers-sheet-link = Planche contact, maquettes et réserves
covers-sheet-pdf = Télécharger la planche contact (PDF)
covers-sheet-preview-alt = Aperçu de la couverture « { $cover } »
covers-withdraw = Le gagnant se retire
covers-withdraw-confirm = Je confirme : la couverture est libérée et ses réserves sont prévenues par courriel
covers-reserves = Photos de réserve (numéros, dans l'ordre)
covers-reserves-hint = Par exemple : 12, 40, 7. Elles sont prévenues si le gagnant se retire.
covers-reserves-told = { $count } déjà prévenue(s).
covers-reserves-save = Enregistrer les réserves
covers-mockup = Maquette (PNG transparent, format de la couverture fond perdu compris)
covers-mockup-hint = Les parties fixes de la couverture (logo, bandeau de titre, numéro de ligne) ; la photo apparaît là où l'image est transparente.
covers-safe-margin = Marge de sécurité à l'intérieur de la coupe (mm)
covers-mockup-current = Maquette actuelle
covers-mockup-remove = Retirer la maquette
covers-mockup-save = Enregistrer la maquette
crop-safe-area = Zone de sécurité

## Administration : réglages d'un concours
admin-contest-menu = Rubriques du concours
admin-setup = Réglages du concours
admin-setup-saved = Réglages enregistrés.
admin-dashboard-link = Tableau de bord
admin-rules-link = Règlement et droits
admin-staff-link = Équipe et jurés
admin-description-label = Présentation
admin-description-hint = Affichée sous le titre sur la page publique du concours (5 000 caractères au plus).
admin-setup-categories = Catégories
admin-setup-categories-hint = Modifiez un nom pour renommer la catégorie ; videz-le pour la supprimer (impossible tant qu'elle contient des photos).
admin-setup-category = Catégorie { $n }
admin-setup-new-categories = Nouvelles catégories
admin-age-threshold-label = Âge en dessous duquel un parent consent
admin-age-threshold-hint = 15 ans en droit français.
admin-setup-save = Enregistrer les réglages

## Administration : l'équipe
staff-title = Équipe et jurés
staff-members = Membres de l'équipe
staff-none = Personne n'a encore de rôle dans l'équipe.
staff-you = (vous)
staff-remove = Retirer le rôle
staff-remove-label = Retirer le rôle de { $email }
staff-invited = Invitation envoyée.
staff-removed = Rôle retiré : la personne redevient participante.
staff-invite = Inviter une personne
staff-invite-hint = Son compte est créé s'il n'existe pas, le rôle lui est donné, et un email lui apporte un lien de connexion valable 7 jours.
staff-email = Adresse email
staff-invite-button = Envoyer l'invitation

## Administration : les personnes
users-link = Personnes et effacement
users-title = Personnes
users-hint = Cherchez une personne par son adresse ou son nom pour effacer ses données à sa demande (RGPD). Les comptes de l'équipe perdent d'abord leur rôle.
users-search = Adresse ou nom contient
users-search-button = Chercher
users-none = Aucune personne trouvée.
users-col-email = Adresse
users-col-name = Nom affiché
users-col-role = Rôle
users-col-entries = Photos
users-col-actions = Actions
users-erase = Effacer…
users-erase-label = Effacer { $email }…
users-next = Page suivante
users-erased = Personne effacée : { $withdrawn ->
    [one] { $withdrawn } photo retirée
   *[other] { $withdrawn } photos retirées
}, { $kept ->
    [one] { $kept } photo de couverture gardée avec son crédit.
   *[other] { $kept } photos de couverture gardées avec leur crédit.
}
erase-title = Effacer une personne
erase-who = Compte : { $email }
erase-what = { $entries ->
    [one] Sa photo sera retirée et ses fichiers supprimés (sauf si elle a été choisie pour une couverture) ; ses votes ne compteront plus ; son adresse, son nom et ses sessions seront effacés.
   *[other] Ses { $entries } photos seront retirées et leurs fichiers supprimés (sauf celles choisies pour une couverture) ; ses votes ne compteront plus ; son adresse, son nom et ses sessions seront effacés.
}
erase-final = Cet effacement est définitif.
erase-confirm = Effacer définitivement
erase-cancel = Annuler

## Administration : aperçu de la purge
admin-retention-preview = Ce que la purge supprimerait si elle avait lieu maintenant
admin-retention-preview-hint = Compté à l'instant, sans rien changer (comme « declic retention run --dry-run »). Les lauréats (couvertures et premières places du classement) gardent leur photo.
admin-retention-preview-entries = Photos qui perdraient leurs fichiers : { $count }
admin-retention-preview-originals = Originaux supprimés du stockage : { $count }
admin-retention-preview-renditions = Déclinaisons supprimées du stockage : { $count }
admin-retention-preview-votes = Lignes du journal des votes anonymisées : { $count }
admin-retention-preview-people = Personnes effacées : { $count }

## Administration : tableau de bord
dashboard-title = { $title } — tableau de bord
dashboard-back = Retour au concours
dashboard-moderation-link = File de modération
dashboard-numbers = En bref
dashboard-entries = Photos reçues
dashboard-authors = Participants
dashboard-voters = Votants
dashboard-approved = Publiées
dashboard-rejected = Refusées
dashboard-pending = À modérer
dashboard-processing = En traitement
dashboard-oldest-pending = La plus ancienne photo à modérer attend depuis { $age } (reçue le { $date }).
dashboard-day-value = { $day } : { $count }
dashboard-uploads-per-day = Photos reçues par jour
dashboard-approvals-per-day = Photos publiées par jour
dashboard-votes-per-day = Votes par jour
dashboard-per-day-desc = { $total } en tout sur { $days ->
    [one] { $days } jour
   *[other] { $days } jours
}.
dashboard-rows-desc = { $count ->
    [one] { $count } ligne
   *[other] { $count } lignes
}, { $total } en tout.
dashboard-categories = Photos par catégorie
dashboard-top = Photos les plus votées
dashboard-upload-devices = Appareils d'envoi des photos
dashboard-voter-devices = Appareils des votants (dernière connexion)
dashboard-device-phone = Téléphone
dashboard-device-tablet = Tablette
dashboard-device-desktop = Ordinateur
dashboard-device-unknown = Inconnu
dashboard-author-sources = D'où viennent les participants
dashboard-voter-sources = D'où viennent les votants
source-facebook = Facebook
source-instagram = Instagram
source-qr = QR code (affiches, véhicules)
source-x = X (Twitter)
source-mastodon = Mastodon et Fediverse
source-linkedin = LinkedIn
source-email = Email ou newsletter
source-search = Moteur de recherche
source-web = Un autre site
source-direct = Accès direct
source-unknown = Non renseignée
source-tag = Lien « { $tag } »
admin-retention-preview-button = Voir ce que la purge supprimerait maintenant
covers-edit = Modifier ou retirer cette couverture
covers-edit-hint = Si la forme change, la maquette (dessinée pour l'ancienne forme) est retirée.
covers-edit-save = Enregistrer la couverture
covers-remove = Retirer cette couverture
covers-remove-confirm = Je confirme le retrait de cette couverture et de ses réserves
fitness-heading = Impression sur les couvertures
fitness-line = { $cover } : { $dpi } dpi effectifs

## Undelivered e-mails
admin-undelivered = E-mails non remis
admin-undelivered-hint = Le serveur de courrier ne les a pas acceptés. Ils sont réessayés d'eux-mêmes pendant une heure et demie ; renvoyez-les une fois le serveur rétabli.
admin-undelivered-to = à { $to }
admin-undelivered-retrying = { $tries ->
    [one] 1 essai manqué
   *[other] { $tries } essais manqués
}, le dernier le { $date } ; nouvel essai prévu.
admin-undelivered-given-up = Abandonné après { $tries } essais, le dernier le { $date }.
admin-undelivered-why = Réponse du serveur
admin-undelivered-resend = Renvoyer
admin-undelivered-resend-label = Renvoyer « { $subject } » à { $to }

## Moderators' alerts
alert-every-never = jamais
alert-every-hourly = au plus une fois par heure
alert-every-daily = au plus une fois par jour
moderation-alerts-label = Alertes par e-mail
moderation-alerts-save = Enregistrer
email-digest-subject = { $count ->
    [one] Une photo attend la modération
   *[other] { $shown } photos attendent la modération
}
email-digest-line = – { $contest } : { $count }
email-digest-body = Bonjour,

    { $count ->
        [one] Une photo attend votre décision
       *[other] { $shown } photos attendent votre décision
    }, la plus ancienne depuis { $age } :

    { $contests }

    { $reports ->
        [0] Aucun signalement en attente.
        [one] Un signalement attend aussi.
       *[other] { $reports } signalements attendent aussi.
    }

    Modérer : { $link }

    { $settings }
email-report-alert-subject = Photo signalée : « { $title } »
email-report-alert-body = Bonjour,

    La photo « { $title } » vient d'être signalée ({ $reason }). Vous pouvez la masquer tout de suite ou classer le signalement :

    { $link }

    { $settings }
email-alerts-footer = Vous recevez ces alertes { $every }. Pour changer : { $link }

## Originals for the communication team
admin-originals-approved = Originaux des photos publiées (zip)
admin-originals-shortlisted = Originaux des photos présélectionnées par le jury (zip)
admin-originals-hint = Pour l'équipe de communication : chaque photo telle que son auteur l'a envoyée, et manifest.csv qui dit, photo par photo, le crédit et les usages accordés (impression, web, réseaux sociaux…). N'utilisez une photo que pour les usages marqués « yes ».
export-originals-set-approved = les photos publiées
export-originals-set-shortlisted = les photos présélectionnées par le jury
export-originals-readme = « { $contest } » : { $set } ({ $count }), telles que leurs auteurs les ont envoyées (dossier originals/).

    manifest.csv donne pour chaque photo son titre, sa catégorie, le crédit à afficher et les usages que son auteur a accordés : une colonne par usage (may_print, may_web, may_social, may_exhibition, may_press : yes ou no), puis chaque droit avec son étendue (territoire, durée, portée). Une photo ne peut être utilisée que pour les usages marqués yes, avec son crédit. Les photos masquées après un signalement n'y sont pas.

## A new edition
admin-copy-link = Nouvelle édition de ce concours
admin-copy-title = Nouvelle édition de « { $title } »
admin-copy-back = ← Retour au concours
admin-copy-intro = La nouvelle édition reprend le règlement et les droits demandés, les catégories, les lieux, les critères du jury, les couvertures avec leurs gabarits, les réglages du vote et des résultats, la durée de conservation et l'habillage. Elle commence sans photo, sans vote et sans tour de jury.
admin-copy-dates = Calendrier de la nouvelle édition
admin-copy-dates-hint = Proposé un an après celui de ce concours.
admin-copy-button = Créer la nouvelle édition
admin-round-close-confirm = Clore le tour « { $round } » ? Les notes ne pourront plus changer et le résultat sera arrêté.
jury-finished = Terminé, merci !
jury-finished-body = { $count ->
    [one] Vous avez noté la photo de ce tour.
   *[other] Vous avez noté les { $count } photos de ce tour.
} Vos notes restent modifiables jusqu'au { $date }, date de clôture du tour.
admin-look-saved = L'habillage est enregistré.
admin-look-file-again = Choisissez de nouveau le fichier à envoyer.
