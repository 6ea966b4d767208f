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
moderation-contest = Concours { $contest }
moderation-by = par { $author }
moderation-received = reçue le { $date }
moderation-duplicate = Même fichier qu'une photo déjà reçue (n° { $id }).
moderation-near-duplicate = Ressemble à la photo n° { $id } (écart { $distance } sur 64) :
moderation-compare-alt = Photo n° { $id }, à comparer
moderation-approve = Accepter
moderation-reason-label = Motif du refus
moderation-reject = Refuser

## Jury
jury-title = Jury
jury-empty = Aucun concours n'est ouvert à la notation en ce moment.
jury-progress = { $done ->
    [one] { $done } photo notée
   *[other] { $done } photos notées
} sur { $total }
jury-score-label = Note (1 à 10)
jury-save = Enregistrer
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
moderation-shortcuts = Raccourcis clavier : J photo suivante, K précédente, A accepter, R choisir un motif de refus.
moderation-approve-selected = Accepter les photos cochées
moderation-select = Cocher « { $title } »
moderation-reason-own = Mon propre motif (ci-dessous)
moderation-reason-free = Ou motif libre
moderation-reasons = Motifs de refus proposés
moderation-reason-remove = Retirer
moderation-reason-remove-label = Retirer « { $reason } »
moderation-reason-new = Nouveau motif
moderation-reason-add = Ajouter
