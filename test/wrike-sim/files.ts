// The bytes of seeded attachments: small but valid PNG and PDF files, text, and hostile SVG and HTML
// files whose scripts mark `window.__xss`, call alert() and try to steal a session, so a browser test
// can tell whether a download ever ran as a document.
import { crc32, deflateSync } from "node:zlib";

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGB PNG of diagonal stripes in two colours (hex "#rrggbb"). */
export function pngFile(width: number, height: number, colors: [string, string]): Buffer {
  const rgb = colors.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    rows[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const color = rgb[Math.floor((x + y) / 4) % 2] ?? [0, 0, 0];
      for (let c = 0; c < 3; c++) rows[row + 1 + x * 3 + c] = color[c] ?? 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const pdfText = (text: string): string => text.replace(/[\\()]/g, (c) => `\\${c}`);

/** A one-page PDF 1.4 with a title and some lines in Helvetica, with a correct xref table. */
export function pdfFile(title: string, lines: string[]): Buffer {
  const content = [
    "BT /F1 18 Tf 72 720 Td",
    `(${pdfText(title)}) Tj`,
    "/F1 11 Tf 0 -28 Td",
    ...lines.map((line) => `(${pdfText(line)}) Tj 0 -16 Td`),
    "ET",
  ].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

export const textFile = (lines: string[]): Buffer => Buffer.from(`${lines.join("\n")}\n`, "utf8");

/** What a hostile file runs: mark the page, alert, then try what issue 7's attacker did with the relay. */
function payload(tag: string): string {
  return [
    `window.__xss='${tag}';`,
    `alert('xss-${tag}');`,
    `try{fetch('/auth/token',{method:'POST',credentials:'include'})`,
    `.then(function(r){return r.text()}).then(function(t){window.__xssLoot=t})}catch(e){}`,
  ].join("");
}

/** An SVG logo that runs script twice: an onload handler and an inline <script>. */
export function hostileSvg(label: string, tag: string): Buffer {
  return Buffer.from(
    [
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="48" viewBox="0 0 160 48" onload="${payload(`${tag}-onload`)}">`,
      `  <script type="text/javascript">${payload(`${tag}-script`)}</script>`,
      `  <rect width="160" height="48" rx="6" fill="#4f46e5"/>`,
      `  <text x="12" y="30" font-family="sans-serif" font-size="16" fill="#ffffff">${label}</text>`,
      `</svg>`,
      ``,
    ].join("\n"),
    "utf8",
  );
}

/** An HTML page posing as an invoice, with an inline <script> and an onerror handler. */
export function hostileHtml(title: string, tag: string): Buffer {
  return Buffer.from(
    [
      `<!doctype html>`,
      `<html><head><meta charset="utf-8"><title>${title}</title></head>`,
      `<body><h1>${title}</h1><p>Amount due: 1,240.00 EUR. Please sign in again to pay.</p>`,
      `<script>${payload(`${tag}-script`)}</script>`,
      `<img src="x" alt="" onerror="${payload(`${tag}-onerror`)}">`,
      `</body></html>`,
      ``,
    ].join("\n"),
    "utf8",
  );
}
