// The API key lives in sessionStorage: it survives a reload, not the closing of the tab, and is
// never written to a URL or to localStorage.
const KEY = "foreman.apiKey";

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY);
}
