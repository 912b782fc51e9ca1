import { changeOf } from '../consent/consentView';
import { CHANNEL_LABELS, type ConsentFlag } from '../store/consentFlags';
import type { ConsentEntry } from '../store/consent';
import type { Contact } from '../store/types';
import { html, type SafeHtml } from './html';
import type { PageContext } from './layout';

/** The flags a team member may change from the contact's page; a STOP is the contact's to undo by texting START. */
export const INBOX_FLAGS: ConsentFlag[] = [
	'email_unsubscribed',
	'dnd_email',
	'dnd_sms',
	'dnd_calls',
	'dnd_all',
];

const BUTTONS: Record<ConsentFlag, [turnOn: string, turnOff: string]> = {
	email_unsubscribed: ['Unsubscribe from marketing email', 'Resubscribe to marketing email'],
	dnd_email: ['Turn on Do Not Disturb for email', 'Turn off Do Not Disturb for email'],
	dnd_sms: ['Turn on Do Not Disturb for SMS', 'Turn off Do Not Disturb for SMS'],
	dnd_calls: ['Turn on Do Not Disturb for calls', 'Turn off Do Not Disturb for calls'],
	dnd_all: ['Turn on Do Not Disturb for all channels', 'Turn off Do Not Disturb for all channels'],
	sms_opted_out: ['', ''],
};

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function states(contact: Contact): Array<[channel: string, state: string, flags: ConsentFlag[]]> {
	const on = (flags: ConsentFlag[], otherwise: string) =>
		flags
			.filter((f) => contact[f])
			.map((f) => changeOf({ flag: f, opted_out: true }).replace(/ on$/, ''))
			.join(' · ') || otherwise;
	return [
		[
			'email',
			on(['dnd_email', 'email_unsubscribed'], 'Subscribed to marketing email'),
			['email_unsubscribed', 'dnd_email'],
		],
		['sms', on(['sms_opted_out', 'dnd_sms'], 'Texts allowed'), ['dnd_sms']],
		['calls', on(['dnd_calls'], 'Calls allowed'), ['dnd_calls']],
		['all', on(['dnd_all'], 'No Do Not Disturb on every channel'), ['dnd_all']],
	];
}

function toggle(ctx: PageContext, contact: Contact, flag: ConsentFlag): SafeHtml {
	const optedOut = !contact[flag];
	return html`<form method="post" action="${ctx.base}/contact" class="inline"><input type="hidden" name="csrf" value="${ctx.csrf}">
		<input type="hidden" name="id" value="${contact.id}"><input type="hidden" name="flag" value="${flag}"><input type="hidden" name="opted_out" value="${optedOut ? 1 : 0}">
		<button class="btn secondary">${BUTTONS[flag][optedOut ? 0 : 1]}</button></form>`;
}

/**
 * The contact's consent on each channel and the trail of how it came to be, newest first. Owners
 * and admins get a button per opt-out; what they change is recorded as theirs.
 */
export function consentSection(
	ctx: PageContext,
	contact: Contact,
	trail: ConsentEntry[],
	mayChange: boolean,
): SafeHtml {
	const rows = states(contact).map(
		([
			channel,
			state,
			flags,
		]) => html`<div class="card consent-channel" data-channel="${channel}"><div class="grow"><strong>${CHANNEL_LABELS[channel as keyof typeof CHANNEL_LABELS]}</strong>
			<div class="state">${state}</div></div>${mayChange && flags.map((f) => toggle(ctx, contact, f))}</div>`,
	);
	const entries = trail.map(
		(e) =>
			html`<li class="consent-entry" data-source="${e.source}">${when(e.at)} · ${CHANNEL_LABELS[e.channel]} · ${changeOf(e)} · ${e.detail}</li>`,
	);
	return html`<section class="consent" id="consent" aria-label="Consent"><h2>Consent</h2>${rows}
		${entries.length ? html`<ul class="consent-trail">${entries}</ul>` : html`<p class="muted">No opt-out or consent recorded yet.</p>`}</section>`;
}
