import { PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';

/**
 * Real, minimal evidence files for specs, fixtures and benches: the gateway decodes every image
 * (sharp) and loads every PDF (pdf-lib), so a few magic bytes are no longer a file. Made once with
 * sharp 0.35 and pdf-lib 1.17 (`evidence-inspection.spec.ts` in the gateway checks they still
 * parse) and kept as bytes so every spec can use them synchronously. The PNG and the JPEG are
 * what the gateway's re-encoding makes of them (it stores them unchanged); the GIF is not.
 */

/** A 4×4 red PNG (94 bytes). */
export const PNG_EVIDENCE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEElEQVQImWM4IScHRwzEcQCxYxBB16puEAAAAABJRU5ErkJggg==',
  'base64',
);

/** An 8×8 blue baseline JPEG at quality 90 (269 bytes). */
export const JPEG_EVIDENCE = Buffer.from(
  '/9j/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAf/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAACP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AJ0ASY6P/9k=',
  'base64',
);

/** A 4×4 GIF89a (45 bytes). */
export const GIF_EVIDENCE = Buffer.from('R0lGODlhBAAEAIAAAExpccgeHiH5BAUAAAAALAAAAAAEAAQAAAIEjI8ZBQA7', 'base64');

/** A one-page PDF 1.7 (A6, the word "Certificate" in Helvetica; 777 bytes), with a cross-reference table. */
export const PDF_EVIDENCE = Buffer.from(
  'JVBERi0xLjcKJYGBgYEKCjEgMCBvYmoKPDwKL1R5cGUgL1BhZ2VzCi9LaWRzIFsgMyAwIFIgXQovQ291bnQgMQo+PgplbmRvYmoKCjIgMCBvYmoKPDwKL1R5cGUgL0NhdGFsb2cKL1BhZ2VzIDEgMCBSCj4+CmVuZG9iagoKMyAwIG9iago8PAovVHlwZSAvUGFnZQovUGFyZW50IDEgMCBSCi9SZXNvdXJjZXMgPDwKL0ZvbnQgPDwKL0hlbHZldGljYS03MDk4NDgwNzg5IDQgMCBSCj4+Ci9YT2JqZWN0IDw8Cj4+Ci9FeHRHU3RhdGUgPDwKPj4KPj4KL01lZGlhQm94IFsgMCAwIDI5OCA0MjAgXQovQW5ub3RzIFsgXQovQ29udGVudHMgWyA1IDAgUiBdCj4+CmVuZG9iagoKNCAwIG9iago8PAovVHlwZSAvRm9udAovU3VidHlwZSAvVHlwZTEKL0Jhc2VGb250IC9IZWx2ZXRpY2EKL0VuY29kaW5nIC9XaW5BbnNpRW5jb2RpbmcKPj4KZW5kb2JqCgo1IDAgb2JqCjw8Ci9GaWx0ZXIgL0ZsYXRlRGVjb2RlCi9MZW5ndGggMTAxCj4+CnN0cmVhbQp4nCvkcgrhMlAAwaJ0Ln2P1Jyy1JLM5ERdcwNLCxMLA3MLSwVDC4WQNC4jE4UQHy5DsFJDBRMDBWMzA4WQXC4bE2MzU3MjcxMzSzMzIDY2MwSyTe0UQrK4QrS4XEO4ArkAuBwWYQplbmRzdHJlYW0KZW5kb2JqCgp4cmVmCjAgNgowMDAwMDAwMDAwIDY1NTM1IGYgCjAwMDAwMDAwMTYgMDAwMDAgbiAKMDAwMDAwMDA3NiAwMDAwMCBuIAowMDAwMDAwMTI2IDAwMDAwIG4gCjAwMDAwMDAzMjEgMDAwMDAgbiAKMDAwMDAwMDQxOSAwMDAwMCBuIAoKdHJhaWxlcgo8PAovU2l6ZSA2Ci9Sb290IDIgMCBSCj4+CgpzdGFydHhyZWYKNTkzCiUlRU9G',
  'base64',
);

/** A "JPEG" of its three magic bytes only: what a first-bytes check used to accept. */
export const THREE_BYTE_JPEG = Buffer.from([0xff, 0xd8, 0xff]);

/** Markup appended to an image: a browser sniffing the download could run it. */
export const APPENDED_HTML = '<html><body><script>fetch("/api/v1/me").then(r=>r.text()).then(alert)</script></body></html>';

/** {@link PNG_EVIDENCE} with {@link APPENDED_HTML} after its IEND chunk (image viewers ignore it). */
export const PNG_WITH_APPENDED_HTML = Buffer.concat([PNG_EVIDENCE, Buffer.from(APPENDED_HTML, 'utf8')]);

/** What a hostile PDF carries; each makes {@link hostilePdf} a different file. */
export type HostilePdfKind = 'open-action-javascript' | 'javascript-name-tree' | 'launch-action' | 'page-additional-action' | 'embedded-file';

/**
 * A valid one-page PDF (pdf-lib) that also carries active content: a document-open JavaScript
 * action, a document-level script in the Names tree, a Launch action, a page-open additional
 * action running a script, or an attached file. Saved with object streams (compressed objects),
 * so a scan of the raw bytes would not find the keys.
 */
export async function hostilePdf(kind: HostilePdfKind): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([298, 420]);
  const { context, catalog } = doc;
  const script = (js: string) => context.register(context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of(js) }));
  switch (kind) {
    case 'open-action-javascript':
      catalog.set(PDFName.of('OpenAction'), script('app.alert("opened")'));
      break;
    case 'javascript-name-tree': {
      const names = context.obj({ Names: [PDFString.of('init'), script('app.alert("init")')] });
      catalog.set(PDFName.of('Names'), context.obj({ JavaScript: context.register(names) }));
      break;
    }
    case 'launch-action':
      catalog.set(PDFName.of('OpenAction'), context.register(context.obj({ Type: 'Action', S: 'Launch', F: PDFString.of('cmd.exe') })));
      break;
    case 'page-additional-action':
      page.node.set(PDFName.of('AA'), context.obj({ O: script('app.alert("page")') }) as PDFDict);
      break;
    case 'embedded-file':
      await doc.attach(Buffer.from('MZ not really a program'), 'setup.exe', { mimeType: 'application/octet-stream' });
      break;
    default: {
      const unknown: never = kind;
      throw new Error(`hostilePdf: unknown kind ${String(unknown)}`);
    }
  }
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}
