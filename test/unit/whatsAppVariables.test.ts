import {
	flattenVariableValue,
	templateVariables,
	variableLabel,
} from '../../core/templates/whatsAppVariables';

describe("a WhatsApp template's variables", () => {
	it('lists numbered variables in number order, with the samples the template gives them', () => {
		const template = {
			variables: { 2: '$2,400', 1: 'Jane', 10: 'Friday' },
			types: { 'twilio/text': { body: '{{10}}: {{1}} bought {{2}}.' } },
		};
		expect(templateVariables(template)).toEqual([
			{ key: '1', sample: 'Jane' },
			{ key: '2', sample: '$2,400' },
			{ key: '10', sample: 'Friday' },
		]);
	});

	it('lists named variables in the order the content uses them, and placeholders the variables do not declare', () => {
		const template = {
			variables: { service: 'HydraFacial', client_name: 'Jane' },
			types: {
				'twilio/card': {
					title: 'Booked: {{ client_name }} for {{service}}',
					actions: [{ type: 'URL', url: 'https://glowmedspa.test/{{booking_id}}' }],
				},
			},
		};
		expect(templateVariables(template)).toEqual([
			{ key: 'client_name', sample: 'Jane' },
			{ key: 'service', sample: 'HydraFacial' },
			{ key: 'booking_id', sample: '' },
		]);
	});

	it('has none when the template has no placeholders', () => {
		expect(
			templateVariables({ variables: {}, types: { 'twilio/text': { body: 'Big sale!' } } }),
		).toEqual([]);
		expect(templateVariables({ variables: null, types: null })).toEqual([]);
	});

	it('labels each field with its placeholder and sample', () => {
		expect(variableLabel({ key: '1', sample: 'Jane' })).toBe('{{1}} (e.g. Jane)');
		expect(variableLabel({ key: 'booking_id', sample: '' })).toBe('{{booking_id}}');
	});

	it('turns newlines, tabs and long runs of spaces into one space, as WhatsApp requires of a value', () => {
		expect(flattenVariableValue('Jane\nDoe\t(VIP)     member ')).toBe('Jane Doe (VIP) member');
		expect(flattenVariableValue('two  spaces stay')).toBe('two  spaces stay');
	});
});
