/** ELK's worker build as text (inlined by the `pathwise:elk-worker` esbuild plugin, scripts/webview-bundle.cjs). */
declare module 'pathwise:elk-worker' {
  const source: string;
  export default source;
}
