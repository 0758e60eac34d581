import { execFile } from 'node:child_process';

/**
 * The text of a PDF as pdf-parse (pdf.js) extracts it. pdf.js loads its worker with a dynamic
 * import(), which jest's CommonJS sandbox refuses, so the extraction runs in a plain Node child
 * process that reads the PDF from stdin and prints the text as JSON.
 */
export function pdfText(pdf: Buffer): Promise<string> {
  const script = `
    const { PDFParse } = require('pdf-parse');
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
      try { process.stdout.write(JSON.stringify((await parser.getText()).text)); }
      finally { await parser.destroy(); }
    });`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script], { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`pdf-parse failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as string);
    });
    child.stdin?.end(pdf);
  });
}
