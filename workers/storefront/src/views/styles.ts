/** The pages' one stylesheet, inline: no extra request on a phone's first view. Logical properties keep RTL right. */
export const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans Arabic","Noto Sans CJK SC",sans-serif;color:#1a1a1a;background:#f7f7f5}
a{color:#0b57d0}
.skip{position:absolute;inset-inline-start:-999px}.skip:focus{inset-inline-start:1rem;top:1rem;background:#fff;padding:.5rem;z-index:9}
header.top{background:#14213d;color:#fff;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.75rem 1.5rem;align-items:center}
header.top a{color:#fff}
.brand{font-weight:700;font-size:1.15rem;text-decoration:none}
header.top form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
header.top label{font-size:.85rem}
input,select,textarea,button{font:inherit}
input,select,textarea{padding:.4rem .5rem;border:1px solid #767676;border-radius:.3rem;background:#fff;color:#1a1a1a}
button,.button{background:#0b57d0;color:#fff;border:0;border-radius:.3rem;padding:.5rem .9rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:#0b57d0;border:1px solid #0b57d0}
main{max-width:72rem;margin:0 auto;padding:1rem}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-block-end:1rem}
.filters label{display:flex;flex-direction:column;font-size:.85rem}
.grid{list-style:none;padding:0;margin:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))}
.card{background:#fff;border:1px solid #ddd;border-radius:.5rem;padding:1rem;display:flex;flex-direction:column;gap:.35rem}
.card h2,.card h3{font-size:1rem;margin:0}
.thumb{aspect-ratio:4/3;border-radius:.35rem;background:linear-gradient(135deg,#dbe4f3,#f3e7db);display:grid;place-items:center;font-size:2rem;color:#14213d}
.price{font-weight:700;font-size:1.1rem}
.tax{font-size:.8rem;color:#4a4a4a;font-weight:400}
.muted{color:#4a4a4a;font-size:.9rem}
.pager{display:flex;gap:1rem;margin-block:1.5rem}
.notice{background:#fff4e5;border:1px solid #b45309;border-radius:.5rem;padding:1rem}
.ok{background:#e8f5e9;border:1px solid #2e7d32;border-radius:.5rem;padding:1rem}
.bad{background:#fdecea;border:1px solid #b3261e;border-radius:.5rem;padding:1rem}
.error{color:#b3261e;font-size:.9rem;margin:.2rem 0 0}
fieldset{border:1px solid #ccc;border-radius:.5rem;padding:1rem;margin-block:1rem}
.methods label{display:flex;gap:.5rem;align-items:center;padding:.35rem 0}
.field{display:flex;flex-direction:column;gap:.2rem;margin-block:.75rem;max-width:36rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:start;padding:.45rem .6rem;border-bottom:1px solid #e0e0e0;vertical-align:top}
.badge{display:inline-block;border-radius:1rem;padding:0 .55rem;font-size:.8rem;border:1px solid}
.badge.active{color:#1b5e20;border-color:#1b5e20}.badge.held{color:#b3261e;border-color:#b3261e}
.chat{background:#fff;border:1px solid #ddd;border-radius:.5rem;padding:.75rem;display:flex;flex-direction:column;gap:.5rem}
.log{list-style:none;margin:0;padding:0;max-height:22rem;overflow-y:auto;display:flex;flex-direction:column;gap:.35rem}
.log li{background:#eef2f7;border-radius:.5rem;padding:.35rem .6rem}
.two{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr))}
nav.console a{margin-inline-end:1rem}
.send{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}.send input{flex:1;min-width:10rem}
.log .card{margin-block:.35rem}.log .mod{display:flex;gap:.35rem;margin-block-start:.25rem}.log .mod button{padding:.15rem .5rem;font-size:.8rem}
.from{font-size:.8rem;color:#4a4a4a}
.map{display:block;max-width:60rem;border:1px solid #ddd;border-radius:.5rem;margin-block:1rem}
.qr{background:#fff;border:1px solid #ddd;border-radius:.5rem;padding:1rem;margin-block:1rem}.qr img{display:block;max-width:100%;height:auto}.qr textarea{width:100%;max-width:40rem;font-family:ui-monospace,monospace;word-break:break-all}
.letter{white-space:pre-wrap;background:#fff;border:1px solid #ddd;border-radius:.5rem;padding:1rem;overflow-x:auto}
`;
