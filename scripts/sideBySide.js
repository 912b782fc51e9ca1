// Runs npm scripts side by side, each one's output printed whole when it ends, and fails when any
// fails. `npm test` checks and builds this way: ESLint, Prettier, the tests' type check and the
// build each keep one core busy and need nothing of the others.
const { spawn } = require('node:child_process');

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
	process.stderr.write('usage: node scripts/sideBySide.js <npm script> [<npm script> ...]\n');
	process.exit(2);
}

function run(script) {
	return new Promise((resolve) => {
		const started = Date.now();
		const child = spawn('npm', ['run', '--silent', script], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
		});
		const output = [];
		child.stdout.on('data', (chunk) => output.push(chunk));
		child.stderr.on('data', (chunk) => output.push(chunk));
		child.on('close', (code) => {
			const seconds = ((Date.now() - started) / 1000).toFixed(1);
			process.stdout.write(
				`\n> ${script}: ${code === 0 ? 'passed' : `failed (${code})`} in ${seconds} s\n`,
			);
			process.stdout.write(Buffer.concat(output));
			resolve(code);
		});
	});
}

Promise.all(scripts.map(run)).then((codes) => {
	process.exitCode = codes.some((code) => code !== 0) ? 1 : 0;
});
