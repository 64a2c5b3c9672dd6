/**
 * The style sheet of the leaderboard page (inlined into the page; see `leaderboard-page.ts`).
 * @module
 */

/** CSS of the leaderboard page. */
export const PAGE_STYLE = `
:root{--fg:#1d2327;--muted:#5b6670;--line:#d5dbe0;--head:#f3f5f7;--accent:#2f5f8f;--focus:#c2410c}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#fff}
header{padding:16px 24px 8px;border-bottom:1px solid var(--line);background:#fafbfc}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:24px 0 2px}
main{padding:0 24px 40px}
.sub{color:var(--muted);margin:0 0 8px}
nav a{margin-right:14px;color:var(--accent)}
.note{background:#fff8e6;border:1px solid #f0d9a0;padding:6px 10px;border-radius:4px;max-width:900px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;margin:8px 0}
caption{caption-side:top;text-align:left;color:var(--muted);padding:4px 0;max-width:1100px}
th,td{padding:3px 7px;border-bottom:1px solid var(--line);white-space:nowrap}
thead th{background:var(--head);font-weight:600;border-bottom:2px solid var(--line);padding:5px 8px}
table.ranking thead th{padding:0}
thead th.num{text-align:right}
thead th button{all:unset;display:block;cursor:pointer;padding:5px 8px;width:100%;box-sizing:border-box}
thead th button:focus-visible{outline:2px solid var(--focus);outline-offset:-2px}
thead th.num button{text-align:right}
th[aria-sort=ascending] .arrow::after{content:" \\25B2";font-size:10px}
th[aria-sort=descending] .arrow::after{content:" \\25BC";font-size:10px}
tbody th{text-align:left;font-weight:normal}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:hover{background:#f6f9fc}
.badge{display:inline-block;font-size:11px;line-height:1;padding:2px 5px;border-radius:8px;border:1px solid;vertical-align:1px}
.badge.remote{color:#7a3e00;border-color:#e0a860;background:#fff3e0}
.badge.oracle{color:#14532d;border-color:#86c79c;background:#ecfdf3}
.badge.baseline{color:#4b5563;border-color:#cbd2d9;background:#f8fafc}
.charts{display:flex;flex-wrap:wrap;gap:12px 28px;align-items:flex-start}
figure.chart{margin:8px 0;max-width:650px}
figure.chart svg{display:block;max-width:100%;height:auto}
figcaption{color:var(--muted);font-size:13px;max-width:640px}
figcaption strong{color:var(--fg);font-weight:600}
details{margin:4px 0 8px}
details table{font-size:12px}
.picker{display:flex;gap:18px;flex-wrap:wrap;margin:8px 0}
.picker select{font:inherit;padding:2px 4px;margin-left:4px}
dl.meta{display:grid;grid-template-columns:max-content auto;gap:3px 16px;margin:8px 0}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0}
svg text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#333}
svg .axis line,svg .axis path{stroke:#888}
svg .grid line{stroke:#eceff2}
`;
