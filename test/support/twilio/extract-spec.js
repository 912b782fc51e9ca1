// Regenerates request-shapes.json from Twilio's published OpenAPI description (twilio/twilio-oai,
// spec/json/twilio_api_v2010.json, Apache-2.0): the form fields, types and required fields of the
// requests this package makes. Usage: node test/support/twilio/extract-spec.js <twilio_api_v2010.json>
const fs = require('node:fs');
const path = require('node:path');

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const operations = {};
for (const [route, item] of Object.entries(spec.paths)) {
	const post = item.post;
	if (!post || !['CreateMessage', 'CreateCall', 'UpdateCall'].includes(post.operationId)) continue;
	const schema = post.requestBody.content['application/x-www-form-urlencoded'].schema;
	operations[post.operationId] = {
		route,
		required: schema.required ?? [],
		fields: Object.fromEntries(
			Object.entries(schema.properties).map(([name, p]) => [
				name,
				{ type: p.type, format: p.format, enum: p.enum, items: p.items?.type },
			]),
		),
	};
}
const out = {
	source: 'twilio/twilio-oai spec/json/twilio_api_v2010.json (Apache-2.0)',
	version: spec.info.version,
	operations,
};
fs.writeFileSync(path.join(__dirname, 'request-shapes.json'), `${JSON.stringify(out, null, 2)}\n`);
