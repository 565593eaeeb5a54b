/**
 * `file.expand_archives(attachment)` → `{ files: [File] }`: every file the attachment's archives hold, nested
 * archives included, each shaped like an attachment (`file_name`, `file_extension`, `file_type`, `content_type`,
 * `size`, `sha256`, plus `depth`, 1 for a file directly inside the attachment). It is a view over the attachment
 * analysis (`attachment.explode`), which unpacks under the scan's limits, so the archive depth, entry and byte
 * limits hold here too: what the analysis did not reach is not listed.
 *
 * Only archives expand: the files of a zip, gzip, tar, cpio, RAR or 7z, and of archives inside those, not the
 * parts of a document (an Office file's XML, a PDF's embedded files) nor the attachments of a message found in
 * an archive.
 * A member whose content stays closed (an encrypted zip entry no password from the message opened, any file of a
 * RAR or 7z archive, whose content we do not decompress) is still listed from the archive's own headers: its
 * `file_type` then comes from its extension, `size` is the listed size when known, and the content fields are null.
 */
import type { FileNode } from '../../../core/message.ts';
import type { FileKind } from '../../attachments/file-type.ts';
import { refinedFileType } from '../../attachments/file-type-name.ts';
import { extensionOf, fileTypeOfExtension } from '../../parse/attachments.ts';

/** One member of an archive, in the shape of an attachment. */
export interface ArchiveFile {
  file_name: string | null;
  file_extension: string | null;
  file_type: string | null;
  content_type: string | null;
  size: number | null;
  md5: null;
  sha1: null;
  sha256: string | null;
  depth: number;
}

const ARCHIVE_KINDS = new Set<FileKind>(['zip', 'gzip', 'tar', 'cpio', '7z', 'rar', 'bzip2', 'xz', 'iso', 'udf', 'cab', 'dmg', 'xar', 'arj']);

const kindOf = (n: FileNode): FileKind | undefined => (n.scan.type as { kind?: FileKind } | undefined)?.kind;

/** A zip that is an Office or OpenDocument file holds document parts, not archived files. */
function isArchive(n: FileNode): boolean {
  const kind = kindOf(n);
  return kind !== undefined && ARCHIVE_KINDS.has(kind) && !n.flags.includes('ooxml');
}

function fromNode(n: FileNode): ArchiveFile {
  const kind = kindOf(n);
  const byName = fileTypeOfExtension(n.file_extension);
  return {
    file_name: n.file_name,
    file_extension: n.file_extension,
    file_type: kind ? refinedFileType(byName, n.file_extension, kind) : byName,
    content_type: n.flavors.mime,
    size: n.size,
    md5: null,
    sha1: null,
    sha256: n.sha256,
    depth: n.depth,
  };
}

function closedMember(name: string, size: number | null, depth: number): ArchiveFile {
  const ext = extensionOf(name);
  const fileType = fileTypeOfExtension(ext);
  return { file_name: name, file_extension: ext, file_type: fileType, content_type: null, size, md5: null, sha1: null, sha256: null, depth };
}

/** Files an archive's headers list that the analysis did not unpack: absent from its children. */
function closedMembers(archive: FileNode, children: FileNode[]): ArchiveFile[] {
  const encrypted = (archive.scan.zip as { encrypted_files?: string[] } | undefined)?.encrypted_files ?? [];
  const listed = (archive.scan.archive as { files?: { name: string; size: number }[] } | undefined)?.files ?? [];
  if (encrypted.length === 0 && listed.length === 0) return [];
  const opened = new Set(children.map((c) => c.file_name));
  return [
    ...encrypted.filter((n) => !opened.has(n)).map((n) => closedMember(n, null, archive.depth + 1)),
    ...listed.filter((f) => !opened.has(f.name)).map((f) => closedMember(f.name, f.size, archive.depth + 1)),
  ];
}

/** The members of every archive reachable from the root through archives only, in the analysis' order. */
export function expandArchives(nodes: readonly FileNode[]): ArchiveFile[] {
  const children = new Map<number, FileNode[]>();
  for (const n of nodes) {
    if (n.parent_id === null) continue;
    const list = children.get(n.parent_id);
    if (list) list.push(n);
    else children.set(n.parent_id, [n]);
  }
  const out: ArchiveFile[] = [];
  const visit = (archive: FileNode): void => {
    const kids = children.get(archive.id) ?? [];
    for (const kid of kids) {
      out.push(fromNode(kid));
      if (isArchive(kid)) visit(kid);
    }
    out.push(...closedMembers(archive, kids));
  };
  const root = nodes[0];
  if (root && isArchive(root)) visit(root);
  return out;
}
