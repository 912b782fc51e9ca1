import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import {
	jsonPathAlternatives,
	nodeItemPath,
	nodeParameter,
	readItem,
	UNKNOWN,
} from '../../nodes/shared/execution/parameters';

/** What JavaScript itself (and so n8n's expression) gives for the block's source on this item. */
function javascript(source: string, json: unknown): { value?: unknown; threw?: boolean } {
	try {
		return { value: new Function('$json', `return (${source});`)(json) };
	} catch {
		return { threw: true };
	}
}

const ITEMS: unknown[] = [
	{ contact: { email: 'jane@example.com', first_name: 'Jane' } },
	{ body: { contact: { email: 'webhook@example.com' } } },
	{ contact: null, body: { contact: { email: 'fallback@example.com' } } },
	{ contact: 'as text' },
	{ contact: [{ email: 'a@example.com' }] },
	{ body: null },
	{},
	{ contact: { email: 'x@example.com', tags: ['vip'] }, constructor: 'own' },
];

const EXPRESSIONS = [
	'$json.contact',
	'$json.contact ?? $json.body?.contact',
	'$json.body?.contact',
	'$json.body.contact',
	'$json.contact.email',
	'$json?.contact?.email',
	'$json.contact.tags',
	'$json.contact.length',
];

describe("reading a parameter from the item instead of n8n's expression sandbox", () => {
	it.each(EXPRESSIONS)(
		'gives what JavaScript gives for {{ %s }}, or leaves the item to n8n',
		(source) => {
			const paths = jsonPathAlternatives(`={{ ${source} }}`);
			expect(paths).toBeDefined();
			for (const json of ITEMS) {
				const read = readItem(json, paths!);
				const expected = javascript(source, json);
				if (read === UNKNOWN) {
					// Left to n8n only where JavaScript throws, finds nothing, or reads an inherited property.
					const inherited = source.endsWith('.length');
					expect(
						expected.threw || expected.value === undefined || expected.value === null || inherited,
					).toBe(true);
				} else {
					expect(expected.threw).toBeUndefined();
					expect(read).toEqual(expected.value);
				}
			}
		},
	);

	it("takes `$('Node').item.json` and a path, and nothing more elaborate", () => {
		expect(nodeItemPath("={{ $('Bookings').item.json.contact }}")).toEqual({
			node: 'Bookings',
			path: [{ key: 'contact', optional: false }],
		});
		expect(nodeItemPath('={{ $("Appointment Booked").item.json.body?.contact }}')).toEqual({
			node: 'Appointment Booked',
			path: [
				{ key: 'body', optional: false },
				{ key: 'contact', optional: true },
			],
		});
		for (const raw of [
			"={{ $('Bookings').first().json.contact }}",
			"={{ $('Bookings').item.json['contact'] }}",
			"={{ $('Bookings').item.json.contact ?? $json.contact }}",
			"={{ $('Book\\'ings').item.json.contact }}",
			"=Hi {{ $('Bookings').item.json.name }}",
			"={{ $('Bookings').item.json.constructor }}",
		])
			expect(nodeItemPath(raw)).toBeUndefined();
	});

	it('takes only a single block of item paths: anything else is evaluated by n8n', () => {
		for (const raw of [
			'={{ $json.contact }} ',
			'=Hi {{ $json.name }}',
			'={{ $json.a }}{{ $json.b }}',
			'={{ $json["contact"] }}',
			'={{ $json.contact.email.toLowerCase() }}',
			'={{ $("Webhook").item.json.contact }}',
			'={{ $input.item.json.contact }}',
			'={{ $json.a || $json.b }}',
			'={{ $json.constructor }}',
			'={{ $json.contact.__proto__ }}',
			'={{ { email: $json.email } }}',
			'$json.contact',
		]) {
			expect(jsonPathAlternatives(raw)).toBeUndefined();
		}
	});

	it('hands out a copy, so an item never changes the input it came from', () => {
		const contact = { email: 'jane@example.com', tags: ['vip'] };
		const read = readItem(
			{ contact },
			jsonPathAlternatives('={{ $json.contact }}')!,
		) as typeof contact;
		expect(read).toEqual(contact);
		read.tags.push('changed');
		expect(contact.tags).toEqual(['vip']);
	});
});

/**
 * The few calls of n8n's execute context the reader makes, counting the evaluations it asks n8n for.
 * `earlier` are the items of earlier nodes by name, paired index for index, as `$('Node').item` finds them.
 */
function fakeContext(
	parameters: Record<string, unknown>,
	items: INodeExecutionData[],
	earlier: Record<string, INodeExecutionData[]> = {},
) {
	const evaluations: string[] = [];
	const ctx = {
		getInputData: () => items,
		getWorkflowDataProxy: (itemIndex: number) => ({
			$: (node: string) => {
				if (!earlier[node]) throw new Error(`Referenced node doesn't exist`);
				return { item: earlier[node][itemIndex] };
			},
		}),
		getNodeParameter(
			name: string,
			itemIndex: number,
			fallback: unknown,
			options?: { rawExpressions?: boolean },
		) {
			const raw = name in parameters ? parameters[name] : fallback;
			if (options?.rawExpressions) return raw;
			evaluations.push(`${name}#${itemIndex}`);
			return typeof raw === 'string' && raw.startsWith('=')
				? `evaluated ${raw} for item ${itemIndex}`
				: structuredClone(raw);
		},
	};
	return { ctx: ctx as unknown as IExecuteFunctions, evaluations };
}

describe("a node run's parameters", () => {
	const items = [
		{ json: { contact: { email: 'a@example.com' } } },
		{ json: { body: { contact: { email: 'b@example.com' } } } },
		{ json: {} },
	];

	it('asks n8n once per run for a parameter without expressions and gives every item its own copy', () => {
		const { ctx, evaluations } = fakeContext({ options: { trackOpens: false } }, items);
		const first = nodeParameter<{ trackOpens: boolean }>(ctx, 'options', 0, {});
		const second = nodeParameter<{ trackOpens: boolean }>(ctx, 'options', 1, {});
		expect(first).toEqual({ trackOpens: false });
		expect(second).toEqual({ trackOpens: false });
		expect(first).not.toBe(second);
		expect(nodeParameter(ctx, 'testEmail', 2, '')).toBe('');
		expect(evaluations).toEqual(['options#0', 'testEmail#2']);
	});

	it('reads an item path from each item, and asks n8n for the items it cannot answer and for other expressions', () => {
		const { ctx, evaluations } = fakeContext(
			{ contact: '={{ $json.contact ?? $json.body?.contact }}', subject: '=Hi {{ $json.name }}' },
			items,
		);
		expect(items.map((_, i) => nodeParameter(ctx, 'contact', i, {}))).toEqual([
			{ email: 'a@example.com' },
			{ email: 'b@example.com' },
			'evaluated ={{ $json.contact ?? $json.body?.contact }} for item 2',
		]);
		expect(nodeParameter(ctx, 'subject', 1, '')).toBe('evaluated =Hi {{ $json.name }} for item 1');
		expect(evaluations).toEqual(['contact#2', 'subject#1']);
	});

	it("reads an earlier node's paired item without n8n's sandbox, and asks n8n when it has no answer", () => {
		const bookings = [
			{ json: { contact: { phone: '+15550100001' } } },
			{ json: { contact: null } },
			{ json: { contact: { phone: '+15550100003' } } },
		];
		const { ctx, evaluations } = fakeContext(
			{
				contact: "={{ $('Bookings').item.json.contact }}",
				other: '={{ $("Nowhere").item.json.contact }}',
			},
			items,
			{ Bookings: bookings },
		);
		const read = items.map((_, i) => nodeParameter<{ phone: string }>(ctx, 'contact', i, {}));
		expect(read).toEqual([
			{ phone: '+15550100001' },
			`evaluated ={{ $('Bookings').item.json.contact }} for item 1`,
			{ phone: '+15550100003' },
		]);
		// A copy: the item sent on never changes the earlier node's output.
		(read[0] as { phone: string }).phone = 'changed';
		expect(bookings[0].json.contact).toEqual({ phone: '+15550100001' });
		expect(nodeParameter(ctx, 'other', 0, {})).toBe(
			'evaluated ={{ $("Nowhere").item.json.contact }} for item 0',
		);
		expect(evaluations).toEqual(['contact#1', 'other#0']);
	});

	it('keeps separate runs apart', () => {
		const a = fakeContext({ testEmail: 'a@example.com' }, items);
		const b = fakeContext({ testEmail: 'b@example.com' }, items);
		expect(nodeParameter(a.ctx, 'testEmail', 0, '')).toBe('a@example.com');
		expect(nodeParameter(b.ctx, 'testEmail', 0, '')).toBe('b@example.com');
	});
});
