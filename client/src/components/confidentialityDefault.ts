/**
 * A starting point for a therapist's confidentiality text (issue 11 §8, I43): the three limits the
 * issue names — what one partner says alone, mandatory reporting, the duty to warn — in plain words a
 * partner can read on a phone. Not legal advice: the console and the couple page say so, and the
 * therapist edits it to their own policy and the law where they practise. Under 1000 characters, the
 * room's limit on a note.
 */
export const DEFAULT_CONFIDENTIALITY = `What you say in our sessions stays between the three of us. I do not share it without your written consent, except as below.

If one of you tells me something alone (a message, a call, a session on your own), I may ask you to bring it to our joint sessions. I will not keep a secret that works against the couple work.

I must break confidentiality if someone is at serious risk of harm: to themselves, or a child or vulnerable adult (mandatory reporting).

If someone makes a serious threat against another person, I may have to warn that person or the authorities (duty to warn).

I keep brief notes of each session, stored securely.`;

export const NOT_LEGAL_ADVICE =
  'A starting point, not legal advice: make it your own policy, and check it against the law where you practise.';
