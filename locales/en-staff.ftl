## Déclic — texts of the team pages (moderation, jury, administration).

## Administration: home
admin-title = Administration
admin-contests = Contests
admin-no-contests = No contest yet.
admin-create = Create a contest
admin-title-label = Title
admin-slug-label = Web address
admin-slug-hint = Optional, e.g. guides-2027
admin-rules-label = Rules
admin-submissions-open = Submissions open
admin-submissions-close = Submissions close
admin-vote-open = Public vote opens
admin-vote-close = Public vote closes
admin-jury-open = Jury scoring opens
admin-jury-close = Jury scoring closes
admin-results-at = Results
admin-categories-label = Categories
admin-categories-hint = One per line
admin-places-label = Suggested places
admin-places-hint = One per line: bus lines, stops…; leave empty for free text
admin-quota-label = Photos per participant (at most)
admin-create-button = Create

## Administration: one contest
admin-contest-title = { $title } — administration
admin-public-page = Public page
admin-export = Download the winners' export
admin-ranking = Ranking
admin-ranking-empty = No published photo yet.
admin-col-rank = Rank
admin-col-photo = Photo
admin-col-author = Author
admin-col-jury = Jury score
admin-col-votes = Votes
admin-col-cover = Cover
admin-jury-average = { $average } ({ $count ->
    [one] { $count } score
   *[other] { $count } scores
})
admin-no-score = no score yet
admin-cover-for = Cover for “{ $title }”
admin-assign = Assign
admin-covers = Covers
admin-no-covers = No cover yet.
admin-cover-line = { $name } ({ $width } × { $height } mm, { $bleed } mm bleed, { $dpi } dpi)
admin-cover-winner = photo no. { $id }
admin-cover-open = not yet assigned
admin-cover-recrop = crop
crop-title = Cover “{ $slot }”: crop
crop-photo = Photo: “{ $title }”
crop-hint = Drag the frame over the photo, or move it with the arrow keys; zoom with the slider, the wheel or the + and − keys. The frame keeps the cover's shape, bleed included.
crop-frame = Cover frame
crop-zoom = Zoom
crop-pixels = Crop in the original's pixels ({ $width } × { $height })
crop-width = Width
crop-height = Height
crop-dpi = { $dpi } dpi — { $level }
crop-level-fit = sharp enough to print
crop-level-tight = a little soft for print
crop-level-unfit = too soft for print
crop-print-size = print file: { $width } × { $height } pixels
crop-suggest = Back to the suggested crop
crop-save = Save the cover
admin-notify-winners = Tell the winners
admin-results-page = Public results page
admin-add-cover = Add a cover
admin-cover-name = Name
admin-cover-width = Width (mm)
admin-cover-height = Height (mm)
admin-cover-bleed = Bleed (mm)
admin-cover-dpi = Minimum resolution (dpi)
admin-add-cover-button = Add

## Moderation
moderation-title = Moderation
moderation-empty = No photo awaiting moderation.
moderation-failed = Failed processing
moderation-no-failed = No photo failed processing.
moderation-reprocess = Process again
moderation-reprocess-label = Process “{ $title }” again
credit-missing = credit missing (shown as “Anonymous”)
moderation-received = received on { $date }
moderation-approve = Approve
moderation-reason-label = Reason for rejection
moderation-reject = Reject
moderation-shortcuts = J or → next photo · K or ← previous · A approve · R reject (with a reason) · U undo the last decision · X tick · Enter open the photo.
moderation-shortcuts-title = Keyboard shortcuts
moderation-done-approved = Approved
moderation-done-rejected = Rejected
moderation-undo = Undo
moderation-undo-label = Undo the decision on “{ $title }”
moderation-undo-decision = Undo the decision
moderation-undone = Decision undone: “{ $title }” awaits a decision again.
moderation-error = The decision could not be saved. Please try again.
moderation-undo-expired = Too late to undo: the person has been told.
moderation-shelves = Photo states
moderation-shelf-pending = To moderate
moderation-shelf-approved = Approved
moderation-shelf-rejected = Rejected
moderation-shelf-processing = Processing
moderation-shelf-failed = Failed
moderation-filter-contest = Contest
moderation-filter-all-contests = All contests
moderation-filter-category = Category
moderation-filter-all-categories = All categories
moderation-filter-flag = Flag
moderation-filter-any-flag = All photos
moderation-filter-apply = Filter
moderation-flag-duplicate = Duplicate
moderation-flag-near_duplicate = Near-duplicate
moderation-flag-reported = Reported
moderation-flag-print_unfit = Too small to print
moderation-total = { $count ->
    [0] No photo here.
    [one] One photo.
   *[other] { $count } photos.
}
moderation-decision-line = { $outcome }: “{ $title }”
moderation-flag-short-duplicate = Duplicate
moderation-flag-short-near_duplicate = Near-duplicate
moderation-flag-short-reported = Reported
moderation-flag-short-print_unfit = Too small
moderation-recent = Latest decisions
moderation-photos = Photos
moderation-approve-label = Approve “{ $title }”
moderation-reject-label = Reject “{ $title }”
moderation-rejected-for = Rejected: { $reason }
moderation-pages = Pages
moderation-previous = ← Previous page
moderation-next = Next page →
moderation-page-of = Page { $page } of { $pages }
moderation-reason-missing = Pick a reason or write one: the person will read it.
moderation-cancel = Do not reject
moderation-back = ← Back to moderation
moderation-same-file = Same file as this photo, received earlier:
moderation-looks-like = Looks like this photo (difference of { $distance } out of 64):
moderation-size = { $width } × { $height } px

## Jury
jury-title = Jury
jury-empty = No contest is open for scoring at the moment.
jury-progress = { $done } of { $total } { $total ->
    [one] photo
   *[other] photos
} scored
jury-progress-places = { $done } of { $total } { $total ->
    [one] place
   *[other] places
} filled
jury-method-yes_no = Pre-selection: yes or no
jury-method-criteria = Scores from 1 to 10 per criterion
jury-method-ranking = Ranking of your favourites
jury-top-n = your top { $n }
jury-criteria = Criteria (weight)
jury-round-closed = This round is closed: the marks are final.
jury-round-until = open until { $date }
jury-round-from = opens on { $date }
jury-continue = Continue where I stopped
jury-review = Review my marks
jury-recused = recused
jury-done = marked
jury-place-n = place { $n }
jury-saved = Saved
jury-save-failed = Not saved: check your connection and try again.
jury-saved-previous = Your mark on the previous photo is saved.
jury-navigation = Photos of the round
jury-prev = Previous
jury-next = Next
jury-overview = All the photos of the round
jury-see-cover = See it on the cover
jury-cover-format = Cover format
jury-recused-notice = You declared you know this photo's author: you do not judge it, and the photo is judged on the other jurors' marks.
jury-keep-it = Keep this photo for the next round?
jury-yes = Yes
jury-no = No
jury-place-label = Place in your top { $n }
jury-not-in-top = Not in my top
jury-place-taken = given to another photo, will move here
jury-save-next = Save and see the next photo
jury-keys-yes_no = Keyboard: Y yes, N no, ← → previous and next photo, C cover preview. On a tablet, swipe.
jury-keys-criteria = Keyboard: 1 to 9 and 0 (= 10) score the marked criterion then go to the next one, ← → previous and next photo, C cover preview. On a tablet, swipe.
jury-keys-ranking = Keyboard: 1 to 9 give a place, 0 takes the photo out of your top, ← → previous and next photo, C cover preview. On a tablet, swipe.
jury-know-author = I know this author
jury-recuse-reason = How do you know the author? (kept in the jury's record)
jury-recuse = Recuse myself from this photo
jury-skip-end = Skip to the last photo
admin-rules-heading = Rules (version { $version } in force)
admin-rules-public = See the public rules page and its versions
admin-rules-hint = Publishing creates a new version: photos already received keep the version their author accepted. Name each right with its extent, territory and duration (French CPI art. L131-3).
admin-rules-text = Text of the rules
admin-right-asked = Right asked of participants
admin-right-scope = Extent and purpose (e.g. covers of the 2027 timetable guides)
admin-right-territory = Territory
admin-right-months = Duration (months)
admin-rules-publish = Publish a new version
moderation-reports = Reports
moderation-no-reports = No report waiting.
moderation-report-email = Reported by { $email }
moderation-hide = Hide the photo
moderation-dismiss = Dismiss
moderation-approve-selected = Approve the ticked photos
moderation-select = Tick “{ $title }”
moderation-reason-own = My own reason (below)
moderation-reason-free = Or your own words
moderation-reasons = Rejection reasons offered
moderation-reason-remove = Remove
moderation-reason-remove-label = Remove “{ $reason }”
moderation-reason-new = New reason
moderation-reason-add = Add

## Votes (staff)
votes-title = Votes — { $title }
votes-back = Back to the contest
votes-flags = Suspicious votes
votes-flags-hint = Votes that arrive in a burst on one photo (one network, a wave of new accounts, one identical browser) are held back and not counted until you decide. Nothing is deleted: you may change your decision.
votes-no-flags = No suspicious vote.
votes-col-photo = Photo
votes-col-pattern = What the votes share
votes-col-votes = Votes
votes-col-last = Last vote
votes-col-status = Status
votes-col-decision = Decision
votes-flag-network = One network
votes-flag-new-accounts = New accounts
votes-flag-agent = One identical browser
votes-status-open = To review
votes-status-included = Counted
votes-status-excluded = Excluded
votes-include = Count them
votes-exclude = Exclude them
votes-include-label = Count the suspicious votes for “{ $title }”
votes-exclude-label = Exclude the suspicious votes for “{ $title }”
votes-rule-heading = Voting rule
votes-rule-legend = Each voter has
votes-rule-per-entry = one vote per photo, for as many photos as they like
votes-rule-per-contest = a number of votes for the whole contest (one per photo)
votes-rule-per-day = a number of votes each day (one per photo and day)
votes-per-voter = Number of votes (for the last two rules)
votes-public-counts = Show vote counts before the results
votes-suspicion-legend = Suspicious bursts
votes-suspicion-hint = Within the window, this many votes on one photo are held for review; 0 turns a test off.
votes-window = Window (minutes)
votes-network = Votes from one network
votes-new-accounts = Votes from accounts less than an hour old
votes-agent = Votes with one identical browser
votes-save = Save
admin-votes-link = Votes: rule and suspicious votes
admin-look = Look: colours, logo, embedding
admin-accent = Accent colour (links and buttons, under white text)
admin-accent-hint = Like #1d4ed8. It must keep a 4.5:1 contrast with white (accessibility); leave empty for Déclic's blue.
admin-header-colour = Header band colour (its text turns black or white by itself)
admin-logo = Logo (PNG, JPEG or WebP, 2 MB at most)
admin-logo-hint = Shown in the header of the contest's pages, 40 px high; its transparency is kept.
admin-hero = Image at the top of the contest's page
admin-hero-hint = A wide photo (JPEG, PNG, WebP or HEIC, 20 MB at most), cropped as needed for the top of the page. Without one, the page shows a mosaic of the latest published photos.
admin-hero-current = Current image at the top of the contest's page
admin-hero-remove = Remove the image (back to the mosaic of photos)
admin-logo-current = Current logo
admin-logo-remove = Remove the logo
admin-look-save = Save the look
admin-embed = Embed the gallery in another site
admin-embed-hint = Copy this code into the campaign's mini-site: it shows the latest photos in a shuffle; each opens here, where people vote.
admin-embed-code = Code to copy
admin-embed-preview = Preview the embedded gallery
votes-back-moderation = Back to moderation
moderation-flags-open = { $count ->
    [0] nothing to review
    [one] one group to review
   *[other] { $count } groups to review
}
admin-col-normalised = Jury, normalised
admin-col-total = Total
admin-results-csv = Download the scores and the ranking (CSV)
admin-results-settings = How the ranking is computed
admin-results-hint = Each juror's scores are normalised (a harsh and a generous juror weigh the same), scaled from 0 to 1 among the photos, and mixed with the public's votes (scaled to the most voted) by these weights; equal totals are separated by the tie-breaks, in order.
admin-jury-weight = Jury weight (%)
admin-public-weight = Public weight (%)
admin-tie-break = Tie-break { $n }
admin-tie-break-none = none
admin-tie-break-jury = the jury's score
admin-tie-break-public-votes = the public's votes
admin-tie-break-earlier-upload = the earlier photo
admin-results-save = Save

## Jury administration
admin-jury-link = Jury
admin-jury-title = Jury
admin-jury-back = Back to the contest
admin-jury-my-marks = My jury page
admin-jury-export = Scores, recusals and ranking (CSV)
admin-jury-criteria = Criteria
admin-jury-criteria-label = One criterion per line, with its weight
admin-jury-criteria-hint = One criterion per line, for example “Fits the theme = 2 ; does the photo speak of travelling?”. A criterion without a weight weighs 1; the description, after the semicolon, is shown to jurors. Criteria can change until a scoring round starts.
admin-jury-criteria-save = Save the criteria
admin-round-status-draft = being prepared
admin-round-status-open = open
admin-round-status-closed = closed
admin-round-quorum = quorum { $n }
admin-round-entries = { $n } photos
admin-missing-ignore_late = late jurors ignored
admin-missing-average_scored = average of those who marked
admin-round-progress = Jurors' progress
admin-round-juror = Juror
admin-round-done = Marked
admin-round-recused = Recusals
admin-round-last = Last mark
admin-round-reminded = Reminded
admin-round-open = Start the round
admin-round-delete = Delete
admin-round-remind = Remind the jurors who have not finished
admin-round-rule = Missing marks of late jurors
admin-round-close = Close the round
admin-round-result = Result
admin-round-result-provisional = Result so far
admin-round-jurors = Jurors counted
admin-round-raw = Raw mean
admin-round-yes-no = Yes / no
admin-round-tier = Schulze tier
admin-round-below-quorum = below the quorum
admin-round-new = New round
admin-round-name = Name
admin-round-method = Method
admin-round-top-n = Ranking: size of the top each juror ranks
admin-round-intake = Photos taken from the previous round
admin-round-intake-hint = The best N of the previous round's result (photos tied at the cut all go through); 0 for all. The first round takes every approved photo.
admin-round-quorum-label = Quorum: jurors needed on each photo to close
admin-round-opens = Opens
admin-round-closes = Closes (deadline shown to the jurors)
admin-round-jurors-label = Jurors' emails
admin-round-jurors-hint = One per line. Pre-selection is open to moderators and administrators; scoring and ranking rounds to jury members.
admin-round-create = Add the round

## Audit log
admin-audit-link = Check the audit log
audit-title = Audit log
audit-back = Back to administration
audit-hint = Every staff action is a line of the audit log; each line's hash covers the one before it, so a line changed, removed or moved in the database shows here.
audit-intact = { $lines ->
    [one] { $lines } line, chain intact.
   *[other] { $lines } lines, chain intact.
}
audit-broken = The chain is broken ({ $lines } lines read). The audit log was changed outside Déclic.
audit-head = Head of the chain (hash of the last line):
audit-json = The same check as JSON
audit-problem-hash-mismatch = Line { $seq } was changed: its content no longer gives its hash.
audit-problem-prev-hash-mismatch = Line { $seq } does not follow the line before it: a line was changed and rehashed, or lines were moved.
audit-problem-missing-line = Line { $seq } is missing.
audit-problem-head-mismatch = The chain does not end where its head says (around line { $seq }): lines were removed at the end, or added after it.
audit-problem-unsealed = A line (id { $seq }) was written outside the chain.

## Results archive and retention
admin-results-archive = Download the results archive (for a bailiff or an appeal)
admin-results-archive-hint = A zip of every entry, the whole vote log, every jury mark and recusal, the final ranking with its computation and this contest's audit lines, with the audit chain's check at the time of the download. Downloads are audited.
admin-retention = Personal data
admin-retention-hint = Days the participants' and voters' personal data is kept after the contest ends (its last closing or its results). Then the photos that did not win lose their files, the vote log is anonymised and people with nothing else on the site are erased; winners keep their photo and their credit. Empty: kept until you decide.
admin-retention-days = Retention period (days after the end)
admin-retention-save = Save the retention period
admin-retention-due = Personal data will be removed on { $date }.
admin-retention-done = Personal data was removed on { $date }.
admin-retention-none = No retention period: personal data is kept until you set one.
sheet-title = Cover contact sheet — { $contest }
sheet-page = page { $page } of { $pages }
sheet-open = not yet assigned
sheet-spec = { $width } × { $height } mm, { $bleed } mm bleed, { $dpi } dpi
sheet-photo = Photo no. { $id } — “{ $title }”
sheet-credit = © { $credit }
sheet-dpi = { $dpi } effective dpi — { $level }
covers-sheet-title = Covers — { $contest }
covers-sheet-intro = Each cover as it will be printed (trimmed, under its mockup), its reserve photos and its mockup.
covers-sheet-link = Contact sheet, mockups and reserves
covers-sheet-pdf = Download the contact sheet (PDF)
covers-sheet-preview-alt = Preview of the cover “{ $cover }”
covers-withdraw = The winner withdraws
covers-withdraw-confirm = I confirm: the cover is freed and its reserves are told by email
covers-reserves = Reserve photos (numbers, in order)
covers-reserves-hint = For example: 12, 40, 7. They are told if the winner withdraws.
covers-reserves-told = { $count } already told.
covers-reserves-save = Save the reserves
covers-mockup = Mockup (transparent PNG, the cover's shape bleed included)
covers-mockup-hint = The cover's fixed parts (logo, title band, line number); the photo shows where the image is transparent.
covers-safe-margin = Safe margin inside the trim (mm)
covers-mockup-current = Current mockup
covers-mockup-remove = Remove the mockup
covers-mockup-save = Save the mockup
crop-safe-area = Safe area

## Administration: a contest's setup
admin-contest-menu = Contest sections
admin-setup = Contest setup
admin-setup-saved = Setup saved.
admin-dashboard-link = Dashboard
admin-rules-link = Rules and rights
admin-staff-link = Team and jurors
admin-description-label = Introduction
admin-description-hint = Shown under the title on the contest's public page (at most 5,000 characters).
admin-setup-categories = Categories
admin-setup-categories-hint = Change a name to rename the category; empty it to remove the category (refused while it holds photos).
admin-setup-category = Category { $n }
admin-setup-new-categories = New categories
admin-age-threshold-label = Age below which a parent consents
admin-age-threshold-hint = 15 under French law.
admin-setup-save = Save the setup

## Administration: the team
staff-title = Team and jurors
staff-members = Team members
staff-none = Nobody has a role in the team yet.
staff-you = (you)
staff-remove = Remove the role
staff-remove-label = Remove the role of { $email }
staff-invited = Invitation sent.
staff-removed = Role removed: the person is a participant again.
staff-invite = Invite a person
staff-invite-hint = Their account is created if it does not exist, given the role, and an email brings them a sign-in link valid for 7 days.
staff-email = Email address
staff-invite-button = Send the invitation

## Administration: people
users-link = People and erasure
users-title = People
users-hint = Find a person by address or name to erase their data at their request (GDPR). Team accounts lose their role first.
users-search = Address or name contains
users-search-button = Search
users-none = Nobody found.
users-col-email = Address
users-col-name = Display name
users-col-role = Role
users-col-entries = Photos
users-col-actions = Actions
users-erase = Erase…
users-erase-label = Erase { $email }…
users-next = Next page
users-erased = Person erased: { $withdrawn ->
    [one] { $withdrawn } photo withdrawn
   *[other] { $withdrawn } photos withdrawn
}, { $kept ->
    [one] { $kept } cover photo kept with its credit.
   *[other] { $kept } cover photos kept with their credit.
}
erase-title = Erase a person
erase-who = Account: { $email }
erase-what = { $entries ->
    [one] Their photo will be withdrawn and its files deleted (unless it was chosen for a cover); their votes will stop counting; their address, name and sessions will be erased.
   *[other] Their { $entries } photos will be withdrawn and their files deleted (except those chosen for a cover); their votes will stop counting; their address, name and sessions will be erased.
}
erase-final = This erasure cannot be undone.
erase-confirm = Erase for good
erase-cancel = Cancel

## Administration: purge preview
admin-retention-preview = What the purge would delete if it ran now
admin-retention-preview-hint = Counted just now, changing nothing (like “declic retention run --dry-run”). Winners (covers and the ranking's first places) keep their photo.
admin-retention-preview-entries = Photos that would lose their files: { $count }
admin-retention-preview-originals = Originals deleted from storage: { $count }
admin-retention-preview-renditions = Renditions deleted from storage: { $count }
admin-retention-preview-votes = Vote log rows anonymised: { $count }
admin-retention-preview-people = People erased: { $count }

## Administration: dashboard
dashboard-title = { $title } — dashboard
dashboard-back = Back to the contest
dashboard-moderation-link = Moderation queue
dashboard-numbers = At a glance
dashboard-entries = Photos received
dashboard-authors = Participants
dashboard-voters = Voters
dashboard-approved = Published
dashboard-rejected = Rejected
dashboard-pending = Awaiting moderation
dashboard-processing = Being processed
dashboard-oldest-pending = The oldest photo awaiting moderation has waited { $age } (received on { $date }).
dashboard-day-value = { $day }: { $count }
dashboard-uploads-per-day = Photos received per day
dashboard-approvals-per-day = Photos published per day
dashboard-votes-per-day = Votes per day
dashboard-per-day-desc = { $total } in all over { $days ->
    [one] { $days } day
   *[other] { $days } days
}.
dashboard-rows-desc = { $count ->
    [one] { $count } line
   *[other] { $count } lines
}, { $total } in all.
dashboard-categories = Photos per category
dashboard-top = Most voted photos
dashboard-upload-devices = Devices the photos were sent from
dashboard-voter-devices = Voters' devices (last sign-in)
dashboard-device-phone = Phone
dashboard-device-tablet = Tablet
dashboard-device-desktop = Computer
dashboard-device-unknown = Unknown
dashboard-author-sources = Where participants came from
dashboard-voter-sources = Where voters came from
source-facebook = Facebook
source-instagram = Instagram
source-qr = QR code (posters, vehicles)
source-x = X (Twitter)
source-mastodon = Mastodon and the Fediverse
source-linkedin = LinkedIn
source-email = Email or newsletter
source-search = Search engine
source-web = Another website
source-direct = Direct
source-unknown = Not recorded
source-tag = Link “{ $tag }”
admin-retention-preview-button = See what the purge would delete now
covers-edit = Change or remove this cover
covers-edit-hint = If the shape changes, the mockup (drawn for the old shape) is taken off.
covers-edit-save = Save the cover
covers-remove = Remove this cover
covers-remove-confirm = I confirm removing this cover and its reserves
fitness-heading = Printing on the covers
fitness-line = { $cover }: { $dpi } effective dpi

## Undelivered e-mails
admin-undelivered = Undelivered e-mails
admin-undelivered-hint = The mail server did not accept them. They are tried again by themselves for an hour and a half; send them again once the server is back.
admin-undelivered-to = to { $to }
admin-undelivered-retrying = { $tries ->
    [one] 1 failed try
   *[other] { $tries } failed tries
}, the last on { $date }; another try is planned.
admin-undelivered-given-up = Given up after { $tries } tries, the last on { $date }.
admin-undelivered-why = Server's answer
admin-undelivered-resend = Send again
admin-undelivered-resend-label = Send “{ $subject }” to { $to } again

## Moderators' alerts
alert-every-never = never
alert-every-hourly = at most once an hour
alert-every-daily = at most once a day
moderation-alerts-label = E-mail alerts
moderation-alerts-save = Save
email-digest-subject = { $count ->
    [one] One photo awaits moderation
   *[other] { $shown } photos await moderation
}
email-digest-line = – { $contest }: { $count }
email-digest-body = Hello,

    { $count ->
        [one] One photo awaits your decision
       *[other] { $shown } photos await your decision
    }, the oldest for { $age }:

    { $contests }

    { $reports ->
        [0] No report is waiting.
        [one] One report is waiting too.
       *[other] { $reports } reports are waiting too.
    }

    Moderate: { $link }

    { $settings }
email-report-alert-subject = Photo reported: “{ $title }”
email-report-alert-body = Hello,

    The photo “{ $title }” has just been reported ({ $reason }). You may hide it at once or dismiss the report:

    { $link }

    { $settings }
email-alerts-footer = You receive these alerts { $every }. To change this: { $link }

## Originals for the communication team
admin-originals-approved = Originals of the published photos (zip)
admin-originals-shortlisted = Originals of the photos the jury shortlisted (zip)
admin-originals-hint = For the communication team: each photo as its author sent it, and manifest.csv giving, photo by photo, the credit and the uses granted (print, web, social networks…). Use a photo only for the uses marked “yes”.
export-originals-set-approved = the published photos
export-originals-set-shortlisted = the photos the jury shortlisted
export-originals-readme = “{ $contest }”: { $set } ({ $count }), as their authors sent them (folder originals/).

    manifest.csv gives for each photo its title, category, the credit to show and the uses its author granted: one column per use (may_print, may_web, may_social, may_exhibition, may_press: yes or no), then each right with its extent (territory, duration, scope). A photo may be used only for the uses marked yes, with its credit. Photos hidden after a report are left out.

## A new edition
admin-copy-link = New edition of this contest
admin-copy-title = New edition of “{ $title }”
admin-copy-back = ← Back to the contest
admin-copy-intro = The new edition takes the rules and the rights asked, the categories, places, jury criteria, covers with their mockups, the vote and results settings, the retention period and the look. It starts with no photo, no vote and no jury round.
admin-copy-dates = The new edition's calendar
admin-copy-dates-hint = Proposed a year after this contest's.
admin-copy-button = Create the new edition
admin-round-close-confirm = Close the round “{ $round }”? Marks can no longer change and the result will be final.
jury-finished = Finished — thank you!
jury-finished-body = { $count ->
    [one] You have marked the photo of this round.
   *[other] You have marked the { $count } photos of this round.
} You may still change your marks until { $date }, when the round closes.
admin-look-saved = The look is saved.
admin-look-file-again = Choose the file to send again.
