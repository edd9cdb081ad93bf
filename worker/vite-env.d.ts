// The one Vite value the relay reads: `import.meta.env.MODE` ("development" under `vite dev`).
interface ImportMeta {
  readonly env?: { readonly MODE?: string };
}
