// Gives every version of every node the output schema n8n's editor asks for.
//
// The editor requests `/schemas/<type>/<typeVersion padded to x.y.z>[/<resource>][/<operation>].json`
// for the version the node has on the canvas, and the host serves exactly `__schema__/v<x.y.z>...`
// beside the node file, with no fallback to another version: without a file per version, a node at
// 1.1 shows no "Usually outputs the following fields". The repository keeps one schema per output
// shape, under the version that introduced it; here each later version that kept that output gets a
// copy in dist/, taken from the newest schema at or below it (n8n's own nodes keep such copies as
// separate files).
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const pad = (version) => String(version).split('.').concat(['0', '0']).slice(0, 3).join('.');
const tuple = (padded) => padded.split('.').map(Number);
const compare = (a, b) => {
	const [x, y] = [tuple(a), tuple(b)];
	for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
	return 0;
};

function declaredVersions(nodeFile) {
	const exported = require(nodeFile);
	const NodeClass = Object.values(exported).find((value) => typeof value === 'function');
	const node = new NodeClass();
	// A VersionedNodeType lists its versions as keys; a plain node as `description.version`.
	if (node.nodeVersions) return Object.keys(node.nodeVersions).map(Number);
	return [node.description.version].flat();
}

/** `v1.0.0.json` or `v1.0.0/` entries of a node's schema folder, by padded version. */
function shippedSchemas(schemaDir) {
	const found = new Map();
	for (const entry of fs.readdirSync(schemaDir)) {
		const match = /^v(\d+\.\d+\.\d+)(\.json)?$/.exec(entry);
		if (match) found.set(match[1], entry);
	}
	return found;
}

function writeVersionCopies() {
	const { nodes } = require(path.join(ROOT, 'package.json')).n8n;
	const written = [];
	for (const relative of nodes) {
		const nodeFile = path.join(ROOT, relative);
		const schemaDir = path.join(path.dirname(nodeFile), '__schema__');
		// Triggers start workflows; n8n shows no preview for them, so they ship no schema.
		if (!fs.existsSync(schemaDir)) continue;
		const shipped = shippedSchemas(schemaDir);
		const sources = [...shipped.keys()].sort(compare);
		for (const version of declaredVersions(nodeFile).map(pad)) {
			if (shipped.has(version)) continue;
			const source = sources.filter((v) => compare(v, version) <= 0).pop();
			if (!source)
				throw new Error(
					`${relative}: version ${version} has no output schema at or below it in ${schemaDir}`,
				);
			const entry = shipped.get(source);
			const target = path.join(schemaDir, entry.replace(source, version));
			fs.cpSync(path.join(schemaDir, entry), target, { recursive: true });
			written.push(path.relative(ROOT, target));
		}
	}
	return written;
}

if (require.main === module) {
	const written = writeVersionCopies();
	process.stdout.write(`Output schemas copied for ${written.length} later node versions\n`);
}

module.exports = { writeVersionCopies };
