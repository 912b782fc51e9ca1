/**
 * The first `npm start` installs n8n for minutes while npm, off a terminal, prints nothing: the
 * install logs a line at a steady pace with the time so far and how far it got, and shows npm's own
 * output only when it fails.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const { runWithProgress } = require('../support/n8nHost');

const node = process.execPath;

describe('a long install step', () => {
	it('logs progress at a steady pace while the command runs, then how long it took', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'progress-'));
		const lines: string[] = [];
		// A command that works quietly for a while and unpacks "packages" as it goes.
		const script = `const fs=require('fs');let n=0;const t=setInterval(()=>{fs.mkdirSync('node_modules/p'+(n++),{recursive:true});if(n===6){clearInterval(t)}},150);console.log('npm noise')`;
		await runWithProgress(node, ['-e', script], {
			cwd: dir,
			log: (line: string) => lines.push(line),
			label: 'npm install',
			everyMs: 250,
			progress: () =>
				`${fs.existsSync(path.join(dir, 'node_modules')) ? fs.readdirSync(path.join(dir, 'node_modules')).length : 0} packages unpacked`,
		});
		const ticks = lines.filter((l) => l.startsWith('  ... npm install: '));
		expect(ticks.length).toBeGreaterThanOrEqual(2);
		expect(ticks.length).toBeLessThanOrEqual(5);
		expect(ticks[0]).toMatch(/^ {2}\.\.\. npm install: \d+s, \d packages unpacked$/);
		expect(lines.at(-1)).toMatch(/^ {2}npm install: done in \d+s$/);
		expect(lines.join('\n')).not.toContain('npm noise');
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it("fails with the command's own last output, so the reason is on screen", async () => {
		const lines: string[] = [];
		await expect(
			runWithProgress(
				node,
				[
					'-e',
					"console.error('ETARGET No matching version found for @n8n/agents@0.26.2'); process.exit(1)",
				],
				{
					cwd: os.tmpdir(),
					log: (line: string) => lines.push(line),
					label: 'npm install',
				},
			),
		).rejects.toThrow(/failed \(1\):\nETARGET No matching version found for @n8n\/agents@0\.26\.2/);
		expect(lines).toEqual([]);
	});
});
