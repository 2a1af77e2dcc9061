// jsdom lacks what Mantine asks the browser for (tests in the node environment skip this).
import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// Each test starts from an empty document (Testing Library cleans up by itself only with globals).
afterEach(cleanup);

if (typeof window !== "undefined") {

  Object.defineProperty(window, "matchMedia", {
    writable: true,
    value: vi.fn().mockImplementation((query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: vi.fn(),
      removeListener: vi.fn(),
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
      dispatchEvent: vi.fn(),
    })),
  });
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  window.ResizeObserver = ResizeObserverStub as unknown as typeof ResizeObserver;
  window.HTMLElement.prototype.scrollIntoView = () => {};
}
