import * as XLSX from '@e965/xlsx';
import { unzipSync } from 'fflate';

/** What a file is, by its content (never its name): the formats jixiao reads. */
export type DocumentFormat = 'pdf' | 'docx' | 'xlsx' | 'doc' | 'xls' | 'html';
export type Detected = { format: DocumentFormat } | { format: null; reason: string };

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const HTML_START = /^\s*(<!doctype html|<html|<head|<body|<meta|<title|<table|<!--|<\?xml[^>]*>\s*<(!doctype html|html))/i;

/**
 * A PDF has `%PDF-` in its first kilobyte; a Word or Excel 2007+ file is a ZIP holding `word/` or `xl/`; a Word or
 * Excel 97–2003 file (and WPS's .wps/.et) is an OLE2 compound file holding a `WordDocument` or `Workbook`/`Book`
 * stream; a web page starts with markup after any byte-order mark. Anything else is refused with what it is.
 */
export function detectFormat(bytes: Uint8Array): Detected {
  if (bytes.byteLength === 0) return { format: null, reason: 'the file is empty' };
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024));
  if (head.includes('%PDF-')) return { format: 'pdf' };
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) return zipFormat(bytes);
  if (OLE2.every((b, i) => head[i] === b)) return oleFormat(bytes);
  if (HTML_START.test(textHead(head))) return { format: 'html' };
  const start = head.subarray(0, 16).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  return { format: null, reason: `not a PDF, Word, Excel or web-page file (it starts with "${start}")` };
}

/** The first kilobyte as text, in whichever of UTF-16 or an ASCII-compatible charset it is. */
function textHead(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le').decode(head);
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be').decode(head);
  return head.toString('latin1').replace(/^\xef\xbb\xbf/, '');
}

/** The archive's directory only: nothing is inflated (the filter declines every entry). */
function zipFormat(bytes: Uint8Array): Detected {
  const names: string[] = [];
  try {
    unzipSync(bytes, { filter: (file) => (names.push(file.name), false) });
  } catch (error) {
    return { format: null, reason: `damaged ZIP archive, as a download cut short leaves it (${error instanceof Error ? error.message : String(error)})` };
  }
  if (names.includes('word/document.xml')) return { format: 'docx' };
  if (names.some((n) => /^xl\/workbook\.(xml|bin)$/.test(n))) return { format: 'xlsx' };
  if (names.includes('content.xml')) return { format: null, reason: 'an OpenDocument file (.odt/.ods): save it as .docx or .xlsx' };
  return { format: null, reason: `a ZIP archive that is not a Word or Excel file (it holds ${names.slice(0, 3).join(', ') || 'nothing'}${names.length > 3 ? ', …' : ''})` };
}

function oleFormat(bytes: Uint8Array): Detected {
  let names: string[];
  try {
    names = XLSX.CFB.read(bytes, { type: 'array' }).FileIndex.map((f: { name: string }) => f.name);
  } catch (error) {
    return { format: null, reason: `damaged Office 97–2003 file (${error instanceof Error ? error.message : String(error)})` };
  }
  if (names.includes('EncryptedPackage')) return { format: null, reason: 'encrypted: the Office file needs a password' };
  if (names.includes('WordDocument')) return { format: 'doc' };
  if (names.includes('Workbook') || names.includes('Book')) return { format: 'xls' };
  return { format: null, reason: `an Office 97–2003 file that is neither Word nor Excel (streams ${names.filter(Boolean).slice(0, 4).join(', ')})` };
}
