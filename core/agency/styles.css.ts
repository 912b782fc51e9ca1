import { trusted } from '../inbox/html';

/** The agency view's style sheet: the clinics table, which becomes one card a clinic on a phone. */
export const AGENCY_CSS = trusted(`
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,sans-serif;color:#1f2937;background:#f5f3ff}
header{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;padding:.75rem 1.25rem;background:#312e81;color:#fff}
header a,header button{color:#fff;text-decoration:none;background:none;border:0;font:inherit;cursor:pointer;white-space:nowrap}
header .grow{flex:1;font-weight:600}header nav{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center}header a.on{text-decoration:underline}
main{max-width:96rem;margin:1.5rem auto;padding:0 1rem}h1{font-size:1.4rem}.muted{color:#6b7280;font-size:.9rem}
.card{background:#fff;border-radius:.75rem;padding:1rem 1.25rem;margin:.75rem 0;box-shadow:0 1px 3px #0002}
.btn{display:inline-block;background:#4f46e5;color:#fff;border:0;border-radius:.5rem;padding:.55rem 1rem;font:inherit;text-decoration:none;cursor:pointer}
input{width:100%;font:inherit;padding:.6rem;border:1px solid #d1d5db;border-radius:.5rem;margin:.25rem 0 .75rem}
.error{background:#fef2f2;border:1px solid #ef4444;padding:.6rem 1rem;border-radius:.5rem}form.inline{display:inline}
.scroll{overflow-x:auto;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px #0002}
table{width:100%;border-collapse:collapse;font-size:.9rem}
th,td{padding:.5rem .3rem;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
th{font-size:.75rem;color:#4b5563;vertical-align:bottom;white-space:normal;min-width:3rem}th:first-child,td:first-child{text-align:left;white-space:normal;min-width:8.5rem}
thead .group th{text-align:center;border-bottom:2px solid #c7d2fe}
td.clinic a{display:inline-block;margin-top:.15rem}
.flag{display:inline-block;background:#fef2f2;color:#991b1b;font-weight:600;border-radius:.4rem;padding:.1rem .4rem}
td.complaints{white-space:normal;max-width:6.5rem}
@media (max-width:720px){
 header{padding:.6rem .75rem}header .grow{flex-basis:100%}main{padding:0 .6rem}
 .scroll{background:none;box-shadow:none}thead{display:none}table,tbody,tr,td{display:block}
 tr{background:#fff;border-radius:.75rem;box-shadow:0 1px 3px #0002;margin:.75rem 0;padding:.4rem 0}
 td,td.complaints{display:flex;justify-content:space-between;gap:1rem;border:0;padding:.2rem .9rem;white-space:normal;max-width:none}
 td::before{content:attr(data-label);color:#6b7280;text-align:left}
 td.clinic{display:block;font-size:1rem;border-bottom:1px solid #eee;padding-bottom:.5rem;margin-bottom:.3rem}td.clinic::before{content:none}
}
`);
