/** What fetched bytes are, by their content: a URL ending in .pdf proves nothing (portals answer errors with HTML). */
export type Sniffed = 'pdf' | 'office-zip' | 'office-ole' | 'html' | 'other';

export function sniff(bytes: Uint8Array): Sniffed {
  // Readers accept a PDF header anywhere in the first kilobyte (some servers prepend junk).
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'office-zip';
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'office-ole';
  if (/^\s*(<!doctype html|<html|<head|<body|<\?xml|<!--|<meta|<script|<div|<p\b|<title)/i.test(head.toString('latin1').replace(/^\uFEFF/, '').replace(/^ï»¿/, ''))) return 'html';
  return 'other';
}
