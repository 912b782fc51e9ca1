import { trusted } from './html';

// The Inbox's style sheets. Each goes into a page's <style> element as the code wrote it: never data.

/** Every Inbox page: the header and its navigation, cards, forms, the timeline, the phone layout. */
export const INBOX_CSS = trusted(`
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,sans-serif;color:#1f2937;background:#f5f3ff}
header{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;padding:.75rem 1.25rem;background:#5b21b6;color:#fff}
header a,header button{color:#fff;text-decoration:none;background:none;border:0;font:inherit;cursor:pointer;white-space:nowrap}
header .grow{flex:1;font-weight:600}header nav{display:flex;gap:1rem;align-items:center}.short{display:none}
.badge{background:#f59e0b;color:#111;border-radius:999px;padding:0 .5rem;margin-left:.25rem;font-size:.85rem}
main{max-width:60rem;margin:1.5rem auto;padding:0 1rem}h1{font-size:1.4rem;overflow-wrap:anywhere}h2{font-size:1.15rem;margin-top:2rem}
.card{background:#fff;border-radius:.75rem;padding:1rem 1.25rem;margin:.75rem 0;box-shadow:0 1px 3px #0002;display:flex;align-items:center;gap:1rem}
.card .grow{flex:1;min-width:0}.muted{color:#6b7280;font-size:.9rem;overflow-wrap:anywhere}a.card{color:inherit;text-decoration:none}.card.stack{display:block}
.btn{display:inline-block;background:#7c3aed;color:#fff;border:0;border-radius:.5rem;padding:.55rem 1rem;font:inherit;text-decoration:none;cursor:pointer}
.btn.secondary{background:#e5e7eb;color:#111}.play{display:none}
textarea,select,input{width:100%;font:inherit;padding:.6rem;border:1px solid #d1d5db;border-radius:.5rem;margin:.25rem 0 .75rem}
label.check{display:flex;gap:.5rem;align-items:center;margin-bottom:.75rem}label.check input{width:auto;margin:0}
form.inline{display:inline}.notice{background:#ecfdf5;border:1px solid #10b981;padding:.6rem 1rem;border-radius:.5rem}
.error{background:#fef2f2;border:1px solid #ef4444;padding:.6rem 1rem;border-radius:.5rem}
form.search{display:flex;gap:.5rem;align-items:center}form.search input{margin:0}
.status{background:#ede9fe;color:#4c1d95;border-radius:999px;padding:.1rem .6rem;font-size:.85rem;white-space:nowrap}
.entry{background:#fff;border-radius:.75rem;padding:.85rem 1.1rem;margin:.6rem 0;box-shadow:0 1px 3px #0002;border-left:4px solid #a78bfa}
.entry.inbound{border-left-color:#10b981}.entry-head{display:flex;justify-content:space-between;gap:.75rem;align-items:baseline}
.entry .text{white-space:pre-line;margin:.4rem 0;overflow-wrap:anywhere}.entry audio{display:block;width:100%;margin:.5rem 0 .25rem}
.pager{display:flex;justify-content:space-between;align-items:center;margin:1rem 0}
@media (max-width: 640px){
 header{padding:.6rem .75rem;gap:.2rem .75rem}header .grow{flex-basis:100%}header nav{gap:.3rem .9rem;font-size:.95rem;flex-wrap:wrap;max-width:100%}
 .long{display:none}.short{display:inline}main{margin-top:1rem;padding:0 .75rem}
 .start{display:none}.play{display:inline-flex;align-items:center;justify-content:center;width:3.5rem;height:3.5rem;border-radius:999px;
  background:#2563eb;color:#fff;font-size:1.5rem;text-decoration:none}.card{padding:.9rem;flex-wrap:wrap}.entry{padding:.75rem .85rem}
}`);

/** The Templates pages: the editor's two columns, the custom value picker, previews, the AI draft. */
export const TEMPLATES_CSS = trusted(`
.tpl-grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem;align-items:start}
.panel{background:#fff;border-radius:.75rem;padding:1rem 1.25rem;box-shadow:0 1px 3px #0002;margin:.75rem 0}
.panel h2{font-size:1.1rem;margin:.2rem 0 .6rem}.row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}
.row input{flex:1;min-width:12rem;margin:0}.row input[type=checkbox]{flex:0 0 auto;min-width:0;width:auto}.tags{display:flex;flex-wrap:wrap;gap:.35rem;margin:.3rem 0 .6rem}
.tag{background:#ede9fe;color:#4c1d95;border:0;border-radius:.4rem;padding:.25rem .5rem;font:inherit;font-size:.85rem;cursor:pointer}
.preview{border:1px solid #e5e7eb;border-radius:.5rem;padding:.75rem;background:#fafafa;overflow-wrap:anywhere}
.preview.frame{display:block;width:100%;height:22rem;padding:0;background:#fff}
.sms-bubble{background:#dcfce7;border-radius:1rem;padding:.6rem .9rem;white-space:pre-wrap;max-width:22rem}
.blank{background:#fffbeb;border:1px solid #f59e0b;padding:.5rem .8rem;border-radius:.5rem;font-size:.9rem}
.draft{border:2px dashed #a78bfa;border-radius:.6rem;padding:.75rem;margin:.5rem 0}
button[disabled]{background:#e5e7eb;color:#374151;cursor:not-allowed;text-align:left}
table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:.5rem;border-bottom:1px solid #eee;vertical-align:middle}
@media (max-width: 640px){.tpl-grid{grid-template-columns:1fr}td.hide-phone,th.hide-phone{display:none}}
`);

/** The Statistics pages: the figures, the daily chart and the recipients table. */
export const STATISTICS_CSS = trusted(`
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(7.5rem,1fr));gap:.5rem;margin:.75rem 0}
.stat{display:block;background:#fff;border-radius:.6rem;padding:.6rem .75rem;box-shadow:0 1px 3px #0002;color:inherit;text-decoration:none;border-top:4px solid #cbd5e1}
.stat b{display:block;font-size:1.5rem}.stat.on{outline:2px solid #5b21b6}
.chart{background:#fff;border-radius:.75rem;padding:.75rem;margin:.75rem 0;box-shadow:0 1px 3px #0002}
.chart figcaption{display:flex;flex-wrap:wrap;gap:.25rem .9rem;font-size:.85rem}.key i{display:inline-block;width:.75rem;height:.75rem;border-radius:2px;margin-right:.3rem;vertical-align:-1px}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:.75rem;overflow:hidden;box-shadow:0 1px 3px #0002}
th,td{text-align:left;padding:.5rem .75rem;border-bottom:1px solid #eee;vertical-align:top;font-size:.92rem}
.events{margin:0;padding:0;list-style:none}.events li{white-space:nowrap}.pager{display:flex;gap:1rem;margin:1rem 0}
@media (max-width:640px){thead{display:none}tr,td{display:block}td{border:0;padding:.2rem .75rem}tr{border-bottom:1px solid #ddd;padding:.4rem 0}.events li{white-space:normal}}
`);

/** The spam complaint section of the Statistics page. */
export const COMPLAINT_RATE_CSS = trusted(`
#complaint-rate{background:#fff;border-radius:.75rem;padding:.75rem 1rem;margin:.75rem 0;box-shadow:0 1px 3px #0002;border-left:4px solid #16a34a}
#complaint-rate.over{border-left-color:#dc2626;background:#fef2f2}#complaint-rate h2{margin-top:0}
#complaint-rate form{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}#complaint-rate label.check{margin:0}
`);

/** The unsubscribe page a contact opens from an email, which has no Inbox frame around it. */
export const UNSUBSCRIBE_CSS = trusted(
	'body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1f2937;background:#f5f3ff}main{max-width:32rem;margin:3rem auto;padding:1.5rem;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px #0002}h1{font-size:1.3rem}button{background:#7c3aed;color:#fff;border:0;border-radius:.5rem;padding:.6rem 1.1rem;font:inherit;cursor:pointer}button.secondary{background:#e5e7eb;color:#111}.muted{color:#6b7280;font-size:.9rem}@media (max-width:560px){main{margin:1rem}}',
);
