// Regenerates chat-request-shape.json from OpenAI's published OpenAPI description (openai/openai-openapi,
// openapi.json, MIT): the fields, required fields, message roles and response formats of
// CreateChatCompletionRequest, which the chat completions double checks each request against.
// Usage: node test/support/openai/extract-spec.js <openapi.json>
const fs = require('node:fs');
const path = require('node:path');

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const schemas = spec.components.schemas;
const deref = (s) => (s && s.$ref ? deref(schemas[s.$ref.split('/').pop()]) : s);

/** Flattens allOf into one object schema's properties and required list. */
function flatten(schema) {
	const s = deref(schema);
	const out = { properties: {}, required: [] };
	for (const part of s.allOf ?? [s]) {
		const p = deref(part);
		if (p.allOf) {
			const inner = flatten(p);
			Object.assign(out.properties, inner.properties);
			out.required.push(...inner.required);
			continue;
		}
		Object.assign(out.properties, p.properties ?? {});
		out.required.push(...(p.required ?? []));
	}
	return out;
}

const request = flatten(schemas.CreateChatCompletionRequest);
const messages = deref(schemas.ChatCompletionRequestMessage).oneOf.map((m) => {
	const f = flatten(m);
	return { role: deref(f.properties.role).enum, required: f.required };
});
const responseFormats =
	deref(request.properties.response_format).anyOf ??
	deref(request.properties.response_format).oneOf;
const temperatureSchema = deref(request.properties.temperature);
const temperature = (temperatureSchema.anyOf ?? [temperatureSchema])
	.map(deref)
	.find((t) => t.type === 'number');
const operation = spec.paths['/chat/completions'].post;
const out = {
	source: 'openai/openai-openapi openapi.json (MIT)',
	version: spec.info.version,
	server: spec.servers[0].url,
	route: '/chat/completions',
	operationId: operation.operationId,
	required: [...new Set(request.required)],
	fields: Object.keys(request.properties).sort(),
	messageRoles: messages,
	responseFormatTypes: responseFormats.map((f) => deref(deref(f).properties.type).enum).flat(),
	temperature: { minimum: temperature.minimum, maximum: temperature.maximum },
	errorRequired: deref(schemas.ErrorResponse).required,
	error: deref(schemas.Error).required,
	responseRequired: flatten(schemas.CreateChatCompletionResponse).required,
};
fs.writeFileSync(
	path.join(__dirname, 'chat-request-shape.json'),
	`${JSON.stringify(out, null, 2)}\n`,
);
