/**
 * The text with the user name and password of every URL in it replaced by `***`: an attachment or
 * audio URL such as `https://user:secret@files.example.com/a.pdf` is shown as
 * `https://***@files.example.com/a.pdf` in errors, outputs and logs.
 */
export function withoutUrlCredentials(text: string): string {
	return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi, '$1***@');
}
