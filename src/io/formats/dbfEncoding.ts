// Which text encoding a DBF's bytes are in: what the .cpg says, what the header's language
// driver id says, or what the bytes themselves allow. Chinese files come in GBK or UTF-8.

/** GB18030 decodes all of GBK / GB2312 / CP936 (it is their superset). */
const GB = 'gb18030';

const CODE_PAGES: Record<string, string> = {
  '936': GB,
  '54936': GB,
  '20936': GB,
  '65001': 'utf-8',
  '950': 'big5',
  '949': 'euc-kr',
  '932': 'shift_jis',
  '874': 'windows-874',
  '28591': 'iso-8859-1',
};
for (let cp = 1250; cp <= 1258; cp++) CODE_PAGES[String(cp)] = `windows-${cp}`;

const GB_NAMES = new Set(['GBK', 'GB2312', 'GB18030', 'GB_2312-80', 'EUC-CN', 'CHINESE']);

/** TextDecoder label for a .cpg text ("GBK", "936", "ANSI 936", "UTF-8" …); undefined when unknown. */
export function decodeCpg(cpg: string): string | undefined {
  const text = cpg.trim().toUpperCase();
  if (text === '') return undefined;
  if (GB_NAMES.has(text)) return GB;
  if (text === 'UTF8') return 'utf-8';
  const codePage = /^(?:ANSI\s*|CP|WINDOWS-|MS)?(\d+)$/.exec(text);
  if (codePage) return CODE_PAGES[codePage[1]];
  return encodingName(text.toLowerCase());
}

/** The canonical name of a TextDecoder label, undefined when the runtime does not know it. */
export function encodingName(label: string): string | undefined {
  try {
    const name = new TextDecoder(label).encoding;
    return name === 'gbk' ? GB : name;
  } catch {
    return undefined;
  }
}

/** Language driver id (DBF header byte 29) → TextDecoder label, for the multi-byte code pages only:
 * a single-byte label would decode anything, so it proves nothing and the bytes decide instead. */
export function ldidEncoding(ldid: number): string | undefined {
  switch (ldid) {
    case 0x4d:
    case 0x7a:
      return GB;
    case 0x4f:
    case 0x78:
      return 'big5';
    case 0x4e:
    case 0x79:
      return 'euc-kr';
    case 0x13:
    case 0x7b:
      return 'shift_jis';
    default:
      return undefined;
  }
}

export type Utf8Check = 'ascii' | 'utf8' | 'invalid';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether bytes are plain ASCII, valid UTF-8 with multi-byte characters, or not UTF-8 at all. */
export function checkUtf8(bytes: Uint8Array): Utf8Check {
  if (bytes.every((b) => b < 0x80)) return 'ascii';
  try {
    utf8.decode(bytes);
    return 'utf8';
  } catch {
    return 'invalid';
  }
}
