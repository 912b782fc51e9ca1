import { VALUE_LABELS, type SnapshotValue, type ValueKey } from './format';
import { reference, referencesIn } from './references';

/** What the source clinic had where another clinic will have its own. */
export type ClinicValues = Partial<Record<ValueKey, string>>;

/** Mailbox providers shared by everyone: their domain is nobody's own, so it is not a per-clinic value. */
const SHARED_MAIL_DOMAINS = new Set([
	'gmail.com',
	'googlemail.com',
	'outlook.com',
	'hotmail.com',
	'live.com',
	'yahoo.com',
	'icloud.com',
	'me.com',
	'aol.com',
	'proton.me',
	'protonmail.com',
]);

export function emailDomain(address: string | undefined | null): string | undefined {
	const match = /@([A-Za-z0-9.-]+\.[A-Za-z]{2,})$/.exec(String(address ?? '').trim());
	const domain = match?.[1].toLowerCase();
	return domain && !SHARED_MAIL_DOMAINS.has(domain) ? domain : undefined;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces the source clinic's own values in a text with `[[value:<key>]]`. The review link goes
 * first (it may hold the domain), and a domain only where it stands whole (`mail.glowmedspa.test`,
 * `hello@glowmedspa.test`), never inside a longer name.
 */
export function withoutClinicValues(text: string, values: ClinicValues): string {
	let out = text;
	if (values.review_link) out = out.split(values.review_link).join(reference.value('review_link'));
	if (values.email_domain) {
		out = out.replace(
			new RegExp(`(?<![A-Za-z0-9-])${escape(values.email_domain)}(?![A-Za-z0-9-])`, 'gi'),
			reference.value('email_domain'),
		);
	}
	if (values.company_phone)
		out = out.split(values.company_phone).join(reference.value('company_phone'));
	if (values.company_name)
		out = out.split(values.company_name).join(reference.value('company_name'));
	return out;
}

/**
 * The values a snapshot names: the company's name and phone always (every clinic has its own, and
 * the loading clinic's go into its Workspace credential), the others where the content uses them.
 */
export function valuesUsed(content: unknown): SnapshotValue[] {
	const keys = new Set<ValueKey>(['company_name', 'company_phone']);
	for (const ref of referencesIn(content)) if (ref.kind === 'value') keys.add(ref.name as ValueKey);
	return (Object.keys(VALUE_LABELS) as ValueKey[])
		.filter((key) => keys.has(key))
		.map((key) => ({ key, ...VALUE_LABELS[key] }));
}
