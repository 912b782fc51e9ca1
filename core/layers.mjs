// Which folders of core/ each folder may import. The run kit and the store sit at the bottom; a channel
// (email, sms, slack, voice) imports only the kit, never another channel; capabilities built on
// channels come next; the Inbox and the endpoint are the top. ESLint turns this table into
// no-restricted-imports rules (eslint.config.mjs) and refuses a table with a cycle, so the import
// graph of core/ cannot grow a cycle again. A new folder must be added here before it lints.
const KIT = ['contacts', 'store', 'links', 'merge', 'run', 'consent', 'attachments'];
const CHANNELS = ['email', 'sms', 'slack', 'voice'];
const CAPABILITIES = [
	'templates',
	'statistics',
	'inbound',
	'reviews',
	'notifications',
	'manualActions',
];

export const CORE_LAYERS = {
	// The kit, bottom up.
	contacts: [],
	store: ['contacts'],
	links: ['contacts', 'store'],
	merge: ['contacts', 'store', 'links'],
	run: ['contacts', 'store', 'links', 'merge'],
	// What a contact agreed to and what honours it (opt-outs, the unsubscribe link, the complaint
	// guard): every channel and capability reads it, so it sits in the kit.
	consent: ['contacts', 'store', 'links', 'merge', 'run'],
	attachments: ['contacts', 'store', 'links', 'merge', 'run'],
	// Channels.
	email: KIT,
	sms: KIT,
	slack: KIT,
	voice: KIT,
	// Capabilities.
	templates: KIT,
	statistics: KIT,
	inbound: KIT,
	reviews: KIT,
	manualActions: KIT,
	notifications: [...KIT, 'templates'],
	// A clinic's configuration, copied into another clinic: the settings of Reputation and premium actions.
	snapshots: [...KIT, 'reviews', 'slack'],
	// The two entry points a person or a provider reaches.
	inbox: [...KIT, ...CHANNELS, ...CAPABILITIES],
	endpoint: [...KIT, ...CHANNELS, ...CAPABILITIES],
	// The agency owner's page over every clinic: it signs in as the Inbox does.
	agency: [...KIT, ...CAPABILITIES, 'inbox'],
};

/** The folders of a cycle in the table, or undefined when there is none. */
export function layerCycle(layers = CORE_LAYERS) {
	const state = new Map();
	const visit = (folder, path) => {
		if (state.get(folder) === 'done') return undefined;
		if (state.get(folder) === 'open') return [...path.slice(path.indexOf(folder)), folder];
		state.set(folder, 'open');
		for (const next of layers[folder] ?? []) {
			const cycle = visit(next, [...path, folder]);
			if (cycle) return cycle;
		}
		state.set(folder, 'done');
		return undefined;
	};
	for (const folder of Object.keys(layers)) {
		const cycle = visit(folder, []);
		if (cycle) return cycle;
	}
	return undefined;
}
