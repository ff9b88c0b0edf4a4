import type { DownloadFile } from '../download.file';

/** A member as the archive streams it. */
export interface StreamMember {
  file: DownloadFile;
  name: string;
  size?: number;
  modifiedTime: Date;
  compress: boolean;
  /** The CRC-32 it must have, when known. */
  crc32?: number;
  /** Told the member's CRC-32 once it has been read whole, at the expected size. */
  onCrc?: (crc32: number) => void;
  /** Told when the member's content does not match the CRC-32 expected. */
  onStale?: () => void;
}
