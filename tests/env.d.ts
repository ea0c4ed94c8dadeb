/// <reference types="@cloudflare/vitest-plugin/types" />

// Sample files imported as text (Vite's ?raw).
declare module "*.csv?raw" {
  const text: string;
  export default text;
}
