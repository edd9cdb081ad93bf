// Hands the browser a file to save: a Blob behind an object URL and a temporary <a download>, never a page.

/** Saves `text` as `name` (UTF-8 with a byte-order mark, so spreadsheets read accents right). */
export function downloadText(name: string, text: string, type = "text/csv;charset=utf-8"): void {
  const blob = new Blob(["\ufeff", text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download; the URL may go once this task is over.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
