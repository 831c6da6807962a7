// The gallery's index.html: a self-contained page (inline CSS, no scripts) listing the worked
// examples and every picture with the simdconv call that made it and how long that call took.

export interface Figure {
  /** A PNG beside index.html, or inline SVG markup. */
  file?: string;
  svg?: string;
  width: number;
  height: number;
  title: string;
  /** The simdconv call that computed it. */
  call: string;
  /** How long the call took; absent for pictures no simdconv call made. */
  ms?: number;
  note?: string;
  /** Display magnification for small pictures (the PNG keeps its size). */
  zoom?: number;
}

export interface Section {
  title: string;
  text: string;
  figures: Figure[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function figure(f: Figure): string {
  const z = f.zoom ?? 1;
  const size = z === 1 ? '' : ` style="width:${f.width * z}px;height:${f.height * z}px"`;
  const pic = f.file !== undefined
    ? `<img src="${esc(f.file)}" width="${f.width}" height="${f.height}"${size} alt="${esc(f.title)}">`
    : f.svg ?? '';
  const ms = f.ms === undefined ? '' : ` <span class="ms">${f.ms.toFixed(2)} ms</span>`;
  const note = f.note ? `<span class="note">${esc(f.note)}</span>` : '';
  // Captions get at least a readable width, even under a small picture.
  return `<figure style="width:${Math.max(f.width * z, 240)}px">${pic}<figcaption><b>${esc(f.title)}</b><code>${esc(f.call)}</code>${ms}${note}</figcaption></figure>`;
}

const CSS = `body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1400px;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem}.meta{color:#555}section{margin:2.2rem 0}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem}
.grid{display:flex;flex-wrap:wrap;gap:20px 18px;align-items:flex-start}figure{margin:0}
figure img,figure svg{display:block;border:1px solid #ccc;image-rendering:pixelated}
figcaption{font-size:12px;margin-top:5px}figcaption b{display:block;font-size:13px;margin-bottom:2px}
code{font-size:11.5px;background:#f3f3f3;padding:1px 3px;border-radius:3px;overflow-wrap:anywhere}
.ms{color:#777;white-space:nowrap}.note{display:block;color:#555;margin-top:2px}
pre{background:#f6f6f6;padding:1rem;overflow:auto;font-size:13px;line-height:1.35}`;

export function renderHtml(header: string, examples: string, sections: Section[]): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>simdconv gallery</title><style>${CSS}</style></head>
<body>
<h1>simdconv gallery</h1>
<p class="meta">${esc(header)}</p>
<section><h2>Worked examples</h2><pre>${esc(examples)}</pre></section>
${sections.map((s) => `<section><h2>${esc(s.title)}</h2><p>${esc(s.text)}</p><div class="grid">${s.figures.map(figure).join('\n')}</div></section>`).join('\n')}
</body>
</html>
`;
}
