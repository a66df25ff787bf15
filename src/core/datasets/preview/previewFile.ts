import { CountingFile } from './countingFile';
import { previewDelimited } from './delimitedPreview';
import { detectFormat } from './formatDetection';
import { previewJsonLines } from './jsonLinesPreview';
import { previewParquet } from './parquetPreview';
import { type DataPreview, PreviewError, type PreviewOptions } from './previewTypes';

/**
 * The columns, first rows and row count of a CSV, TSV, JSON Lines or Parquet file, reading as
 * little of it as that takes. Failures are PreviewErrors that name the file and say why.
 */
export async function previewFile(file: string, options: PreviewOptions = {}): Promise<DataPreview> {
  let opened: CountingFile;
  try {
    opened = await CountingFile.open(file);
  } catch (error) {
    throw new PreviewError(file, openFailure(error), { cause: error });
  }
  try {
    const detected = await detectFormat(opened);
    switch (detected.format) {
      case 'parquet':
        return await previewParquet(opened, options);
      case 'jsonl':
        return await previewJsonLines(opened, options);
      default:
        return await previewDelimited(opened, detected, options);
    }
  } catch (error) {
    if (error instanceof PreviewError || options.signal?.aborted) throw error;
    throw new PreviewError(file, (error as Error).message, { cause: error });
  } finally {
    await opened.close();
  }
}

function openFailure(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'the file does not exist';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return (error as Error).message;
  }
}
