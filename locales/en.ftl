## Déclic — English texts.

## Layout
skip-link = Skip to content
nav-label = Main navigation
nav-my-photos = My photos
nav-moderation = Moderation
nav-jury = Jury
nav-admin = Administration
nav-menu = Menu
nav-logout = Sign out
nav-login = Sign in
footer = Déclic — participatory photo contests
footer-credit = Contest powered by Déclic
lang-switch-label = Language
lang-switch-button = Change language

## Home
home-title = Contests
home-heading = Photo contests
home-empty = No contest at the moment.
home-share-description = Photo contests open now: take part with your photos and vote for your favourites.

## Phases and statuses
phase-upcoming = opening soon
phase-submissions = open for photos
phase-voting = public vote open
phase-judging = jury at work
phase-deliberation = deliberation
phase-results = results published
status-processing = processing
status-pending = awaiting moderation
status-approved = published
status-rejected = rejected
status-failed = unreadable

## Sign in
login-title = Sign in
login-intro = To take part or vote, get a code by email: no password to remember.
login-email-label = Your email address
login-email-hint = We send you a 6-digit code and a sign-in link.
login-send-link = Send me my code
login-team-link = Team access
login-team-title = Team access
login-team-back = Take part or vote: sign in by email
login-staff = Moderators, jurors and administrators sign in with their password.
login-staff-email = Email
login-password = Password
login-submit = Sign in
login-code-title = Type your code
login-code-sent = Sent to { $email }! Type the 6-digit code of the email here, or open its link.
login-code-intro = Type the address we wrote to and the 6-digit code of the email.
login-code-label = 6-digit code
login-code-hint = It is in the subject and the text of the email, for example 123 456.
login-code-missing = No email? Look in your spam folder, or
login-code-again = ask for a new code

## Contest
contest-gallery-link = See the gallery
contest-gallery-photos = See the { $photos }
contest-recent-heading = Latest photos
contest-calendar-heading = Timetable
contest-cover-size = { $width } × { $height } mm
contest-cover-alt = Mockup of the “{ $name }” cover
step-submissions = Photo submissions
step-vote = Public vote
step-jury = Jury deliberation
step-results = Results
step-on = on { $date }
milestone-submissions-open = Submissions open in { $left }, on { $date }.
milestone-submissions-close = Only { $left } left to take part: until { $date }.
milestone-vote-open = The public vote opens in { $left }, on { $date }.
milestone-vote-close = Only { $left } left to vote: until { $date }.
milestone-results = Results in { $left }, on { $date }.
photo-count = { $count ->
    [0] no photos yet
    [one] { $shown } photo
   *[other] { $shown } photos
}
contest-participate = Take part
contest-closed = The contest is not accepting photos at the moment.
contest-login = Sign in with your email
contest-login-after = to send your photos.
contest-not-participant = Only participant accounts send photos.
quota-hint = Up to { $count } { $count ->
    [one] photo
   *[other] photos
} per participant; a rejected or withdrawn photo frees its place.
contest-rules-heading = Rules
contest-rules-link = Read the full rules (version { $version })
contest-covers-heading = Covers to illustrate

## Sending photos
upload-photo-label = Your photos (JPEG, PNG, WebP or iPhone HEIC, { $mb } MB at most each)
upload-photo-hint = Take a picture or pick several from your gallery. HEIC photos from iPhones and Macs are accepted.
upload-title-label = Title
upload-description-label = Description (optional)
upload-description-hint = Describe what the photo shows for blind people; without one, its title stands in.
upload-category-label = Category
upload-place-label = Where it was taken (optional)
upload-place-none = —
upload-submit = Send
upload-submit-js = Send my photos
upload-remove = Remove
upload-cancel = Cancel sending
upload-item-label = Photo { $n }: { $name }
upload-state-queued = Ready to go.
upload-state-uploading = Sending: { $percent }%
upload-state-retrying = Connection lost; trying again in { $seconds } s (sending resumes where it stopped).
upload-state-done = Received! It will be visible after moderation.
upload-state-cancelled = Sending cancelled.
upload-state-error = Not sent: { $message }
upload-check-format = This file is not an accepted photo: send a JPEG, PNG, WebP or HEIC.
upload-check-size = This photo is larger than { $mb } MB.
upload-check-low-res = This photo is { $width } × { $height } pixels: that is little for a printed cover (it needs { $need }). It can still compete for the gallery and the vote.
upload-check-fields = Give each photo a title.
upload-all-done = All your photos are received. Share your photo as soon as it is approved: its link will be in “My photos” and in the email that tells you.
upload-see-mine = My photos
upload-summary = { $done } of { $total } { $total ->
    [one] photo sent
   *[other] photos sent
}

## Consent and rights
consent-legend = Your agreement, once for the whole batch
consent-right = { $use }: { $scope } — { $territory }, for { $duration }
consent-people-legend = Can people be recognised in these photos?
consent-people-none = No, nobody can be recognised.
consent-people-agreed = Yes, and they agreed to the photo being published.
consent-people-hint = If a recognisable person has not agreed, do not send the photo.
consent-minor-legend = Are you under { $age }?
consent-minor-no = No
consent-minor-yes = Yes
consent-guardian-name = Full name of your parent or guardian
consent-guardian-consent = My parent or guardian has read the rules and agrees to my taking part and to the rights granted.
consent-agree = I took these photos myself, I accept the rules (version { $version }) and I grant the organiser these rights:
consent-remembered = You gave this agreement on { $date } for your previous photos, under these same rules: tick the box to give it again for these new photos.
consent-change = Check or change my other answers
upload-more = Add a description or a place (optional)
upload-add-photos = Add photos
upload-add-more = Add more photos
use-print = Print
use-web = Website
use-social = Social networks
use-exhibition = Exhibition
use-press = Press and promotion
duration-months = { $count } { $count ->
    [one] month
   *[other] months
}
duration-years = { $count ->
    [one] 1 year
   *[other] { $count } years
}

## Rules
rules-title = Rules — { $contest }
rules-version = Version { $version }, published on { $date }
rules-current = This is the version in force.
rules-outdated = This is no longer the version in force:
rules-see-current = see the current version
rules-rights-heading = Rights asked for
rules-col-use = Use
rules-col-scope = Extent and purpose
rules-col-territory = Territory
rules-col-duration = Duration
rules-age = Participants under { $age } take part with the consent of a parent or guardian, whose name is recorded.
rules-history = Earlier versions
rules-back = Back to the contest

## Gallery and photo
gallery-title = Gallery — { $contest }
gallery-share-description = The photos of the “{ $contest }” contest: vote for your favourites.
gallery-voted = ✓ You voted
gallery-vote = Vote
gallery-vote-for = for “{ $title }”
gallery-empty = No photo published yet.
gallery-by = by { $author }
credit-anonymous = Anonymous
entry-credit-label = Your name in the credits
entry-credit-hint = It goes with your published photos, here and in print. A pseudonym is fine; your email address is never shown.
gallery-order-label = Order
gallery-order-shuffle = Shuffled
gallery-order-newest = Newest
gallery-order-votes = Most voted
gallery-category-label = Category
gallery-all-categories = All
gallery-next = More photos
embed-see-all = See every photo and vote
entry-photo-by = Photo by { $author }.
entry-vote = Vote for this photo
entry-login-to-vote = Sign in to vote
entry-login-hint = A sign-in link is emailed to you: no password.
entry-back = Back to the gallery
entry-reported = Thank you: your report was passed on to the moderators.
entry-hidden = This photo is hidden from the public by the moderators.
entry-show-again = Show the photo again
report-summary = Report this photo
report-reason-label = Reason
report-reason-offensive = Shocking or offensive content
report-reason-personal-data = Invasion of privacy (recognisable person, number plate…)
report-reason-copyright = Not the sender's own photo (copyright)
report-reason-spam = Advertising or spam
report-reason-other = Other
report-details-label = Details (optional)
report-email-label = Your email (optional)
report-email-hint = To hear what was decided; it is not published.
report-honeypot = Leave this field empty
report-submit = Send the report
entry-voted = Thank you, your vote is recorded!
entry-next-photo = Next photo
entry-own-share = This is your photo: share it to gather votes.
entry-own-share-link = Share
entry-voted-already = You have voted for this photo. Thank you!
entry-voted-today = You have voted for this photo today: come back tomorrow to vote again.
entry-no-votes-left = You have used all your votes in this contest.
entry-no-votes-left-today = You have used all your votes for today: come back tomorrow.
entry-votes-left = { $count ->
    [0] No vote left in this contest.
    [one] One vote left in this contest.
   *[other] { $count } votes left in this contest.
}
entry-votes-left-today = { $count ->
    [0] No vote left today.
    [one] One vote left today.
   *[other] { $count } votes left today.
}
entry-vote-checking = A quick anti-robot check runs on your phone (no third party)…
entry-vote-check-failed = The anti-robot check could not be done: please try again.
entry-vote-needs-script = Without JavaScript, a page will ask you to confirm your vote.
vote-confirm-title = Confirm your vote
vote-confirm-heading = Vote for “{ $title }”
vote-confirm-hint = Your browser does not run JavaScript: instead of the anti-robot check, confirm your vote with the button, at least { $seconds } seconds after this page opened.
vote-confirm-button = Confirm my vote
vote-confirm-cancel = Back to the photo without voting
entry-share = Share this photo
entry-share-new-window = (opens a new window)
entry-share-copy = Copy the link
entry-share-copied = The link is copied.

## My photos
me-title = My photos
me-share = Share to gather votes
me-share-title = “{ $title }”
me-credit-label = Name shown in your photos' credits (now “{ $credit }”; a pseudonym is fine)
me-save = Save
me-download = Download my data
me-download-hint = (your original photos and everything Déclic keeps about you)
me-empty = You have not sent any photo yet.
me-col-photo = Photo
me-col-title = Title
me-col-status = Status
me-edit-summary = Change the title or description
me-title-label = Title
me-description-label = Description (the photo's alternative text)
me-withdraw = Withdraw this photo
me-withdraw-label = Withdraw this photo: “{ $title }”
me-reason = Reason: { $reason }
me-shortlisted = Shortlisted by the jury
me-winner = Winner: it will illustrate the cover “{ $cover }”.
me-hidden = Hidden from the public by the moderators after a report.
me-purged = Its files were deleted once the contest's retention period ended; its place in the results stays.
me-low-res = Resolution too low for a printed cover: it can still compete for the gallery and the vote.
me-rights = Rights granted (rules version { $version }, on { $date })
me-guardian = Parental consent: { $name }
me-delete-heading = Delete my account
me-delete-explain = Your photos are withdrawn and their files deleted, your votes erased, your address forgotten. A photo already chosen for a cover stays, with its credit: its rights are granted.
me-delete-confirm = I confirm I want my account deleted
me-delete-button = Delete my account
me-notice-sent = Thank you! Your photo is received; it will be visible after moderation.
me-notice-edited = Changes saved.
me-notice-withdrawn = Your photo is withdrawn from the contest and its files are deleted.
me-notice-named = Your credit name is saved.

## Withdrawal
withdraw-title = Withdraw a photo
withdraw-heading = Withdraw “{ $title }”?
withdraw-explain = The photo leaves the contest: it disappears from the gallery, its votes and scores are erased and its files deleted. This cannot be undone.
withdraw-confirm = Yes, withdraw this photo
withdraw-keep = No, keep it

## Error page
error-title = Error
error-heading = Oops
error-home = Back to the home page

## Emails
email-signature = The Déclic team
email-magic-subject = { $code } is your Déclic sign-in code
email-magic-body = Hello,

    To sign in, type this code on the page where you asked for it:

    { $code }

    or open this link:

    { $link }

    The code and the link are valid for { $minutes } minutes, once.

    If you did not ask for it, ignore this message.
email-share-line = { $network }: { $link }
email-approved-subject = Your photo “{ $title }” is published
email-approved-body = Hello,

    Your photo “{ $title }” was accepted and is now in the gallery:

    { $link }

    Share it to gather votes:

    { $share }

    Thank you for taking part!
email-jury-open-subject = Jury: the round “{ $round }” is open
email-jury-open-body = Hello,

    The round “{ $round }” of the contest “{ $contest }” is open: { $count ->
        [one] one photo awaits you
       *[other] { $count } photos await you
    }, to be marked before { $deadline }.

    The photos are shown without their author's name. Start here: { $link }
email-jury-reminder-subject = Jury: “{ $round }” is waiting for your marks
email-jury-reminder-body = Hello,

    You have marked { $done } of { $total } in the round “{ $round }” of the contest “{ $contest }”. The round closes on { $deadline }.

    Continue where you stopped: { $link }
email-rejected-subject = Your photo “{ $title }” was not accepted
email-rejected-body = Hello,

    Your photo “{ $title }” was not accepted by the moderators.
    Reason: { $reason }

email-hidden-subject = Your photo “{ $title }” is hidden
email-hidden-body = Hello,

    Your photo “{ $title }” was reported and the moderators have hidden it from the public while
    they look into it. You still see it in “My photos”; you may withdraw it if you wish.

## Error messages (stable API codes)
error-unauthenticated = You need to sign in first.
error-forbidden = Your role does not give access to this page.
error-credit-required = Give the name that goes with your photos (a pseudonym is fine).
error-cross-site-request = This request came from another site and was refused.
error-rate-limited = Too many attempts: wait a minute and try again.
error-internal = Something went wrong on our side; nothing was changed, please try again.
error-storage-unavailable = The photo could not be stored; nothing was kept, please try again.
error-database-unavailable = The service is briefly unavailable; nothing was changed, please try again in a moment.
error-upload-too-slow = The connection is too slow to send the photo in one piece. Send it again from the contest page with JavaScript on: it goes in parts and resumes where it stopped.
error-too-many-plain-uploads = Too many photos are being sent at once from this connection; wait for one to finish.
error-email-unavailable = The email could not be sent; please try again.
error-contest-not-found = This contest does not exist.
error-entry-not-found = This photo does not exist or is not published.
error-not-found = This page does not exist.
error-submissions-closed = This contest is not accepting photos at the moment.
error-voting-closed = The public vote is not open at the moment.
error-quorum-not-met = Some photos have fewer jurors whose marks count than the quorum: wait for the jurors, or lower the quorum.
error-previous-round-open = Close the previous round first: its result makes this round's shortlist.
error-round-started = This round has started: its method and shortlist can no longer change.
error-no-jurors = Add at least one juror before starting the round.
error-no-criteria = Set the contest's criteria before starting a scoring round.
error-empty-shortlist = There is no photo for this round to judge.
error-criteria-locked = A round scored on these criteria has started: they can no longer change.
error-juror-role = Pre-selection is open to moderators and administrators; scoring and ranking rounds to jury members only.
error-unknown-juror = There is no team account for one of these emails.
error-round-closed = This round is closed: marks can no longer change.
error-round-not-open = This round is not open yet.
error-recused = You declared you know this photo's author: you do not judge it.
error-invalid-recusal-reason = Say in a few words (up to 500 characters) how you know the author.
error-invalid-rank-place = Choose a place in your top, or take the photo out of it.
error-wrong-mark = This mark does not fit this round.
error-already-voted = You have already voted for this photo.
error-own-entry = You cannot vote for your own photo.
error-invalid-weights = Weights are numbers, not negative, and not both zero.
error-invalid-tie-break = Choose each tie-break once.
error-low-contrast = This accent colour is too light under white text (accessibility needs a 4.5:1 contrast): choose a darker one.
error-invalid-colour = A colour is written like #1d4ed8.
error-logo-too-large = The logo is larger than 2 MB.
error-hero-too-large = The image is larger than 20 MB.
error-invalid-form = The form could not be read: please try again.
error-already-voted-today = You have already voted for this photo today: come back tomorrow.
error-no-votes-left = You have used all your votes in this contest.
error-no-votes-left-today = You have used all your votes for today: come back tomorrow.
error-pow-required = Voting runs a small anti-robot check in your browser: please enable JavaScript and try again.
error-pow-invalid = The anti-robot check failed: please try again.
error-pow-expired = The anti-robot check has expired: please try again.
error-pow-too-soon = Wait a few more seconds before confirming your vote.
error-pow-replayed = This anti-robot check was already used: please try again.
error-already-entered = You have already sent this photo to this contest.
error-entry-is-winner = This photo was chosen for a printed cover and can no longer be withdrawn; please contact the organisers.
error-invalid-display-name = The display name fits on one line of at most 60 characters.
error-staff-account = Team accounts are deleted by an administrator.
error-confirmation-required = Tick the box to confirm you want your account deleted.
error-unknown-place = Choose the place from the contest's list.
error-invalid-place = The place is at most 120 characters.
error-entry-locked = This photo has already been moderated: its title and description can no longer change.
error-quota-reached = You have sent as many photos as this contest allows per participant; a rejected or withdrawn photo frees its place.
error-invalid-quota = The number of photos per participant must be between 1 and 1000.
error-consent-required = You must accept the rules and confirm you took the photo.
error-photo-required = Choose a photo to send.
error-category-required = Choose a category for your photo.
error-unknown-category = This category does not exist in this contest.
error-invalid-title = The title is required (at most 120 characters).
error-invalid-description = The description is required (at most 1000 characters): it is the photo's alternative text.
error-file-too-large = The photo is larger than allowed.
error-unsupported-format = This file is not an accepted photo: send a JPEG, PNG, WebP or HEIC.
error-decode-limit = This photo is too complex to read within the allowed time and memory.
error-decoder-unavailable = This kind of photo cannot be read at the moment; try again later.
error-too-many-pixels = The photo is too large (too many pixels).
error-image-too-large = The photo is too large (too many pixels).
error-corrupt-image = The file is damaged or incomplete and cannot be read.
error-invalid-email = This email address is not valid.
error-invalid-credentials = Wrong email or password.
error-invalid-link = This link has expired or was already used; ask for a new one.
error-invalid-code = This code is wrong, has expired or was already used: check it, or ask for a new email.
error-invalid-code-format = The code is the 6 digits received by email.
error-invalid-score = A score is a whole number from 1 to 10.
error-reason-required = Give the reason for rejecting.
error-entry-not-ready = This photo has not finished processing.
error-entry-not-eligible = Only a published photo of this contest can go on a cover.
error-cover-slot-not-found = This cover does not exist.
error-crop-outside-photo = The crop must lie inside the photo and be at least 16 pixels wide.
error-crop-wrong-shape = The crop must have the cover's shape.
error-one-cover-per-author = The rules give each author one cover at most, and this author already has one.
results-title = Results: { $contest }
results-not-yet = The results will be published on { $date }; until then only staff see this page.
results-none = No cover has been assigned yet.
email-cover-winner-subject = Your photo “{ $title }” will be a cover
email-cover-winner-body = Hello,

    Good news: your photo “{ $title }” was chosen for the cover “{ $cover }” of the contest “{ $contest }”. The results are published on { $date }: { $link }

    Thank you for taking part!
error-slug-taken = This contest address is already taken.
error-invalid-date = A date is not valid.
error-invalid-schedule = The timetable is not consistent (each phase must open before it closes, results come last).
error-authorship-required = Confirm that you took this photo yourself.
error-rules-required = Read and accept the contest rules.
error-rights-required = Tick each of the rights the rules ask for.
error-unknown-right = The rules do not ask for this right.
error-people-answer-required = Say whether people can be recognised in the photo.
error-people-consent-required = Recognisable people must have agreed to the photo being published.
error-age-answer-required = Say whether you are under the age given.
error-guardian-required = Your parent or guardian must consent: give their name and tick their consent.
error-rules-changed = The rules changed since you opened them: read them again before sending.
error-upload-not-found = This upload no longer exists (it expired or was cancelled); start it again.
error-offset-mismatch = The upload resumed at the wrong place; it will realign by itself.
error-upload-interrupted = The connection was cut; sending will resume where it stopped.
error-upload-too-long = The file sent is longer than announced.
error-too-many-uploads = You have too many unfinished uploads; finish or cancel some.
error-invalid-rights = The rules' rights are not valid (use, territory, and a duration of 1 to 1200 months).
error-invalid-age-threshold = The age under which a parent consents must be between 0 and 21.
error-rules-not-found = This version of the rules does not exist.
error-one-photo-per-entry = Send one photo per entry.
error-field-too-large = A form field is too long.
error-invalid-upload = The upload could not be read; try again.
error-votes-hidden = Vote counts will be shown with the results.
error-invalid-order = This gallery order does not exist.
error-invalid-cursor = This page link is no longer valid; go back to the start of the gallery.
error-invalid-reason = Choose why you report this photo.
error-invalid-details = The details are at most 1000 characters.
error-report-not-found = This report does not exist or was already handled.
error-invalid-selection = Tick from 1 to 200 photos.
error-reason-exists = This reason is already in the list.
error-reason-not-found = This reason does not exist.
error-invalid-reason-text = A reason is at most 500 characters.
error-disposable-email = Throwaway mailbox addresses are not accepted; use your usual address.
error-user-not-found = This account does not exist.
error-invalid-retention = The retention period is a number of days between 0 and 3650, or none.
error-mockup-too-large = The mockup is too large (20 MB and 60 megapixels at most).
error-mockup-not-png = The mockup must be a PNG image (transparent where the photo shows).
error-mockup-wrong-shape = The mockup must have the shape of the printed cover, bleed included.
error-invalid-safe-margin = The safe margin must be between 0 and a quarter of the cover's shorter side.
error-too-many-reserves = A cover keeps at most 10 reserve photos.
error-duplicate-reserve = This photo is already on this cover, as its winner or a reserve.
error-cover-has-no-winner = This cover has no winning photo to withdraw.
error-no-such-file = This cover has no such image yet.
email-cover-reserve-subject = Cover “{ $cover }”: your photo is a reserve
email-cover-reserve-body = Hello,

    The photo chosen for the cover “{ $cover }” of the contest “{ $contest }” has been withdrawn. Your photo “{ $title }” is reserve no. { $position } for this cover: the contest team may choose it and will contact you if so. Your photos: { $link }

    Thank you for taking part!
error-invalid-contest-description = The contest's introduction is at most 5,000 characters.
error-category-not-found = This category does not exist in this contest.
error-category-in-use = This category holds photos: it cannot be removed (rename it instead).
error-invalid-category = A category name is at most 80 characters, and each category appears once.
error-own-admin-role = You cannot take away your own administrator role.
error-staff-not-found = This account has no role in the team.
error-invalid-role = Choose a role: moderation, jury or administration.

## Team roles and invitations
role-participant = Participant
role-moderator = Moderation
role-jury = Jury
role-admin = Administration
email-invite-subject = You are invited to the Déclic team: { $role }
email-invite-body = Hello,

    You are invited to the photo contest's team, with the role “{ $role }”.

    To sign in, open this link (valid for { $days } days, once):

    { $link }

    Later, sign in with your email address on Déclic's sign-in page: a link is sent to you each time.
error-cover-has-winner = This cover has a winning photo: record that the winner withdrew first.
