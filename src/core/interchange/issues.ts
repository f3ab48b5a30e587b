/** A problem in a data file: which file, which line, and why, in the catalogue's words. */
import { t, type Lang, type MessageKey, type Params } from "../messages/index";

export interface FileIssue {
  file: string;
  /** 1-based line in the file; 0 for the file as a whole. */
  line: number;
  code: MessageKey;
  params: Params;
}

export function fileIssueText(issue: FileIssue, lang: Lang): string {
  const message = t(lang, issue.code, issue.params);
  return issue.line > 0
    ? t(lang, "import.lineError", { file: issue.file, line: issue.line, message })
    : t(lang, "import.fileError", { file: issue.file, message });
}
