//! Built-in query vocabulary: groups of words readers and writers use for
//! the same thing ("log in", "sign in", "login"), and filler words readers
//! add to a search that an answer need not contain ("problem", "issue").
//!
//! Like the stop words, these are needed only where an index is built: the
//! index records the groups and the filler words in its manifest
//! ([`crate::pack::Manifest::synonyms`]), so the CLI and the browser read a
//! query the same way, and a help center can turn the list off
//! (`[output.html.search] builtin-synonyms = false`) without a new engine.
//!
//! The lists are general support vocabulary (accounts, devices, apps,
//! messages, files, billing), written from how people describe computer
//! and account problems, not from any one help center or test set. Only
//! English has lists; other languages have none until someone writes them.

use crate::stem::Language;

/// English synonym groups, one per line, members separated by commas. A
/// member may be several words ("direct message"); a query that contains a
/// member also finds the others.
const ENGLISH_GROUPS: &str = "\
sign in, log in, login, logon, log on, signin
sign out, log out, logout, log off, signout
sign up, register, create an account, registration, signup
username, user name, user id, handle
password, passcode, passphrase
two-factor, 2fa, two-step, mfa, multi-factor, multifactor, two factor, two step, 2-step verification
verification code, security code, login code, otp, one-time code, one time password
authenticator, authentication app, auth app
hacked, compromised, taken over, broken into
locked out, cant get in, cannot access, cant access, lost access
suspended, disabled, deactivated, banned
delete, remove, erase, get rid of, wipe
restore, recover, get back, undo, retrieve
cancel, reverse, void, revoke
deactivate, turn off, switch off
enable, turn on, switch on
phone, mobile, cell phone, smartphone, cellphone, handset
phone number, mobile number, cell number
android, samsung, galaxy, pixel
iphone, ios, ipad, apple device
computer, pc, laptop
app, application, program, software, client
browser, chrome, firefox, safari, edge
email, e-mail, mail
inbox, mailbox
spam, junk, unwanted mail
outbox, unsent, stuck sending
attachment, attached file, attachments
message, dm, direct message, private message, pm, chat message
notification, alert, notice, popup, pop-up, reminder
picture, photo, image, pic, pics, photos
video, clip, recording, reel
post, publish, upload
profile, account page, bio
follower, subscriber, fan
block, mute, restrict
report, flag, complain
harassment, bullying, abuse, threats, harassing
impersonation, fake account, pretending to be me, impostor, imposter, catfish
scam, fraud, phishing, scammer
private, hidden, not public
public, visible, open to everyone
tag, mention, tagged
appeal, dispute, request a review
removed, taken down, deleted by, censored
strike, violation, warning
copyright, dmca, intellectual property
refund, money back, reimbursement, chargeback
payment, charge, billing, bill, invoice, receipt
subscription, membership, license, licence
payout, payouts, earnings
crash, crashes, closes unexpectedly, quits, stops working
freeze, frozen, hangs, hang, not responding, unresponsive, stuck
slow, sluggish, lag, laggy, takes forever, performance
corrupt, corrupted, damaged, broken file, unreadable
garbled, strange characters, weird symbols, gibberish, scrambled
blank, empty, white screen
wifi, wi-fi, wireless, internet, network, connection, offline
update, upgrade, new version, latest version
install, setup, set up, installation
uninstall, remove the app, delete the app
settings, options, preferences, configuration
screen, display, monitor
screenshot, screen capture, screen grab
screen sharing, share screen, share my screen
microphone, mic, audio input
camera, webcam, video camera
sound, audio, volume
meeting, call, video call, conference
calendar, schedule, appointment, appointments
contacts, address book
folder, directory
file, document, doc
presentation, slideshow, slides, slide deck, deck
spreadsheet, workbook, sheet, worksheet
memory, ram
storage, disk space, storage space, quota
print, printer, printing, printout
shortcut, hotkey, keyboard shortcut
language, translation, translate
verify, confirm, verification, confirmation
link, url, web address
import, bring in, upload a file
forward, redirect, auto-forward
vacation reply, out of office, automatic reply, auto reply, away message, oof
presence, availability, online status, active status
group, community
birthday, date of birth, age
child, kid, minor, teen, teenager, underage
dead, deceased, passed away, memorialize, memorialise
ads, advertising, advertisement, sponsored, promoted
business, brand, company, organization, organisation
";

/// English words readers add to a search that an answer need not contain:
/// a query's filler words are not required, only counted when present.
/// After the reader's words for trouble come the function words of
/// Snowball's English stop word list that helpbook's own list keeps, and
/// words of quantity and frequency ("many", "always") and verbs of
/// motion and seeming ("goes", "comes", "seems"): they say little
/// about the page a reader needs, so a page without them is not left out.
const ENGLISH_OPTIONAL: &str = "problem problems issue issues trouble troubles help helps \
    fix fixes fixing working work works worked keep keeps kept want wants need needs try \
    trying tried unable able anymore suddenly still properly correctly please way ways \
    happen happens happened happening thing things something stuff get gets getting got \
    doesnt dont cant wont isnt not no \
    ourselves yourself yourselves him himself hers herself itself theirs themselves ought \
    because until while against between through during before after above below up down \
    out off over under again further once all any both each few more most other others \
    another some nor only own same many much lot lots always never ever every even also \
    really sometimes often now yet already instead else anything everything nothing \
    someone anyone everyone somebody anybody everybody \
    go goes going gone went come comes coming came seem seems seemed";

/// The built-in synonym groups of `language`, members lower-cased, or none.
pub(crate) fn groups_for(language: Option<Language>) -> Vec<Vec<String>> {
    let text = match language {
        Some(Language::English) => ENGLISH_GROUPS,
        _ => "",
    };
    text.lines()
        .map(|line| {
            line.split(',')
                .map(|member| member.trim().to_lowercase())
                .filter(|member| !member.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|group| group.len() > 1)
        .collect()
}

/// The built-in filler words of `language`, or none.
pub(crate) fn optional_for(language: Option<Language>) -> Vec<String> {
    let text = match language {
        Some(Language::English) => ENGLISH_OPTIONAL,
        _ => "",
    };
    text.split_whitespace().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_has_lists_and_others_do_not() {
        let groups = groups_for(Some(Language::English));
        assert!(groups.len() > 50);
        assert!(groups
            .iter()
            .any(|g| g.contains(&"sign in".to_owned()) && g.contains(&"login".to_owned())));
        assert!(groups_for(Some(Language::Spanish)).is_empty());
        assert!(optional_for(Some(Language::English)).contains(&"problem".to_owned()));
        assert!(optional_for(None).is_empty());
    }
}
