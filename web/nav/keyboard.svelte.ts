// Where list shortcuts go: the screen on show registers its list (j/k/Enter) and search box (/).

export interface ListKeys {
  next(): void;
  prev(): void;
  open(): void;
}

export class Keyboard {
  list = $state.raw<ListKeys | null>(null);
  search = $state.raw<(() => void) | null>(null);
  helpOpen = $state(false);

  /** Registers a screen's handlers; returns the cleanup for its $effect. */
  use(list: ListKeys | null, search?: () => void): () => void {
    this.list = list;
    this.search = search ?? null;
    return () => {
      if (this.list === list) this.list = null;
      if (search && this.search === search) this.search = null;
    };
  }
}

export const keyboard = new Keyboard();

/** Focus is somewhere keys type text (or pick options), so letters and arrows must not act. */
export function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}
