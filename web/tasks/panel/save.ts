// Saves a downloaded file: a Blob typed application/octet-stream, handed to the browser through a
// temporary <a download>, so the file is saved and never opened as a page on this origin.

/** A name the browser can save: no path separators or control characters, never empty. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\\/\u0000-\u001f\u007f]/g, "_").trim();
  return clean === "" || clean === "." || clean === ".." ? "download" : clean;
}

export function saveBlob(blob: Blob, name: string): void {
  const safe =
    blob.type === "application/octet-stream" ? blob : new Blob([blob], { type: "application/octet-stream" });
  const url = URL.createObjectURL(safe);
  const a = document.createElement("a");
  a.href = url;
  a.download = safeFileName(name);
  a.rel = "noopener";
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the file by the next turn; a minute leaves room for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
